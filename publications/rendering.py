"""HTML of one publication entry, built in Python for speed.

A lab list can hold thousands of papers with ten authors each; a template include or
a nested template loop per author costs several milliseconds per hundred entries. The
entry is therefore assembled here from escaped pieces: every value that comes from the
database goes through :func:`_e` (``html.escape``, quotes included) before it is joined,
and only the finished string is marked safe.
"""

from __future__ import annotations

import datetime
import re
from html import escape as _escape

from django.utils.safestring import SafeString, mark_safe

from labsite.slug_urls import slug_url_maker
from publications.choices import LinkKind, PublicationKind
from publications.display import AuthorFormat, PublicationDisplay, TitleLink
from publications.models import Publication
from publications.queries import Author, Entry

# Name parts that belong to the family name: "Christopher De Sa", "Ludwig van Beethoven".
_SURNAME_PARTICLES = frozenset(
    {"da", "de", "del", "della", "der", "di", "du", "la", "le", "van", "von", "zu"}
)
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# Compared once per paper: the plain values (an enum member compares slower).
_CODE = LinkKind.CODE.value
_PREPRINT = PublicationKind.PREPRINT.value
_TITLE_TO_PDF = TitleLink.PDF.value
_TITLE_TO_LINK = TitleLink.LINK.value


def _e(value) -> str:
    return _escape(str(value), quote=True)


def last_first(name: str) -> str:
    """ "Beidi Chen" → "Chen, Beidi"; "Christopher De Sa" → "De Sa, Christopher"; a name of
    one word, or one already with a comma, stays as it is."""
    words = name.split()
    if len(words) < 2 or "," in name:
        return name
    suffix = []
    if words[-1].casefold() in _SUFFIXES and len(words) > 2:
        suffix = [words.pop()]
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in _SURNAME_PARTICLES:
        start -= 1
    return ", ".join([" ".join(words[start:]), " ".join(words[:start]), *suffix])


def _author_html(
    author: Author, member_url: str | None, display: PublicationDisplay, last_first_names: bool
) -> str:
    """A name, linked to the homepage of a lab member (bold as the display says), then
    its marks."""
    name = _e(last_first(author.name) if last_first_names else author.name)
    if member_url is not None:
        if display.bolds(author.person_id):
            name = f"<strong>{name}</strong>"
        if member_url:
            name = f'<a class="member" href="{_e(member_url)}">{name}</a>'
    if author.equal_contribution:
        name += "*"
    if author.corresponding:
        name += "†"
    return name


def authors_html(entry: Entry, display: PublicationDisplay | None = None) -> SafeString:
    """Authors in order, members bold and linked, marks after names, "et al." if cut (a
    paper's own page; lists go through :class:`EntryRenderer`)."""
    renderer = EntryRenderer(display or PublicationDisplay.default())
    return mark_safe(renderer.authors(entry))  # noqa: S308 - every piece escaped in _author_html


def citations_html(count: int, read_on: datetime.date | None) -> str:
    """ "Cited by 1,234", with the date it was read as text (a screen reader and a copy
    read it; the title repeats it for a pointer)."""
    if read_on is None:
        return f'<span class="pub-citations">Cited by {count:,}</span>'
    as_of = f"as of {read_on.isoformat()}"
    return (
        f'<span class="pub-citations" title="Citations {as_of}">Cited by {count:,}'
        f'<span class="visually-hidden"> ({as_of})</span></span>'
    )


def stars_html(stars: int) -> str:
    label = f"{stars:,} star{'s' if stars != 1 else ''} on the code repository"
    return (
        f'<span class="pub-stars" role="img" aria-label="{_e(label)}">'
        f'<span aria-hidden="true">★ {stars:,}</span></span>'
    )


def awards_html(entry: Entry) -> str:
    return "".join(f'<span class="badge badge-award">{_e(label)}</span>' for label in entry.awards)


def thumbnail_url(entry: Entry) -> str:
    if not entry.thumbnail:
        return ""
    return Publication._meta.get_field("thumbnail").storage.url(entry.thumbnail)


def spells_year(venue: str, year: int) -> bool:
    """Whether a venue already says its year: "ICML2024", "NeurIPS 2024", "NeurIPS’25"."""
    if str(year) in venue:
        return True
    if "'" not in venue and "’" not in venue and "‘" not in venue:
        return False  # the usual case, without a regular expression
    return re.search(rf"['’‘]{year % 100:02d}(?!\d)", venue) is not None


def _link_button(link) -> str:
    return f'<a class="button" href="{_e(link.url)}">{_e(link.label)}</a>'


