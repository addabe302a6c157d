"""The lab template's papers: ``_data/publist.yml`` (rendered by the template's
publications page) and hand-written publication pages split by headings (seed 003:
``## Preprints / ## Publications / ## Workshops``, ``**[Title](url)**``, "Last, First;"
authors, venue lines such as ``NeurIPS2024 (<font color=Red>Spotlight</font>)``).

Records go through ``publications.importers.normalize.build_entry`` like every import,
so names, kinds and venues follow the one pipeline; the page's own kind (its heading),
highlights, links and thumbnails are what this module adds.
"""

from __future__ import annotations

import re
from dataclasses import replace

from labsite.links import is_web_url
from people.pasted_lists import plain_text
from publications.choices import LinkKind
from publications.importers.authors import split_pasted_authors
from publications.importers.base import ParseError, RawRecord
from publications.importers.normalize import build_entry, parse_arxiv
from siteimport.formats import labtemplate_leftovers as leftovers
from siteimport.text.blocks import split_blocks
from siteimport.text.cleaning import inline_markdown, paragraphs_to_markdown
from siteimport.text.frontmatter import file_error
from siteimport.text.headings import publication_kind
from siteimport.text.highlights import paper_highlights, without_highlights
from siteimport.text.links import paper_link_kind
from siteimport.text.venues import short_name_and_year
from siteimport.types import Origin, SiteData, SiteLink, SitePaper, Skipped

MAX_PAPERS = 5000  # per file; a lab's whole list is a few hundred

# A heading's words -> the kind of every paper under it (None: the venue decides).
_SELECTED_HEADING = re.compile(r"selected|highlight|featured", re.I)
_TITLE_LINE = re.compile(r"^\s*\*\*\s*\[(?P<title>.+?)\]\((?P<url>[^)\s]*)\)\s*\*\*")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_YEAR_IN_PARENS = re.compile(r"\s*\(\s*(?:19|20)\d{2}\s*\)[\s.]*$")
_VOLUME_NUMBER = re.compile(r"^(?P<venue>.*?)\s+(?P<volume>\d+)\.(?P<number>\d+)$")
_DISPLAY = re.compile(r"^(?P<venue>.*?)\s+(?P<volume>\d+)\s*,\s*(?P<pages>[\w–-]+)\b")
_ANCHOR = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


def paper_link(url: str, label: str = "") -> SiteLink | None:
    """The link of a paper's title or its publist ``link``, by what its address is."""
    url = (url or "").strip()
    if not is_web_url(url):
        return None
    kind = paper_link_kind("", url)  # by its address: a title link's label is the title
    return SiteLink(kind=kind, url=url, label=label)


def _author_names(text: str) -> list[str]:
    """Raw names; "Last, First; Last, First" unless the ";" is a typo inside a
    comma-separated list ("W Auwärter; MP Allan, T Greber" in the template's publist)."""
    if ";" in text:
        pieces = [piece for piece in text.split(";") if piece.strip()]
        if sum(piece.count(",") == 1 for piece in pieces) * 2 <= len(pieces):
            text = text.replace(";", ",")
    return split_pasted_authors(text)


def _entry(record: RawRecord, authors: str, path: str, data: SiteData):
    record.authors = _author_names(authors)
    entry = build_entry(record)
    if isinstance(entry, ParseError):
        data.warnings.append(file_error(path, record.line, entry.message))
        return None
    if entry.year is None and entry.arxiv_id[:2].isdigit() and "." in entry.arxiv_id:
        entry.year = 2000 + int(entry.arxiv_id[:2])  # "2410.16179": the month it was posted
    return entry


def read_publist(items, path: str, site_title: str, data: SiteData) -> None:
    """``_data/publist.yml``: title, image, description, authors, link {url, display},
    highlight (the template's "Group highlights"), news1/news2 (press, kept as links)."""
    keep_template = leftovers.is_template_site(site_title)
    for index, (item, line) in enumerate(items[:MAX_PAPERS], start=1):
        origin = Origin(path, line)
        if not isinstance(item, dict) or not item.get("title"):
            data.warnings.append(file_error(path, line, "a publication without a title"))
            continue
        authors = inline_markdown(item.get("authors"))
        if not keep_template and leftovers.is_template_paper(authors):
            data.skipped.append(
                Skipped(inline_markdown(item.get("title")), leftovers.TEMPLATE_PAPER, origin)
            )
            continue
        paper = _publist_paper(item, index, authors, origin, data)
        if paper is not None:
            data.papers.append(paper)
    if len(items) > MAX_PAPERS:
        data.warnings.append(file_error(path, None, f"only the first {MAX_PAPERS} papers read"))


