"""A plain GitHub Pages page: ``index.md`` (or ``README.md``) with no front matter, all free
markdown (seed 000; docs/shared formats "Plain GitHub Pages page").

The name comes from ``_config.yml``'s ``title``, else a ``# `` heading that opens the page,
else the bold name that recurs in the paper author lists (reported as inferred). Headings
become sections: built-in kinds when the heading means one (``heading_kind``), custom
sections with their markdown otherwise. Paper lists become papers; dated lists under News,
Awards, Education… become dated items (``people.pasted_lists``).
"""

from __future__ import annotations

import re
from collections import Counter

from people.pasted_lists import PastedListTooLarge, parse_pasted_list
from publications.importers.authors import parse_pasted_authors
from publications.importers.base import ParseError, RawRecord
from publications.importers.normalize import build_entry, short_venue
from siteimport.source import SiteSource
from siteimport.text.contact import deobfuscate_email, is_obfuscated_email, person_link_kind
from siteimport.text.frontmatter import SiteFileError, front_matter, yaml_data
from siteimport.text.headings import section_kind as heading_kind
from siteimport.text.highlights import paper_highlights, without_highlights
from siteimport.text.links import paper_link_kind
from siteimport.text.venues import venue_and_year
from siteimport.types import (
    Origin,
    SiteAward,
    SiteCVEntry,
    SiteData,
    SiteDate,
    SiteInterest,
    SiteLink,
    SiteNewsItem,
    SitePaper,
    SiteSection,
    Skipped,
)

PAGES = ("index.md", "README.md", "readme.md")
# A site of another theme has these; a plain page has none of them.
_THEME_MARKERS = ("_pages/", "_bibliography/", "_publications/", "content/", "_data/")

_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")
_IMAGE = re.compile(
    r"<img\b[^>]*\bsrc=[\"']?(?P<a>[^\"' >]+)[^>]*>|!\[[^\]]*\]\((?P<b>[^)\s]+)[^)]*\)", re.I
)
_LINK = re.compile(r"\[(?P<label>[^\[\]]*)\]\((?P<url>https?://[^)\s]+)\)")
_LINK_ITEM = re.compile(r"^\s*[-*+]\s+\[(?P<label>[^\]]+)\]\((?P<url>https?://[^)\s]+)\)\s*$")
_EMAIL_LINE = re.compile(r"^\s*(?:[-*+]\s+)?\**e-?mail\**\s*:\s*(?P<email>.+?)\s*$", re.I)
_BOLD = re.compile(r"\*\*(?P<text>[^*]+?)\*\*")
_TITLE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*\[(?P<a>[^\]]+)\]\((?P<ua>[^)]+)\)\*\*"
    r"|\[\*\*(?P<b>[^*]+)\*\*\]\((?P<ub>[^)]+)\)|\*\*(?P<c>[^*]+?)\*\*)"
)
# "NeurIPS’25", "ICML2024", "OSDI 2021", "SoCC'15".
_SYMBOLS = re.compile(r"[^\w\s’'&:,.()/-]+")


def detect(source: SiteSource) -> int:
    page = _page(source)
    if page is None or any(path.startswith(_THEME_MARKERS) for path in source.files()):
        return 0
    metadata, _, _ = _front_matter(source, page)
    return 0 if metadata else 10  # low: any theme's own reader wins


def read(source: SiteSource) -> SiteData:
    site = SiteData(format="markdown")
    page = _page(source)
    if page is None:
        site.warnings.append("No index.md or README.md was found.")
        return site
    _, body, first_line = _front_matter(source, page)
    blocks = _split_by_headings(body, first_line)
    site.profile.origin = Origin(page, first_line)
    title = _config_title(source, site)
    opening = blocks[0][0] if blocks else None
    if opening and opening[0] == 1 and heading_kind(opening[1]) == "custom":
        title = title or opening[1]  # "# Jane Doe" opening the page
        blocks[0] = (None, blocks[0][1], blocks[0][2])
    if blocks and blocks[0][0] is None and blocks[0][1]:
        site.profile.about = _read_profile(source, site, page, blocks[0][1], blocks[0][2])
    bold_names = Counter()
    for heading, text, line in blocks:
        if heading is not None:
            _read_section(site, page, heading[1], text, line, bold_names)
    if title:
        site.profile.name = title
    elif bold_names:
        # The owner is the name in bold in most author lists.
        site.profile.name = bold_names.most_common(1)[0][0]
        site.profile.name_inferred = True
    return site


