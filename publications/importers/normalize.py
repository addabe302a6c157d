"""Normalisation rules shared by every export parser (and by the import service).

Each parser reads its format into a :class:`~.base.RawRecord`; :func:`build_entry`
applies the rules so that a paper reads the same whichever file it came from: text and
LaTeX in ``text``, author lists in ``authors``, dates, pages, identifiers, kinds and venues
here. The names of the first two are re-exported, so every rule is reached from here.
"""

from __future__ import annotations

import functools
import re

from publications.choices import PublicationKind

from .authors import (  # noqa: F401 -- part of this module's API
    is_truncation_mark,
    normalize_name,
    parse_author,
    parse_authors,
    split_authors_bibtex,
    split_authors_list,
)
from .base import ParsedEntry, ParseError, RawRecord
from .text import (  # noqa: F401 -- part of this module's API
    clean_text,
    collapse_whitespace,
    latex_to_text,
    strip_scholar_artifacts,
    title_key,
)

# --- Dates, pages, identifiers ---------------------------------------------------------

# "2019", "2019///" (RIS), "2019/05/03/", "2023-05-01".
_YEAR = re.compile(r"(\d{4})(?:[-/.][\d/.-]*)?")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_FIRST_WORD = re.compile(r"[^\W\d_]+|\d{1,2}(?!\d)")


def parse_year(value: str | int | None) -> int | None:
    """A plausible year (1000..2100), or None: a missing year is never 0 or today."""
    if isinstance(value, bool) or value is None:
        return None
    match = _YEAR.fullmatch(str(value).strip())
    if match is None:
        return None
    year = int(match.group(1))
    return year if 1000 <= year <= 2100 else None


def parse_month(value: str | int | None) -> int | None:
    """1..12 from "dec", 'dec # "~3"' (BibTeX macro concatenation), "December", "12"."""
    if isinstance(value, bool) or value is None:
        return None
    # The first operand of a "#" concatenation, without its quotes or braces.
    head = str(value).split("#", 1)[0].strip().strip('"{}').casefold()
    match = _FIRST_WORD.match(head)
    if match is None:
        return None
    word = match.group(0)
    month = int(word) if word.isdigit() else _MONTHS.get(word)
    return month if month is not None and 1 <= month <= 12 else None


_PAGE_RANGE_DASHES = re.compile(r"\s*(?:-{2,}|[‐‑‒–—―−])\s*")
_HYPHEN = re.compile(r"\s*-\s*")


def normalize_pages(pages: str) -> str:
    """Page ranges with an en dash: "1--18", "1-18", "1 – 18" all give "1–18"."""
    pages = collapse_whitespace(pages)
    parts = _PAGE_RANGE_DASHES.split(pages)
    if len(parts) == 1:
        parts = _HYPHEN.split(pages)  # "411-447", but leave "S1-S2-S3" alone
    if len(parts) == 2 and all(parts):
        return f"{parts[0]}–{parts[1]}"
    return pages


def join_pages(first: str, last: str) -> str:
    """Page range from separate start/end fields (RIS ``SP``/``EP``)."""
    first, last = first.strip(), last.strip()
    if first and last and first != last:
        return f"{first}–{last}"
    return first or last


_ARXIV_ID = r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[a-z]{2})?/\d{7})(?:v\d+)?"
_ARXIV_MENTION = re.compile(
    rf"(?:\barxiv[:\s]\s*|arxiv\.org/(?:abs|pdf|html)/|\babs/){_ARXIV_ID}", re.IGNORECASE
)
_BARE_ARXIV_ID = re.compile(_ARXIV_ID, re.IGNORECASE)


def parse_arxiv(*texts: str) -> str:
    """The first arXiv id (without version) in ``texts``: "arXiv preprint arXiv:2309.17453",
    "CoRR abs/2309.17453", "https://arxiv.org/abs/cs/0112017v2", or a bare eprint id."""
    for text in texts:
        if not text:
            continue
        match = _ARXIV_MENTION.search(text) or _BARE_ARXIV_ID.fullmatch(text.strip())
        if match is not None:
            return match.group("id")
    return ""


_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def normalize_doi(doi: str) -> str:
    """A bare DOI ("10.1145/..."), without the resolver URL or "doi:" prefix."""
    return _DOI_PREFIX.sub("", doi.strip())


# --- Kinds and venues ------------------------------------------------------------------

