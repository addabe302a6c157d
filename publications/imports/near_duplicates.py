"""Near-identical titles in an import: found in near-linear time, listed within bounds.

Two papers are *possible duplicates* when their first authors share a surname and their
title keys (``normalize.title_key``) are at least ``RATIO`` similar (rapidfuzz's indel
ratio, in C) without being equal: equal keys are the same paper, or are kept apart by
their identifiers (``keys.identifiers_conflict``).

Comparing every pair made an import of 2,000 near-identical titles take 17 s and list two
million pairs. So:

- **Blocking**: only papers whose first authors share a surname are compared.
- **Sorted neighbourhood**: within a block the titles are sorted by their key, and again
  by their key read backwards; each new paper is compared with its few nearest titles in
  each order. Near-identical titles differ in a letter or two, so they share their start
  or their end and sort next to each other in one order or the other. At most
  ``LABSITE_NEAR_DUPLICATE_CANDIDATES`` comparisons per paper: the sorts are n log n,
  the rest linear.
- **Same name before the colon**: an arXiv version and its venue version are often
  renamed after the colon ("FlashDecoding++: Faster Large Language Model Inference on
  GPUs" became "FlashDecoding++: Faster Large Language Model Inference with
  Asynchronization, Flat GEMM Optimization, and Heuristics") and are too different to be
  near-identical. Papers are also indexed by (title before the colon, first author's
  surname and initial): papers sharing both are listed whatever the rest says. A prefix that names a
  kind of text rather than a paper ("Introduction:", "Editorial:", "Part 2:", one or two
  letters such as "AI:") is not indexed, nor one that more papers of one author share
  than a paper may list pairs (a series' name, "Keynote:"): each group is then bounded.
- **Caps**: the ``LABSITE_POSSIBLE_DUPLICATES_PER_ENTRY`` most similar pairs of a paper,
  and ``LABSITE_POSSIBLE_DUPLICATES_PER_IMPORT`` pairs in all, are listed for review
  (``PairBudget``); what is left out is counted and said, never silently merged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.conf import settings
from rapidfuzz.fuzz import ratio as title_similarity

from publications.imports.keys import first_author_key, surname_key, title_key

RATIO = 0.9

# Title keys of prefixes that name a kind of text, not a paper: many unrelated papers of
# one author start so.
_GENERIC_PREFIXES = frozenset({
    "introduction", "editorial", "guesteditorial", "preface", "foreword", "prologue",
    "epilogue", "erratum", "errata", "corrigendum", "correction", "retraction", "addendum",
    "comment", "commentary", "response", "reply", "rejoinder", "discussion", "abstract",
    "extendedabstract", "poster", "posterabstract", "demo", "demonstration", "keynote",
    "keynotetalk", "invitedtalk", "talk", "tutorial", "panel", "review", "bookreview",
    "overview", "summary", "conclusion", "conclusions", "perspective", "viewpoint",
    "opinion", "letter", "note", "notes", "appendix", "supplement",
    "supplementarymaterial", "invitedpaper", "positionpaper", "casestudy", "report",
})
# "Part 2:", "Chapter IV:", "Lecture 3:": one of a numbered series.
_NUMBERED_PART = re.compile(
    r"(?:part|chapter|volume|vol|section|session|lecture|lesson|day|week|module|unit|"
    r"episode|paper|study|experiment)(?:\d+|[ivxlc]+)"
)
_COLON = re.compile(r"[:：]")


def title_before_colon(title: str) -> str:
    """The title up to its first colon, when something follows it; else ""."""
    parts = _COLON.split(title, maxsplit=1)
    return parts[0].strip() if len(parts) == 2 and title_key(parts[1]) else ""


def prefix_key(title: str) -> str:
    """The key of the title before its first colon when that names the paper
    ("FlashDecoding++"), else ""."""
    key = title_key(title_before_colon(title))
    if len(key) <= 2 or key in _GENERIC_PREFIXES or _NUMBERED_PART.fullmatch(key):
        return ""
    return key


class Title(NamedTuple):
    """One paper as the finder sees it (a tuple: one is made per paper of the lab)."""

    paper: Any  # the caller's object, handed back as it is
    surname: str  # the first author's surname key
    key: str  # the title key
    order: int | None  # position among this import's new papers; None for a stored one
    prefix: str = ""  # ``prefix_key`` of the title
    first_author: str = ""  # ``keys.first_author_key`` of the first author

    @classmethod
    def of(cls, paper: Any, *, title: str, first_author: str, order: int | None) -> Title:
        """``paper`` as the finder sees it, from its title and first author's name."""
        return cls(paper, surname_key(first_author), title_key(title), order,
                   prefix=prefix_key(title), first_author=first_author_key(first_author))


@dataclass
class NearDuplicateStats:
    """What the search did: the tests check it grows linearly with the import."""

    compared: int = 0  # title comparisons
    listed: int = 0  # pairs listed for review (near-identical titles and same-title conflicts)
    same_prefix: int = 0  # pairs found by the title before the colon
    left_out: int = 0  # pairs found but over a cap


