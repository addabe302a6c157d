"""Importing publication lists into a lab: matching, de-duplication and merging.

``plan_import`` is a dry run: it parses the files (``publications.importers``), matches
every entry against the other entries and the lab's existing papers, and says what will
happen to each one (new / update / merge / duplicate / possible-duplicate / error) and
why. ``apply_import`` writes a plan in one transaction with bulk writes, links authors
to members (``publications.linking``) and makes cached pages stale.

Rules (README, "Importing publications"):

- Two records are the same paper when they share a DOI, an arXiv id, or a title key
  (``normalize.title_key``: case, TeX, punctuation and spacing removed). A title match is
  vetoed when both records carry different DOIs or different arXiv ids.
- Titles that are near-identical (similarity >= 0.9 on the title key) with the same
  first-author surname are *possible duplicates*: created, and listed for a person to
  merge in admin; never merged silently. The search and the list are bounded
  (``publications.near_duplicates``).
- Merging keeps the venue version's kind, venue and year over an arXiv record, and the
  arXiv id and link; fills empty fields; a list cut by "and others" never replaces a full
  one; of titles that differ only in case, the one with more capitalised words wins.
- Fields a person edited in admin (``Publication.edited_fields``) are never overwritten.
- Re-importing the same file changes nothing; an updated export updates citation counts.
"""

from __future__ import annotations

import datetime
import functools
import gc
import hashlib
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from labsite.cache import bump_content_version
from publications.choices import LinkKind, PublicationKind
from publications.import_rules import not_authored_by, not_yours_reason
from publications.importers import ParsedAuthor, ParsedEntry, ParseResult, parse
from publications.importers.normalize import title_key as _title_key
from publications.linking import (
    AmbiguousAuthor,
    MemberMatcher,
    MemberNames,
    candidates_for,
    name_tokens,
)
from publications.models import (
    Authorship,
    PossibleDuplicate,
    Publication,
    PublicationLink,
    arxiv_url,
)
from publications.near_duplicates import (
    NearDuplicateStats,
    PairBudget,
    Title,
    find_near_duplicates,
)

logger = logging.getLogger(__name__)

# Uploads bigger than this are refused with a message (README documents the limit).
MAX_IMPORT_BYTES = settings.LABSITE_IMPORT_MAX_BYTES
BATCH_SIZE = 500

NEW = "new"
UPDATE = "update"
MERGE = "merge"
DUPLICATE = "duplicate"
POSSIBLE_DUPLICATE = "possible-duplicate"
ERROR = "error"
# Matches a paper the exporting member does not author: shown, not applied (README).
NOT_YOURS = "not-yours"
STATUSES = (NEW, UPDATE, MERGE, DUPLICATE, POSSIBLE_DUPLICATE, NOT_YOURS, ERROR)

# Publication fields an import writes.
_VALUE_FIELDS = (
    "title",
    "kind",
    "venue",
    "venue_short",
    "year",
    "month",
    "volume",
    "number",
    "pages",
    "publisher",
    "doi",
    "arxiv_id",
    "abstract",
    "note",
    "citation_count",
    "citations_read_on",
    "authors_truncated",
)
# Filled from any record when empty: the bibliographic fields (the title, kind, citations
# and the truncation mark follow their own rules).
_FILLABLE = tuple(
    name for name in _VALUE_FIELDS
    if name not in {"title", "kind", "citation_count", "citations_read_on", "authors_truncated"}
)
# Taken from the venue version when the record so far is a preprint.
_VENUE_GROUP = ("kind", "venue", "venue_short", "year", "month", "volume", "number", "pages",
                "publisher")
# Names under which an admin edit of the author list is recorded in ``edited_fields``.
_AUTHOR_FIELDS = frozenset({"authors", "authorships"})
# Everything ``record_edited_fields`` keeps: what an import could otherwise overwrite.
IMPORTED_FIELDS = frozenset(_VALUE_FIELDS) | _AUTHOR_FIELDS | {"links"}

_STOP_WORDS = frozenset(
    {"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "towards", "toward", "via",
     "by", "at", "from", "is", "are", "do", "does", "can", "what", "how", "when", "why", "we"}
)
_WORD_INITIAL = re.compile(r"(?<![\w'’])[^\W\d_]")
_validate_url = URLValidator()


class ImportFailed(Exception):
    """Writing failed; the transaction was rolled back and the database is unchanged."""


# --- Public data shapes -------------------------------------------------------------------


@dataclass
class ImportFile:
    name: str
    data: bytes
    format: str = "auto"
    size: int | None = None  # when ``data`` was not read because the file is too big

    @property
    def length(self) -> int:
        return len(self.data) if self.size is None else self.size


@dataclass
class PlanItem:
    """What happens to one entry (or one unreadable part) of a file."""

    filename: str
    line: int | None
    key: str | None
    title: str
    status: str
    reasons: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # warnings that do not stop the entry
    changes: list[str] = field(default_factory=list)  # fields this entry sets or changes
    target: str = ""  # the record it becomes part of: 'new "slug"' or 'existing "slug"'
    target_slug: str = ""

    @property
    def where(self) -> str:
        parts = [self.filename or "file"]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.key:  # a file without keys numbers its entries: "entry 3"
            parts.append(self.key if self.key.startswith("entry ") else f"entry {self.key}")
        return ", ".join(parts)

    def describe(self) -> str:
        detail = "; ".join(self.reasons + self.flags)
        return f"{self.where}: {detail}" if detail else self.where


@dataclass
class FileSummary:
    filename: str
    format: str
    size: int
    entries: int
    errors: int


@dataclass
class ImportPlan:
    lab: Any
    person: Any
    files: list[FileSummary]
    items: list[PlanItem]
    _clusters: list[_Cluster] = field(default_factory=list, repr=False)
    _existing_pairs: set[tuple[int, int]] = field(default_factory=set, repr=False)
    _authorships: dict[int, list[dict]] = field(default_factory=dict, repr=False)
    _links: dict[int, set[tuple[str, str]]] = field(default_factory=dict, repr=False)
    near_duplicates: NearDuplicateStats = field(default_factory=NearDuplicateStats)

    def items_with(self, *statuses: str) -> list[PlanItem]:
        return [item for item in self.items if item.status in statuses]

    @property
    def counts(self) -> dict[str, int]:
        by_status = defaultdict(int)
        for item in self.items:
            by_status[item.status] += 1
        return {
            "created": by_status[NEW] + by_status[POSSIBLE_DUPLICATE],
            "updated": by_status[UPDATE],
            "merged": by_status[MERGE],
            "duplicates": by_status[DUPLICATE],
            "possible_duplicates": by_status[POSSIBLE_DUPLICATE],
            "not_yours": by_status[NOT_YOURS],
            "errors": by_status[ERROR],
        }

    @property
    def importable(self) -> int:
        """Entries that could be read (whatever happens to them)."""
        return sum(1 for item in self.items if item.status != ERROR)

    @property
    def writes_anything(self) -> bool:
        return any(cluster.will_write for cluster in self._clusters)

    def fingerprint(self) -> str:
        """Changes whenever what the plan would do changes (admin: preview == confirm)."""
        digest = hashlib.sha256()
        for item in self.items:
            digest.update(
                repr((item.filename, item.line, item.key, item.status, item.target_slug,
                      item.changes)).encode()
            )
        return digest.hexdigest()[:32]


