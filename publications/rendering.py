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
from collections.abc import Callable
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


def author_html(
    author: Author, member_url: str | None, display: PublicationDisplay | None = None
) -> str:
    """A name, linked to the homepage of a lab member (bold as the display says), then
    its marks."""
    display = display or PublicationDisplay.default()
    shown = last_first(author.name) if display.author_format == AuthorFormat.LAST_FIRST else (
        author.name
    )
    name = _e(shown)
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


def authors_html(
    entry: Entry, memo: dict | None = None, display: PublicationDisplay | None = None
) -> SafeString:
    """Authors in order, members bold and linked, marks after names, "et al." if cut.

    ``memo`` caches each distinct author's HTML across entries (of one display): co-authors
    repeat.
    """
    memo = {} if memo is None else memo
    separator = "; " if display and display.author_format == AuthorFormat.LAST_FIRST else ", "
    parts = []
    for author in entry.authors:
        key = author[1:]  # all but the paper
        html = memo.get(key)
        if html is None:
            html = memo[key] = author_html(author, entry.member_url(author), display)
        parts.append(html)
    if entry.authors_truncated:
        parts.append("et al.")
    return mark_safe(separator.join(parts))  # noqa: S308 - every piece escaped in author_html


def links_html(entry: Entry, display: PublicationDisplay | None = None) -> str:
    """The link buttons; the code repository's stars, when known, after the first Code;
    Altmetric and Dimensions last when the display asks for them."""
    parts, stars = [], entry.code_stars
    links = entry.all_links()
    if display is not None and display.show_metric_links:
        links += entry.metric_links()
    for link in links:
        parts.append(f'<a class="button" href="{_e(link.url)}">{_e(link.label)}</a>')
        if link.kind == LinkKind.CODE and stars is not None:
            parts.append(stars_html(stars))
            stars = None
    return "".join(parts)


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


def title_url(entry: Entry, page_url: str, display: PublicationDisplay) -> str:
    """Where the title goes: the paper's page, its PDF or its first link (else the page)."""
    if display.title_link == TitleLink.PDF:
        return entry.pdf_url() or page_url
    if display.title_link == TitleLink.LINK:
        return entry.first_link_url() or page_url
    return page_url


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


def _venue_line(entry: Entry, display: PublicationDisplay) -> str:
    """The venue line: the venue and year, then the note. Without a full venue the badge's
    text stands in when the badge is not beside the title (boxes put it on the picture)."""
    parts = []
    if display.shows_venue_line:
        name = entry.venue
        if not name and (display.is_boxes or not display.shows_badge):
            name = entry.venue_short
        # The year too: grouped by type, or with a badge that has none, it is shown nowhere
        # else. A preprint without a venue has no venue line: a year alone reads as one.
        year = ""
        if entry.year and not spells_year(name, entry.year):
            year = str(entry.year)
        if not name and entry.kind == PublicationKind.PREPRINT:
            year = ""
        venue = ", ".join(part for part in (name, year) if part)
        if venue:
            parts.append(f'<span class="pub-venue">{_e(venue)}</span>')
    if entry.note:
        parts.append(f'<span class="pub-note">({_e(entry.note)})</span>')
    return " ".join(parts)


def _meta_html(entry: Entry, display: PublicationDisplay) -> str:
    parts = [_venue_line(entry, display)]
    if display.show_highlights:
        parts.append(awards_html(entry))
    if display.show_citations and entry.citation_count is not None:
        parts.append(citations_html(entry.citation_count, entry.citations_as_of))
    parts = [part for part in parts if part]
    return f'<div class="pub-meta">{" ".join(parts)}</div>' if parts else ""


def entry_html(
    entry: Entry,
    detail_url: Callable[[str], str],
    memo: dict | None = None,
    display: PublicationDisplay | None = None,
) -> SafeString:
    """The ``<li>`` of one paper in a list, compact or as a paper box."""
    display = display or PublicationDisplay.default()
    page_url = detail_url(entry.slug)
    title = (
        f'<div class="pub-title"><a href="{_e(title_url(entry, page_url, display))}">'
        f"{_e(entry.title)}</a></div>"
    )
    badge = ""
    if display.shows_badge and entry.venue_short:
        # Over a thumbnail, the solid venue badge: it must stand out from any picture.
        badge_class = "badge badge-venue" if display.is_boxes else "badge"
        badge = f'<span class="{badge_class}">{_e(entry.venue_short)}</span>'
    authors = f'<div class="pub-authors">{authors_html(entry, memo, display)}</div>'
    links = links_html(entry, display)
    if links:
        links = f'<div class="pub-links">{links}</div>'
    text = f"{authors}{_meta_html(entry, display)}{links}"
    slug = _e(entry.slug)
    if display.is_boxes:
        image = ""
        if url := thumbnail_url(entry):
            image = f'<img src="{_e(url)}" alt="{_e(entry.thumbnail_alt)}" loading="lazy">'
        # Without a picture the text takes the whole box, the badge above it.
        kind = "pub-box" if image else "pub-box pub-box-plain"
        html = (
            f'<li class="pub {kind}" id="pub-{slug}"><div class="pub-box-image">'
            f"{badge}{image}"
            f'</div><div class="pub-box-text">{title}{text}</div></li>'
        )
    else:
        if badge:
            title = title.replace('<div class="pub-title">', f'<div class="pub-title">{badge} ', 1)
        html = f'<li class="pub" id="pub-{slug}">{title}{text}</li>'
    return mark_safe(html)  # noqa: S308 - every value escaped above


def entries_html(entries: list[Entry], display: PublicationDisplay | None = None) -> SafeString:
    """The ``<li>`` elements of many papers, joined."""
    # One reverse() for the whole list (labsite/slug_urls.py).
    detail_url, memo = slug_url_maker("publications:detail"), {}
    html = "".join(entry_html(entry, detail_url, memo, display) for entry in entries)
    return mark_safe(html)  # noqa: S308 - joined from entry_html
