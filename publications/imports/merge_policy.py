"""When two records of one paper become one: which values and which author list win.

One policy, as pure functions over plain values, for both ways records merge: an import
merging an entry into the record so far (``clusters.Cluster.absorb``, and the citation
counts in ``planning``), and the admin merge of two stored papers
(``review.merge_publications``). Whichever record is "current" (kept) and whichever is
"incoming" (merged in), the same rules decide:

- the venue version beats the arXiv record: when the current record is a preprint and
  the incoming one has a venue, its kind, venue, year, volume, pages… and, if the paper
  was renamed on publication, its title;
- an empty field is filled from the other record;
- a record of kind "other" takes the other record's kind;
- of two spellings of one title, the better capitalised one (Scholar lower-cases titles);
- a newer citation count beats an older one; of two read the same day, the higher;
- a list cut by "and others" never replaces a full one; a longer cut list replaces a
  shorter cut one; a full list replaces a cut one it is at least as long as;
- the list that wins keeps what the other knew of the same names: the member linked and
  the equal-contribution and corresponding marks;
- of two spellings of one name that differ only by accents ("Leon" / "Léon"; TeX is
  decoded before), the accented one, whichever list wins (``respell``);
- fields a person edited in admin (``Publication.edited_fields``) are never overwritten.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections import defaultdict, deque
from collections.abc import Collection, Mapping, Sequence
from typing import Any, NamedTuple

from publications.choices import PublicationKind
from publications.imports.keys import capitalisation, title_key
from publications.imports.types import AUTHOR_FIELDS, FILLABLE_FIELDS, VENUE_FIELDS
from publications.linking import name_tokens

_EMPTY = ("", None)


def is_venue_version(kind: str, venue: str) -> bool:
    return kind != PublicationKind.PREPRINT and bool(venue)


def better_title(current: str, incoming: str) -> bool:
    """Whether ``incoming`` is a better spelling of the same title than ``current``."""
    return (
        incoming != current
        and title_key(incoming) == title_key(current)
        and capitalisation(incoming) > capitalisation(current)
    )


def winning_values(
    current: Mapping[str, Any], incoming: Mapping[str, Any], *, protected: Collection[str] = ()
) -> dict[str, Any]:
    """The bibliographic fields of ``current`` that ``incoming`` wins, with their values.

    Both map field names (``types.VALUE_FIELDS``) to values; neither is changed. Fields in
    ``protected`` are never in the result. Citation counts and the author list have rules
    of their own (``winning_citations``, ``winning_authors``).
    """
    merged, won = dict(current), {}

    def put(name: str, value: Any) -> None:
        if name not in protected and merged.get(name) != value:
            merged[name] = won[name] = value

    for name, value in _venue_version(merged, incoming).items():
        put(name, value)
    for name in FILLABLE_FIELDS:
        if merged.get(name) in _EMPTY and incoming.get(name) not in _EMPTY:
            put(name, incoming[name])
    if merged["kind"] == PublicationKind.OTHER and incoming["kind"] != PublicationKind.OTHER:
        put("kind", incoming["kind"])
    if better_title(merged["title"], incoming["title"]):
        put("title", incoming["title"])
    return won


def _venue_version(current: Mapping[str, Any], incoming: Mapping[str, Any]) -> dict[str, Any]:
    """What the venue version brings to a preprint record: kind, venue, year… and the
    title it was renamed to on publication."""
    if current["kind"] != PublicationKind.PREPRINT or not is_venue_version(
        incoming["kind"], incoming["venue"]
    ):
        return {}
    # The preprint's short venue ("arXiv") goes even when the venue has none.
    values = {name: incoming.get(name) for name in VENUE_FIELDS
              if incoming.get(name) not in _EMPTY or name == "venue_short"}
    if title_key(incoming["title"]) != title_key(current["title"]):
        values["title"] = incoming["title"]
    return values


class CitationReading(NamedTuple):
    count: int | None
    read_on: datetime.date | None


def winning_citations(current: CitationReading, incoming: CitationReading) -> bool:
    """Whether ``incoming``'s citation count replaces ``current``'s: a newer reading wins
    (an undated one is the oldest); of two read the same day, the higher count."""
    if incoming.count is None:
        return False
    if current.count is None:
        return True
    oldest = datetime.date.min
    if (incoming.read_on or oldest) != (current.read_on or oldest):
        return (incoming.read_on or oldest) > (current.read_on or oldest)
    return incoming.count > current.count


class AuthorList(NamedTuple):
    count: int
    truncated: bool  # cut by "and others"


def winning_authors(
    current: AuthorList, incoming: AuthorList, *, protected: Collection[str] = ()
) -> bool:
    """Whether ``incoming``'s author list replaces ``current``'s."""
    if not incoming.count or AUTHOR_FIELDS & set(protected):
        return False
    if not current.count:
        return True
    if not current.truncated:
        return False  # a full list stays; a list cut by "and others" never replaces it
    if incoming.truncated:
        return incoming.count > current.count
    return incoming.count >= current.count


class AuthorRow(NamedTuple):
    name: str
    person_id: int | None = None
    equal_contribution: bool = False
    corresponding: bool = False


def _accents(name: str) -> int:
    """Letters of ``name`` beyond ASCII: "Léon" 1, "Leon" 0."""
    return sum(1 for char in unicodedata.normalize("NFC", name)
               if char.isalpha() and not char.isascii())


def better_spelling(current: str, incoming: str) -> bool:
    """Whether ``incoming`` is the same name as ``current`` with more of its accents."""
    return (incoming != current and _accents(incoming) > _accents(current)
            and name_tokens(incoming) == name_tokens(current))


def _same_names(names: Sequence[str], others: Sequence[str]) -> list[int | None]:
    """For each of ``names``, the index of the same name in ``others`` (``name_tokens``
    equal), each of ``others`` used once and in order: two "Wei Chen" stay two."""
    by_name: dict[tuple[str, ...], deque[int]] = defaultdict(deque)
    for index, other in enumerate(others):
        by_name[name_tokens(other)].append(index)
    found: list[int | None] = []
    for name in names:
        same = by_name.get(name_tokens(name))
        found.append(same.popleft() if same else None)
    return found


def respell(names: Sequence[str], others: Sequence[str]) -> list[str]:
    """``names``, each in the better spelling (``better_spelling``) of the same name in
    ``others`` when that has one."""
    respelled = list(names)
    for index, other in enumerate(_same_names(names, others)):
        if other is not None and better_spelling(names[index], others[other]):
            respelled[index] = others[other]
    return respelled


def carry_over(winner: Sequence[AuthorRow], loser: Sequence[AuthorRow]) -> list[AuthorRow]:
    """The winning author list with what the losing list knew of the same names: the
    member linked (unless already on the winning list), the marks and the accents."""
    same = _same_names([row.name for row in winner], [row.name for row in loser])
    used = {row.person_id for row in winner if row.person_id}
    rows = []
    for row, index in zip(winner, same, strict=True):
        if index is not None:
            old = loser[index]
            person_id = row.person_id
            if person_id is None and old.person_id and old.person_id not in used:
                person_id = old.person_id
                used.add(person_id)
            row = row._replace(
                name=old.name if better_spelling(row.name, old.name) else row.name,
                person_id=person_id,
                equal_contribution=row.equal_contribution or old.equal_contribution,
                corresponding=row.corresponding or old.corresponding,
            )
        rows.append(row)
    return rows
