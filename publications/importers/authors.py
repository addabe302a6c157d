"""Author lists of every export: splitting, name forms, contribution marks, "and others".

Part of the normalisation every parser shares (publications/importers/normalize.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from .base import ParsedAuthor
from .text import LATEX_TRIGGERS, collapse_whitespace, latex_to_text

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
    if LATEX_TRIGGERS.isdisjoint(raw):
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


# --- An author list typed or pasted in admin ---------------------------------------------

# On our pages "*" marks equal contribution and "†" the corresponding author.
_PASTED_EQUAL_MARKS = frozenset("*")
_PASTED_CORRESPONDING_MARKS = frozenset("†✉")
_PASTED_MARKS = str.maketrans("", "", "*†✉")
_COMMA_OR_AND = re.compile(r",|\s+and\s+|\s*&\s*", re.IGNORECASE)
_LEADING_AND = re.compile(r"^(?:and|&)\s+", re.IGNORECASE)


def split_pasted_authors(text: str) -> list[str]:
    """Raw names of a pasted list: "Last, First; Last, First" (";" present), one name a
    line, or "First Last, First Last and First Last". Markdown bold and the backslashes
    of escaped marks ("**Jiaming Xu\\***") are dropped."""
    text = text.replace("**", "").replace("\\", "")
    if ";" in text:
        pieces = text.split(";")
    elif "\n" in text.strip():
        pieces = text.splitlines()
    else:
        pieces = _COMMA_OR_AND.split(text)
    pieces = [_LEADING_AND.sub("", piece.strip()).strip() for piece in pieces]
    return [piece for piece in pieces if piece]


def parse_pasted_authors(text: str) -> tuple[list[ParsedAuthor], bool]:
    """Authors of a pasted list with their marks ("*" co-first, "†" corresponding), and
    whether it ends in "et al." / "others"."""
    authors: list[ParsedAuthor] = []
    truncated = False
    for raw in split_pasted_authors(text):
        if is_truncation_mark(raw):
            truncated = True
            continue
        name = normalize_name(raw.translate(_PASTED_MARKS))
        if name:
            authors.append(ParsedAuthor(
                name,
                equal_contribution=not _PASTED_EQUAL_MARKS.isdisjoint(raw),
                corresponding=not _PASTED_CORRESPONDING_MARKS.isdisjoint(raw),
            ))
    return authors, truncated
