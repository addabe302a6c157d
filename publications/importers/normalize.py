"""Normalisation rules shared by every export parser (and by the import service).

Each parser reads its format into a :class:`~.base.RawRecord`; :func:`build_entry`
applies the rules below so that a paper reads the same whichever file it came from.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from pylatexenc.latex2text import LatexNodes2Text

from publications.choices import PublicationKind

from .base import ParsedAuthor, ParsedEntry, ParseError, RawRecord

# --- Text and LaTeX ------------------------------------------------------------------


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


_LATEX_TRIGGERS = frozenset("\\{}$~")

# Scholar escapes BibTeX case-protection braces as math: "$\{$USENIX$\}$". When two
# protected words touch ("$\{$USENIX$\}$$\{$ATC$\}$"), the space between them is lost.
_SCHOLAR_ARTIFACTS = (
    ("$\\}$$\\{$", " "),
    ("$\\{$", ""),
    ("$\\}$", ""),
    ("$\\backslash$", "\\"),
)
# "%" starts a comment and "&" is a column separator in LaTeX; in titles they are text.
_UNESCAPED_TEXT_SPECIALS = re.compile(r"(?<!\\)([%&#])")
# A math group that is just a sub/superscript number: "H$_2$O", "10$^{3}$".
_MATH_SCRIPT = re.compile(r"\$([_^])\{?(\d+)\}?\$")
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

_latex_decoder = LatexNodes2Text(math_mode="text")

# The TeX that Scholar and DBLP actually write (accents in names, case-protecting
# braces, "--") is decoded by the regexes below, two orders of magnitude faster than
# pylatexenc, which remains the fallback for anything else.
_ACCENT_COMMAND = re.compile(
    r"""\\(?:([`'^"~=.])|([uvHckrdb])(?=[\s{]))\s*"""
    r"""(?:\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))"""
)
_COMBINING_ACCENTS = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    "u": "\u0306",
    ".": "\u0307",
    '"': "\u0308",
    "r": "\u030a",
    "H": "\u030b",
    "v": "\u030c",
    "d": "\u0323",
    "c": "\u0327",
    "k": "\u0328",
    "b": "\u0331",
}
_LETTERS = {
    "ss": "ß",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
}
_LETTER_COMMAND = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])(?:\s*\{\})?\s*")
_ESCAPED_CHARACTER = re.compile(r"\\([&%_#])")
_LIGATURES = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"))


def strip_scholar_artifacts(text: str) -> str:
    """Undo Scholar's "$\\{$...$\\}$" escaping; safe on text that has none."""
    if "$\\" not in text:
        return text
    for artifact, replacement in _SCHOLAR_ARTIFACTS:
        text = text.replace(artifact, replacement)
    return text


def _script_digits(match: re.Match[str]) -> str:
    table = _SUBSCRIPTS if match.group(1) == "_" else _SUPERSCRIPTS
    return match.group(2).translate(table)


def _accented(match: re.Match[str]) -> str:
    accent = match.group(1) or match.group(2)
    letter = match.group(3) or match.group(4)
    return letter.lstrip("\\") + _COMBINING_ACCENTS[accent]


def _decode_common_latex(text: str) -> str | None:
    """Decode accents, escaped characters and braces; None if other TeX is left."""
    decoded = _ACCENT_COMMAND.sub(_accented, text)
    decoded = _LETTER_COMMAND.sub(lambda match: _LETTERS[match.group(1)], decoded)
    decoded = _ESCAPED_CHARACTER.sub(r"\1", decoded)
    if "\\" in decoded or "$" in decoded or "`" in decoded.replace("``", ""):
        return None
    for ligature, character in _LIGATURES:
        decoded = decoded.replace(ligature, character)
    return decoded.replace("{", "").replace("}", "").replace("~", " ")


@functools.lru_cache(maxsize=8192)
def _decode_latex(text: str) -> str:
    # Cached: co-author names and venues repeat across a profile.
    prepared = strip_scholar_artifacts(text)
    decoded = _decode_common_latex(prepared)
    if decoded is None:
        decoded = _decode_any_latex(prepared)
    return collapse_whitespace(unicodedata.normalize("NFC", decoded))


def _decode_any_latex(text: str) -> str:
    text = _UNESCAPED_TEXT_SPECIALS.sub(r"\\\1", text)
    text = _MATH_SCRIPT.sub(_script_digits, text)
    try:
        return _latex_decoder.latex_to_text(text)
    except Exception:
        # Arbitrary uploaded TeX must never break an import; fall back to plain text.
        return re.sub(r"[{}$\\]", "", text)


def latex_to_text(text: str) -> str:
    """Readable text from a BibTeX value: "R{\\'e}" -> "Ré", "{USENIX}" -> "USENIX"."""
    if _LATEX_TRIGGERS.isdisjoint(text):
        return collapse_whitespace(text)
    return _decode_latex(text)


def clean_text(text: str) -> str:
    """Tidy a value that is already plain text (decoded BibTeX, CSV, RIS, EndNote)."""
    return collapse_whitespace(strip_scholar_artifacts(text))


def title_key(title: str) -> str:
    """Key under which two records of the same title collide, whatever their case,
    accents, TeX markup, punctuation or spacing."""
    folded = unicodedata.normalize("NFKD", latex_to_text(title)).casefold()
    return _NOT_ALNUM.sub("", folded)  # keeps exactly the characters str.isalnum() accepts


_NOT_ALNUM = re.compile(r"[\W_]+")


# --- Authors -------------------------------------------------------------------------

_BIBTEX_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_COMMA = re.compile(r",")
_EQUAL_CONTRIBUTION_MARKS = frozenset("*†‡")
_CORRESPONDING_MARKS = frozenset("✉")
_STRIP_MARKS = str.maketrans("", "", "".join(_EQUAL_CONTRIBUTION_MARKS | _CORRESPONDING_MARKS))
_TRUNCATION_MARKS = frozenset({"others", "et al", "et al.", "etal", "etc", "etc.", "…", "..."})
_ELLIPSES = ("…", "...")
# A one-letter initial followed by a dot: "R." in "Gregory R. Ganger", "J." in "J.-P.".
_INITIAL_WITH_DOT = re.compile(r"(?<![^\W\d_])([^\W\d_])\.")
# DBLP disambiguates homonyms with a number: "Wei Chen 0001".
_HOMONYM_NUMBER = re.compile(r"\s+\d{4}$")


def _split_outside_braces(text: str, separator: re.Pattern[str]) -> list[str]:
    """``separator.split(text)``, except inside {...}: "{Barnes and Noble}" is one name."""
    if "{" not in text:
        return separator.split(text)
    pieces: list[str] = []
    depth = piece_start = scanned_to = 0
    for match in separator.finditer(text):
        here = match.start()
        depth += text.count("{", scanned_to, here) - text.count("}", scanned_to, here)
        scanned_to = here
        if depth == 0:
            pieces.append(text[piece_start:here])
            piece_start = match.end()
    pieces.append(text[piece_start:])
    return pieces


def split_authors_bibtex(field: str) -> list[str]:
    """Raw names of a BibTeX ``author`` field; "others" is kept for the caller to see."""
    return [name.strip() for name in _split_outside_braces(field, _BIBTEX_AND) if name.strip()]


def split_authors_list(field: str, separator: str = ";") -> list[str]:
    """Raw names of a separated list such as Scholar CSV's "Last, First; Last, First; "."""
    return [name.strip() for name in field.split(separator) if name.strip()]


def _drop_initial_dots(name: str) -> str:
    def undot(match: re.Match[str]) -> str:
        following = match.string[match.end() : match.end() + 1]
        return match.group(1) if following in ("-", "") else f"{match.group(1)} "

    return collapse_whitespace(_INITIAL_WITH_DOT.sub(undot, name))


def normalize_name(raw: str) -> str:
    """Display form "First Middle Last" of a name in any of the usual spellings.

    "Ganger, Gregory R." and "Gregory R. Ganger" both give "Gregory R Ganger";
    "von Last, Jr, First" gives "First von Last Jr"; TeX accents are decoded.
    """
    if _LATEX_TRIGGERS.isdisjoint(raw):
        parts = [part.strip() for part in raw.split(",")]
    else:  # a comma inside braces, "{Google, Inc.}", is part of the name
        parts = [latex_to_text(part) for part in _split_outside_braces(raw, _COMMA)]
    parts = [part for part in parts if part]
    if len(parts) == 2:
        last, first = parts
        parts = [first, last]
    elif len(parts) >= 3:
        last, suffix, first = parts[0], parts[1], " ".join(parts[2:])
        parts = [first, last, suffix]
    name = collapse_whitespace(" ".join(parts))
    if "." in name:
        name = _drop_initial_dots(name)
    return _HOMONYM_NUMBER.sub("", name) if name[-1:].isdigit() else name


def is_truncation_mark(raw: str) -> bool:
    """Whether ``raw`` is a truncation mark ("others", "et al.", "…") rather than a name."""
    return raw.strip().casefold() in _TRUNCATION_MARKS


def parse_author(raw: str) -> ParsedAuthor | None:
    """A ParsedAuthor with the contribution marks moved into flags; None if no name is left."""
    name, equal_contribution, corresponding = _author_fields(raw)
    if not name:
        return None
    return ParsedAuthor(name, equal_contribution, corresponding)


@functools.lru_cache(maxsize=16384)  # co-authors repeat throughout a profile
def _author_fields(raw: str) -> tuple[str, bool, bool]:
    return (
        normalize_name(raw.translate(_STRIP_MARKS)),
        not _EQUAL_CONTRIBUTION_MARKS.isdisjoint(raw),
        not _CORRESPONDING_MARKS.isdisjoint(raw),
    )


def parse_authors(raw_names: Iterable[str]) -> tuple[list[ParsedAuthor], bool]:
    """Authors in source order, and whether the list was truncated by the source."""
    authors: list[ParsedAuthor] = []
    truncated = False
    for raw in raw_names:
        if is_truncation_mark(raw):
            truncated = True
            continue
        if raw.endswith(_ELLIPSES):  # "Jane Doe…": the last name shown, then a cut
            truncated = True
            raw = raw.rstrip(".…")
        author = parse_author(raw)
        if author is not None:
            authors.append(author)
    return authors, truncated


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
        url=record.url.strip(),
        abstract=clean_text(record.abstract),
        note=note,
        citation_count=record.citation_count,
        raw_type=record.raw_type,
    )
