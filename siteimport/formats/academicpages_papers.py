"""academicpages ``_publications/*.md``: one paper a file. The front matter gives title,
date, venue, category and the link fields (``paperurl``, ``slidesurl``, ``bibtexurl`` and the
``codeurl``/``preprinturl``/``pageurl`` forks add); the authors are only in ``citation``, an
HTML string in whatever style the owner pasted (IEEE, APA, a whole BibTeX entry), where the
owner is the bold name and ``<sup>*</sup>`` marks equal contribution."""

from __future__ import annotations

import html
import re

from labsite.dates import DatePrecision
from people.pasted_lists import HTML_TAG
from publications.choices import LinkKind
from publications.importers.authors import is_truncation_mark
from publications.importers.base import ParseError, RawRecord
from publications.importers.bibtex import read_records
from publications.importers.normalize import build_entry
from siteimport.formats.academicpages_cv import front_matter_date
from siteimport.formats.academicpages_template import demo_reason
from siteimport.text.cleaning import clean_lines
from siteimport.text.highlights import paper_highlights
from siteimport.text.links import paper_link_kind
from siteimport.text.markdown import tidy
from siteimport.types import Origin, SiteLink, SitePaper, Skipped

MAX_ABSTRACT_CHARS = 5000

# Front-matter link fields -> (label, kind when the address does not say better).
LINK_FIELDS = {
    "paperurl": ("Paper", LinkKind.PDF),
    "preprinturl": ("Preprint", LinkKind.PDF),
    "slidesurl": ("Slides", LinkKind.SLIDES),
    "posterurl": ("Poster", LinkKind.POSTER),
    "videourl": ("Video", LinkKind.VIDEO),
    "codeurl": ("Code", LinkKind.CODE),
    "pageurl": ("Project page", LinkKind.PROJECT),
    "bibtexurl": ("BibTeX", LinkKind.OTHER),
}
# academicpages' categories (``publication_category`` in _config.yml) as BibTeX types.
CATEGORY_TYPES = {"manuscripts": "article", "conferences": "inproceedings", "books": "book"}
_TITLE_TYPES = (
    ("journal", "article"),
    ("conference", "inproceedings"),
    ("book", "book"),
    ("preprint", "unpublished"),
    ("workshop", "inproceedings"),
    ("thesis", "phdthesis"),
    ("patent", "patent"),
)

_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"'<>]+)")
_YEAR_IN_PARENTHESES = re.compile(r"\(\s*\d{4}[a-z]?\s*\)")
_QUOTE = re.compile(r"\"|“")
_BOLD_OPEN = re.compile(r"<(?:b|strong)\b[^>]*>", re.I)
_BOLD_CLOSE = re.compile(r"</(?:b|strong)\s*>", re.I)
_EQUAL_MARK = re.compile(r"<sup>\s*([*†‡#])\s*</sup>", re.I)
_SEPARATORS = re.compile(r"\s*[,;]\s*(?:(?:and|&)\s+)?|\s+and\s+|\s*&\s*")
_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.?[\s-]*)+$")
_TEMPLATE_LINES = re.compile(r"^(?:\[download paper here\]\(.*\)|recommended citation:.*)$", re.I)


def _kind_type(metadata: dict, categories: dict) -> str:
    category = str(metadata.get("category") or "")
    if category in CATEGORY_TYPES:
        return CATEGORY_TYPES[category]
    heading = categories.get(category)
    title = str(
        (heading.get("title") if isinstance(heading, dict) else heading) or category
    ).lower()
    return next((kind for word, kind in _TITLE_TYPES if word in title), "")


def _author_part(citation: str) -> str:
    """The authors in a citation line: what comes before the quoted title or "(2020)"."""
    ends = [
        match.start()
        for match in (_QUOTE.search(citation), _YEAR_IN_PARENTHESES.search(citation))
        if match
    ]
    if ends:
        return citation[: min(ends)]
    head = citation.split(". ", 1)[0]
    return head if "," in head else ""


def _pairable(pieces: list[str]) -> int:
    """APA's "Briody, A. C., Cardenas, M. B." split on commas gives surnames and initials
    in turn: how many leading pieces are such pairs (0 when they are not); a closing
    "et al." is not part of them."""
    names = len(pieces) - (1 if pieces and is_truncation_mark(pieces[-1]) else 0)
    if names < 2 or names % 2 or not all(_INITIALS.match(p) for p in pieces[1:names:2]):
        return 0
    return names


def citation_authors(citation: str) -> tuple[list[str], int | None]:
    """Raw author names of a citation line and the index of the bold one (the owner)."""
    part = _EQUAL_MARK.sub(r"\1", _author_part(html.unescape(citation)))
    part = _BOLD_CLOSE.sub("\x02", _BOLD_OPEN.sub("\x01", part))
    pieces, bold_flags, inside = [], [], False
    for piece in _SEPARATORS.split(part):
        bold = False
        for char in piece:
            inside = True if char == "\x01" else False if char == "\x02" else inside
            bold = bold or (inside and char.isalnum())
        text = HTML_TAG.sub("", piece.replace("\x01", "").replace("\x02", "")).strip(" .,")
        if text:
            pieces.append(text)
            bold_flags.append(bold)
    if names := _pairable(pieces):
        pieces = [f"{pieces[i]}, {pieces[i + 1]}" for i in range(0, names, 2)] + pieces[names:]
        bold_flags = [bold_flags[i] or bold_flags[i + 1] for i in range(0, names, 2)] + bold_flags[
            names:
        ]
    owner = bold_flags.index(True) if bold_flags.count(True) == 1 else None
    return pieces, owner


