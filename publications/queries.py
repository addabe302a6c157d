"""Reads behind the publication pages and the BibTeX export.

The list loads a lab's papers with three queries, whatever their number: the papers,
their authors (with the members they are), and one UNION of their links, topics and award
badges, each returning plain tuples. Building thousands of model instances is what makes a
long list slow, so the rows go into small :class:`Entry` objects instead.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from django.db.models import CharField, IntegerField, Value
from django.urls import NoReverseMatch

from labsite.links import is_web_url
from labsite.slug_urls import slug_url
from publications.badges import badge_sources
from publications.choices import LinkKind, ListGrouping, PublicationKind
from publications.imports.bulk import raw_rows
from publications.link_targets import arxiv_target, doi_target, link_target
from publications.metric_links import metric_links
from publications.models import (
    Authorship,
    Publication,
    PublicationLink,
    arxiv_url,
    doi_url,
)

# --- Sections ---------------------------------------------------------------------------

GROUP_BY_YEAR = ListGrouping.YEAR.value
GROUP_BY_KIND = ListGrouping.KIND.value
GROUP_BY_NONE = ListGrouping.NONE.value

# The lab list's sections (as on the labs' own pages): kind values of each, in order.
KIND_SECTIONS = (
    ("preprints", "Preprints", (PublicationKind.PREPRINT,)),
    (
        "papers",
        "Conference and journal papers",
        (PublicationKind.CONFERENCE, PublicationKind.JOURNAL),
    ),
    ("workshops", "Workshops", (PublicationKind.WORKSHOP,)),
    (
        "others",
        "Others",
        (
            PublicationKind.THESIS,
            PublicationKind.BOOK,
            PublicationKind.CHAPTER,
            PublicationKind.PATENT,
            PublicationKind.OTHER,
        ),
    ),
)
_SECTION_OF_KIND = {kind: key for key, _label, kinds in KIND_SECTIONS for kind in kinds}


# --- Entries ---------------------------------------------------------------------------


class Author(NamedTuple):
    """One author as stored: a row of the authorships query, used as it comes."""

    publication_id: int
    name: str
    equal_contribution: bool
    corresponding: bool
    person_id: int | None
    person_slug: str | None
    person_has_homepage: bool | None


@dataclass(slots=True)
class Link:
    kind: str
    url: str
    label: str


@dataclass(slots=True)
class Entry:
    """One paper with everything the list, the homepage and BibTeX show."""

    id: int
    slug: str
    title: str
    kind: str
    venue: str
    venue_short: str
    year: int | None
    month: int | None
    volume: str
    number: str
    pages: str
    publisher: str
    doi: str
    arxiv_id: str
    note: str
    authors_truncated: bool
    selected: bool
    thumbnail: str  # storage name, "" without one
    thumbnail_alt: str
    citation_count: int | None
    citations_read_on: datetime.date | None
    code_stars: int | None
    authors: list[Author] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    awards: list[str] = field(default_factory=list)
    tags: list[tuple[str, str]] = field(default_factory=list)  # (name, slug)
    # Homepage address of each lab member ("" without a homepage); shared by all entries.
    members: dict[int, str] = field(default_factory=dict)

    def member_url(self, author: Author) -> str | None:
        """None if the author is no lab member, else their homepage address or ""."""
        return self.members.get(author.person_id) if author.person_id is not None else None

    @property
    def has_equal_contribution(self) -> bool:
        return any(author.equal_contribution for author in self.authors)

    @property
    def has_corresponding(self) -> bool:
        return any(author.corresponding for author in self.authors)

    @property
    def citations_as_of(self) -> datetime.date | None:
        """When the count was read (raw rows bring SQLite's dates as text)."""
        read_on = self.citations_read_on
        if isinstance(read_on, str):
            read_on = datetime.date.fromisoformat(read_on[:10])
        return read_on

    @property
    def section(self) -> str:
        return _SECTION_OF_KIND.get(self.kind, "others")

    def all_links(self) -> list[Link]:
        """The paper's links, plus arXiv and DOI buttons from its identifiers unless a link
        already goes there (any spelling: abs or pdf, doi.org or dx.doi.org)."""
        links = list(self.links)
        kinds = {link.kind for link in links}
        wants_arxiv = self.arxiv_id and LinkKind.ARXIV not in kinds
        wants_doi = self.doi and LinkKind.DOI not in kinds
        # Only an address that names arXiv (or a DOI) can have that target: the others
        # are not worth parsing.
        if wants_arxiv and not _goes_to(links, "arxiv", arxiv_target, self.arxiv_id):
            links.append(Link(LinkKind.ARXIV, arxiv_url(self.arxiv_id), "arXiv"))
        if wants_doi and not _goes_to(links, "doi", doi_target, self.doi):
            links.append(Link(LinkKind.DOI, doi_url(self.doi), "DOI"))
        return links

    def metric_links(self) -> list[Link]:
        """Altmetric and Dimensions links by the paper's DOI, unless a link goes there."""
        existing = [link.url for link in self.links]
        return [Link(*found) for found in metric_links(self.doi, existing)]

    def pdf_url(self) -> str:
        for link in self.links:
            if link.kind == LinkKind.PDF:
                return link.url
        return ""

    def first_link_url(self) -> str:
        """The first of its links (identifier buttons included), "" without any."""
        links = self.all_links()
        return links[0].url if links else ""


def _goes_to(links: list[Link], word: str, target_of, identifier: str) -> bool:
    """Whether one of ``links`` whose address contains ``word`` goes to the identifier's
    target (``target_of(identifier)``, worked out only when such a link exists: a list
    of thousands mostly has none)."""
    named = [link for link in links if word in link.url.lower()]
    if not named:
        return False
    target = target_of(identifier)
    return any(link_target(link.url) == target for link in named)


_ENTRY_FIELDS = (
    "id", "slug", "title", "kind", "venue", "venue_short", "year", "month", "volume", "number",
    "pages", "publisher", "doi", "arxiv_id", "note", "authors_truncated", "selected",
    "thumbnail", "thumbnail_alt", "citation_count", "citations_read_on", "code_stars",
)  # fmt: skip
_LINK_LABELS = dict(LinkKind.choices)
# load_entries: up to this many papers, their authors and extras are read by id.
IDS_AS_PARAMETERS_MAX = 50


def _member_urls(members) -> dict[int, str]:
    """Homepage address of each (id, slug, has homepage) member ("" without a homepage)."""
    urls = {}
    for person_id, slug, has_homepage in members:
        url = ""
        if has_homepage:
            try:
                url = slug_url("people:detail", slug)
            except NoReverseMatch:  # e.g. on a member's own domain, which has no team pages
                url = ""
        urls[person_id] = url
    return urls


def load_entries(lab, publications) -> list[Entry]:
    """Entries for ``publications`` (a QuerySet of ``lab``'s papers) in its order.

    Three queries whatever the number of papers: the papers; their authors joined to the
    members they are; and their links, topics and award badges in one UNION ALL. The last
    two select the papers by their ids, or for a long list through a sub-query of the same
    filter (a few ids compile faster than a sub-query repeated in four places, thousands
    would be as many parameters).
    """
    publications = publications.for_lab(lab)
    entries = [Entry(*row) for row in raw_rows(publications.values_list(*_ENTRY_FIELDS))]
    if not entries:
        return []
    if len(entries) <= IDS_AS_PARAMETERS_MAX:
        ids = [entry.id for entry in entries]
    else:
        ids = publications.order_by().values("id")
    by_id = {entry.id: entry for entry in entries}

    authors = raw_rows(
        Authorship.objects.for_lab(lab)
        .filter(publication_id__in=ids)
        .order_by("publication_id", "position")
        .values_list(
            "publication_id", "name", "equal_contribution", "corresponding",
            "person_id", "person__slug", "person__homepage_enabled",
        )  # fmt: skip
    )
    # Rows arrive grouped by paper: hand each group over without touching every row.
    for publication_id, rows in groupby(authors, itemgetter(0)):
        by_id[publication_id].authors = list(map(Author._make, rows))
    members = _member_urls({row[4:] for row in authors if row[4] is not None})
    for entry in entries:
        entry.members = members

    _attach_extras(by_id, raw_rows(_extras(lab, ids)))
    return entries


def _attach_extras(by_id: dict[int, Entry], rows) -> None:
    """Hand the rows of ``_extras`` to their entries: links, topics and badges in order."""
    tags, badges = [], []
    sources = badge_sources()
    for publication_id, source, kind, text, label, order, key in rows:
        if source == "link":
            if is_web_url(text):  # imports may skip validation: no javascript: hrefs
                by_id[publication_id].links.append(
                    (order, key, Link(kind, text, label or _LINK_LABELS.get(kind, kind)))
                )
        elif source == "tag":
            tags.append((text, publication_id, label))
        else:  # "badge": ``kind`` is the index of its source
            badge_text = sources[int(kind)].text
            badges.append(((-(order or 0), -(key or 0), text), publication_id,
                           badge_text(text, label)))
    for entry in by_id.values():
        if entry.links:
            entry.links = [link for _order, _key, link in sorted(entry.links)]
    for name, publication_id, slug in sorted(tags):
        by_id[publication_id].tags.append((name, slug))
    for _order, publication_id, text in sorted(badges):
        by_id[publication_id].awards.append(text)


def _extras(lab, ids):
    """Links, topics and award badges of the papers ``ids``, as rows of seven columns:
    (paper, "link"|"tag"|"badge", link kind|badge source, url|topic|title, label|slug|badge,
    two sort keys)."""
    text = CharField()
    number = IntegerField()
    links = (
        PublicationLink.objects.for_lab(lab)
        .filter(publication_id__in=ids)
        .order_by()
        .values_list(
            "publication_id", Value("link", text), "kind", "url", "label", "order", "pk"
        )
    )
    tags = (
        Publication.tags.through.objects.filter(publication_id__in=ids, tag__lab=lab)
        .order_by()
        .values_list(
            "publication_id", Value("tag", text), Value("", text), "tag__name", "tag__slug",
            Value(0, number), Value(0, number),
        )  # fmt: skip
    )
    # Badges come from higher apps (awards), through the registry they fill.
    badges = []
    for index, source in enumerate(badge_sources()):
        paper, title, badge, *order = source.fields
        badges.append(
            source.queryset(lab, ids).order_by().values_list(
                paper, Value("badge", text), Value(str(index), text), title, badge, *order
            )
        )
    return links.union(tags, *badges, all=True)


# --- Groups ----------------------------------------------------------------------------


@dataclass
class Group:
    key: str  # used in the anchor: "y2024", "preprints"
    label: str
    entries: list[Entry]

    @property
    def count(self) -> int:
        return len(self.entries)


def group_entries(
    entries: list[Entry], by: str, kind_headings: dict[str, str] | None = None
) -> list[Group]:
    """Entries in groups, in page order; empty groups are left out. ``kind_headings``
    renames groups by type (key → heading; missing or empty: the usual heading)."""
    if by == GROUP_BY_NONE:
        return [Group("all", "All publications", entries)] if entries else []
    if by == GROUP_BY_KIND:
        kind_headings = kind_headings or {}
        sections: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            sections[entry.section].append(entry)
        return [
            Group(key, kind_headings.get(key) or label, sections[key])
            for key, label, _kinds in KIND_SECTIONS
            if sections[key]
        ]
    years: dict[int | None, list[Entry]] = {}
    for entry in entries:  # already newest first, undated last
        years.setdefault(entry.year, []).append(entry)
    return [
        Group(f"y{year}" if year else "undated", str(year) if year else "Year unknown", items)
        for year, items in years.items()
    ]
