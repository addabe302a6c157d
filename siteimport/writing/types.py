"""The shapes of a site import: the plan (every item with what will happen to it) and the
report. Plain data; the ``write`` of each item runs only in ``apply_site_import``."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from siteimport.types import Origin, SiteData


class Action(models.TextChoices):
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    UNCHANGED = "unchanged", "Unchanged"
    SKIPPED = "skipped", "Skipped"


@dataclass
class PlannedItem:
    kind: str  # "profile", "photo", "link", "section", "interest", "news", "award", "cv",
    # "paper", "member"
    what: str  # a short description for the preview: the title, the field, the URL
    action: str  # an Action value
    reason: str = ""
    origin: Origin | None = None
    changes: list[str] = field(default_factory=list)
    write: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    def describe(self) -> str:
        where = f" ({self.origin.describe()})" if self.origin else ""
        why = f": {self.reason}" if self.reason else ""
        changed = f" [{', '.join(self.changes)}]" if self.changes else ""
        return f"{self.action} {self.kind} {self.what!r}{changed}{why}{where}"


@dataclass
class SiteImportPlan:
    lab: Any
    person: Any  # None for a lab import
    site: SiteData
    items: list[PlannedItem]
    papers: Any = None  # the publication pipeline's ImportPlan
    inferred: list[str] = field(default_factory=list)  # values guessed, not read
    # per index of site.papers: (links, highlights) that passed the models' checks
    paper_extras: dict[int, Any] = field(default_factory=dict)  # papers.PaperExtras

    @property
    def counts(self) -> dict[str, Counter]:
        """{kind: Counter(action: n)}."""
        counts: dict[str, Counter] = {}
        for item in self.items:
            counts.setdefault(item.kind, Counter())[item.action] += 1
        return counts

    @property
    def skipped(self) -> list[PlannedItem]:
        return [item for item in self.items if item.action == Action.SKIPPED]

    @property
    def writes_anything(self) -> bool:
        return any(item.action in (Action.CREATE, Action.UPDATE) for item in self.items)

    def fingerprint(self) -> str:
        """Changes whenever what applying would do changes (admin: preview == confirm)."""
        digest = hashlib.sha256()
        for item in self.items:
            digest.update(repr((item.kind, item.what, item.action, item.changes)).encode())
        if self.papers is not None:
            digest.update(self.papers.fingerprint().encode())
        return digest.hexdigest()[:32]

    def report_lines(self) -> list[str]:
        """The preview/report as lines: counts per kind, then every skipped item, then what
        was inferred."""
        lines = []
        for kind, counter in self.counts.items():
            parts = ", ".join(f"{n} {action}" for action, n in sorted(counter.items()))
            lines.append(f"{kind}: {parts}")
        lines += [f"skipped: {item.describe()}" for item in self.skipped]
        lines += [f"inferred: {value}" for value in self.inferred]
        return lines


@dataclass
class SiteImportReport:
    plan: SiteImportPlan
    papers: Any = None  # the pipeline's ImportReport

    @property
    def counts(self):
        return self.plan.counts

    def lines(self) -> list[str]:
        return self.plan.report_lines()
