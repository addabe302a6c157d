"""Link authors to lab members by the members' names and name variants.

``Authorship.person`` is data: it is set here (after an import, or when a member's
variants change) or by hand in admin, never guessed while a page renders.

Matching, most certain first; the first rule that finds any member decides:

1. the author's name equals the member's full name or one of their variants, ignoring
   case, accents and TeX ("R{\\'e}", "Ré" and "Re" are one name; so are "Łukasz" and
   "Lukasz"), dots, hyphens and "Last, First" order;
2. the same, read surname-first ("Chen Beidi" is Beidi Chen);
3. initials: the same surname and compatible given names ("B Chen", "B. Chen",
   "Chen, B." match Beidi Chen; "Eric P Xing" matches Eric Xing; "GR Ganger" matches
   Gregory R Ganger).

Which member a name on a paper is, given the members already linked on that paper, is
decided by ``MemberMatcher.link_paper`` for every path (an import, this module's linker,
the review list in admin), so they never disagree:

- a name that fits exactly one member is that member;
- a name that fits several, of whom exactly one is already an author of the paper, is
  that one (it is their authorship: nothing new is linked, nothing is ambiguous);
- otherwise it stays unlinked and is ambiguous: listed for someone to decide by hand.

Authors linked by hand are never touched.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import transaction

from labsite.cache import bump_content_version
from people.models import Person
from publications.importers.text import LATEX_TRIGGERS, latex_to_text
from publications.models import Authorship

_MARKS = str.maketrans("", "", "*†‡✉")
_SEPARATORS = re.compile(r"[\s.\-‐‑–]+")
# "GR" in "GR Ganger": two or three capitals standing for initials.
_PACKED_INITIALS = re.compile(r"^[A-Z]{2,3}$")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_NOT_WORD = re.compile(r"\W|_")


# Letters with a stroke or ligatures, which Unicode does not decompose into a base
# letter and an accent: "Łukasz" is "Lukasz", "Sønderby" is "Sonderby".
_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ŀ": "l",
                               "ŧ": "t", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"})


def _fold(text: str) -> str:
    """Lower case ASCII-ish letters: "Ré" -> "re", "Schäfer" -> "schafer", "Łukasz" ->
    "lukasz"."""
    if text.isascii():
        return text.casefold()  # no accent to drop: most names, at a fraction of the cost
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    return base.casefold().translate(_UNDECOMPOSED)


# Pure and called for every author of every paper (imports, linking, BibTeX keys), where
# the same names repeat: a bounded memo pays.
@lru_cache(maxsize=8192)
def name_tokens(name: str) -> tuple[str, ...]:
    """Folded words of a name in "given … family" order.

    "Chen, Beidi" and "Beidi Chen" give ("beidi", "chen"); "Ganger, Gregory R." gives
    ("gregory", "r", "ganger"); "de Sa, Christopher" gives ("christopher", "de", "sa").
    """
    if not LATEX_TRIGGERS.isdisjoint(name):
        # A variant pasted from a .bib: decoded by the importers' one TeX rule, so that
        # "Fran{\\c{c}}ois" is "François", never "Franccois".
        name = latex_to_text(name)
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
    words = [word if word.isalnum() else _NOT_WORD.sub("", word) for word in words]
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


def lab_members(lab) -> list[MemberNames]:
    """The names of every member of ``lab``, in a stable order (one query)."""
    return [MemberNames.of(person) for person in Person.objects.for_lab(lab).order_by("pk")]


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


class MemberMatcher:
    """The one linking rule (see the module), for the names of one paper at a time.

    Holds the lab's members and remembers what each name fits: co-authors repeat
    throughout a lab, so matching costs one pass per distinct name.
    """

    def __init__(self, members: Iterable[MemberNames]):
        self.members = list(members)
        self._fits: dict[str, tuple[int, tuple[Person, ...]]] = {}

    def fits(self, name: str) -> tuple[int, tuple[Person, ...]]:
        """(rule, members) of ``match_members``, cached per name."""
        if name not in self._fits:
            rule, found = match_members(name, self.members) if self.members else (0, [])
            self._fits[name] = (rule, tuple(found))
        return self._fits[name]

    def link_paper(
        self,
        names: Sequence[str],
        person_ids: list[int | None],
        *,
        exporter: Person | None = None,
        known: Iterable[int] = (),
        linkable: set[int] | None = None,
    ) -> list[tuple[int, tuple[Person, ...]]]:
        """Fill ``person_ids`` (one per name, ``None`` = unlinked) in place for one paper.

        ``exporter``: the member whose own export lists this paper: an unlinked name
        that fits them and others is theirs when it is the only one. ``known``: members
        known to be authors of the paper although no row of ``names`` is linked to them
        (the author list an import replaces). ``linkable``: only these members may be
        linked (the others still count for deciding). Returns (index, candidates) of the
        names that are ambiguous, judged only by who is linked afterwards, exactly as
        ``ambiguous_on_paper`` judges the stored rows.
        """
        taken = {pk for pk in person_ids if pk}

        def put(index: int, person: Person) -> None:
            if person.pk not in taken and (linkable is None or person.pk in linkable):
                person_ids[index] = person.pk
                taken.add(person.pk)

        several = []
        for _rule, index, found in self._unlinked_fits(names, person_ids):
            if len(found) == 1:
                put(index, found[0])
            else:
                several.append((index, found))
        if exporter is not None and exporter.pk not in taken:
            mine = [index for index, found in several if exporter in found]
            if len(mine) == 1:
                put(mine[0], exporter)
        known = set(known)
        for index, found in several:
            present = [p for p in found if p.pk in taken or p.pk in known]
            if person_ids[index] is None and len(present) == 1:
                put(index, present[0])
        return [(index, found) for index, found in several
                if person_ids[index] is None and _ambiguous(found, taken)]

    def _unlinked_fits(self, names: Sequence[str], person_ids: Sequence[int | None]
                       ) -> list[tuple[int, int, tuple[Person, ...]]]:
        """(rule, index, members) of the unlinked names that fit any member, most certain
        rule first, so that "Bo Chen" is decided before "B Chen" on one paper."""
        pending = []
        for index, name in enumerate(names):
            if person_ids[index] is None:
                rule, found = self.fits(name)
                if found:
                    pending.append((rule, index, found))
        pending.sort(key=lambda item: (item[0], item[1]))
        return pending

    def ambiguous_on_paper(self, names: Sequence[str], person_ids: Sequence[int | None]
                           ) -> list[tuple[int, tuple[Person, ...]]]:
        """(index, candidates) of the stored unlinked names of one paper that are
        ambiguous: what ``link_paper`` would report for them (the review list)."""
        taken = {pk for pk in person_ids if pk}
        found_ambiguous = []
        for index, name in enumerate(names):
            if person_ids[index] is None:
                found = self.fits(name)[1]
                if len(found) > 1 and _ambiguous(found, taken):
                    found_ambiguous.append((index, found))
        return found_ambiguous


def _ambiguous(found: Sequence[Person], taken: set[int]) -> bool:
    """Several members fit, and not exactly one of them is already on the paper."""
    return sum(1 for person in found if person.pk in taken) != 1


def papers_with_unlinked_authors(authorships) -> list[list[Authorship]]:
    """``authorships`` (a QuerySet) grouped by paper, in order, for the papers that have
    an unlinked author: what the linker and the review list look at."""
    by_paper: dict[int, list[Authorship]] = defaultdict(list)
    for authorship in authorships.order_by("publication_id", "position"):
        by_paper[authorship.publication_id].append(authorship)
    return [rows for rows in by_paper.values() if not all(row.person_id for row in rows)]


def link_authors_to_members(*, lab, publications=None, people=None) -> LinkReport:
    """Set ``person`` on the lab's unlinked authorships by the rule of ``MemberMatcher``.

    ``publications`` (a QuerySet or iterable of the lab's publications) limits the work to
    those papers, e.g. the ones an import just wrote; ``people`` limits the members
    linked, e.g. one member whose variants just changed (every member still counts for
    deciding whether a name is ambiguous). Returns what was linked and the ambiguous
    authors, for someone to decide by hand.
    """
    members = lab_members(lab)
    linkable = None
    if people is not None:
        linkable = {getattr(p, "pk", p) for p in people}
    report = LinkReport()
    if not members or linkable == set():
        return report

    authorships = Authorship.objects.for_lab(lab)
    if publications is not None:
        authorships = authorships.filter(publication__in=publications)

    matcher = MemberMatcher(members)
    people_by_pk = {member.person.pk: member.person for member in members}
    for rows in papers_with_unlinked_authors(authorships):
        person_ids = [row.person_id for row in rows]
        ambiguous = matcher.link_paper([row.name for row in rows], person_ids,
                                       linkable=linkable)
        for row, person_id in zip(rows, person_ids, strict=True):
            if person_id != row.person_id:
                row.person = people_by_pk[person_id]
                report.linked.append(row)
        for index, found in ambiguous:
            if linkable is None or any(p.pk in linkable for p in found):
                report.ambiguous.append(AmbiguousAuthor(rows[index], found))

    if report.linked:
        with transaction.atomic():
            Authorship.objects.bulk_update(report.linked, ["person"], batch_size=500)
        # bulk_update sends no signals: make cached pages of the lab stale by hand.
        bump_content_version(lab.pk)
    return report
