"""Keys that decide whether two records are one paper, and the slugs of new papers.

Two records are the same paper when they share a DOI, an arXiv id, a Google Scholar paper
id (compared as written: case matters in them), or a title key (``normalize.title_key``:
case, TeX, punctuation and spacing removed); a title match is vetoed when both records
carry different DOIs or different arXiv ids (``identifiers_conflict``), not different
Scholar ids: Scholar often lists a preprint and its venue version apart.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from django.utils.text import slugify

from publications.importers import ParsedEntry
from publications.importers.normalize import title_key as _title_key
from publications.linking import name_tokens

_STOP_WORDS = frozenset(
    {"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "towards", "toward", "via",
     "by", "at", "from", "is", "are", "do", "does", "can", "what", "how", "when", "why", "we"}
)
_WORD_INITIAL = re.compile(r"(?<![\w'’])[^\W\d_]")


@functools.lru_cache(maxsize=65536)  # each title is keyed many times while matching
def title_key(title: str) -> str:
    return _title_key(title)


def capitalisation(title: str) -> int:
    """How many words start with a capital: Scholar's sentence case scores low."""
    return sum(1 for letter in _WORD_INITIAL.findall(title) if letter.isupper())


@functools.lru_cache(maxsize=65536)  # co-authors repeat throughout an export
def surname_key(name: str) -> str:
    tokens = name_tokens(name)
    return tokens[-1] if tokens else ""


@functools.lru_cache(maxsize=65536)
def first_author_key(name: str) -> str:
    """Surname and first initial: "Beidi Chen", "B Chen" and "Chen, Beidi" give "chen b";
    "Zichang Liu" and "Jinwoo Liu" (two "Deja vu" papers) differ."""
    tokens = name_tokens(name)
    if len(tokens) < 2:
        return tokens[0] if tokens else ""
    return f"{tokens[-1]} {tokens[0][0]}"


def identifier_key(value: str) -> str:
    return value.strip().casefold()


def title_key_words(title: str) -> str:
    """The title's words folded like ``title_key`` but with the spaces kept."""
    return " ".join(title_key(word) for word in title.split())


def identifiers_conflict(values: dict[str, Any], entry: ParsedEntry) -> str:
    """Which identifier proves two same-titled records are different papers, if any."""
    if values.get("doi") and entry.doi and identifier_key(values["doi"]) != identifier_key(
        entry.doi
    ):
        return "DOI"
    if (
        values.get("arxiv_id")
        and entry.arxiv_id
        and identifier_key(values["arxiv_id"]) != identifier_key(entry.arxiv_id)
    ):
        return "arXiv id"
    return ""


@functools.lru_cache(maxsize=4096)
def _slugify(text: str) -> str:
    # Surnames and title words repeat across an export; slugify is not cheap.
    return slugify(text)


class NewSlugs:
    """Slugs for an import's new papers, unique among the lab's."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self._counters: dict[str, int] = {}

    def new(self, *, surname: str, year: int | None, title: str) -> str:
        """Like Scholar's keys: first author's surname, year, first significant word."""
        words = re.findall(r"[^\W_]+", title_key_words(title))
        word = next((w for w in words if w not in _STOP_WORDS), words[0] if words else "")
        base = f"{_slugify(surname)}{year or ''}{_slugify(word)}"[:100] or "paper"
        # Resume numbering where this base left off: a prolific author's hundred papers
        # of one year must not each count up from 2 again.
        slug, counter = base, self._counters.get(base, 2)
        while slug in self.taken:
            slug = f"{base}-{counter}"
            counter += 1
        self._counters[base] = counter
        self.taken.add(slug)
        return slug
