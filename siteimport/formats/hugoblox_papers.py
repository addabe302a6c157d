"""Papers: ``content/publication(s)/<slug>/index.md`` and its ``cite.bib``.

The record comes from ``cite.bib`` through the publication importers (one set of
normalisation rules) when the file describes the same paper; else from the front matter,
through the same ``build_entry``. The front matter adds what only the site knows: the
owner behind ``admin``, co-first marks (``Name*`` or an "Equal contribution" author note),
``publication_short``, ``featured``, links by label, ``featured.*`` as thumbnail.
"""

from __future__ import annotations

import re

from publications.importers import parse as parse_records
from publications.importers.authors import parse_authors
from publications.importers.base import ParsedEntry, RawRecord
from publications.importers.normalize import (
    build_entry,
    infer_kind,
    is_arxiv_venue,
    normalize_doi,
    short_venue,
)
from publications.linking import name_tokens
from siteimport.formats.hugoblox_people import Owner
from siteimport.formats.hugoblox_site import HugoPage, HugoSite, demo_reason, list_value, web_url
from siteimport.text.cleaning import blocks_to_markdown, plain_line
from siteimport.text.frontmatter import as_date
from siteimport.text.highlights import paper_highlights
from siteimport.text.links import paper_link_kind
from siteimport.types import Origin, SiteLink, SitePaper

# publication_types: the numeric legend of v5 (up to 2022) and CSL names (later), as the
# BibTeX types the importers' infer_kind reads.
_TYPES = {
    "0": "misc", "1": "inproceedings", "2": "article", "3": "unpublished", "4": "techreport",
    "5": "book", "6": "incollection", "7": "phdthesis", "8": "patent",
    "paper-conference": "inproceedings", "article-journal": "article", "article": "unpublished",
    "preprint": "unpublished", "report": "techreport", "book": "book", "chapter": "incollection",
    "thesis": "phdthesis", "patent": "patent", "manuscript": "unpublished",
}
# url_* front-matter keys → publications.PublicationLink.Kind.
_URL_KEYS = {"url_pdf": "pdf", "url_code": "code", "url_dataset": "dataset",
             "url_poster": "poster", "url_project": "project", "url_slides": "slides",
             "url_source": "other", "url_video": "video"}
_EQUAL_NOTE = re.compile(r"equal|joint first|co-?first", re.I)
_IN = re.compile(r"^\s*In\s+", re.I)
# What follows a venue's short name on a page: "IJCAI-23 (oral) [[arxiv](…)]".
_AFTER_SHORT = re.compile(r"\s*[(\[].*$")


def read_papers(site: HugoSite, owner: Owner) -> None:
    for path in site.bundles("publication", "publications"):
        page = site.page(path)
        if page is None:
            continue
        title = plain_line(page.meta.get("title") or "")
        if reason := demo_reason(page):
            site.skip(f"the paper “{title}”", reason, page.origin)
            continue
        if page.meta.get("draft") is True:
            site.skip(f"the paper “{title}”", "a draft (draft: true), never published",
                      page.origin)
            continue
        entry = _from_bib(site, page, title) or _from_front_matter(site, page, owner, title)
        if entry is not None:
            site.data.papers.append(_paper(site, page, entry, owner))


def _same_title(first: str, second: str) -> bool:
    def key(text):
        return re.sub(r"\W+", "", text.casefold())

    return not first or not second or key(first) == key(second)


def _from_bib(site: HugoSite, page: HugoPage, title: str) -> ParsedEntry | None:
    path = f"{page.folder}/cite.bib"
    if not site.has(path):
        return None
    result = parse_records(site.source.read_bytes(path), filename=path, format="bibtex")
    for error in result.errors:
        site.warn(f"{error.describe()}; the page's front matter was used instead.")
    if not result.entries:
        return None
    entry = result.entries[0]
    if not _same_title(entry.title, title):
        site.warn(f"{path} describes another paper (“{entry.title}”) than its page "
                  f"(“{title}”); the page's front matter was used.")
        return None
    return entry


def _from_front_matter(site, page: HugoPage, owner: Owner, title: str) -> ParsedEntry | None:
    meta = page.meta
    date = as_date(meta.get("date"))
    raw_type, entry_type = _page_type(meta)
    record = RawRecord(
        line=1,
        key=page.folder.rsplit("/", 1)[-1],
        raw_type=raw_type,
        entry_type=entry_type,
        title=title,
        authors=[owner.resolve(str(name)) for name in _authors(meta)],
        venue=_venue(meta.get("publication")),
        year=date.year if date else None,
        month=str(date.month) if date and (date.month, date.day) != (1, 1) else "",
        doi=str(meta.get("doi") or ""),
        abstract=blocks_to_markdown(meta.get("abstract") or ""),
    )
    built = build_entry(record)
    if isinstance(built, ParsedEntry):
        return built
    site.warn(f"{page.path}: {built.message}; the paper was left out.")
    return None


def _page_type(meta: dict) -> tuple[str, str]:
    """(publication_types[0] as written, the BibTeX type it means)."""
    types = meta.get("publication_types")
    written = str(types[0]) if isinstance(types, list) and types else ""
    return written, _TYPES.get(written, "")


