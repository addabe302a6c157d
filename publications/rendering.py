"""HTML of one publication entry, built in Python for speed.

A lab list can hold thousands of papers with ten authors each; a template include or
a nested template loop per author costs several milliseconds per hundred entries. The
entry is therefore assembled here from escaped pieces: every value that comes from the
database goes through :func:`_e` (``html.escape``, quotes included) before it is joined,
and only the finished string is marked safe.
"""

from __future__ import annotations

from html import escape as _escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from publications.queries import Author, Entry

_SLUG_PLACEHOLDER = "__slug__"


def _e(value) -> str:
    return _escape(str(value), quote=True)


def detail_url_template() -> str:
    """Address of a paper's page with a placeholder: one reverse() for the whole list."""
    return reverse("publications:detail", kwargs={"slug": _SLUG_PLACEHOLDER})


def author_html(author: Author, member_url: str | None) -> str:
    """A name, bold (and linked to the homepage) for a lab member, then its marks."""
    name = _e(author.name)
    if member_url is not None:
        name = f"<strong>{name}</strong>"
        if member_url:
            name = f'<a class="member" href="{_e(member_url)}">{name}</a>'
    if author.equal_contribution:
        name += "*"
    if author.corresponding:
        name += "†"
    return name


def authors_html(entry: Entry, memo: dict | None = None) -> SafeString:
    """Authors in order, members bold and linked, marks after names, "et al." if cut.

    ``memo`` caches each distinct author's HTML across entries: co-authors repeat.
    """
    memo = {} if memo is None else memo
    parts = []
    for author in entry.authors:
        key = author[1:]  # all but the paper
        html = memo.get(key)
        if html is None:
            html = memo[key] = author_html(author, entry.member_url(author))
        parts.append(html)
    if entry.authors_truncated:
        parts.append("et al.")
    return mark_safe(", ".join(parts))  # noqa: S308 - every piece escaped in author_html


def links_html(entry: Entry) -> str:
    return "".join(
        f'<a class="button" href="{_e(link.url)}">{_e(link.label)}</a>'
        for link in entry.all_links()
    )


def awards_html(entry: Entry) -> str:
    return "".join(f'<span class="badge badge-award">{_e(label)}</span>' for label in entry.awards)


def entry_html(entry: Entry, url_template: str, memo: dict | None = None) -> SafeString:
    """The ``<li>`` of one paper in a list."""
    badge = f'<span class="badge">{_e(entry.venue_short)}</span> ' if entry.venue_short else ""
    url = _e(url_template.replace(_SLUG_PLACEHOLDER, entry.slug))
    # The year too: grouped by type, or with a badge that has none, it is shown nowhere else.
    venue = ", ".join(str(part) for part in (entry.venue, entry.year) if part)
    meta = f'<span class="pub-venue">{_e(venue)}</span>' if venue else ""
    awards = awards_html(entry)
    if meta or awards:
        meta = f'<div class="pub-meta">{meta} {awards}</div>'
    links = links_html(entry)
    if links:
        links = f'<div class="pub-links">{links}</div>'
    html = (
        f'<li class="pub" id="pub-{_e(entry.slug)}"><div class="pub-title">{badge}'
        f'<a href="{url}">{_e(entry.title)}</a></div>'
        f'<div class="pub-authors">{authors_html(entry, memo)}</div>{meta}{links}</li>'
    )
    return mark_safe(html)  # noqa: S308 - every value escaped above


def entries_html(entries: list[Entry]) -> SafeString:
    """The ``<li>`` elements of many papers, joined."""
    template, memo = detail_url_template(), {}
    html = "".join(entry_html(entry, template, memo) for entry in entries)
    return mark_safe(html)  # noqa: S308 - joined from entry_html
