"""Planning the rows of a person's page from a site: profile, photo, links, interests, news,
awards and CV entries (sections: ``siteimport.writing.sections``). Each row is matched by its
natural key (news by date and text, awards by title and date, CV by kind, title and start,
links by URL, interests by title), so re-running an import finds everything unchanged.

A constant number of queries whatever the size of the site: every existing row of the
person is read once per model.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from awards.models import Award
from labsite.images import validate_image_upload
from labsite.links import is_email
from news.models import NewsItem
from people.models import CVEntry, Person, PersonLink, ResearchInterest
from people.profile import EMAIL_WRITTEN_MAX, EmailDisplay
from people.section_defaults import ORDER_STEP
from siteimport.source import SiteSource
from siteimport.text.contact import deobfuscate_email
from siteimport.types import SiteData, SiteDate
from siteimport.writing.types import Action, PlannedItem
from siteimport.writing.validation import checked, field_problems

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def date_parts(value: SiteDate) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) as far as the precision says."""
    if value.date is None or value.precision == "none":
        return None, None, None
    day = value.date.day if value.precision == "day" else None
    month = value.date.month if value.precision in ("day", "month") else None
    return value.date.year, month, day


def _next_order(rows) -> int:
    return max((row.order for row in rows), default=0) + ORDER_STEP


def plan_profile(person: Person, site: SiteData, items: list[PlannedItem]) -> None:
    profile = site.profile
    wanted = {
        "native_name": profile.native_name,
        "position": profile.position,
        "affiliation": profile.affiliation,
        "about": profile.about,
        "bio": profile.bio,
        "location": profile.address,
    }
    if profile.name and not profile.name_inferred:
        wanted["full_name"] = profile.name
    if profile.email:
        wanted.update(email_fields(profile.email, profile.email_obfuscated))
    changes = {name: value for name, value in wanted.items()
               if value and getattr(person, name) != value}
    for name, problem in field_problems(person, changes, exclude=["photo"]).items():
        items.append(PlannedItem("profile", name, Action.SKIPPED, origin=profile.origin,
                                 reason=f"cannot be saved as it is ({problem})"))
        changes.pop(name, None)
        if name == "email" and "email_written" not in changes:
            changes.pop("email_display", None)

    def write():
        for name, value in changes.items():
            setattr(person, name, value)
        person.full_clean(exclude=["photo"])
        person.save()

    items.append(PlannedItem(
        "profile", person.full_name, Action.UPDATE if changes else Action.UNCHANGED,
        origin=profile.origin, changes=sorted(changes), write=write if changes else None,
    ))  # fmt: skip


def email_fields(written: str, obfuscated: bool) -> dict:
    """A person's e-mail fields for an address as a site writes it: a plain address is a
    mailto: link; an obfuscated one is stored and shown as text, never as a mailto:; a riddle
    that names no address ("contact (at) [my first name] (dot) net") is shown exactly as
    written."""
    if not obfuscated and is_email(written):
        return {"email": written, "email_display": EmailDisplay.LINK}
    if address := deobfuscate_email(written):
        return {"email": address, "email_display": EmailDisplay.TEXT}
    return {"email_written": written.strip()[:EMAIL_WRITTEN_MAX],
            "email_display": EmailDisplay.WRITTEN}


def site_image(source: SiteSource | None, path: str) -> tuple[ContentFile | None, str]:
    """(the file, "") of an image of the site that the image checks accept, or (None, why
    not). The image pipeline (labsite/images.py) re-encodes it when the row is saved."""
    if source is None or not path.lower().endswith(PHOTO_SUFFIXES) or not source.exists(path):
        return None, "not a JPEG, PNG or WebP file of the site"
    image = ContentFile(source.read_bytes(path), name=path.rsplit("/", 1)[-1])
    try:
        validate_image_upload(image)
    except ValidationError as error:
        return None, " ".join(error.messages)
    image.seek(0)
    return image, ""


def plan_photo(person: Person, path: str, source: SiteSource | None, items, *, origin=None,
               kind: str = "photo") -> None:
    """The member's photo from ``path``, unless they already have one (kept)."""
    if not path:
        return
    if person.photo:
        items.append(PlannedItem(kind, path, Action.UNCHANGED, origin=origin,
                                 reason="the member already has a photo; it is kept"))
        return
    image, problem = site_image(source, path)
    if image is None:
        items.append(PlannedItem(kind, path, Action.SKIPPED, origin=origin, reason=problem))
        return

    def write():
        person.photo = image
        person.save()

    items.append(PlannedItem(kind, path, Action.CREATE, origin=origin, write=write))