def _publist_paper(item: dict, index: int, authors: str, origin: Origin, data: SiteData):
    link = item.get("link") if isinstance(item.get("link"), dict) else {}
    display = inline_markdown(link.get("display"))
    venue = _YEAR_IN_PARENS.sub("", display).strip(" ,.")
    volume = pages = ""
    if found := _DISPLAY.match(venue):  # "Nature Physics 13, 21 (2017)"
        venue, volume, pages = found["venue"], found["volume"], found["pages"]
    record = RawRecord(
        line=origin.line,
        key=f"publist {index}",
        title=inline_markdown(item.get("title")),
        venue=venue,
        year=(_YEAR.findall(display) or [None])[-1],
        volume=volume,
        pages=pages,
        url=str(link.get("url") or "").strip(),
        abstract=inline_markdown(item.get("description")),
    )
    entry = _entry(record, authors, origin.path, data)
    if entry is None:
        return None
    paper = SitePaper(entry=entry, selected=str(item.get("highlight")) == "1", origin=origin)
    if url_link := paper_link(record.url, display):
        paper.links.append(url_link)
    elif record.url:
        data.skipped.append(Skipped(record.url, "not a web address (http/https)", origin))
    for field in ("news1", "news2", "news"):
        for label, url in _ANCHOR.findall(inline_markdown(item.get(field))):
            paper.links.append(SiteLink(kind=LinkKind.OTHER, url=url, label=label.strip()))
    image = str(item.get("image") or "").strip()
    if image in leftovers.STAND_IN_PAPER_IMAGES:
        data.skipped.append(Skipped(f"images/pubpic/{image}", leftovers.STAND_IN_IMAGE, origin))
    elif image:
        paper.thumbnail = f"images/pubpic/{image}"
    return paper


def read_publication_page(body: str, first_line: int, path: str, data: SiteData) -> bool:
    """A hand-written list: under each heading, entries of a bold title link, an author
    line and an optional venue line; other text there is reported, not lost. Returns
    whether the page held any paper."""
    count = 0
    for part in split_blocks(body, first_line):
        heading = part.heading
        kind = publication_kind(heading)
        selected = bool(_SELECTED_HEADING.search(heading))
        for block in _blocks(part.text, part.first_line):
            if not _TITLE_LINE.match(block[1][0]):
                _report_text(block, heading, path, data)
                continue
            if count >= MAX_PAPERS:
                data.warnings.append(file_error(path, None, f"only {MAX_PAPERS} papers read"))
                return True
            paper = _hand_written(block, kind, selected, path, data)
            if paper is not None:
                data.papers.append(paper)
                count += 1
    return count > 0


def _blocks(text: str, first_line: int):
    """(line, [lines]) per run of non-blank lines, a new run at each title line: an entry
    (title, authors, venue) or text between entries."""
    block: tuple[int, list[str]] | None = None
    for offset, line in enumerate(text.split("\n")):
        if not line.strip() or _TITLE_LINE.match(line):
            if block:
                yield block
            block = (first_line + offset, [line]) if line.strip() else None
        elif block:
            block[1].append(line)
        else:
            block = (first_line + offset, [line])
    if block:
        yield block


def _report_text(block, heading: str, path: str, data: SiteData) -> None:
    raw = "\n".join(block[1])
    if "{%" in raw or "{{" in raw:
        return  # the template's Liquid rendering _data/publist.yml, read from the data
    text = paragraphs_to_markdown(raw)
    if text:
        where = f" under “{heading}”" if heading else ""
        reason = f"text of the publications page{where} that is not a paper; not imported"
        data.skipped.append(Skipped(text, reason, Origin(path, block[0])))


def _hand_written(block, kind, selected, path, data) -> SitePaper | None:
    line, lines = block
    origin = Origin(path, line)
    title_line = _TITLE_LINE.match(lines[0])
    if len(lines) < 2:
        data.warnings.append(file_error(path, line, "a paper without an author line"))
        return None
    venue_text = " ".join(part.strip() for part in lines[2:])
    # "(<font color=Red>Spotlight</font>)", "(**Oral**)": a bold venue alone is no highlight
    highlights = paper_highlights(venue_text)
    venue = plain_text(inline_markdown(without_highlights(venue_text)))
    venue = venue.replace("()", "").strip(" ,.;")
    url = title_line["url"]
    record = RawRecord(
        line=line,
        key=f"line {line}",
        title=inline_markdown(title_line["title"]),
        venue=_YEAR_IN_PARENS.sub("", venue),
        year=(_YEAR.findall(venue) or [None])[-1],
        url=url,
        eprint=parse_arxiv(url),
    )
    venue_short = ""
    if short := short_name_and_year(venue):
        # "NeurIPS2024": the page's own short name, an acronym and a year: a conference.
        name, year = short
        record.venue, record.year, record.entry_type = name, str(year), "inproceedings"
        venue_short = f"{name} {year}"
    elif numbered := _VOLUME_NUMBER.match(record.venue):  # "The Annals … 12.2 (2018)"
        record.venue, record.volume, record.number = numbered.group("venue", "volume", "number")
    entry = _entry(record, lines[1].strip(), path, data)
    if entry is None:
        return None
    entry = replace(entry, kind=kind or entry.kind, venue_short=venue_short or entry.venue_short)
    paper = SitePaper(entry=entry, selected=selected, highlights=highlights, origin=origin)
    if link := paper_link(url):
        paper.links.append(link)
    return paper