@dataclass
class ImportReport:
    plan: ImportPlan
    created: list[int] = field(default_factory=list)  # pks of the papers created
    updated: list[int] = field(default_factory=list)  # pks of existing papers changed
    ambiguous_authors: list[AmbiguousAuthor] = field(default_factory=list)
    possible_duplicates: int = 0

    @property
    def counts(self) -> dict[str, int]:
        return self.plan.counts

    @property
    def items(self) -> list[PlanItem]:
        return self.plan.items


# --- Internal: clusters of records that are one paper ------------------------------------


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


def _identifier_key(value: str) -> str:
    return value.strip().casefold()


@dataclass
class _Cluster:
    """One paper: an existing publication and/or the entries of this import that are it."""

    values: dict[str, Any]
    existing_pk: int | None = None
    existing_slug: str = ""
    protected: frozenset[str] = frozenset()
    authors: list[ParsedAuthor] | None = None  # the author list, when this import sets it
    author_names: list[str] = field(default_factory=list)  # current list, for comparisons
    authors_changed: bool = False
    author_person_ids: set[int] = field(default_factory=set)  # linked members (existing)
    first_surname: str = ""
    links: set[tuple[str, str]] = field(default_factory=set)  # (kind, url) present
    new_links: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, url, label)
    changed: set[str] = field(default_factory=set)  # value fields changed on an existing row
    items: list[PlanItem] = field(default_factory=list)
    # The highest citation count this import read for the paper, and the entry it came from.
    citations: tuple[int, PlanItem] | None = None
    slug: str = ""
    source: tuple[str, str, str] = ("", "", "")  # file, format, key of the first entry
    by_person: bool = False  # an entry of it names the member whose export this is
    possible: list[tuple[_Cluster, str]] = field(default_factory=list)
    invalid: str = ""  # validation message: the whole cluster becomes errors
    pk: int | None = None  # set once written

    @property
    def is_new(self) -> bool:
        return self.existing_pk is None

    @property
    def will_write(self) -> bool:
        if self.invalid or not self.items:
            return False
        return self.is_new or bool(self.changed or self.authors_changed or self.new_links)

    def label(self) -> str:
        state = "new" if self.is_new else "existing"
        return f'{state} "{self.values["title"]}" ({self.slug or self.existing_slug})'

    # -- merging one entry in --------------------------------------------------------

    def absorb(self, entry: ParsedEntry) -> list[str]:
        """Merge ``entry`` into the record; returns the fields it set or changed."""
        values, changes = self.values, []

        def put(name: str, value: Any) -> None:
            if name in self.protected or values.get(name) == value:
                return
            values[name] = value
            changes.append(name)
            if not self.is_new:
                self.changed.add(name)

        incoming_is_venue = entry.kind != PublicationKind.PREPRINT and bool(entry.venue)
        if values["kind"] == PublicationKind.PREPRINT and incoming_is_venue:
            # The published version wins over the arXiv record: kind, venue, year...
            for name in _VENUE_GROUP:
                value = getattr(entry, name)
                if value not in ("", None) or name == "venue_short":
                    put(name, value)
            if title_key(entry.title) != title_key(values["title"]):
                put("title", entry.title)  # renamed on publication: the venue title
        for name in _FILLABLE:
            value = getattr(entry, name)
            if values.get(name) in ("", None) and value not in ("", None):
                put(name, value)
        if values["kind"] == PublicationKind.OTHER and entry.kind != PublicationKind.OTHER:
            put("kind", entry.kind)
        # Of two spellings of the same title, the better capitalised one.
        if (
            entry.title != values["title"]
            and title_key(entry.title) == title_key(values["title"])
            and capitalisation(entry.title) > capitalisation(values["title"])
        ):
            put("title", entry.title)
        self._absorb_authors(entry, changes)
        self._absorb_links(entry, changes)
        return changes

    def _absorb_authors(self, entry: ParsedEntry, changes: list[str]) -> None:
        if not entry.authors or self.protected & _AUTHOR_FIELDS:
            return
        current = self.author_names
        current_truncated = bool(self.values.get("authors_truncated"))
        new_count = len(entry.authors)
        if not current:
            replace = True
        elif current_truncated and not entry.authors_truncated:
            replace = new_count >= len(current)
        elif current_truncated and entry.authors_truncated:
            replace = new_count > len(current)
        else:
            replace = False  # a full list stays; a list cut by "and others" never replaces it
        if not replace or [a.name for a in entry.authors] == current:
            return
        self.authors = list(entry.authors)
        self.author_names = [a.name for a in entry.authors]
        self.first_surname = surname_key(self.author_names[0])
        self.authors_changed = True
        changes.append("authors")
        if self.values.get("authors_truncated") != entry.authors_truncated:
            self.values["authors_truncated"] = entry.authors_truncated
            if not self.is_new:
                self.changed.add("authors_truncated")

    def _absorb_links(self, entry: ParsedEntry, changes: list[str]) -> None:
        wanted = []
        arxiv_id = self.values.get("arxiv_id") or entry.arxiv_id
        if arxiv_id:
            wanted.append((LinkKind.ARXIV.value, arxiv_url(arxiv_id), ""))
        url = entry.url.strip()
        if url and not re.search(r"arxiv\.org/|doi\.org/", url, re.IGNORECASE):
            try:
                _validate_url(url)
            except ValidationError:
                pass  # an unusable link is left out; the paper itself is still imported
            else:
                if len(url) <= 500:
                    if url.casefold().split("?")[0].endswith(".pdf"):
                        wanted.append((LinkKind.PDF.value, url, ""))
                    else:
                        wanted.append((LinkKind.OTHER.value, url, "Paper"))
        if "links" in self.protected:
            return
        for kind, url, label in wanted:
            if (kind, url) not in self.links:
                self.links.add((kind, url))
                self.new_links.append((kind, url, label))
                changes.append("links")