def _page(source: SiteSource) -> str | None:
    return next((name for name in PAGES if source.exists(name)), None)


def _front_matter(source: SiteSource, page: str):
    try:
        return front_matter(source.read_text(page), page)
    except (SiteFileError, ValueError):
        return {}, source.read_text(page), 1


def _config_title(source: SiteSource, site: SiteData) -> str:
    if not source.exists("_config.yml"):
        return ""
    try:
        config = yaml_data(source.read_text("_config.yml"), "_config.yml")
    except SiteFileError as error:
        site.warnings.append(str(error))
        return ""
    title = config.get("title") if isinstance(config, dict) else None
    return str(title).strip() if title else ""


def _split_by_headings(body: str, first_line: int):
    """[(heading or None, text, line of the text)]: (level, words) per heading."""
    blocks, heading, lines, start = [], None, [], first_line
    for offset, raw in enumerate(body.split("\n")):
        found = _HEADING.match(raw)
        if found:
            blocks.append((heading, "\n".join(lines).strip("\n"), start))
            heading, lines, start = (len(found[1]), found[2]), [], first_line + offset + 1
        else:
            lines.append(raw)
    blocks.append((heading, "\n".join(lines).strip("\n"), start))
    return [block for block in blocks if block[0] is not None or block[1].strip()]


def _read_profile(source, site, page, text, line) -> str:
    """The photo, links and e-mail of the page's opening text; returns what is left of it
    (the about markdown)."""
    kept = []
    for offset, raw in enumerate(text.split("\n")):
        image = _IMAGE.search(raw)
        if image and not site.profile.photo:
            path = (image["a"] or image["b"]).lstrip("./")
            if source.exists(path):
                site.profile.photo = path
            elif not path.startswith(("http://", "https://", "//")):
                site.skipped.append(Skipped(f"image {path}", "the site has no such file",
                                            Origin(page, line + offset)))
            raw = _IMAGE.sub("", raw, count=1)
            if not raw.strip():
                continue
        email = _EMAIL_LINE.match(raw)
        if email and not site.profile.email:
            written = _LINK.sub(lambda m: m["label"], email["email"]).strip("<>")
            site.profile.email = written
            site.profile.email_obfuscated = is_obfuscated_email(written)
            if not site.profile.email_obfuscated or deobfuscate_email(written):
                continue  # the profile shows it; else the riddle stays in the text
        link = _LINK_ITEM.match(raw)
        if link:
            site.profile.links.append(
                SiteLink(person_link_kind(link["url"]), link["url"], link["label"].strip())
            )
            continue
        kept.append(raw)
    return "\n".join(kept).strip()


def _read_section(site: SiteData, page: str, heading: str, text: str, line: int,
                  bold_names: Counter) -> None:
    kind = heading_kind(heading)
    origin = Origin(page, line - 1)
    if kind == "custom":
        site.sections.append(SiteSection("custom", heading, text.strip(), origin))
        return
    site.sections.append(SiteSection(kind, heading, "", origin))
    if kind == "publications":
        _read_papers(site, page, heading, text, line, bold_names)
    elif kind == "interests":
        for item in _dated_items(site, page, text, line):
            site.interests.append(SiteInterest(item.text))
    else:
        _read_dated_list(site, page, kind, text, line)


def _dated_items(site, page, text, line):
    try:
        pasted = parse_pasted_list(text)
    except PastedListTooLarge as error:
        site.skipped.append(Skipped("a list", str(error), Origin(page, line)))
        return []
    for unread in pasted.unread:
        site.skipped.append(
            Skipped(unread.text[:120], unread.reason, Origin(page, line + unread.line - 1))
        )
    return pasted.items


