"""AcadHomepage's papers: ``paper-box`` HTML blocks and one-line list items (the crawler's
``gs_data.json`` joins them in ``siteimport.scholar_data``).

A paper box is ``<div class='paper-box'>`` holding a ``badge`` (the venue as the page shows
it), an ``<img>`` (the thumbnail) and a ``paper-box-text`` div of markdown: a title line, the
authors (``**Me**``, ``\\*`` for co-first), a venue line, ``[**Paper**](…) | [**Code**](…)``
links and a ``show_paper_citations`` span naming the Scholar paper. A list item is
``- `ACL 2024` [Title](url), Authors``. Both become a ParsedEntry built by the publication
import pipeline's ``build_entry`` (one normalisation for every source), plus what only the
page knows (SitePaper).
"""

from __future__ import annotations

import bisect
import re

from labsite.links import is_web_url
from publications.importers.authors import parse_pasted_authors
from publications.importers.base import ParsedEntry, RawRecord
from publications.importers.normalize import build_entry, scholar_paper_id
from publications.importers.text import title_key
from siteimport.formats.acadhomepage_lists import PLACEHOLDER
from siteimport.text.cleaning import clean_section
from siteimport.text.headings import publication_kind
from siteimport.text.highlights import paper_highlights, without_highlights
from siteimport.text.links import paper_link_kind
from siteimport.text.markdown import drop_badges, linked_badges
from siteimport.types import Origin, SiteData, SiteLink, SitePaper, Skipped

# The theme's own demo: Kaiming He's ResNet box and his Scholar profile.
TEMPLATE_SCHOLAR_ID = "DhtAFkwAAAAJ"
TEMPLATE_TITLES = frozenset({title_key("Deep Residual Learning for Image Recognition")})

# Bounded parts, so that unclosed boxes cost linear time, not quadratic.
_BOX = re.compile(
    r"<div\s+class=['\"]paper-box['\"]\s*>(?P<image>[\s\S]{0,1500}?)"
    r"<div\s+class=['\"]paper-box-text['\"][^>]*>(?P<text>[\s\S]{0,20000}?)</div>",
    re.I,
)
_SUBHEADING = re.compile(r"^##\s+(?P<heading>.+?)\s*#*\s*$")
_BADGE = re.compile(r"<div\s+class=['\"]badge['\"]\s*>(?P<badge>[^<]{0,200})</div>", re.I)
_IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc=['\"]?(?P<src>[^'\" >]+)", re.I)
_CITATIONS = re.compile(r"class=['\"]show_paper_citations['\"]\s+data=['\"](?P<id>[^'\"]+)['\"]")
# Labels may hold one level of brackets: "[**[Paper]**](…)".
_LABEL = r"(?:[^\[\]]|\[[^\[\]]*\])"
_LINK = re.compile(rf"\[(?P<label>{_LABEL}*)\]\((?P<url>[^)\s]*)\)")
_TITLE_LINK = re.compile(rf"^\*{{0,2}}\[(?P<title>{_LABEL}+)\]\((?P<url>[^)\s]*)\)\*{{0,2}}")
# "[**ICLR 2024**] Title" / "**ICML 2026 SpotLight** Title": the venue written before it.
_VENUE_PREFIX = re.compile(r"^(?:\\?\[\*\*(?P<a>[^*\]]+)\*\*\\?\]|\*\*(?P<b>[^*]+)\*\*)\s+(?=\S)")
_LIST_VENUE = re.compile(r"^\s*[-*+]\s+`{1,2}(?P<venue>[^`]+)`{1,2}\s*")
_BOLD = re.compile(r"\*\*(?P<name>[^*]+?)(?:\\\*)?\*\*")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
# A journal by its name, or by an upper-case "T…" acronym (TCAD, TPAMI, TMM, TC).
_JOURNAL = re.compile(
    r"(?i:transactions|journal|letters|magazine|\bnature\b|\bscience\b|\bplos\b|\bijcv\b)"
    r"|\bT[A-Z]{1,5}\b"
)
_TRAILING_NOTE = re.compile(
    r"\s*\((?:[^()]*\b(?:equal|contribution|corresponding)\b[^()]*)\)\s*$", re.I
)
_LINE_BREAK = re.compile(r"\s*\\\\\s*$")
_PARENTHESES = re.compile(r"\(([^()]*)\)")


_KNOWN_LABELS = ("paper", "pdf", "arxiv", "code", "github", "project", "website", "video",
                 "slides", "poster", "dataset", "hugging face", "blog")


def _links(text: str, raw: str = "") -> list[SiteLink]:
    """Links by label: ``[**Paper**](…)``, and badges that link (``alt`` or, for a GitHub
    stars badge, "Code"); network badges themselves are not links."""
    links: list[SiteLink] = []
    for alt, url in linked_badges(raw or text):
        if not is_web_url(url):
            continue
        known = alt.strip().casefold() in _KNOWN_LABELS
        label = alt.strip() if known else ("Code" if "github.com" in url else "Link")
        links.append(SiteLink(paper_link_kind(label, url), url, label))
    for found in _LINK.finditer(drop_badges(text)):
        label = found.group("label").strip("*[] ")
        url = found.group("url")
        if label and is_web_url(url):
            links.append(SiteLink(paper_link_kind(label, url), url, label))
    unique = {}
    for link in links:  # a stars badge and a [Code] link often point at the same place
        unique.setdefault(link.url, link)
    return list(unique.values())