_ARXIV_VENUE = re.compile(r"\barxiv\b|^\s*corr\b", re.IGNORECASE)
_PREPRINT_VENUE = re.compile(r"\b(?:arxiv|biorxiv|medrxiv|chemrxiv|ssrn)\b|^\s*corr\b", re.I)
_CONFERENCE_VENUE = re.compile(
    r"neural information processing systems|machine learning and systems"
    r"|\bproceedings\b|\bconference\b|\bsymposium\b",
    re.IGNORECASE,
)
# Journals whose name nonetheless says "Proceedings".
_PROCEEDINGS_JOURNAL = re.compile(
    r"proceedings of the (?:ieee\b|national academy|royal society|american mathematical)",
    re.IGNORECASE,
)
_THESIS_VENUE = re.compile(r"\bthesis\b|\bdissertation\b", re.IGNORECASE)
_PATENT = re.compile(r"\bpatent", re.IGNORECASE)
# As a venue (gs_data.json citations), only a patent number counts: "US Patent 12,157,235",
# "US Patent App. 17/123,456"; a journal may well have "Patent" in its name.
_PATENT_NUMBER = re.compile(r"\bpatent(?:\s+app\w*\.?)?\s*(?:no\.?\s*)?\d[\d,/]{3,}", re.I)
_WORKSHOP = re.compile(r"\bworkshops?\b", re.IGNORECASE)

_TYPE_KINDS = {
    "phdthesis": PublicationKind.THESIS,
    "mastersthesis": PublicationKind.THESIS,
    "thesis": PublicationKind.THESIS,
    "book": PublicationKind.BOOK,
    "incollection": PublicationKind.CHAPTER,
    "inbook": PublicationKind.CHAPTER,
}


def is_arxiv_venue(venue: str) -> bool:
    return bool(_ARXIV_VENUE.search(venue))


def _is_conference_venue(venue: str) -> bool:
    return bool(_CONFERENCE_VENUE.search(venue)) and not _PROCEEDINGS_JOURNAL.search(venue)


@functools.lru_cache(maxsize=4096)  # a profile has few distinct (type, venue) pairs
def infer_kind(entry_type: str, venue: str = "", note: str = "", publisher: str = "") -> str:
    """The PublicationKind of a record, from its BibTeX-style type and its venue.

    Scholar files NeurIPS, MLSys and many conferences as ``@article``, and arXiv
    preprints as ``@article`` too, so the venue overrides the type where it can.
    """
    entry_type = entry_type.casefold()
    if (
        entry_type == "patent"
        or _PATENT.search(note)
        or _PATENT.search(publisher)
        or _PATENT_NUMBER.search(venue)
    ):
        return PublicationKind.PATENT
    if _PREPRINT_VENUE.search(venue):
        return PublicationKind.PREPRINT
    if entry_type in _TYPE_KINDS:
        return _TYPE_KINDS[entry_type]
    if _WORKSHOP.search(venue):
        return PublicationKind.WORKSHOP
    if entry_type in ("inproceedings", "conference"):
        return PublicationKind.CONFERENCE
    if entry_type == "article":
        return _periodical_kind(venue)
    if entry_type == "" and venue:  # formats without types: CSV, gs_data.json
        if _THESIS_VENUE.search(venue):
            return PublicationKind.THESIS
        return _periodical_kind(venue)
    return PublicationKind.OTHER


def _periodical_kind(venue: str) -> str:
    return PublicationKind.CONFERENCE if _is_conference_venue(venue) else PublicationKind.JOURNAL