_CV_KINDS = {"education": "education", "positions": "position", "teaching": "teaching",
             "talks": "talk", "service": "service"}


def _read_dated_list(site, page, kind, text, line) -> None:
    for item in _dated_items(site, page, text, line):
        origin = Origin(page, line + item.line - 1)
        start = SiteDate(item.date, item.precision)
        if kind == "news":
            site.news.append(SiteNewsItem(text=item.text, date=start, origin=origin))
        elif kind == "awards":
            site.awards.append(SiteAward(title=item.text, date=start, origin=origin))
        else:
            end = SiteDate(item.end_date, item.end_precision)
            site.cv.append(SiteCVEntry(kind=_CV_KINDS[kind], title=item.text, start=start,
                                       end=end, origin=origin))


def _read_papers(site, page, heading, text, line, bold_names: Counter) -> None:
    selected = "selected" in heading.lower()
    paragraph, start = [], line
    for offset, raw in enumerate([*text.split("\n"), ""]):
        if raw.strip():
            if not paragraph:
                start = line + offset
            paragraph.append(raw)
            continue
        if paragraph:
            paper = _read_paper(paragraph, Origin(page, start), len(site.papers) + 1,
                                bold_names)
            if isinstance(paper, SitePaper):
                paper.selected = selected
                site.papers.append(paper)
            else:
                site.skipped.append(Skipped(paragraph[0][:120], paper, Origin(page, start)))
            paragraph = []


def _read_paper(lines: list[str], origin: Origin, number: int,
                bold_names: Counter) -> SitePaper | str:
    title = _TITLE.match(lines[0])
    if title is None:
        return "not a paper (no bold title) in a publications section"
    title_text = title["a"] or title["b"] or title["c"]
    title_url = title["ua"] or title["ub"] or ""
    links = [SiteLink(paper_link_kind("", title_url), title_url)] if title_url else []
    rest = []
    for raw in [lines[0][title.end():], *lines[1:]]:
        for found in _LINK.finditer(raw):
            label = found["label"].strip()
            links.append(SiteLink(paper_link_kind(label, found["url"]), found["url"], label))
        leftover = _LINK.sub("", raw).replace("[]", "").strip().rstrip("\\").strip()
        if leftover:
            rest.append(leftover)
    authors_line = rest[0] if rest else ""
    venue_line = " ".join(rest[1:])
    authors, truncated = parse_pasted_authors(_author_text(authors_line))
    names = {author.name for author in authors}
    bold_names.update({bold.strip(" *\\") for bold in _BOLD.findall(authors_line)} & names)
    highlights = paper_highlights(venue_line)
    venue, year = _venue(_BOLD.sub("", without_highlights(venue_line)))
    url = next((link.url for link in links if link.kind in ("pdf", "arxiv")), "")
    # A page gives no entry type; the venues with short names are all conferences.
    known = short_venue(venue, None)
    entry_type = "inproceedings" if known and known != "arXiv" else ""
    entry = build_entry(RawRecord(line=origin.line, key=f"entry {number}", title=title_text,
                                  entry_type=entry_type, venue=venue, year=year, url=url))
    if isinstance(entry, ParseError):
        return entry.message
    entry.authors, entry.authors_truncated = authors, truncated
    return SitePaper(entry=entry, links=links, highlights=highlights, origin=origin)


def _author_text(line: str) -> str:
    """Names without the italics around the list and the bold on the owner; an escaped
    ``\\*`` (co-first) stays a mark."""
    text = line.replace("\\*", "\x00")
    text = _BOLD.sub(lambda m: m["text"], text).strip().strip("*_").strip().rstrip(".")
    return text.replace("\x00", "*")


def _venue(text: str) -> tuple[str, int | None]:
    return venue_and_year(_SYMBOLS.sub("", text).strip().strip(",."))