def plan_links(person: Person, site: SiteData, items) -> None:
    existing = list(PersonLink.objects.for_lab(person.lab).filter(person=person))
    urls = {row.url for row in existing}
    order = _next_order(existing)
    for link in site.profile.links:
        if link.url in urls:
            items.append(PlannedItem("link", link.url, Action.UNCHANGED))
            continue
        row = PersonLink(lab=person.lab, person=person, kind=link.kind, url=link.url,
                         label=link.label if link.label.lower() != link.kind else "",
                         order=order)
        if not checked(row, items, kind="link", what=link.url, origin=site.profile.origin):
            continue
        urls.add(link.url)
        order += ORDER_STEP
        items.append(PlannedItem("link", link.url, Action.CREATE, write=full_save(row)))


def full_save(row):
    def write():
        row.full_clean()
        row.save()

    return write


def plan_interests(person: Person, site: SiteData, items) -> None:
    existing = list(ResearchInterest.objects.for_lab(person.lab).filter(person=person))
    titles = {row.title.casefold() for row in existing}
    order = _next_order(existing)
    for interest in site.interests:
        if interest.title.casefold() in titles:
            items.append(PlannedItem("interest", interest.title, Action.UNCHANGED))
            continue
        titles.add(interest.title.casefold())
        row = ResearchInterest(lab=person.lab, person=person, title=interest.title,
                               description=interest.description, order=order)
        if not checked(row, items, kind="interest", what=interest.title):
            continue
        order += ORDER_STEP
        items.append(PlannedItem("interest", interest.title, Action.CREATE, write=full_save(row)))


def plan_news(lab, person: Person | None, site: SiteData, items) -> None:
    rows = NewsItem.objects.for_lab(lab).filter(person=person)
    keys = {(row.date, row.body.strip()) for row in rows}
    for news in site.news:
        date = news.date.date
        precision = news.date.precision if date else "none"
        key = (date, news.text.strip())
        if date is None:
            items.append(PlannedItem("news", news.text[:80], Action.SKIPPED, origin=news.origin,
                                     reason="an undated news item"))
            continue
        if key in keys:
            items.append(PlannedItem("news", news.text[:80], Action.UNCHANGED, origin=news.origin))
            continue
        row = NewsItem(lab=lab, person=person, date=date, date_precision=precision,
                       title=news.title[:200], body=news.text)
        if not checked(row, items, kind="news", what=news.text[:80], origin=news.origin):
            continue
        keys.add(key)
        items.append(PlannedItem("news", news.text[:80], Action.CREATE, origin=news.origin,
                                 write=full_save(row)))


def plan_awards(person: Person, site: SiteData, items) -> None:
    rows = Award.objects.for_lab(person.lab).filter(person=person, publication=None)
    keys = {(row.title.casefold(), row.year, row.month, row.day) for row in rows}
    for award in site.awards:
        year, month, day = date_parts(award.date)
        key = (award.title.casefold(), year, month, day)
        if key in keys:
            items.append(PlannedItem("award", award.title, Action.UNCHANGED, origin=award.origin))
            continue
        row = Award(lab=person.lab, person=person, title=award.title[:300],
                    granting_body=award.granting_body[:200], description=award.description,
                    year=year, month=month, day=day)
        if not checked(row, items, kind="award", what=award.title, origin=award.origin):
            continue
        keys.add(key)
        items.append(PlannedItem("award", award.title, Action.CREATE, origin=award.origin,
                                 write=full_save(row)))


def plan_cv(person: Person, site: SiteData, items) -> None:
    rows = CVEntry.objects.for_lab(person.lab).filter(person=person)
    keys = {(row.kind, row.title.casefold(), row.start_year, row.start_month, row.start_day)
            for row in rows}
    for entry in site.cv:
        start, end = date_parts(entry.start), date_parts(entry.end)
        key = (entry.kind, entry.title.casefold(), *start)
        if key in keys:
            items.append(PlannedItem("cv", entry.title, Action.UNCHANGED, origin=entry.origin))
            continue
        row = CVEntry(lab=person.lab, person=person, kind=entry.kind, title=entry.title[:300],
                      talk_kind=entry.talk_kind, organisation=entry.organisation[:200],
                      place=entry.place[:200], description=entry.description, link=entry.link,
                      start_year=start[0], start_month=start[1], start_day=start[2],
                      end_year=end[0], end_month=end[1], end_day=end[2])
        if not checked(row, items, kind="cv", what=entry.title, origin=entry.origin):
            continue
        keys.add(key)
        items.append(PlannedItem("cv", entry.title, Action.CREATE, origin=entry.origin,
                                 write=full_save(row)))
