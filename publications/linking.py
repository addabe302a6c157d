"""Link authors to lab members by the members' names and name variants.

``Authorship.person`` is data: it is set here (after an import, or when a member's
variants change) or by hand in admin, never guessed while a page renders.

Matching, most certain first; the first rule that finds any member decides:

1. the author's name equals the member's full name or one of their variants, ignoring
   case, accents, dots, hyphens and "Last, First" order;
2. the same, read surname-first ("Chen Beidi" is Beidi Chen);
3. initials: the same surname and compatible given names ("B Chen", "B. Chen",
   "Chen, B." match Beidi Chen; "Eric P Xing" matches Eric Xing; "GR Ganger" matches
   Gregory R Ganger).

A rule that fits exactly one member links the author; one that fits several leaves it
unlinked and reports it for review. Authors linked by hand are never touched.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from labsite.cache import bump_content_version
from people.models import Person
from publications.models import Authorship

_MARKS = str.maketrans("", "", "*†‡✉")
_SEPARATORS = re.compile(r"[\s.\-‐‑–]+")
# "GR" in "GR Ganger": two or three capitals standing for initials.
_PACKED_INITIALS = re.compile(r"^[A-Z]{2,3}$")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _fold(text: str) -> str:
    """Lower case ASCII-ish letters: "Ré" -> "re", "Schäfer" -> "schafer"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def name_tokens(name: str) -> tuple[str, ...]:
    """Folded words of a name in "given … family" order.

    "Chen, Beidi" and "Beidi Chen" give ("beidi", "chen"); "Ganger, Gregory R." gives
    ("gregory", "r", "ganger"); "de Sa, Christopher" gives ("christopher", "de", "sa").
    """
    name = name.translate(_MARKS).strip()
    parts = [part.strip() for part in name.split(",") if part.strip()]
    if len(parts) >= 2:  # "Last, First" or "Last, Jr, First"
        parts = [" ".join(parts[2:] or parts[1:2]), parts[0]]
    words: list[str] = []
    for part_index, part in enumerate(parts):
        raw_words = [word for word in _SEPARATORS.split(part) if word]
        for index, word in enumerate(raw_words):
            is_family = part_index == len(parts) - 1 and index == len(raw_words) - 1
            if not is_family and len(raw_words) > 1 and _PACKED_INITIALS.match(word):
                words.extend(_fold(letter) for letter in word)
            else:
                words.append(_fold(word))
    words = [re.sub(r"\W|_", "", word) for word in words]
    # Drop empties, DBLP homonym numbers ("Wei Chen 0001") and suffixes ("Jr").
    words = [word for word in words if word and not word.isdigit()]
    while len(words) > 2 and words[-1] in _SUFFIXES:
        words.pop()
    return tuple(words)


def _compatible(a: str, b: str) -> bool:
    """Two given-name words that may be the same: equal, or one is the other's initial."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return False


def _subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    position = 0
    for word in short:
        while position < len(long) and not _compatible(word, long[position]):
            position += 1
        if position == len(long):
            return False
        position += 1
    return True


def initials_match(author: tuple[str, ...], member: tuple[str, ...]) -> bool:
    """Same family name; first given names compatible; middle names may be left out."""
    if len(author) < 2 or len(member) < 2 or author[-1] != member[-1]:
        return False
    author_given, member_given = author[:-1], member[:-1]
    if not _compatible(author_given[0], member_given[0]):
        return False
    author_rest, member_rest = author_given[1:], member_given[1:]
    return _subsequence(author_rest, member_rest) or _subsequence(member_rest, author_rest)


@dataclass(frozen=True)
class MemberNames:
    person: Person
    names: frozenset[tuple[str, ...]]

    @classmethod
    def of(cls, person: Person) -> MemberNames:
        names = {name_tokens(person.full_name)}
        names.update(name_tokens(variant) for variant in person.variant_list)
        return cls(person, frozenset(name for name in names if name))


def candidates_for(name: str, members: Iterable[MemberNames]) -> list[Person]:
    """The members an author name may be, by the first rule that finds any (see module)."""
    return match_members(name, members)[1]


def match_members(name: str, members: Iterable[MemberNames]) -> tuple[int, list[Person]]:
    """(rule, members): the first rule (0, 1, 2; see the module) that finds any member and
    the members it finds, or (3, []) when none does. Lower rules are more certain."""
    tokens = name_tokens(name)
    if not tokens:
        return len(_RULES), []
    members = list(members)
    for index, rule in enumerate(_RULES):
        found = [member.person for member in members if rule(tokens, member.names)]
        if found:
            return index, found
    return len(_RULES), []


_RULES = (
    lambda tokens, known: tokens in known,
    lambda tokens, known: len(tokens) > 1 and tokens[::-1] in known,
    lambda tokens, known: any(initials_match(tokens, variant) for variant in known),
)


@dataclass(frozen=True)
class AmbiguousAuthor:
    authorship: Authorship
    candidates: tuple[Person, ...]


@dataclass
class LinkReport:
    linked: list[Authorship] = field(default_factory=list)
    ambiguous: list[AmbiguousAuthor] = field(default_factory=list)


def link_authors_to_members(*, lab, publications=None, people=None) -> LinkReport:
    """Set ``person`` on the lab's unlinked authorships whose name fits exactly one member.

    ``publications`` (a QuerySet or iterable of the lab's publications) limits the work to
    those papers, e.g. the ones an import just wrote; ``people`` limits the members
    considered, e.g. one member whose variants just changed. Returns what was linked and
    the authors that fit several members, for someone to decide by hand.
    """
    members_qs = Person.objects.for_lab(lab)
    if people is not None:
        members_qs = members_qs.filter(pk__in=[getattr(p, "pk", p) for p in people])
    members = [MemberNames.of(person) for person in members_qs.order_by("pk")]
    report = LinkReport()
    if not members:
        return report

    authorships = Authorship.objects.for_lab(lab)
    if publications is not None:
        authorships = authorships.filter(publication__in=publications)
    authorships = list(authorships.order_by("publication_id", "position"))

    # A member is at most one author of a paper.
    taken: dict[int, set[int]] = defaultdict(set)
    for authorship in authorships:
        if authorship.person_id is not None:
            taken[authorship.publication_id].add(authorship.person_id)

    cache: dict[str, tuple[int, list[Person]]] = {}
    pending = []
    for authorship in authorships:
        if authorship.person_id is None:
            if authorship.name not in cache:
                cache[authorship.name] = match_members(authorship.name, members)
            rule, found = cache[authorship.name]
            if found:
                pending.append((rule, authorship, found))
    # Certain matches first, so that on a paper with "Bo Chen" and "B Chen" the initials
    # are decided knowing Bo is taken (whatever order the two appear in).
    pending.sort(key=lambda item: item[0])
    for _rule, authorship, found in pending:
        free = [p for p in found if p.pk not in taken[authorship.publication_id]]
        if len(free) == 1:
            authorship.person = free[0]
            taken[authorship.publication_id].add(free[0].pk)
            report.linked.append(authorship)
        elif len(free) > 1:
            report.ambiguous.append(AmbiguousAuthor(authorship, tuple(free)))

    if report.linked:
        with transaction.atomic():
            Authorship.objects.bulk_update(report.linked, ["person"], batch_size=500)
        # bulk_update sends no signals: make cached pages of the lab stale by hand.
        bump_content_version(lab.pk)
    return report
