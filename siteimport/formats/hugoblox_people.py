"""The site's owner: profile, links, interests, education, experience and awards, from
``content/authors/<user>/_index.md`` (v5) or ``data/authors/<slug>.yaml`` (the newest kit),
and the contact details of ``config/_default/params.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from people.pasted_lists import read_dates
from siteimport.formats.hugoblox_site import (
    DEMO_NAMES,
    PLACEHOLDER_URLS,
    HugoSite,
    list_value,
    site_date,
    text_value,
    web_url,
)
from siteimport.text.cleaning import blocks_to_markdown, plain_line
from siteimport.text.contact import is_obfuscated_email, social_link
from siteimport.types import (
    Origin,
    SiteAward,
    SiteCVEntry,
    SiteDate,
    SiteInterest,
    SiteLink,
    SiteProfile,
)

# The CV layouts show "January 2006" unless a section says otherwise.
CV_PRECISION = "month"

_AUTHOR_PAGE = re.compile(r"content/authors/([^/]+)/_index\.md")
_AUTHOR_DATA = re.compile(r"data/authors/([^/]+)\.ya?ml")

# Icon names (Font Awesome, Academicons, Heroicons; "brands/github" → "github") → the
# network of siteimport.text.contact.SOCIAL_URLS.
_ICON_NETWORKS = {
    "graduation-cap": "scholar",
    "google-scholar": "scholar",
    "github": "github",
    "twitter": "twitter",
    "x": "x",
    "x-twitter": "x",
    "linkedin": "linkedin",
    "linkedin-in": "linkedin",
    "orcid": "orcid",
    "dblp": "dblp",
    "semantic-scholar": "semantic_scholar",
}
_EMAIL_ICONS = frozenset({"envelope", "at-symbol", "at", "paper-airplane", "paper-plane"})
_CV_ICONS = frozenset({"cv", "file-pdf", "document-text", "academicons/cv"})


@dataclass
class Owner:
    """Who "admin", "me" (an author folder's name) stands for in author lists."""

    name: str = ""
    aliases: set[str] = field(default_factory=set)

    def resolve(self, author: str) -> str:
        bare = author.strip()
        mark = bare[len(bare.rstrip("*†‡")):]  # keep co-first marks: "admin*"
        return f"{self.name}{mark}" if self.name and bare.rstrip("*†‡") in self.aliases else bare


def read_owner(site: HugoSite) -> Owner:
    candidates = []
    for path in site.files:
        if found := _AUTHOR_DATA.fullmatch(path):
            candidates.append((found[1], path, "data"))
        elif found := _AUTHOR_PAGE.fullmatch(path):
            candidates.append((found[1], path, "page"))
    owner = Owner()
    chosen = None
    loaded = []
    for username, path, kind in candidates:
        if kind == "data":
            meta, body = site.yaml(path), ""
        else:
            page = site.page(path)
            meta, body = (page.meta, page.body) if page else (None, "")
        if not isinstance(meta, dict):
            continue
        loaded.append((username, path, kind, meta, body))
        if meta.get("is_owner") is True or meta.get("superuser") is True:
            chosen = chosen or (username, path, kind, meta, body)
    if chosen is None:
        preferred = [item for item in loaded if item[0] in ("me", "admin")] or loaded
        chosen = preferred[0] if preferred else None
    if chosen is not None:
        owner = _read_profile(site, *chosen)
    _read_contact(site)
    return owner


def _display_name(meta: dict) -> tuple[str, str]:
    name = meta.get("name")
    if isinstance(name, dict):
        return text_value(name.get("display")), text_value(name.get("alternate"))
    return text_value(meta.get("title")) or text_value(name), ""


def _read_profile(site, username, path, kind, meta, body) -> Owner:
    data = site.data
    origin = Origin(path, 1)
    name, native = _display_name(meta)
    if name.casefold() in DEMO_NAMES:
        site.skip(f"the profile of “{name}”", "the theme's demo author, not the owner", origin)
        return Owner(aliases={username})
    organisations = list_value(meta.get("affiliations")) or list_value(meta.get("organizations"))
    affiliation = "; ".join(
        plain_line(item["name"])
        for item in organisations if isinstance(item, dict) and item.get("name")
    )
    profile = SiteProfile(
        name=name,
        native_name=native,
        position=plain_line(meta.get("role") or ""),
        affiliation=affiliation,
        origin=origin,
    )
    if kind == "data":
        profile.about = blocks_to_markdown(meta.get("bio") or "")
        profile.photo = _photo(site, f"assets/media/authors/{username}")
    else:
        profile.bio = blocks_to_markdown(meta.get("bio") or "")
        profile.about = blocks_to_markdown(body)
        profile.photo = _photo(site, f"content/authors/{username}/avatar")
    data.profile = profile
    _set_email(site, text_value(meta.get("email")), origin)
    for item in list_value(meta.get("links")) or list_value(meta.get("social")):
        if isinstance(item, dict):
            _add_link(site, item, origin)
    for interest in list_value(meta.get("interests")):
        if isinstance(interest, str) and interest.strip():
            data.interests.append(SiteInterest(title=plain_line(interest)))
    _read_cv(site, meta, origin)
    for what in ("skills", "languages"):
        if meta.get(what):
            site.skip(
                f"the profile's {what}", f"labsite has no {what} list; add a custom section", origin
            )
    aliases = {username, name} | ({"admin"} if kind == "page" and username == "admin" else set())
    return Owner(name=name, aliases=aliases)


def _photo(site: HugoSite, stem: str) -> str:
    folder, name = stem.rsplit("/", 1)
    return site.beside(folder, name)


def _set_email(site: HugoSite, email: str, origin: Origin) -> None:
    profile = site.data.profile
    email = email.strip().removeprefix("mailto:")
    if not email or profile.email:
        return
    if email.endswith("@example.com"):
        site.skip(f"the e-mail {email}", "the theme's placeholder address", origin)
        return
    profile.email = email
    profile.email_obfuscated = is_obfuscated_email(email)


def _add_link(site: HugoSite, item: dict, origin: Origin) -> None:
    url = text_value(item.get("url")) or text_value(item.get("link"))
    icon = text_value(item.get("icon")).rsplit("/", 1)[-1].casefold()
    label = text_value(item.get("label"))
    if not url:
        return
    if url.casefold() in PLACEHOLDER_URLS:
        site.skip(f"the link {url}", "the theme's placeholder link", origin)
        return
    if icon in _EMAIL_ICONS or url.startswith("mailto:") or re.fullmatch(r"[^\s/:@]+@[^\s/]+", url):
        if url.startswith(("#", "/#")):
            return  # the theme's "e-mail me" button pointing at its contact section
        _set_email(site, url, origin)
        return
    if not web_url(url):
        reason = "a file or page inside the site, not a web address; add it after the import"
        site.skip(f"the link “{label or icon}” ({url})", reason, origin)
        return
    network = _ICON_NETWORKS.get(icon, icon)
    found = social_link(network, url)
    kind, address = (found.kind, found.url) if found else ("other", url)
    if icon in _CV_ICONS:
        kind = "cv"
    site.data.profile.links.append(SiteLink(kind=kind, url=address, label=label))


def _read_contact(site: HugoSite) -> None:
    """v5 sites keep the e-mail and postal address of the contact widget in params."""
    for path in ("config/_default/params.yaml", "config/_default/params.yml",
                 "config/_default/params.toml"):
        if not site.has(path):
            continue
        params = site.yaml(path)
        if not isinstance(params, dict):
            return
        contact = params.get("contact") if isinstance(params.get("contact"), dict) else params
        origin = Origin(path)
        _set_email(site, text_value(contact.get("email")), origin)
        address = contact.get("address")
        if isinstance(address, dict):
            lines = _address_lines(address)
            if "450 serra mall" in lines.casefold():
                site.skip("the postal address", "the theme's placeholder address", origin)
            elif lines and not site.data.profile.address:
                site.data.profile.address = lines
        return


def _address_lines(address: dict) -> str:
    def part(key):
        return str(address.get(key) or "").strip()

    town = " ".join(filter(None, [", ".join(filter(None, [part("city"), part("region")])),
                                  part("postcode") or part("postal_code")]))
    return "\n".join(filter(None, [part("street"), town, part("country")]))


def _read_cv(site: HugoSite, meta: dict, origin: Origin) -> None:
    data = site.data
    _read_education(site, meta.get("education"), origin)
    for item in list_value(meta.get("experience")):
        if isinstance(item, dict) and item.get("role"):
            data.cv.append(experience_entry(item, origin))
    for item in list_value(meta.get("awards")):
        if isinstance(item, dict) and item.get("title"):
            data.awards.append(SiteAward(
                title=plain_line(item["title"]),
                granting_body=plain_line(item.get("awarder") or ""),
                description=blocks_to_markdown(item.get("summary") or ""),
                date=site_date(item.get("date"), CV_PRECISION), origin=origin,
            ))


def _read_education(site: HugoSite, education, origin: Origin) -> None:
    data = site.data
    if isinstance(education, dict):  # v5: education.courses [{course, institution, year}]
        for course in list_value(education.get("courses")):
            if isinstance(course, dict) and course.get("course"):
                start, end = _year_span(course.get("year"))
                data.cv.append(SiteCVEntry(
                    kind="education", title=plain_line(course["course"]),
                    organisation=plain_line(course.get("institution") or ""),
                    start=start, end=end, origin=origin,
                ))
    elif isinstance(education, list):  # kit: [{degree, institution, start, end, summary}]
        for item in education:
            if isinstance(item, dict) and item.get("degree"):
                data.cv.append(SiteCVEntry(
                    kind="education", title=plain_line(item["degree"]),
                    organisation=plain_line(item.get("institution") or ""),
                    start=site_date(item.get("start"), CV_PRECISION),
                    end=site_date(item.get("end"), CV_PRECISION),
                    description=blocks_to_markdown(item.get("summary") or ""), origin=origin,
                ))


def experience_entry(item: dict, origin: Origin, precision: str = CV_PRECISION) -> SiteCVEntry:
    """One job: the kit's {role, org, start, end, summary} or the v5 experience widget's
    {title, company, location, date_start, date_end, description}."""
    return SiteCVEntry(
        kind="position",
        title=plain_line(item.get("role") or item.get("title") or ""),
        organisation=plain_line(item.get("org") or item.get("company") or ""),
        place=plain_line(item.get("location") or ""),
        start=site_date(item.get("start") or item.get("date_start"), precision),
        end=site_date(item.get("end") or item.get("date_end"), precision),
        description=blocks_to_markdown(item.get("summary") or item.get("description") or ""),
        link=web_url(item.get("company_url")),
        origin=origin,
    )


def _year_span(value) -> tuple[SiteDate, SiteDate]:
    """The v5 ``year`` of a course: 2012, "2014-2015", "2018-" (ongoing)."""
    if value in (None, ""):
        return SiteDate(), SiteDate()
    span = read_dates(str(value).strip())
    if span is None or span[0] is None:
        return SiteDate(), SiteDate()
    start, precision, end, end_precision, _ongoing, _ = span
    return SiteDate(start, precision), SiteDate(end, end_precision) if end else SiteDate()
