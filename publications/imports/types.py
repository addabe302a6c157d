"""The import's data shapes: statuses, the files, the plan and its items, the report,
and the groups of ``Publication`` fields an import reads and writes."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from publications.imports.near_duplicates import NearDuplicateStats
from publications.linking import AmbiguousAuthor

if TYPE_CHECKING:
    from publications.imports.clusters import Cluster

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
VALUE_FIELDS = (
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
    "scholar_id",
    "abstract",
    "note",
    "citation_count",
    "citations_read_on",
    "authors_truncated",
)
# Filled from any record when empty: the bibliographic fields (the title, kind, citations
# and the truncation mark follow their own rules).
FILLABLE_FIELDS = tuple(
    name for name in VALUE_FIELDS
    if name not in {"title", "kind", "citation_count", "citations_read_on", "authors_truncated"}
)
# Taken from the venue version when the record so far is a preprint.
VENUE_FIELDS = ("kind", "venue", "venue_short", "year", "month", "volume", "number", "pages",
                "publisher")
# Names under which an admin edit of the author list is recorded in ``edited_fields``.
AUTHOR_FIELDS = frozenset({"authors", "authorships"})
# Fields only a metadata refresh writes (metadata/stars.py); an admin edit holds there too.
REFRESHED_FIELDS = frozenset({"code_stars", "code_stars_read_on"})
# Everything ``record_edited_fields`` keeps: what an import or a refresh could overwrite.
IMPORTED_FIELDS = frozenset(VALUE_FIELDS) | AUTHOR_FIELDS | {"links"} | REFRESHED_FIELDS


class ImportFailed(Exception):
    """Writing failed; the transaction was rolled back and the database is unchanged."""


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
    _clusters: list[Cluster] = field(default_factory=list, repr=False)
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