class EntryRenderer:
    """The HTML of a list's papers under one display.

    What the display means for every paper (boxes or list, which venue parts, the title's
    target…) is worked out once here rather than per paper, and each distinct author's
    and link label's HTML once per list: a list can hold thousands of papers.
    """

    def __init__(self, display: PublicationDisplay):
        self.display = display
        self.detail_url = slug_url_maker("publications:detail")  # one reverse() per list
        self.boxes = display.is_boxes
        self.badge = display.shows_badge
        self.badge_class = "badge badge-venue" if self.boxes else "badge"
        self.shows_venue_line = display.shows_venue_line
        # Without a full venue the badge's text stands in when the badge is not beside
        # the title (boxes put it on the picture).
        self.short_venue_in_line = self.boxes or not self.badge
        self.title_link = display.title_link
        self.last_first = display.author_format == AuthorFormat.LAST_FIRST
        self.separator = "; " if self.last_first else ", "
        self.author_memo: dict = {}  # each distinct author's HTML: co-authors repeat

    def authors(self, entry: Entry) -> str:
        memo, parts = self.author_memo, []
        for author in entry.authors:
            key = author[1:]  # all but the paper
            html = memo.get(key)
            if html is None:
                html = memo[key] = _author_html(
                    author, entry.member_url(author), self.display, self.last_first
                )
            parts.append(html)
        if entry.authors_truncated:
            parts.append("et al.")
        return self.separator.join(parts)

    def links(self, entry: Entry) -> str:
        """The link buttons; the code repository's stars, when known, after the first Code;
        Altmetric and Dimensions last when the display asks for them."""
        links = entry.all_links()
        if self.display.show_metric_links:
            links = [*links, *entry.metric_links()]
        stars = entry.code_stars
        if stars is None:
            return "".join(map(_link_button, links))
        parts = []
        for link in links:
            parts.append(_link_button(link))
            if link.kind == _CODE and stars is not None:
                parts.append(stars_html(stars))
                stars = None
        return "".join(parts)

    def title_url(self, entry: Entry, page_url: str) -> str:
        """Where the title goes: the paper's page, its PDF or its first link (else the page)."""
        if self.title_link == _TITLE_TO_PDF:
            return entry.pdf_url() or page_url
        if self.title_link == _TITLE_TO_LINK:
            return entry.first_link_url() or page_url
        return page_url

    def venue_line(self, entry: Entry) -> str:
        """The venue line: the venue and year, then the note."""
        parts = []
        if self.shows_venue_line:
            name = entry.venue
            if not name and self.short_venue_in_line:
                name = entry.venue_short
            # The year too: grouped by type, or with a badge that has none, it is shown
            # nowhere else. A preprint without a venue has no venue line: a year alone
            # reads as one.
            year = entry.year
            if year and spells_year(name, year):
                year = None
            if not name and entry.kind == _PREPRINT:
                year = None
            venue = f"{name}, {year}" if name and year else name or (str(year) if year else "")
            if venue:
                parts.append(f'<span class="pub-venue">{_e(venue)}</span>')
        if entry.note:
            parts.append(f'<span class="pub-note">({_e(entry.note)})</span>')
        return " ".join(parts)

    def meta(self, entry: Entry) -> str:
        parts = []
        if venue_line := self.venue_line(entry):
            parts.append(venue_line)
        if self.display.show_highlights and entry.awards:
            parts.append(awards_html(entry))
        if self.display.show_citations and entry.citation_count is not None:
            parts.append(citations_html(entry.citation_count, entry.citations_as_of))
        return f'<div class="pub-meta">{" ".join(parts)}</div>' if parts else ""

    def entry(self, entry: Entry) -> str:
        """The ``<li>`` of one paper, compact or as a paper box (every value escaped)."""
        page_url = self.detail_url(entry.slug)
        title = f'<a href="{_e(self.title_url(entry, page_url))}">{_e(entry.title)}</a>'
        badge = ""
        if self.badge and entry.venue_short:
            # Over a thumbnail, the solid venue badge: it must stand out from any picture.
            badge = f'<span class="{self.badge_class}">{_e(entry.venue_short)}</span>'
        text = f'<div class="pub-authors">{self.authors(entry)}</div>{self.meta(entry)}'
        if links := self.links(entry):
            text += f'<div class="pub-links">{links}</div>'
        slug = _e(entry.slug)
        if self.boxes:
            image = ""
            if url := thumbnail_url(entry):
                image = f'<img src="{_e(url)}" alt="{_e(entry.thumbnail_alt)}" loading="lazy">'
            # Without a picture the text takes the whole box, the badge above it.
            kind = "pub-box" if image else "pub-box pub-box-plain"
            return (
                f'<li class="pub {kind}" id="pub-{slug}"><div class="pub-box-image">'
                f'{badge}{image}</div><div class="pub-box-text"><div class="pub-title">'
                f"{title}</div>{text}</div></li>"
            )
        if badge:
            badge += " "
        return (
            f'<li class="pub" id="pub-{slug}"><div class="pub-title">{badge}{title}</div>'
            f"{text}</li>"
        )


def entries_html(entries: list[Entry], display: PublicationDisplay | None = None) -> SafeString:
    """The ``<li>`` elements of many papers, joined."""
    renderer = EntryRenderer(display or PublicationDisplay.default())
    return mark_safe("".join(map(renderer.entry, entries)))  # noqa: S308 - escaped in .entry