def _values_of(entry: ParsedEntry) -> dict[str, Any]:
    return {
        "title": entry.title,
        "kind": entry.kind,
        "venue": entry.venue,
        "venue_short": entry.venue_short,
        "year": entry.year,
        "month": entry.month,
        "volume": entry.volume,
        "number": entry.number,
        "pages": entry.pages,
        "publisher": entry.publisher,
        "doi": entry.doi,
        "arxiv_id": entry.arxiv_id,
        "abstract": entry.abstract,
        "note": entry.note,
        "citation_count": None,
        "citations_read_on": None,
        "authors_truncated": entry.authors_truncated,
    }


# --- Planning -----------------------------------------------------------------------------


ProgressCallback = Callable[[str, int, int], None]


def _as_import_files(files: Iterable[Any], format: str) -> list[ImportFile]:
    result = []
    for item in files:
        if isinstance(item, ImportFile):
            result.append(item)
        else:
            name, data = item
            result.append(ImportFile(name=name, data=data, format=format))
    return result


def _without_cyclic_gc(function):
    """Run ``function`` with Python's cyclic garbage collector paused.

    An import holds hundreds of thousands of long-lived objects (entries, names, plans);
    the collector re-scans all of them again and again as they pile up, which doubled the
    time of a 5,000-entry import and made it grow faster than the file. Reference counting
    still frees what is dropped; one collection runs at the end. Re-entrant.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()
            gc.collect(1)

    return wrapper


@_without_cyclic_gc
def parse_files(
    files: Iterable[Any], *, format: str = "auto", progress: ProgressCallback | None = None
) -> list[tuple[ImportFile, ParseResult]]:
    """Parse every file; a file over the size limit becomes one error, never an exception."""
    parsed = []
    files = _as_import_files(files, format)
    for index, upload in enumerate(files, start=1):
        if progress:
            progress(f"Reading {upload.name}", index - 1, len(files))
        parsed.append((upload, _parse_one(upload)))
    if progress and files:
        progress("Reading", len(files), len(files))
    return parsed


def _parse_one(upload: ImportFile) -> ParseResult:
    from publications.importers import ParseError

    if upload.length > MAX_IMPORT_BYTES:
        message = (
            f"the file is {_megabytes(upload.length)}; files up to "
            f"{_megabytes(MAX_IMPORT_BYTES)} can be imported (split the export)"
        )
        return ParseResult(upload.name, "", [], [ParseError(None, None, message, upload.name)])
    try:
        return parse(upload.data, filename=upload.name, format=upload.format)
    except Exception:  # a parser bug must not turn into a traceback for the user
        logger.exception("parsing %s failed", upload.name)
        message = "the file could not be read (internal error; nothing from it was imported)"
        return ParseResult(upload.name, "", [], [ParseError(None, None, message, upload.name)])


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


@_without_cyclic_gc
def plan_import(
    *,
    lab,
    files: Iterable[Any] | None = None,
    parsed: Sequence[tuple[ImportFile, ParseResult]] | None = None,
    person=None,
    format: str = "auto",
    person_must_author: bool = False,
    only_own_papers: bool | None = None,
    progress: ProgressCallback | None = None,
) -> ImportPlan:
    """Say what importing ``files`` into ``lab`` would do, without writing anything.

    ``files``: ``ImportFile`` objects or ``(name, bytes)`` pairs (or pass ``parsed``).
    ``person``: the member whose export this is; entries that do not list them among
    the authors are flagged, and skipped when ``person_must_author`` (a member importing
    their own export). ``only_own_papers`` (default: ``person_must_author``): an entry
    that matches an existing paper ``person`` is not a linked author of is ``NOT_YOURS``,
    listed and not applied; only a lab editor's import may change a labmate's paper.
    Runs a constant number of queries whatever the number of entries.
    """
    if person is not None and person.lab_id != lab.pk:
        raise ValueError("the person must be a member of the lab")
    if parsed is None:
        parsed = parse_files(files or [], format=format, progress=progress)
    today = timezone.localdate()
    if only_own_papers is None:
        only_own_papers = person_must_author
    planner = _Planner(lab=lab, person=person, person_must_author=person_must_author,
                       only_own_papers=only_own_papers and person is not None, today=today)
    summaries = []
    total = sum(len(result.entries) for _, result in parsed)
    done = 0
    for upload, result in parsed:
        summaries.append(
            FileSummary(upload.name, result.format, upload.length, len(result.entries),
                        len(result.errors))
        )
        planner.add_file(result, done=done, total=total, progress=progress)
        done += len(result.entries)
    planner.finish()
    if progress:
        progress("Matching", total, total)
    return ImportPlan(
        lab=lab,
        person=person,
        files=summaries,
        items=planner.items,
        _clusters=planner.touched_clusters(),
        _existing_pairs=planner.existing_pairs,
        _authorships=planner.authorships,
        _links=planner.links_by_pk,
        near_duplicates=planner.pair_budget.stats,
    )


class _Planner:
    def __init__(self, *, lab, person, person_must_author: bool, only_own_papers: bool,
                 today: datetime.date):
        self.lab, self.person, self.today = lab, person, today
        self.person_must_author = person_must_author
        self.only_own_papers = only_own_papers
        self.person_names = MemberNames.of(person) if person is not None else None
        self.person_fits: dict[str, bool] = {}
        self.items: list[PlanItem] = []
        self.clusters: list[_Cluster] = []
        self.by_doi: dict[str, _Cluster] = {}
        self.by_arxiv: dict[str, _Cluster] = {}
        self.by_title: dict[str, _Cluster] = {}
        self.new_clusters: list[_Cluster] = []
        # Same title but different identifiers: (item, candidate, reason), reviewed later.
        self.conflicts: list[tuple[PlanItem, _Cluster, str]] = []
        self.item_cluster: dict[int, _Cluster] = {}
        self.matches: list[tuple[PlanItem, str, _Cluster]] = []
        self.pair_budget = PairBudget()  # possible-duplicate pairs this import may list
        self._load_existing()

    # The lab's papers, authors, links, slugs and reviewed pairs: five queries.
    def _load_existing(self) -> None:
        lab = self.lab
        rows = Publication.objects.for_lab(lab).order_by("pk").values(
            "pk", "slug", "title_key", "edited_fields", "alias_title_keys", *_VALUE_FIELDS,
        )
        self.authorships: dict[int, list[dict]] = defaultdict(list)
        for row in (
            Authorship.objects.for_lab(lab)
            .order_by("publication_id", "position")
            .values("pk", "publication_id", "position", "name", "person_id",
                    "equal_contribution", "corresponding")
        ):
            self.authorships[row["publication_id"]].append(row)
        self.links_by_pk: dict[int, set[tuple[str, str]]] = defaultdict(set)
        for pub_id, kind, url in PublicationLink.objects.for_lab(lab).values_list(
            "publication_id", "kind", "url"
        ):
            self.links_by_pk[pub_id].add((kind, url))
        pairs = PossibleDuplicate.objects.for_lab(lab).values_list("publication_id", "other_id")
        self.existing_pairs = {(min(a, b), max(a, b)) for a, b in pairs}
        self.slugs: set[str] = set()
        self.slug_counters: dict[str, int] = {}
        self.new_pairs: set[tuple[int, int]] = set()
        for row in rows:
            authors = self.authorships.get(row["pk"], [])
            protected = frozenset(row["edited_fields"] or [])
            cluster = _Cluster(
                values={name: row[name] for name in _VALUE_FIELDS},
                existing_pk=row["pk"],
                existing_slug=row["slug"],
                protected=protected,
                author_names=[a["name"] for a in authors],
                author_person_ids={a["person_id"] for a in authors if a["person_id"]},
                first_surname=surname_key(authors[0]["name"]) if authors else "",
                links=set(self.links_by_pk.get(row["pk"], ())),
            )
            self.clusters.append(cluster)
            self.slugs.add(row["slug"])
            self._register(cluster, row["doi"], row["arxiv_id"], row["title_key"])
            for alias in row["alias_title_keys"] or ():
                self.by_title.setdefault(alias, cluster)

    def _register(self, cluster: _Cluster, doi: str, arxiv_id: str, key: str) -> None:
        if doi:
            self.by_doi.setdefault(_identifier_key(doi), cluster)
        if arxiv_id:
            self.by_arxiv.setdefault(_identifier_key(arxiv_id), cluster)
        if key:
            self.by_title.setdefault(key, cluster)

    def add_file(self, result: ParseResult, *, done: int, total: int,
                 progress: ProgressCallback | None) -> None:
        # A parse error on an entry that was still read (e.g. a repeated field) is a
        # warning on that entry, not a lost entry.
        read = {(entry.line, entry.key) for entry in result.entries}
        warnings: dict[tuple, list[str]] = defaultdict(list)
        for error in result.errors:
            if error.key is not None and (error.line, error.key) in read:
                warnings[(error.line, error.key)].append(error.message)
            else:
                self.items.append(
                    PlanItem(result.filename, error.line, error.key, "", ERROR, [error.message])
                )
        step = max(1, total // 100)
        for index, entry in enumerate(result.entries):
            if progress and (done + index) % step == 0:
                progress("Matching", done + index, total)
            item = PlanItem(result.filename, entry.line, entry.key, entry.title, NEW)
            item.flags.extend(warnings.get((entry.line, entry.key), ()))
            self.items.append(item)
            self._add_entry(entry, item, result)

    def _names_person(self, name: str) -> bool:
        if name not in self.person_fits:
            self.person_fits[name] = bool(candidates_for(name, [self.person_names]))
        return self.person_fits[name]

    def _add_entry(self, entry: ParsedEntry, item: PlanItem, result: ParseResult) -> None:
        by_person = False
        if self.person is not None and entry.authors:
            by_person = any(self._names_person(author.name) for author in entry.authors)
            if not by_person:
                cut = " (the author list was cut short)" if entry.authors_truncated else ""
                message = f"{self.person.full_name} is not among the authors{cut}"
                if self.person_must_author:
                    item.status = ERROR
                    item.reasons.append(f"skipped: {message}")
                    return
                item.flags.append(message)

        key = title_key(entry.title)
        doi, arxiv_id = _identifier_key(entry.doi), _identifier_key(entry.arxiv_id)
        match, reason = None, ""
        if doi and doi in self.by_doi:
            match, reason = self.by_doi[doi], "same DOI"
        elif arxiv_id and arxiv_id in self.by_arxiv:
            match, reason = self.by_arxiv[arxiv_id], "same arXiv id"
        elif key and key in self.by_title:
            candidate = self.by_title[key]
            conflict = _identifiers_conflict(candidate.values, entry)
            if conflict:
                # Same title, provably different papers (e.g. two theses "Essays"): review.
                self.conflicts.append((item, candidate, f"same title but a different {conflict}"))
            else:
                match, reason = candidate, "same title"

        if self.only_own_papers and match is not None and not_authored_by(self.person, match):
            item.status = NOT_YOURS
            item.reasons.append(not_yours_reason(reason, match.label()))
            return

        if (
            self.person_must_author
            and not entry.authors
            and not (match is not None and (match.by_person
                                            or self.person.pk in match.author_person_ids))
        ):
            item.status = ERROR
            item.reasons.append(
                "skipped: the entry lists no authors, so it cannot be checked that you are "
                "one (a lab editor can import it)"
            )
            return

        if match is None:
            cluster = _Cluster(values=_values_of(entry))
            cluster.authors = list(entry.authors)
            cluster.author_names = [a.name for a in entry.authors]
            cluster.authors_changed = bool(entry.authors)
            cluster.first_surname = surname_key(entry.authors[0].name) if entry.authors else ""
            cluster.source = (result.filename, result.format, entry.key)
            cluster._absorb_links(entry, [])
            self.clusters.append(cluster)
            item.status = NEW
            item.changes = ["created"]
            self.new_clusters.append(cluster)
        else:
            cluster = match
            # An arXiv record and a venue record of one paper: a merge of two versions.
            different_version = cluster.is_new or (entry.kind == PublicationKind.PREPRINT) != (
                cluster.values["kind"] == PublicationKind.PREPRINT
            )
            changes = cluster.absorb(entry)
            item.changes = sorted(set(changes))
            self.matches.append((item, reason, cluster))  # worded once slugs are known
            if not changes:
                item.status = DUPLICATE
            elif different_version:
                item.status = MERGE
            else:
                item.status = UPDATE
        cluster.items.append(item)
        cluster.by_person |= by_person
        self.item_cluster[id(item)] = cluster
        if entry.citation_count is not None and (
            cluster.citations is None or entry.citation_count > cluster.citations[0]
        ):
            cluster.citations = (entry.citation_count, item)
        self._register(cluster, entry.doi, entry.arxiv_id, key)
        # Its own (possibly improved) identity is also known from now on.
        self._register(cluster, cluster.values["doi"], cluster.values["arxiv_id"],
                       title_key(cluster.values["title"]))

    def _new_slug(self, cluster: _Cluster) -> str:
        """Like Scholar's keys: first author's surname, year, first significant word."""
        surname = _slugify(cluster.first_surname)
        words = re.findall(r"[^\W_]+", title_key_words(cluster.values["title"]))
        word = next((w for w in words if w not in _STOP_WORDS), words[0] if words else "")
        base = f"{surname}{cluster.values['year'] or ''}{_slugify(word)}"[:100] or "paper"
        # Resume numbering where this base left off: a prolific author's hundred papers
        # of one year must not each count up from 2 again.
        slug, counter = base, self.slug_counters.get(base, 2)
        while slug in self.slugs:
            slug = f"{base}-{counter}"
            counter += 1
        self.slug_counters[base] = counter
        self.slugs.add(slug)
        return slug

    def _settle_citations(self) -> None:
        """An export's citation count replaces the stored one (it is newer); of two records
        of one paper in the same import, the higher count."""
        for cluster in self.clusters:
            if cluster.citations is None or "citation_count" in cluster.protected:
                continue
            count, item = cluster.citations
            if cluster.values["citation_count"] == count:
                continue
            cluster.values["citation_count"] = count
            cluster.values["citations_read_on"] = self.today
            if cluster.is_new:
                continue
            cluster.changed.update({"citation_count", "citations_read_on"})
            item.changes = sorted({*item.changes, "citation_count"})
            if item.status == DUPLICATE:
                item.status = UPDATE

    def finish(self) -> None:
        self._settle_citations()
        for cluster in self.new_clusters:
            cluster.slug = self._new_slug(cluster)
        for item, reason, cluster in self.matches:
            item.reasons.insert(0, f"{reason} as {cluster.label()}")
        for item, candidate, reason in self.conflicts:
            cluster = self._cluster_of(item)
            if cluster is None or cluster is candidate:
                continue
            if not self.pair_budget.take(cluster):
                item.flags.append(f"{reason} as {candidate.label()}; not listed for review: "
                                  f"{self.pair_budget.why_left_out(cluster)}")
            else:
                cluster.possible.append((candidate, f"{reason} as {candidate.label()}"))
                if cluster.is_new and cluster.items and cluster.items[0] is item:
                    item.status = POSSIBLE_DUPLICATE
                    item.reasons.append(f"possible duplicate: {reason} as {candidate.label()}")
        self._validate()
        self._find_near_duplicates()
        for cluster in self.new_clusters:
            for item in cluster.items:
                item.target = cluster.label()
                item.target_slug = cluster.slug
        for cluster in self.clusters:
            if not cluster.is_new:
                for item in cluster.items:
                    item.target = cluster.label()
                    item.target_slug = cluster.existing_slug

    def _cluster_of(self, item: PlanItem) -> _Cluster | None:
        return self.item_cluster.get(id(item))

    def touched_clusters(self) -> list[_Cluster]:
        return [cluster for cluster in self.clusters if cluster.items]

    def _find_near_duplicates(self) -> None:
        """New papers whose title is nearly that of another with the same first author
        (``publications.near_duplicates``: near-linear, a bounded number of pairs)."""
        new = {id(cluster): order for order, cluster in enumerate(self.new_clusters)}
        titles = [
            Title(cluster, cluster.first_surname, title_key(cluster.values["title"]),
                  new.get(id(cluster)))
            for cluster in self.clusters
            if not cluster.invalid and cluster.first_surname
        ]
        for cluster, others, left_out in find_near_duplicates(titles, budget=self.pair_budget):
            if not cluster.items:
                continue
            first = cluster.items[0]
            for other in others:
                reason = (f"nearly the same title as {other.label()}, same first author "
                          f"({cluster.author_names[0]})")
                cluster.possible.append((other, reason))
                first.reasons.append(f"possible duplicate: {reason}")
            if others:
                first.status = POSSIBLE_DUPLICATE
            if left_out:
                first.flags.append(
                    f"also nearly the same title as {left_out} more by the same first "
                    f"author, not listed: {self.pair_budget.why_left_out(cluster)}"
                )

    def _validate(self) -> None:
        """Model field validation of what would be written: bad values become errors."""
        for cluster in self.clusters:
            if not cluster.items or not (cluster.is_new or cluster.changed):
                continue
            checked = set(_VALUE_FIELDS) | {"slug"} if cluster.is_new else cluster.changed
            slug = cluster.slug or cluster.existing_slug
            messages = []
            if not _plainly_valid(cluster.values, slug, checked):
                # Django's own validation, for its messages.
                publication = Publication(lab=self.lab, slug=slug, **cluster.values)
                exclude = {f.name for f in Publication._meta.fields} - checked
                try:
                    publication.clean_fields(exclude=exclude)
                except ValidationError as exc:
                    for name, errors in exc.message_dict.items():
                        messages.append(f"{name}: {' '.join(errors)}")
            for author in cluster.authors or []:
                if len(author.name) > 200:
                    messages.append(f"author name longer than 200 characters: {author.name[:40]}…")
                    break
            if messages:
                cluster.invalid = "; ".join(messages)
                for item in cluster.items:
                    item.status = ERROR
                    item.reasons = [f"cannot be stored: {cluster.invalid}"]
                    item.changes = []


def _plainly_valid(values: dict[str, Any], slug: str, names: set[str]) -> bool:
    """A quick check that ``clean_fields`` would pass (lengths, ranges, choices); what it
    does not clearly pass goes through ``clean_fields`` itself."""
    meta = Publication._meta
    for name in names:
        value = slug if name == "slug" else values.get(name)
        if value in ("", None):
            continue
        model_field = meta.get_field(name)
        if isinstance(value, str):
            if model_field.max_length and len(value) > model_field.max_length:
                return False
            if model_field.choices and value not in _KIND_VALUES:
                return False
        elif isinstance(value, int) and not isinstance(value, bool):
            if name == "year" and not 1000 <= value <= 2200:
                return False
            if name == "month" and not 1 <= value <= 12:
                return False
            if value < 0:
                return False
    return True


_KIND_VALUES = frozenset(PublicationKind.values)


@functools.lru_cache(maxsize=4096)
def _slugify(text: str) -> str:
    # Surnames and title words repeat across an export; slugify is not cheap.
    return slugify(text)


def title_key_words(title: str) -> str:
    """The title's words folded like ``title_key`` but with the spaces kept."""
    return " ".join(title_key(word) for word in title.split())