# Well-known venues, first match wins; the short name is followed by the year.
_SHORT_VENUES = [
    (re.compile(pattern, re.IGNORECASE), short)
    for pattern, short in (
        (r"neural information processing systems|\bneurips\b|\bnips\b", "NeurIPS"),
        (r"international conference on machine learning(?! and applications)|\bicml\b", "ICML"),
        (r"international conference on learning representations|\biclr\b", "ICLR"),
        (r"machine learning and systems|\bmlsys\b", "MLSys"),
        (r"conference on language modeling|\bcolm\b", "COLM"),
        (r"artificial intelligence and statistics|\baistats\b", "AISTATS"),
        (r"conference on learning theory|\bcolt\b", "COLT"),
        (r"aaai conference on artificial intelligence|\baaai\b", "AAAI"),
        (r"international joint conference on artificial intelligence|\bijcai\b", "IJCAI"),
        (r"knowledge discovery (?:and|&) data mining|\bkdd\b", "KDD"),
        (r"computer vision and pattern recognition|\bcvpr\b", "CVPR"),
        (r"international conference on computer vision|\biccv\b", "ICCV"),
        (r"european conference on computer vision|\beccv\b", "ECCV"),
        (r"findings of the association for computational linguistics", "Findings of ACL"),
        (r"empirical methods in natural language processing|\bemnlp\b", "EMNLP"),
        (r"north american chapter of the association for computational|\bnaacl\b", "NAACL"),
        (r"meeting of the association for computational linguistics|\bacl\b", "ACL"),
        (r"operating systems design and implementation|\bosdi\b", "OSDI"),
        (r"symposium on operating systems principles|\bsosp\b", "SOSP"),
        (r"networked systems design and implementation|\bnsdi\b", "NSDI"),
        (r"usenix annual technical conference|usenix\s*atc\b", "USENIX ATC"),
        (r"file and storage technologies", "FAST"),
        (r"european conference on computer systems|\beurosys\b", "EuroSys"),
        (r"architectural support for programming languages|\basplos\b", "ASPLOS"),
        (r"international symposium on computer architecture|\bisca\b", "ISCA"),
        (r"high[- ]performance computer architecture|\bhpca\b", "HPCA"),
        (r"symposium on cloud computing|\bsocc\b", "SoCC"),
        (r"programming language design and implementation|\bpldi\b", "PLDI"),
        (r"special interest group on data communication|\bsigcomm\b(?! computer comm)", "SIGCOMM"),
        (r"management of data|\bsigmod\b", "SIGMOD"),
        (r"very large data bases|\bvldb\b", "VLDB"),
        (r"international conference on data engineering|\bicde\b", "ICDE"),
        (r"computer and communications security|\bccs\b", "CCS"),
        (r"usenix security symposium", "USENIX Security"),
        (r"ieee symposium on security and privacy", "IEEE S&P"),
        (r"network and distributed system security", "NDSS"),
        (r"international conference on robotics and automation|\bicra\b", "ICRA"),
        (r"conference on robot learning|\bcorl\b", "CoRL"),
        (r"human factors in computing systems|\bchi\b", "CHI"),
        (r"high performance computing, networking, storage and analysis", "SC"),
    )
]


def short_venue(venue: str, year: int | None) -> str:
    """A short label such as "NeurIPS 2024" or "arXiv 2023"; "" for venues not in the table."""
    short = _short_venue_name(venue)
    if short and year is not None:
        return f"{short} {year}"
    return short


@functools.lru_cache(maxsize=4096)  # a profile has few distinct venues, each many times
def _short_venue_name(venue: str) -> str:
    if _WORKSHOP.search(venue):
        return ""  # "NeurIPS Workshop on ..." is not NeurIPS
    if is_arxiv_venue(venue):
        return "arXiv"
    return next((short for pattern, short in _SHORT_VENUES if pattern.search(venue)), "")


# --- Google Scholar paper ids ------------------------------------------------------------

# The profile's user id and the paper's id, as in ``citation_for_view=DhtAFkwAAAAJ:ALROH1vI_8AC``.
SCHOLAR_PAPER_ID = re.compile(r"^[\w-]{12}:[\w-]{12}$")


def scholar_paper_id(value: str) -> str:
    """``value`` if it is a whole Scholar paper id ("USERID:PAPERID"), else "". Case
    matters in these ids: they are compared as written, never case-folded."""
    value = (value or "").strip()
    return value if SCHOLAR_PAPER_ID.match(value) else ""


# --- Putting a record together ---------------------------------------------------------


def build_entry(record: RawRecord) -> ParsedEntry | ParseError:
    """Apply every normalisation rule to a record read by one of the parsers."""
    title = clean_text(record.title)
    if not title:
        return ParseError(record.line, record.key, "entry has no title")
    venue = clean_text(record.venue)
    publisher = clean_text(record.publisher)
    note = clean_text(record.note)
    volume = clean_text(record.volume)
    kind = infer_kind(record.entry_type, venue, note, publisher)
    arxiv_id = parse_arxiv(record.eprint, venue, volume, record.url, note)
    if is_arxiv_venue(venue):
        venue = "arXiv"
        if parse_arxiv(volume):  # DBLP's "volume = {abs/2309.17453}" is no volume
            volume = ""
    year = parse_year(record.year)
    authors, truncated = parse_authors(record.authors)
    return ParsedEntry(
        line=record.line,
        key=record.key,
        kind=kind,
        title=title,
        authors=authors,
        authors_truncated=truncated,
        venue=venue,
        venue_short=short_venue(venue, year),
        year=year,
        month=parse_month(record.month),
        volume=volume,
        number=clean_text(record.number),
        pages=normalize_pages(record.pages),
        publisher=publisher,
        doi=normalize_doi(record.doi),
        arxiv_id=arxiv_id,
        scholar_id=scholar_paper_id(record.scholar_id),
        url=record.url.strip(),
        abstract=clean_text(record.abstract),
        note=note,
        citation_count=record.citation_count,
        raw_type=record.raw_type,
    )
