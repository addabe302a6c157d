"""BibTeX export: one paper or a (filtered) list, UTF-8, readable by BibTeX and parsers.

- Keys are ``surnameYEARfirstword`` (``qiao2021pollux``): the first author's family
  name and the first title word that is not a stop-word, folded to ASCII. Papers that
  would share a key get a, b, …, z, aa, … (never running out) in the order they were
  added, so keys are unique within a file and stay put when the list is filtered or
  re-sorted.
- LaTeX specials in text are escaped (``& % $ # _ { } ~ ^ \\``); words whose capitals
  must survive a bibliography style ("GPU", "FlashAttention") are wrapped in braces.
- Accented letters stay UTF-8 (biber, bibtex with inputenc, and every parser read it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from publications.choices import PublicationKind
from publications.linking import name_tokens
from publications.queries import Entry

ENTRY_TYPES = {
    PublicationKind.CONFERENCE: "inproceedings",
    PublicationKind.WORKSHOP: "inproceedings",
    PublicationKind.JOURNAL: "article",
    PublicationKind.PREPRINT: "misc",
    PublicationKind.THESIS: "phdthesis",
    PublicationKind.BOOK: "book",
    PublicationKind.CHAPTER: "incollection",
    PublicationKind.PATENT: "misc",
    PublicationKind.OTHER: "misc",
}
# The field that holds the venue, per entry type.
VENUE_FIELDS = {
    "inproceedings": "booktitle",
    "incollection": "booktitle",
    "article": "journal",
    "phdthesis": "school",
    "book": "series",
    "misc": "howpublished",
}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "on",
        "of",
        "in",
        "for",
        "to",
        "and",
        "at",
        "by",
        "with",
        "from",
        "via",
        "is",
        "are",
        "how",
        "what",
        "when",
        "why",
        "do",
        "does",
        "can",
        "towards",
        "toward",
        "into",
        "as",
    ]
)

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# BibTeX counts "\{" as a brace too: unbalanced braces must be spelled out instead.
_UNBALANCED_BRACES = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
_WORD = re.compile(r"[a-z0-9]+")
_AND = re.compile(r"\band\b", re.IGNORECASE)
_PAGE_RANGE = re.compile(r"^\s*(\w+)\s*(?:-+|–|—)\s*(\w+)\s*$")


def _braces_balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


_ESCAPES = str.maketrans(_SPECIALS)
_ESCAPES_UNBALANCED = str.maketrans({**_SPECIALS, **_UNBALANCED_BRACES})


def escape(text: str) -> str:
    """``text`` with LaTeX special characters escaped, ready for a braced field."""
    if ("{" in text or "}" in text) and not _braces_balanced(text):
        return text.translate(_ESCAPES_UNBALANCED)
    return text.translate(_ESCAPES)


def _needs_case_protection(word: str) -> bool:
    rest = word[1:]
    if rest.islower():
        return False  # no capital after the first character, so none after the first letter
    letters = [char for char in word if char.isalpha()]
    # A capital after the first letter: acronyms ("GPU", "LLMs"), camel case ("SpecEE").
    return any(char.isupper() for char in letters[1:])


def protect_title(title: str) -> str:
    """Escaped title with the words whose capitals matter in braces."""
    words = []
    for word in title.split():
        escaped = escape(word)
        if _needs_case_protection(word):
            # "{\&…}" would be a BibTeX "special character": double braces avoid that.
            escaped = f"{{{{{escaped}}}}}" if escaped.startswith("\\") else f"{{{escaped}}}"
        words.append(escaped)
    return " ".join(words)


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(_WORD.findall(folded))


def key_base(entry: Entry) -> str:
    surname = ""
    if entry.authors:
        tokens = name_tokens(entry.authors[0].name)
        surname = _ascii_word(tokens[-1]) if tokens else ""
    folded_title = unicodedata.normalize("NFKD", entry.title).encode("ascii", "ignore").decode()
    words = [word for word in _WORD.findall(folded_title.lower()) if word not in STOP_WORDS]
    first_word = words[0] if words else ""
    base = f"{surname or 'anon'}{entry.year or ''}{first_word}"
    return base if base != "anon" else _ascii_word(entry.slug) or "anon"


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _suffixes():
    """a … z, aa … zz, aaa …: never runs out (a finite list made the export fail at 703)."""
    count = 0
    while True:
        count += 1
        # The count in bijective base 26 (no zero digit): each count one suffix, in order.
        suffix, rest = "", count
        while rest:
            rest, digit = divmod(rest - 1, 26)
            suffix = _LETTERS[digit] + suffix
        yield suffix


def assign_keys(entries: Iterable[Entry]) -> dict[int, str]:
    """Entry id -> citation key, unique among ``entries``; collisions by age (id)."""
    keys: dict[int, str] = {}
    used: set[str] = set()
    by_base: dict[str, list[Entry]] = {}
    for entry in entries:
        by_base.setdefault(key_base(entry), []).append(entry)
    used.update(by_base)
    for base, group in by_base.items():
        group.sort(key=lambda entry: entry.id)
        keys[group[0].id] = base
        suffixes = _suffixes()
        for entry in group[1:]:
            key = base + next(suffixes)
            while key in used:
                key = base + next(suffixes)
            used.add(key)
            keys[entry.id] = key
    return keys


def _author_field(entry: Entry) -> str:
    names = []
    for author in entry.authors:
        name = escape(author.name)
        # "and" inside a name would split it; a group keeps it one (corporate) author.
        names.append(f"{{{name}}}" if _AND.search(author.name) else name)
    if entry.authors_truncated and names:
        names.append("others")
    return " and ".join(names)


def _pages(pages: str) -> str:
    match = _PAGE_RANGE.match(pages)
    return f"{match.group(1)}--{match.group(2)}" if match else pages.strip()


def _url(url: str) -> str:
    # URLs are not text: keep them verbatim, but a brace or backslash would break the field.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def render_entry(entry: Entry, key: str) -> str:
    entry_type = ENTRY_TYPES.get(entry.kind, "misc")
    lines = [f"@{entry_type}{{{key},"]
    for name, value in _fields(entry, entry_type):
        lines.append(f"  {name} = {{{value}}},")
        if name == "year" and entry.month and 1 <= entry.month <= 12:
            # A macro, not a string: styles print it in their own language and format.
            lines.append(f"  month = {MONTHS[entry.month - 1]},")
    lines.append("}")
    return "\n".join(lines)


def _fields(entry: Entry, entry_type: str) -> list[tuple[str, str]]:
    """(name, value) of the entry's fields that have a value, in the order written."""
    venue = entry.venue or entry.venue_short
    fields = [
        ("title", protect_title(entry.title)),
        ("author", _author_field(entry) if entry.authors else ""),
        (VENUE_FIELDS[entry_type], escape(venue) if venue else ""),
        ("year", str(entry.year) if entry.year else ""),
        *((name, escape(getattr(entry, name).strip())) for name in
          ("volume", "number", "publisher", "note")),
        ("pages", escape(_pages(entry.pages)) if entry.pages.strip() else ""),
        ("doi", _url(entry.doi.strip())),
        ("url", _url(entry.pdf_url() or "")),
        ("eprint", _url(entry.arxiv_id.strip())),
        ("archivePrefix", "arXiv" if entry.arxiv_id.strip() else ""),
        ("keywords", escape(", ".join(name for name, _slug in entry.tags))),
    ]
    # The title is always written, even when empty.
    return [(name, value) for name, value in fields if value or name == "title"]


def render_bibtex(entries: list[Entry]) -> str:
    """A .bib file of ``entries`` in their order, one blank line between entries."""
    keys = assign_keys(entries)
    return "".join(render_entry(entry, keys[entry.id]) + "\n\n" for entry in entries)