def _bibtex_entry(citation: str, origin: Origin, warnings: list[str]):
    """A whole BibTeX entry pasted as the citation (some forks do)."""
    for record in read_records(citation):
        if isinstance(record, ParseError):
            warnings.append(
                f"{origin.describe()}: the BibTeX in “citation” cannot be read ({record.message})."
            )
            return None
        return record
    return None


def _links(metadata: dict, resolve, origin: Origin, warnings: list[str]) -> list[SiteLink]:
    links = []
    for field_name, (label, kind) in LINK_FIELDS.items():
        raw = metadata.get(field_name)
        if not raw:
            continue
        url = resolve(str(raw))
        if not url:
            warnings.append(
                f"{origin.describe()}: {field_name} {raw!r} is not a web address; left out."
            )
            continue
        # A paperurl is often the publisher's page, not the PDF: its address decides.
        named = "" if kind == LinkKind.PDF else label
        default = LinkKind.OTHER if kind == LinkKind.PDF else kind
        links.append(SiteLink(kind=paper_link_kind(named, url, default), url=url, label=label))
    return links


def _abstract(body: str, metadata: dict) -> str:
    lines = [line for line in clean_lines(body) if not _TEMPLATE_LINES.match(line.strip())]
    text = re.sub(r"^\s*(?:#+\s*)?abstract\s*:?\s*", "", tidy(lines), flags=re.I)
    excerpt = str(metadata.get("excerpt") or "").strip()
    if not text and excerpt.strip(". "):
        text = tidy(clean_lines(excerpt))
    return text[:MAX_ABSTRACT_CHARS]


def _thumbnail(metadata: dict) -> str:
    header = metadata.get("header") if isinstance(metadata.get("header"), dict) else {}
    image = header.get("teaser") or metadata.get("teaser") or metadata.get("image") or ""
    if not isinstance(image, str) or not image.strip() or "://" in image:
        return ""
    image = image.strip().lstrip("/")
    return image if "/" in image else f"images/{image}"


def _record(
    metadata: dict, citation: str, origin: Origin, warnings: list[str]
) -> tuple[RawRecord, int | None]:
    date = front_matter_date(metadata.get("date"))
    owner = None
    if citation.lstrip().startswith("@"):  # a whole BibTeX entry: no prose to fall back on
        record = _bibtex_entry(citation, origin, warnings) or RawRecord(origin.line, origin.path)
    else:
        names, owner = citation_authors(citation) if citation else ([], None)
        record = RawRecord(line=origin.line, key=origin.path, authors=names)
    record.key, record.line = origin.path, origin.line
    record.title = str(metadata.get("title") or record.title or "")
    # A BibTeX entry's venue is the structured one; the page's may say "Under Review".
    record.venue = html.unescape(str(record.venue or metadata.get("venue") or "")).strip("\ufeff ")
    if date.date is not None:
        record.year = date.date.year
        # "2016-01-01" is how academicpages users write "2016": no month from January 1st.
        if date.precision == DatePrecision.DAY and (date.date.month, date.date.day) != (1, 1):
            record.month = str(date.date.month)
    doi = _DOI.search(
        " ".join(str(metadata.get(key) or "") for key in ("paperurl", "doi")) + " " + citation
    )
    record.doi = record.doi or (doi.group(1).rstrip(".,;") if doi else "")
    return record, owner


def read_paper(
    metadata: dict, body: str, origin: Origin, *, categories: dict, resolve, warnings: list[str]
) -> SitePaper | Skipped | None:
    """One ``_publications/`` file as a SitePaper, a Skipped template demo, or None (with a
    warning) when it has no title."""
    citation = str(metadata.get("citation") or "").replace("\ufeff", "")
    title = str(metadata.get("title") or "").strip()
    reason = demo_reason(title, citation + body)
    if reason:
        return Skipped(f"{origin.path}: {title}", reason, origin)
    record, owner = _record(metadata, citation, origin, warnings)
    record.entry_type = record.entry_type or _kind_type(metadata, categories)
    record.raw_type = record.raw_type or str(metadata.get("category") or "")
    links = _links(metadata, resolve, origin, warnings)
    arxiv = next((link.url for link in links if link.kind == LinkKind.ARXIV), "")
    record.eprint, record.url = (
        record.eprint or arxiv,
        record.url or next((link.url for link in links), ""),
    )
    record.abstract = _abstract(body, metadata)
    entry = build_entry(record)
    if isinstance(entry, ParseError):
        warnings.append(f"{origin.describe()}: {entry.message}; the file was not imported.")
        return None
    return SitePaper(
        entry=entry,
        links=links,
        selected=bool(metadata.get("selected") or metadata.get("featured")),
        highlights=paper_highlights(
            citation, str(metadata.get("venue") or ""), str(metadata.get("excerpt") or "")
        ),
        thumbnail=_thumbnail(metadata),
        origin=origin,
        owner_index=owner if owner is not None and owner < len(entry.authors) else None,
    )
