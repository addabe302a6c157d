"""A site's papers through the publication import pipeline (``publications.imports``: one
matching and merge policy, the member-authorship rules), then what only the site knows:
links by label, ``selected``, highlights as paper awards, thumbnails.

The entries are handed to ``plan_import`` as one parsed "file" named after the site, so the
pipeline's matching (DOI, arXiv id, title key) merges a paper imported from two sites, or
by a member and by the lab, into one record.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from awards.models import Award
from labsite.links import is_web_url
from publications.importers import ParseResult
from publications.importers.normalize import scholar_paper_id
from publications.imports import ERROR, NOT_YOURS, ImportFile, apply_import, plan_import
from publications.linking import name_tokens
from publications.models import Authorship, Publication, PublicationLink
from siteimport.types import SiteData
from siteimport.writing.rows import site_image
from siteimport.writing.types import Action, PlannedItem
from siteimport.writing.validation import checked

# Paper statuses of the pipeline and the site import's action for each.
_ACTIONS = {"new": Action.CREATE, "possible-duplicate": Action.CREATE, "update": Action.UPDATE,
            "merge": Action.UPDATE, "duplicate": Action.UNCHANGED, NOT_YOURS: Action.SKIPPED,
            ERROR: Action.SKIPPED}


@dataclass
class PaperExtras:
    """What only the site knows of one paper, checked at planning."""

    links: list = field(default_factory=list)
    highlights: list[str] = field(default_factory=list)
    thumbnail: str = ""  # path inside the site of a preview the image checks accepted


def plan_papers(*, lab, person, site: SiteData, as_member: bool, items: list[PlannedItem],
                extras: dict[int, PaperExtras], source=None):
    """The pipeline's plan of ``site.papers``, and one planned item per paper. ``extras``
    gets, per paper index, the links, highlights and thumbnail that passed the checks."""
    if not site.papers:
        return None
    for index, paper in enumerate(site.papers):
        extras[index] = PaperExtras(_checked_links(lab, paper, items),
                                    _checked_highlights(lab, paper, items),
                                    _checked_thumbnail(paper, source, items))
    for paper in site.papers:  # the site's Scholar id matches and is kept like a DOI
        paper.entry.scholar_id = paper.entry.scholar_id or scholar_paper_id(paper.scholar_id)
    entries = [paper.entry for paper in site.papers]
    name = f"{site.format} site"
    parsed = [(ImportFile(name=name, data=b"", size=0), ParseResult(name, "site", entries, []))]
    plan = plan_import(lab=lab, parsed=parsed, person=_as_the_site_names_them(person, site),
                       person_must_author=as_member, only_own_papers=as_member)
    by_key = {item.key: item for item in plan.items}
    for paper in site.papers:
        item = by_key.get(paper.entry.key)
        status = item.status if item else ERROR
        action = _ACTIONS.get(status, Action.UPDATE)
        if status == "duplicate" and item and item.changes:
            action = Action.UPDATE
        items.append(PlannedItem(
            "paper", paper.entry.title, action, origin=paper.origin,
            reason="; ".join(item.reasons) if item and action == Action.SKIPPED else "",
            changes=list(item.changes) if item else [],
        ))  # fmt: skip
    return plan


def _as_the_site_names_them(person, site: SiteData):
    """The person as the pipeline should know them (an unsaved copy): with the name the
    profile step gives them and the names the site prints for its owner (owner_index) as
    variants, so "is this paper theirs" agrees with the site, whose owner they are."""
    if person is None:
        return None
    printed = {paper.entry.authors[paper.owner_index].name for paper in site.papers
               if paper.owner_index is not None and paper.owner_index < len(paper.entry.authors)}
    probe = copy.copy(person)
    if site.profile.name and not site.profile.name_inferred:
        probe.full_name = site.profile.name
    probe.name_variants = "\n".join([*person.variant_list, *sorted(printed)])
    return probe


def _checked_links(lab, paper, items) -> list:
    links = []
    for link in paper.links:
        what = f"{link.url[:120]} (link of {paper.entry.title[:80]!r})"
        if not is_web_url(link.url):
            items.append(PlannedItem("paper link", what, Action.SKIPPED, origin=paper.origin,
                                     reason="not an http(s) address"))
            continue
        row = PublicationLink(lab=lab, kind=link.kind, url=link.url, label="", order=100)
        if checked(row, items, kind="paper link", what=what, origin=paper.origin,
                   exclude=["publication"]):
            links.append(link)
    return links


def _checked_thumbnail(paper, source, items) -> str:
    """The paper's preview image if the image checks accept it, else "" and a skipped item
    naming the file: a broken preview never costs the paper."""
    if not paper.thumbnail or source is None:
        return ""
    image, problem = site_image(source, paper.thumbnail)
    if image is None:
        items.append(PlannedItem("paper thumbnail", f"{paper.thumbnail} (of "
                                 f"{paper.entry.title[:80]!r})", Action.SKIPPED,
                                 origin=paper.origin, reason=problem))
        return ""
    return paper.thumbnail


def _checked_highlights(lab, paper, items) -> list[str]:
    highlights = []
    for highlight in paper.highlights:
        row = Award(lab=lab, kind=Award.Kind.PAPER, title=highlight[:300],
                    year=paper.entry.year or None)
        # Fields only: the award's clean() wants the publication, made at apply.
        if checked(row, items, kind="paper award", what=f"{highlight} ({paper.entry.title[:80]!r})",
                   origin=paper.origin, exclude=["year"], model_clean=False):
            highlights.append(highlight)
    return highlights


def write_papers(*, lab, person, site: SiteData, plan, source, extras) -> object:
    """Writes the pipeline's plan, then the site's own extras of every paper it placed.
    Runs inside the site import's transaction."""
    report = apply_import(lab=lab, plan=plan)
    slugs = {item.key: item.target_slug for item in plan.items
             if item.status not in (ERROR, NOT_YOURS) and item.target_slug}
    publications = {pub.slug: pub for pub in
                    Publication.objects.for_lab(lab).filter(slug__in=set(slugs.values()))}
    links = {(row.publication_id, row.kind, row.url) for row in
             PublicationLink.objects.for_lab(lab).filter(publication__in=publications.values())}
    awards = {(row.publication_id, row.title.casefold()) for row in
              Award.objects.for_lab(lab).filter(publication__in=publications.values())}
    for index, paper in enumerate(site.papers):
        publication = publications.get(slugs.get(paper.entry.key, ""))
        if publication is None:
            continue
        _write_extras(lab, person, paper, publication, links, awards, source,
                      extras.get(index, PaperExtras()))
    if person is not None:
        _link_owner(lab, person, site, slugs, publications)
    return report