def _authors(meta: dict) -> list:
    authors = meta.get("authors")
    if not isinstance(authors, list):
        return []
    # 'Fabian Pedregosa"' (an unquoted YAML item ending in a quote) is a typo, not a name.
    return [name.strip().strip("\"'") for name in authors if isinstance(name, str)]


def _venue(value) -> str:
    return _IN.sub("", plain_line(value or ""))


def _paper(site: HugoSite, page: HugoPage, entry: ParsedEntry, owner: Owner) -> SitePaper:
    meta = page.meta
    _use_page_authors(site, page, entry, owner)
    _mark_co_first(entry, meta)
    _use_page_venue(entry, meta)
    if entry.year is None and (date := as_date(meta.get("date"))):
        entry.year = date.year
    if not entry.doi and meta.get("doi"):
        entry.doi = normalize_doi(str(meta["doi"]))
    if not entry.abstract:
        entry.abstract = blocks_to_markdown(meta.get("abstract") or "")
    texts = [entry.note, plain_line(meta.get("publication") or ""),
             plain_line(meta.get("publication_short") or "")]
    highlights = paper_highlights(*texts)
    return SitePaper(
        owner_index=_owner_index(entry, meta, owner),
        entry=entry,
        links=_links(site, page, entry),
        selected=meta.get("featured") is True,
        highlights=highlights,
        thumbnail=site.beside(page.folder, "featured"),
        origin=page.origin,
    )


def _use_page_authors(site, page: HugoPage, entry: ParsedEntry, owner: Owner) -> None:
    """The page shows its own author list; a cite.bib that lists others (an older version,
    a copy-paste) yields to it."""
    names = _authors(page.meta)
    if names and len(names) != len(entry.authors):
        site.warn(f"{page.folder}/cite.bib lists {len(entry.authors)} authors, its page "
                  f"{len(names)}; the page's list was used.")
        entry.authors, entry.authors_truncated = parse_authors(owner.resolve(n) for n in names)


def _use_page_venue(entry: ParsedEntry, meta: dict) -> None:
    """The venue the page shows ("*AISTATS 2020*") over a stale record's (arXiv), and its
    own short form ("In *NeurIPS 2022*", "In _IJCAI-23_ (oral) [[arxiv](…)]")."""
    venue = _venue(meta.get("publication"))
    if venue and venue != entry.venue and not is_arxiv_venue(venue):
        entry.venue = venue
        entry_type = _page_type(meta)[1] or entry.raw_type  # the page's "1": a conference paper
        entry.kind = infer_kind(entry_type, venue, entry.note, entry.publisher)
        entry.venue_short = short_venue(venue, entry.year)
    short = _AFTER_SHORT.sub("", _venue(meta.get("publication_short")))
    if short:
        entry.venue_short = short


def _owner_index(entry: ParsedEntry, meta: dict, owner: Owner) -> int | None:
    """Where the owner stands in the author list: the page's "admin" (or the owner's own
    name), else the author whose name is the owner's but for case, accents and order
    ("Geoffrey Negiar" for Geoffrey Négiar), as member linking compares names."""
    names = _authors(meta)
    for index, name in enumerate(names if len(names) == len(entry.authors) else []):
        if name.rstrip("*†‡ ") in owner.aliases:
            return index
    if not owner.name:
        return None
    wanted = name_tokens(owner.name)
    found = [i for i, author in enumerate(entry.authors) if name_tokens(author.name) == wanted]
    return found[0] if found else None


def _mark_co_first(entry: ParsedEntry, meta: dict) -> None:
    """Co-first authors as the page marks them, onto the record's authors by position."""
    names = [str(name) for name in _authors(meta)]
    notes = meta.get("author_notes") if isinstance(meta.get("author_notes"), list) else []
    if len(names) != len(entry.authors):
        return
    for index, name in enumerate(names):
        note = str(notes[index]) if index < len(notes) and notes[index] else ""
        if name.rstrip().endswith(("*", "†")) or _EQUAL_NOTE.search(note):
            entry.authors[index].equal_contribution = True


def _links(site: HugoSite, page: HugoPage, entry: ParsedEntry) -> list[SiteLink]:
    links: list[SiteLink] = []
    seen = set()
    candidates = [(_URL_KEYS[key], "Source" if key == "url_source" else "", page.meta.get(key))
                  for key in _URL_KEYS]
    for item in list_value(page.meta.get("links")):
        if isinstance(item, dict):
            name = str(item.get("name") or item.get("type") or "").strip()
            url = str(item.get("url") or "")
            candidates.append((paper_link_kind(name, url), name, url))
    for kind, label, url in candidates:
        url = str(url or "").strip()
        if not url or url in seen:
            continue
        if not web_url(url):
            site.skip(f"the link “{label or kind}” of “{entry.title}” ({url})",
                      "a file inside the site, not a web address; upload it after the import",
                      Origin(page.path, 1))
            continue
        seen.add(url)
        if label.casefold() == kind:
            label = ""  # "arxiv", "Code": the kind says it already
        links.append(SiteLink(kind=kind, url=url, label=label))
    return links