class PairBudget:
    """The possible-duplicate pairs one import may list: per paper, and in all."""

    def __init__(self, *, per_entry: int | None = None, per_import: int | None = None,
                 stats: NearDuplicateStats | None = None):
        if per_entry is None:
            per_entry = settings.LABSITE_POSSIBLE_DUPLICATES_PER_ENTRY
        if per_import is None:
            per_import = settings.LABSITE_POSSIBLE_DUPLICATES_PER_IMPORT
        self.per_entry, self.per_import = per_entry, per_import
        self.stats = stats or NearDuplicateStats()
        self._by_paper: Counter[int] = Counter()

    @property
    def exhausted(self) -> bool:
        return self.stats.listed >= self.per_import

    def take(self, paper: Any) -> bool:
        """Whether one more pair of ``paper`` may be listed (and count it if so)."""
        return self.share([paper], [1])[0] == 1

    def share(self, papers: Sequence[Any], wanted: Sequence[int]) -> list[int]:
        """How many of its ``wanted`` pairs each paper may list. Round by round (every
        paper's most similar pair, then the second…), so the import's cap reaches as many
        papers as it can."""
        granted = [0] * len(papers)
        for round_ in range(self.per_entry):
            for index, paper in enumerate(papers):
                if (wanted[index] > round_ and not self.exhausted
                        and self._by_paper[id(paper)] < self.per_entry):
                    self._by_paper[id(paper)] += 1
                    self.stats.listed += 1
                    granted[index] += 1
        self.stats.left_out += sum(wanted) - sum(granted)
        return granted

    def why_left_out(self, paper: Any) -> str:
        """Why ``paper`` could not list more pairs."""
        if self._by_paper[id(paper)] >= self.per_entry:
            return f"only the {self.per_entry} most similar are listed for review"
        return (f"this import already lists {self.per_import:,} possible duplicates for "
                "review (import smaller files, or check it by hand)")


def _earlier(other: Title, title: Title) -> bool:
    # Each pair is found once, by its later paper: stored ones come before new ones.
    return other.order is None or (title.order is not None and other.order < title.order)


class NearDuplicate(NamedTuple):
    paper: Any  # the caller's object
    same_prefix: bool  # found by the title before the colon, not by similarity

    def how_found(self, title: str) -> str:
        """What the new paper of ``title`` has in common with this one, for the review."""
        if self.same_prefix:
            return f'the same title before the colon ("{title_before_colon(title)}") as'
        return "nearly the same title as"


def find_near_duplicates(
    titles: Sequence[Title], *, budget: PairBudget, candidates: int | None = None,
    ratio: float = RATIO,
) -> Iterator[tuple[Any, list[NearDuplicate], int]]:
    """``(paper, [earlier papers it nearly duplicates], how many more were left out)`` for
    the new papers among ``titles`` that have any, in import order; most similar first."""
    if candidates is None:
        candidates = settings.LABSITE_NEAR_DUPLICATE_CANDIDATES
    blocks: dict[str, list[Title]] = {}
    for title in titles:
        if title.surname and title.key:
            blocks.setdefault(title.surname, []).append(title)
    window = max(1, candidates // 4)  # each side, in each of the two orders
    found: dict[int, dict[int, _Compared]] = {}  # order -> id(other) -> comparison
    for block in blocks.values():
        if any(title.order is not None for title in block):  # a new paper by this author
            _compare_neighbours(block, window, ratio * 100, budget.stats, found)
    _same_prefix(titles, budget.per_entry + 1, budget.stats, found)
    by_order = {title.order: title for title in titles if title.order is not None}
    papers, similar = [], []
    for order in sorted(found):
        ranked = sorted((item for item in found[order].values() if item[0] or item[3]),
                        key=lambda item: (-item[0], item[1]))
        if ranked:
            papers.append(by_order[order].paper)
            similar.append([NearDuplicate(other.paper, prefix) for _, _, other, prefix in ranked])
    granted = budget.share(papers, [len(others) for others in similar])
    for paper, others, count in zip(papers, similar, granted, strict=True):
        yield paper, others[:count], len(others) - count


# (similarity or 0 when under the cutoff, order of the other paper (-1: stored), other,
#  whether they share the title before the colon)
_Compared = tuple[float, int, Title, bool]


def _compare_neighbours(block: list[Title], window: int, cutoff: float,
                        stats: NearDuplicateStats, found: dict[int, dict[int, _Compared]]
                        ) -> None:
    """Compare each new paper of one author's block with its ``window`` nearest titles on
    each side, sorted by key and by key read backwards; each pair once."""
    for sort_key in (_by_key, _by_key_backwards):
        ranked = sorted(block, key=sort_key)
        for index, title in enumerate(ranked):
            order, key = title.order, title.key
            if order is None:
                continue
            mine = found.setdefault(order, {})
            for other in ranked[max(0, index - window): index + window + 1]:
                # Each pair is found once, by its later paper: stored ones (order None)
                # come before new ones. This also skips the paper itself.
                if other.order is not None and other.order >= order:
                    continue
                if other.key == key or id(other) in mine:
                    continue
                stats.compared += 1
                score = title_similarity(key, other.key, score_cutoff=cutoff)
                # Remembered even when not similar: compared once per pair.
                mine[id(other)] = (
                    score, -1 if other.order is None else other.order, other, False
                )


def _by_key(title: Title) -> str:
    return title.key


def _by_key_backwards(title: Title) -> str:
    return title.key[::-1]


def _same_prefix(titles: Sequence[Title], limit: int, stats: NearDuplicateStats,
                 found: dict[int, dict[int, _Compared]]) -> None:
    """Pair each new paper with the earlier papers of the same first author whose title
    has the same ``prefix_key``; groups of more than ``limit`` are a series, not a paper."""
    groups: dict[tuple[str, str], list[Title]] = {}
    for title in titles:
        if title.prefix and title.first_author and title.key:
            groups.setdefault((title.prefix, title.first_author), []).append(title)
    for group in groups.values():
        if len(group) < 2 or len(group) > limit:
            continue
        for title in group:
            if title.order is None:
                continue
            mine = found.setdefault(title.order, {})
            for other in group:
                if other is title or other.key == title.key or not _earlier(other, title):
                    continue
                stats.same_prefix += 1
                score = title_similarity(title.key, other.key)
                mine[id(other)] = (score, -1 if other.order is None else other.order, other,
                                   True)