def _entry(
    *, key: str, line: int, title: str, url: str, authors: str, venue: str
) -> ParsedEntry | None:
    """The record through the import pipeline; authors read with the pasted-list rules
    ("*" co-first), which the pipeline's BibTeX-style split does not know."""
    venue_text = without_highlights(_PARENTHESES.sub("", venue), marked=True).strip(" ,-")
    year = _YEAR.search(venue)
    venue_name = _YEAR.sub("", venue_text).strip(" ,-'’") or venue_text
    record = RawRecord(
        line=line, key=key, title=title, url=url, venue=venue_name,
        # The page names no type: a journal by its name, else a conference (most boxes).
        entry_type="article" if _JOURNAL.search(venue_name) else "inproceedings",
        year=year.group(1) if year else None,
    )
    built = build_entry(record)
    if not isinstance(built, ParsedEntry):
        return None  # no title: the caller reports it
    built.authors, built.authors_truncated = parse_pasted_authors(authors)
    return built


def _year_of(text: str) -> str:
    found = _YEAR.search(text)
    return found.group(1) if found else ""


def _owner_index(authors: str, entry: ParsedEntry) -> int | None:
    """Where the bold author ("**Jiaming Xu\\***") stands in the entry's authors."""
    bold = _BOLD.search(authors)
    names = parse_pasted_authors(bold.group("name"))[0] if bold else []
    if not names:
        return None
    return next((i for i, a in enumerate(entry.authors) if a.name == names[0].name), None)


def read_paper_boxes(text: str, *, path: str, line: int, selected: bool, site: SiteData) -> str:
    """Adds the section's paper boxes and paper list items to ``site``; returns the text left
    (headings, prose) for the section's body. A ``## Preprints`` / ``## Workshops`` /
    ``## Selected`` subheading says what the papers under it are."""
    found: list[tuple[int, SitePaper]] = []  # (line in text, paper)
    rest: list[str] = []
    position, box_line = 0, 0
    for box in _BOX.finditer(text):
        box_line += text.count("\n", position, box.start())  # counted once: linear
        rest.append(text[position : box.start()])
        rest.append("\n" * box.group(0).count("\n"))  # later lines keep their numbers
        _add(_box_paper(box, Origin(path, line + box_line), selected, site), site, found, box_line)
        box_line += box.group(0).count("\n")
        position = box.end()
    rest.append(text[position:])
    kept: list[str] = []
    subheadings: list[tuple[int, str]] = []
    for offset, raw in enumerate("".join(rest).split("\n")):
        if heading := _SUBHEADING.match(raw):
            subheadings.append((offset, heading["heading"]))
        bullet = raw.lstrip().startswith(("- ", "* ", "+ "))
        if bullet and (_LIST_VENUE.match(raw) or _TITLE_LINK.match(raw.lstrip("-*+ "))):
            _add(_list_paper(raw, Origin(path, line + offset), selected), site, found, offset)
            raw = ""
        kept.append(raw)
    starts = [start for start, _ in subheadings]
    for paper_line, paper in found:
        index = bisect.bisect_right(starts, paper_line) - 1
        if index >= 0:
            _apply_subheading(paper, subheadings[index][1])
    return "\n".join(kept)


def _apply_subheading(paper: SitePaper, heading: str) -> None:
    if "selected" in heading.casefold():
        paper.selected = True
    if kind := publication_kind(heading):
        paper.entry.kind = kind


def _add(
    paper: SitePaper | Skipped | None, site: SiteData, found: list, paper_line: int
) -> None:
    if isinstance(paper, SitePaper):
        site.papers.append(paper)
        found.append((paper_line, paper))
    elif isinstance(paper, Skipped):
        site.skipped.append(paper)