def _link_owner(lab, person, site: SiteData, slugs, publications) -> None:
    """The site says which author is its owner (the bold name, al-folio's scholar: block):
    that authorship is the person's even when the name printed differs from theirs. Only
    when the record's author at that place has the name the site printed (a paper merged
    into an older record may list its authors otherwise); an author linked to someone else
    is left alone, and so is a paper the person is already an author of."""
    placed = {paper.entry.key: publications.get(slugs.get(paper.entry.key, ""))
              for paper in site.papers if paper.owner_index is not None}
    ids = {publication.pk for publication in placed.values() if publication is not None}
    if not ids:
        return
    authorships = list(Authorship.objects.for_lab(lab).filter(publication_id__in=ids))
    owned = {row.publication_id for row in authorships if row.person_id == person.pk}
    at = {(row.publication_id, row.position): row for row in authorships}
    for paper in site.papers:
        publication = placed.get(paper.entry.key)
        if publication is None or publication.pk in owned:
            continue
        row = at.get((publication.pk, paper.owner_index + 1))
        printed = paper.entry.authors[paper.owner_index].name
        if (row is not None and row.person_id is None
                and name_tokens(row.name) == name_tokens(printed)):
            row.person = person
            row.save(update_fields=["person"])
            owned.add(publication.pk)


def _write_extras(lab, person, paper, publication, links, awards, source,
                  extras: PaperExtras) -> None:
    order = 100
    for link in extras.links:
        if (publication.pk, link.kind, link.url) in links:
            continue
        links.add((publication.pk, link.kind, link.url))
        row = PublicationLink(lab=lab, publication=publication, kind=link.kind, url=link.url,
                              label="", order=order)
        order += 1
        row.full_clean(validate_unique=False)
        row.save()
    changed = []
    if paper.selected and not publication.selected:
        publication.selected = True
        changed.append("selected")
    if extras.thumbnail and not publication.thumbnail:
        # Re-encoded into the lab's own folder by the field when saved (labsite/images.py).
        publication.thumbnail, _ = site_image(source, extras.thumbnail)
        changed.append("thumbnail")
    if changed:
        publication.save()
    for highlight in extras.highlights:
        if (publication.pk, highlight.casefold()) in awards:
            continue
        awards.add((publication.pk, highlight.casefold()))
        award = Award(lab=lab, publication=publication, person=person, kind=Award.Kind.PAPER,
                      title=highlight[:300], year=publication.year)
        award.full_clean()
        award.save()