def _identifiers_conflict(values: dict[str, Any], entry: ParsedEntry) -> str:
    """Which identifier proves two same-titled records are different papers, if any."""
    if values.get("doi") and entry.doi and _identifier_key(values["doi"]) != _identifier_key(
        entry.doi
    ):
        return "DOI"
    if (
        values.get("arxiv_id")
        and entry.arxiv_id
        and _identifier_key(values["arxiv_id"]) != _identifier_key(entry.arxiv_id)
    ):
        return "arXiv id"
    return ""


# --- Writing ------------------------------------------------------------------------------


@_without_cyclic_gc
def apply_import(
    *,
    lab,
    plan: ImportPlan | None = None,
    files: Iterable[Any] | None = None,
    parsed: Sequence[tuple[ImportFile, ParseResult]] | None = None,
    person=None,
    format: str = "auto",
    person_must_author: bool = False,
    only_own_papers: bool | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Write an import in one transaction: everything, or (on any failure) nothing.

    Pass the ``plan`` a dry run returned, or ``files`` (or their ``parse_files`` result,
    ``parsed``) to plan and write at once: then the matching runs inside the transaction.
    Raises ``ImportFailed`` with a message for the user when writing fails; the database
    is then exactly as before.
    """
    if plan is not None and plan.lab.pk != lab.pk:
        raise ValueError("the plan was made for another lab")
    if person is not None and person.lab_id != lab.pk:
        raise ValueError("the person must be a member of the lab")
    if plan is None and parsed is None:
        parsed = parse_files(files or [], format=format, progress=progress)
    try:
        with transaction.atomic():
            if plan is None:
                plan = plan_import(lab=lab, parsed=parsed, person=person,
                                   person_must_author=person_must_author,
                                   only_own_papers=only_own_papers, progress=progress)
            report = _write(plan, progress=progress)
    except Exception as exc:
        logger.exception("import into lab %s failed", lab.pk)
        raise ImportFailed(
            "the import failed and nothing was changed "
            f"({exc.__class__.__name__}: {exc}); please report this with the file"
        ) from exc
    if plan.writes_anything:
        bump_content_version(lab.pk)  # bulk writes send no signals
    return report


def _write(plan: ImportPlan, *, progress: ProgressCallback | None) -> ImportReport:
    lab, report = plan.lab, ImportReport(plan=plan)
    clusters = [cluster for cluster in plan._clusters if cluster.will_write]
    total = max(1, len(clusters))
    if progress:
        progress("Writing", 0, total)
    now = timezone.now()

    new_clusters = [cluster for cluster in clusters if cluster.is_new]
    names = ("lab", "slug", "title_key", "source_file", "source_format", "source_key",
             *_VALUE_FIELDS)
    rows = []
    for cluster in new_clusters:
        filename, source_format, source_key = cluster.source
        values = cluster.values
        rows.append((lab.pk, cluster.slug, title_key(values["title"]), filename[:255],
                     source_format, source_key[:255], *(values[name] for name in _VALUE_FIELDS)))
    _insert_rows(Publication, names, rows)
    if new_clusters:
        # Slugs are unique per lab: one query maps them to the new primary keys.
        pks = dict(Publication.objects.for_lab(lab).values_list("slug", "pk"))
        for cluster in new_clusters:
            cluster.pk = pks[cluster.slug]
    report.created = [cluster.pk for cluster in new_clusters]
    if progress:
        progress("Writing", len(new_clusters), total)

    # Existing papers: one UPDATE per batch of rows that change the same fields.
    by_fields: dict[tuple[str, ...], list[Publication]] = defaultdict(list)
    for cluster in clusters:
        if cluster.is_new:
            continue
        cluster.pk = cluster.existing_pk
        if not cluster.changed:
            continue
        fields = set(cluster.changed) | {"updated"}
        if "title" in fields:
            fields.add("title_key")
        publication = Publication(
            pk=cluster.existing_pk, lab=lab, updated=now,
            title_key=title_key(cluster.values["title"]), **cluster.values,
        )
        by_fields[tuple(sorted(fields))].append(publication)
        report.updated.append(cluster.existing_pk)
    for fields, rows in by_fields.items():
        Publication.objects.bulk_update(rows, fields, batch_size=BATCH_SIZE)

    report.ambiguous_authors = _write_authors(plan, clusters)
    _write_links(plan, clusters)
    report.possible_duplicates = _write_possible_duplicates(plan, clusters)
    if progress:
        progress("Writing", total, total)
    return report


def _chunks(items: Sequence, size: int = BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _write_authors(plan: ImportPlan, clusters: list[_Cluster]) -> list[AmbiguousAuthor]:
    """Write the new author lists, already linked to members; returns the ambiguous names.

    Linking is ``publications.linking.MemberMatcher.link_paper``, the rule of every
    linking path, applied here to the rows before they are inserted rather than read
    back and updated: that keeps a 5,000-paper import to a few queries. In a member's
    own export they are the exporter; members linked on a list this import replaces are
    still known authors of the paper.
    """
    lab, person = plan.lab, plan.person
    matcher = MemberMatcher(MemberNames.of(member) for member in _people_of(lab))

    def link(cluster: _Cluster, names: list[str], person_ids: list[int | None],
             known: Iterable[int] = ()) -> list[tuple]:
        """Fill ``person_ids`` in place; returns (position, candidates) left ambiguous."""
        exporter = person if cluster.by_person else None
        found = matcher.link_paper(names, person_ids, exporter=exporter, known=known)
        return [(index + 1, candidates) for index, candidates in found]

    replaced = [c.existing_pk for c in clusters if not c.is_new and c.authors_changed]
    for chunk in _chunks(replaced):
        Authorship.objects.for_lab(lab).filter(publication_id__in=chunk).delete()
    rows, ambiguous, relinked = [], [], []
    for cluster in plan._clusters:
        if cluster.invalid or cluster.pk is None:
            continue
        previous = plan._authorships.get(cluster.existing_pk, []) if not cluster.is_new else []
        if not (cluster.authors_changed and cluster.authors):
            # An existing list: only the exporting member may still need their link.
            if cluster.by_person and previous:
                names = [old["name"] for old in previous]
                person_ids = [old["person_id"] for old in previous]
                before = list(person_ids)
                for position, found in link(cluster, names, person_ids):
                    old = previous[position - 1]
                    authorship = Authorship(pk=old["pk"], lab=lab, publication_id=cluster.pk,
                                            position=position, name=old["name"])
                    ambiguous.append(AmbiguousAuthor(authorship, found))
                relinked.extend(
                    (pk, old["pk"]) for old, pk, was in zip(previous, person_ids, before,
                                                            strict=True) if pk != was
                )
            continue
        # A replaced list keeps who was linked and the marks set on the old one.
        by_name = {}
        for old in previous:
            by_name.setdefault(name_tokens(old["name"]), old)
        olds = [by_name.get(name_tokens(author.name)) if by_name else None
                for author in cluster.authors]
        person_ids, used = [], set()
        for old in olds:
            person_id = old["person_id"] if old else None
            person_ids.append(None if person_id in used else person_id)
            used.add(person_id)
        names = [author.name for author in cluster.authors]
        known = {old["person_id"] for old in previous if old["person_id"]} - used
        for position, found in link(cluster, names, person_ids, known):
            authorship = Authorship(lab=lab, publication_id=cluster.pk, position=position,
                                    name=names[position - 1])
            ambiguous.append(AmbiguousAuthor(authorship, found))
        for position, (author, old, person_id) in enumerate(
            zip(cluster.authors, olds, person_ids, strict=True), start=1
        ):
            rows.append((
                lab.pk,
                cluster.pk,
                position,
                author.name,
                person_id,
                author.equal_contribution or bool(old and old["equal_contribution"]),
                author.corresponding or bool(old and old["corresponding"]),
            ))
    _insert_rows(Authorship, ("lab", "publication", "position", "name", "person",
                              "equal_contribution", "corresponding"), rows)
    if relinked:
        Authorship.objects.bulk_update(
            [Authorship(pk=pk, person_id=person_id) for person_id, pk in relinked], ["person"],
            batch_size=BATCH_SIZE,
        )
    return ambiguous


_PLAIN_TYPES = frozenset({
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "ForeignKey",
    "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "SlugField",
    "SmallIntegerField", "TextField", "URLField",
})


def _insert_rows(model, field_names: Sequence[str], rows: list[tuple]) -> None:
    """INSERT rows of plain values with ``executemany``: ``bulk_create`` without models.

    An import writes ten author rows per paper; building a model instance per row cost
    more than parsing the file. Same effect as ``bulk_create`` (no ``save()``, no signals:
    the caller bumps the cache version). Fields not named get their default, so a field
    added to the model later needs no change here.
    """
    if not rows:
        return
    meta = model._meta
    given = [meta.get_field(name) for name in field_names]
    rest = [f for f in meta.concrete_fields if f not in given and not f.primary_key]
    now = timezone.now()
    defaults = tuple(
        f.get_db_prep_save(
            now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else f.get_default(),
            connection,
        )
        for f in rest
    )
    # Values of dates, JSON and the like go through the field; plain ones as they are.
    special = [i for i, f in enumerate(given) if f.get_internal_type() not in _PLAIN_TYPES]
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in given + rest)
    placeholders = ", ".join(["%s"] * (len(given) + len(rest)))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - from _meta
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, 2000):
            prepared = []
            for row in chunk:
                if special:
                    row = list(row)
                    for index in special:
                        row[index] = given[index].get_db_prep_save(row[index], connection)
                prepared.append((*row, *defaults))
            cursor.executemany(sql, prepared)


def _write_links(plan: ImportPlan, clusters: list[_Cluster]) -> None:
    rows = []
    for cluster in clusters:
        start = len(plan._links.get(cluster.existing_pk, ())) if not cluster.is_new else 0
        for offset, (kind, url, label) in enumerate(cluster.new_links):
            rows.append(
                PublicationLink(lab=plan.lab, publication_id=cluster.pk, kind=kind, url=url,
                                label=label, order=start + offset)
            )
    PublicationLink.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _write_possible_duplicates(plan: ImportPlan, clusters: list[_Cluster]) -> int:
    rows, seen = [], set(plan._existing_pairs)
    for cluster in clusters:
        for other, reason in cluster.possible:
            other_pk = other.pk or other.existing_pk
            if cluster.pk is None or other_pk is None or other_pk == cluster.pk:
                continue
            pair = (min(cluster.pk, other_pk), max(cluster.pk, other_pk))
            if pair in seen:
                continue
            seen.add(pair)
            rows.append(PossibleDuplicate(lab=plan.lab, publication_id=cluster.pk,
                                          other_id=other_pk, reason=reason[:300]))
    PossibleDuplicate.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)


# --- Edits in admin -----------------------------------------------------------------------


def record_edited_fields(publication: Publication, changed_fields: Iterable[str]) -> list[str]:
    """Remember the fields a person changed in admin so that imports never overwrite them.

    Call it *before* saving the publication, e.g. in ``PublicationAdmin.save_model`` with
    ``form.changed_data`` (and ``["authors"]`` when the author inline changed). A changed
    title keeps the old title key as an alias, so re-importing the file still matches.
    """
    changed = {name for name in changed_fields if name in IMPORTED_FIELDS}
    if "title" in changed and publication.title_key:
        new_key = title_key(publication.title)
        if new_key != publication.title_key and publication.title_key not in (
            publication.alias_title_keys or []
        ):
            publication.alias_title_keys = [*(publication.alias_title_keys or []),
                                            publication.title_key]
    publication.edited_fields = sorted(set(publication.edited_fields or []) | changed)
    return publication.edited_fields


# --- Review: possible duplicates and authors to link by hand ----------------------------


def better_record(a: Publication, b: Publication) -> Publication:
    """The one of two records of the same paper to keep: the venue version, the full
    author list, the better-capitalised title, the more complete record."""

    def score(publication: Publication):
        filled = sum(1 for name in _FILLABLE if getattr(publication, name) not in ("", None))
        return (
            publication.kind != PublicationKind.PREPRINT,
            not publication.authors_truncated,
            filled,
            capitalisation(publication.title),
            -publication.pk,
        )

    return a if score(a) >= score(b) else b


def merge_publications(*, keep: Publication, remove: Publication) -> Publication:
    """Merge ``remove`` into ``keep`` and delete it: fields, authors, links, tags, and every
    row of other apps that points at the paper (awards, news) move to ``keep``."""
    if keep.pk == remove.pk:
        raise ValueError("a paper cannot be merged with itself")
    if keep.lab_id != remove.lab_id:
        raise ValueError("papers of different labs cannot be merged")
    with transaction.atomic():
        keep = Publication.objects.select_for_update().get(pk=keep.pk)
        remove = Publication.objects.select_for_update().get(pk=remove.pk)
        protected = set(keep.edited_fields or [])

        def put(name, value):
            if name not in protected:
                setattr(keep, name, value)

        if keep.kind == PublicationKind.PREPRINT and remove.kind != PublicationKind.PREPRINT \
                and remove.venue:
            for name in _VENUE_GROUP:
                value = getattr(remove, name)
                if value not in ("", None) or name == "venue_short":
                    put(name, value)
        for name in _FILLABLE:
            if getattr(keep, name) in ("", None) and getattr(remove, name) not in ("", None):
                put(name, getattr(remove, name))
        if title_key(remove.title) == title_key(keep.title) and capitalisation(
            remove.title
        ) > capitalisation(keep.title):
            put("title", remove.title)
        if remove.citation_count is not None and (keep.citation_count or 0) < remove.citation_count:
            put("citation_count", remove.citation_count)
            put("citations_read_on", remove.citations_read_on)
        keep.selected = keep.selected or remove.selected
        if not keep.thumbnail and remove.thumbnail:
            keep.thumbnail = remove.thumbnail
        aliases = list(keep.alias_title_keys or [])
        for alias in [remove.title_key, *(remove.alias_title_keys or [])]:
            if alias and alias != title_key(keep.title) and alias not in aliases:
                aliases.append(alias)
        keep.alias_title_keys = aliases

        _merge_authors(keep, remove, protected)
        present = set(keep.links.values_list("kind", "url"))
        order = keep.links.count()
        for link in remove.links.all():
            if (link.kind, link.url) not in present:
                present.add((link.kind, link.url))
                link.publication, link.order = keep, order
                order += 1
                link.save(update_fields=["publication", "order"])
        keep.tags.add(*remove.tags.all())
        _move_other_relations(keep, remove)
        keep.full_clean(exclude=["slug"], validate_unique=False)
        keep.save()
        remove.delete()
    return keep


def _merge_authors(keep: Publication, remove: Publication, protected: set[str]) -> None:
    kept, removed = list(keep.authorships.all()), list(remove.authorships.all())
    take_other = not protected & _AUTHOR_FIELDS and removed and (
        not kept
        or (keep.authors_truncated and not remove.authors_truncated and len(removed) >= len(kept))
        or (keep.authors_truncated and remove.authors_truncated and len(removed) > len(kept))
    )
    if take_other:
        # The other list is better; it keeps the links and marks set on this one.
        previous = {name_tokens(a.name): a for a in kept}
        used = {a.person_id for a in removed if a.person_id}
        for authorship in removed:
            old = previous.get(name_tokens(authorship.name))
            if old is not None:
                if authorship.person_id is None and old.person_id and old.person_id not in used:
                    authorship.person_id = old.person_id
                    used.add(old.person_id)
                authorship.equal_contribution |= old.equal_contribution
                authorship.corresponding |= old.corresponding
        keep.authorships.all().delete()
        for authorship in removed:
            authorship.publication = keep
            authorship.save()
        keep.authors_truncated = remove.authors_truncated
        return
    by_name = {name_tokens(a.name): a for a in removed}
    used = {a.person_id for a in kept if a.person_id}
    for authorship in kept:
        other = by_name.get(name_tokens(authorship.name))
        if authorship.person_id is None and other is not None and other.person_id \
                and other.person_id not in used:
            authorship.person_id = other.person_id
            used.add(other.person_id)
            authorship.save(update_fields=["person"])


def _move_other_relations(keep: Publication, remove: Publication) -> None:
    """Rows of other apps that point at a paper (awards, news items...) follow the merge."""
    own = {Authorship, PublicationLink, PossibleDuplicate}
    for relation in Publication._meta.related_objects:
        if relation.related_model in own:
            continue
        if relation.many_to_many:
            accessor = relation.get_accessor_name()
            getattr(keep, accessor).add(*getattr(remove, accessor).all())
        elif relation.one_to_many or relation.one_to_one:
            manager = relation.related_model._base_manager
            manager.filter(**{relation.field.name: remove}).update(**{relation.field.name: keep})


def merge_possible_duplicate(*, duplicate: PossibleDuplicate, keep: Publication | None = None
                             ) -> Publication:
    """One-click merge of a reviewed pair; ``keep`` defaults to ``better_record``."""
    first, second = duplicate.publication, duplicate.other
    keep = keep or better_record(first, second)
    if keep.pk not in (first.pk, second.pk):
        raise ValueError("keep one of the two papers of the pair")
    remove = second if keep.pk == first.pk else first
    return merge_publications(keep=keep, remove=remove)


def dismiss_possible_duplicate(*, duplicate: PossibleDuplicate) -> None:
    """Not the same paper: keep both, and do not ask again."""
    duplicate.resolved = True
    duplicate.save(update_fields=["resolved"])


def ambiguous_authors(*, lab) -> list[AmbiguousAuthor]:
    """The lab's unlinked authors that are ambiguous by the linking rule (three queries):
    the same verdict an import or ``link_authors_to_members`` reaches for the row."""
    members = [MemberNames.of(person) for person in _people_of(lab)]
    if len(members) < 2:
        return []
    by_paper: dict[int, list[Authorship]] = defaultdict(list)
    for authorship in (
        Authorship.objects.for_lab(lab).select_related("publication")
        .order_by("publication_id", "position")
    ):
        by_paper[authorship.publication_id].append(authorship)
    matcher = MemberMatcher(members)
    found = []
    for rows in by_paper.values():
        if all(row.person_id for row in rows):
            continue
        for index, candidates in matcher.ambiguous_on_paper(
            [row.name for row in rows], [row.person_id for row in rows]
        ):
            found.append(AmbiguousAuthor(rows[index], candidates))
    return found


def _people_of(lab):
    from people.models import Person

    return Person.objects.for_lab(lab).order_by("pk")


def link_authorship(*, authorship: Authorship, person) -> Authorship:
    """Link one author to a member by hand (both of the same lab, once per paper)."""
    if person.lab_id != authorship.lab_id:
        raise ValidationError("Choose a member of the same lab.")
    if Authorship.objects.filter(publication_id=authorship.publication_id, person=person).exclude(
        pk=authorship.pk
    ).exists():
        raise ValidationError(f"{person} is already an author of this paper.")
    authorship.person = person
    authorship.full_clean()
    authorship.save(update_fields=["person"])
    return authorship


__all__ = [
    "DUPLICATE",
    "ERROR",
    "MAX_IMPORT_BYTES",
    "MERGE",
    "NEW",
    "NOT_YOURS",
    "POSSIBLE_DUPLICATE",
    "STATUSES",
    "UPDATE",
    "ImportFailed",
    "ImportFile",
    "ImportPlan",
    "ImportReport",
    "PlanItem",
    "ambiguous_authors",
    "apply_import",
    "better_record",
    "dismiss_possible_duplicate",
    "link_authorship",
    "merge_possible_duplicate",
    "merge_publications",
    "parse_files",
    "plan_import",
    "record_edited_fields",
]