def _box_paper(
    box: re.Match, origin: Origin, selected: bool, site: SiteData
) -> SitePaper | Skipped | None:
    image = box.group("image")
    badge = _BADGE.search(image)
    badge_text = clean_section(badge.group("badge")) if badge else ""
    thumbnail = _IMG_SRC.search(image)
    raw_text = box.group("text")
    lines = [_LINE_BREAK.sub("", ln).strip() for ln in clean_section(raw_text).split("\n")]
    lines = [ln for ln in lines if ln]
    if not lines:
        return Skipped("an empty paper box", "it has no title", origin)
    title_line, *others = lines
    prefix = _VENUE_PREFIX.match(title_line)
    written_venue = ""
    if prefix and _YEAR.search(prefix["a"] or prefix["b"]):
        written_venue, title_line = prefix["a"] or prefix["b"], title_line[prefix.end():]
    title_link = _TITLE_LINK.match(title_line)
    if title_link:
        title, url = title_link["title"].strip("* "), title_link["url"]
        others.insert(0, title_line[title_link.end():])  # "[[PDF]](…)" after the title
    else:  # "**Title** [[PDF]](…) [[Github]](…)"
        title, url = _LINK.split(title_line, maxsplit=1)[0].strip("* "), ""
        others.insert(0, title_line[len(_LINK.split(title_line, maxsplit=1)[0]):])
    others = [ln.strip() for ln in others if ln.strip()]
    notes = [ln[2:].strip() for ln in others if ln.startswith(("- ", "* "))]
    others = [ln for ln in others if not ln.startswith(("- ", "* "))]
    # A links line has links and no bold outside them (the authors line bolds the owner).
    link_lines = [ln for ln in others if _LINK.search(ln) and not _BOLD.search(_LINK.sub("", ln))]
    plain = [ln for ln in others if ln not in link_lines]
    authors = next((ln for ln in plain if _BOLD.search(ln) or "," in ln), "")
    venue = next((ln for ln in plain if ln is not authors), "") or written_venue
    arxiv_badge = badge_text.casefold().startswith("arxiv")
    venue = venue or (_YEAR.sub("", badge_text) and "arXiv " + _year_of(badge_text)
                      if arxiv_badge else badge_text)
    if title_key(title) in TEMPLATE_TITLES:
        return Skipped(title, "the theme's demo paper (Kaiming He's ResNet)", origin)
    if PLACEHOLDER.search(title) or not authors:
        reason = "the theme's placeholder text" if authors else "no author list: not a paper"
        return Skipped(title[:80], reason, origin)
    scholar_id = _scholar_id(raw_text, origin, site)
    entry = _entry(key=scholar_id or f"box {origin.line}", line=origin.line, title=title,
                   url=url, authors=_TRAILING_NOTE.sub("", authors), venue=venue)
    if entry is None:
        return Skipped(authors[:80] or "a paper box", "it has no title", origin)
    if badge_text and not arxiv_badge:
        entry.venue_short = without_highlights(_PARENTHESES.sub("", badge_text),
                                               marked=True).strip(" -")
    entry.note = " ".join(notes)[:2000]
    return SitePaper(
        entry=entry,
        links=_links("\n".join(link_lines), raw_text),
        selected=selected,
        highlights=paper_highlights(badge_text, venue, marked=True),
        thumbnail=thumbnail.group("src") if thumbnail else "",
        scholar_id=scholar_id,
        origin=origin,
        owner_index=_owner_index(authors, entry),
    )


def _scholar_id(raw_text: str, origin: Origin, site: SiteData) -> str:
    """The box's ``show_paper_citations`` id, if it is one ("SCHOLARID:PAPERID") and not the
    theme's demo id that forks copy onto their own papers."""
    found = _CITATIONS.search(raw_text)
    if found is None:
        return ""
    value = found.group("id")
    if value.startswith(TEMPLATE_SCHOLAR_ID) or not scholar_paper_id(value):
        site.skipped.append(Skipped(
            f"show_paper_citations {value}",
            "the theme's demo Scholar id" if value.startswith(TEMPLATE_SCHOLAR_ID)
            else "not a Scholar paper id (SCHOLARID:PAPERID)",
            origin,
        ))
        return ""
    return value


def _list_paper(raw: str, origin: Origin, selected: bool) -> SitePaper | Skipped | None:
    """``- `VENUE` (CCF-A), [Title](url), Authors`` or the template's
    ``- [Title](url), A, B, C, **CVPR 2020**``."""
    venue_match = _LIST_VENUE.match(raw)
    venue = venue_match.group("venue").strip() if venue_match else ""
    body = clean_section(raw[venue_match.end():] if venue_match else raw.lstrip("-*+ "))
    body = _PARENTHESES.sub("", body, count=1) if body.startswith("(") else body
    body = body.lstrip(" ,")
    title_link = _TITLE_LINK.match(body)
    if title_link:
        title, url = title_link.group("title"), title_link.group("url")
        authors = body[title_link.end():]
    else:
        title, _, authors = body.partition(", ")
        url = ""
    if PLACEHOLDER.search(title):
        return Skipped(title[:80], "the theme's placeholder text", origin)
    authors = drop_badges(authors).strip(" ,")
    if not venue and (last := authors.rsplit(", ", 1)) and _YEAR.search(last[-1]):
        venue, authors = last[-1].strip("* "), last[0] if len(last) > 1 else ""
    entry = _entry(key=f"list {origin.line}", line=origin.line, title=title.strip(),
                   url=url, authors=authors, venue=venue)
    if entry is None:
        return Skipped(raw.strip()[:80], "it has no title", origin)
    entry.venue_short = _PARENTHESES.sub("", venue).strip() or entry.venue_short
    return SitePaper(
        entry=entry,
        links=[SiteLink(paper_link_kind("paper", url), url, "Paper")]
        if is_web_url(url) else [],
        selected=selected,
        highlights=paper_highlights(raw, marked=True),
        origin=origin,
        owner_index=_owner_index(authors, entry),
    )
