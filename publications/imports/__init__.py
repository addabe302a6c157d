"""Importing publication lists into a lab: matching, de-duplication and merging.

``plan_import`` is a dry run: it parses the files (``publications.importers``), matches
every entry against the other entries and the lab's existing papers, and says what will
happen to each one (new / update / merge / duplicate / possible-duplicate / not-yours /
error) and why. ``apply_import`` writes a plan in one transaction with bulk writes, links
authors to members (``publications.linking``) and makes cached pages stale.

Rules (README, "Importing publications"), and where each lives:

- Two records are the same paper when they share a DOI, an arXiv id, or a title key; a
  title match is vetoed when both records carry different DOIs or arXiv ids (``keys``).
- Titles that are near-identical (similarity >= 0.9 on the title key) with the same
  first-author surname are *possible duplicates*: created, and listed for a person to
  merge in admin; never merged silently. So are an arXiv and a venue version renamed
  after the colon: the same title before the colon (unless generic, "Introduction:") and
  the same first author. The search and the list are bounded (``near_duplicates``).
- Merging keeps the venue version's kind, venue and year over an arXiv record, and the
  arXiv id and link; fills empty fields; a list cut by "and others" never replaces a full
  one; of titles that differ only in case, the one with more capitalised words wins
  (``clusters`` for an import, ``review.merge_publications`` in admin).
- Author names that differ only by accents or TeX ("Re" / "R{\\'e}" / "Ré") are one name
  (``publications.linking.name_tokens``, TeX decoded by ``importers.text``); merged lists
  keep the accented spelling, whichever list wins (``merge_policy.respell``).
- Fields a person edited in admin (``Publication.edited_fields``, ``edits``) are never
  overwritten.
- In a member's own import, a paper they do not author is listed, not changed (``rules``).
- Re-importing the same file changes nothing; an updated export updates citation counts.

Modules, in the order the data flows: ``types`` (statuses, files, plan, report),
``parsing``, ``keys``, ``clusters``, ``near_duplicates``, ``validation``, ``planning``,
``writing`` (with the raw-SQL inserts in ``bulk``), ``review``, ``edits``; ``summary``
groups a plan's messages, ``uploads`` keeps admin uploads between preview and confirm.
"""

from publications.imports.edits import record_edited_fields
from publications.imports.parsing import MAX_IMPORT_BYTES, parse_files
from publications.imports.planning import plan_import
from publications.imports.review import (
    ambiguous_authors,
    better_record,
    dismiss_possible_duplicate,
    link_authorship,
    merge_possible_duplicate,
    merge_publications,
)
from publications.imports.types import (
    DUPLICATE,
    ERROR,
    IMPORTED_FIELDS,
    MERGE,
    NEW,
    NOT_YOURS,
    POSSIBLE_DUPLICATE,
    STATUSES,
    UPDATE,
    ImportFailed,
    ImportFile,
    ImportPlan,
    ImportReport,
    PlanItem,
)
from publications.imports.writing import apply_import

__all__ = [
    "DUPLICATE",
    "ERROR",
    "IMPORTED_FIELDS",
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
