"""An import plan's messages, grouped: "312 entries look like near-duplicates of others;
first 20 shown" instead of one line per entry or pair.

Used by the admin preview and by ``import_publications``: a file of thousands of entries
with the same problem gives a few groups of bounded size, whatever its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from publications.imports import ERROR, NOT_YOURS, POSSIBLE_DUPLICATE, ImportPlan, PlanItem

WARNING = "warning"
EXAMPLES = 20  # entries shown per group
GROUPS = 10  # groups shown per kind of message; the rest are counted

# The parts of a message that name one entry: quoted titles, (slugs), numbers.
_SPECIFIC = re.compile(r'"[^"]*"|“[^”]*”|\([^)]*\)|\d+')


@dataclass
class MessageGroup:
    """Entries that got the same message (up to what names the entry itself)."""

    kind: str  # ERROR, NOT_YOURS, POSSIBLE_DUPLICATE or WARNING
    heading: str  # after "N entries "
    count: int = 0
    examples: list[str] = field(default_factory=list)  # "file, line 3, entry k: message"

    @property
    def more(self) -> int:
        return self.count - len(self.examples)

    def title(self) -> str:
        noun = "entry" if self.count == 1 else "entries"
        heading = self.heading
        if self.kind == POSSIBLE_DUPLICATE:
            heading = ("looks like a near-duplicate of another paper" if self.count == 1
                       else "look like near-duplicates of others")
            heading += " (created, listed for review)"
        elif self.kind == NOT_YOURS:
            heading = ("matches a paper the importing member does not author (not applied)"
                       if self.count == 1 else
                       "match papers the importing member does not author (not applied)")
        shown = f"; first {len(self.examples)} shown" if self.more else ""
        return f"{self.count:,} {noun} {heading}{shown}"


def template(message: str) -> str:
    """``message`` with what is specific to one entry replaced by "…"."""
    return _SPECIFIC.sub("…", message)


def _add(groups: dict[str, MessageGroup], kind: str, key: str, heading: str,
         example: str) -> None:
    group = groups.get(key)
    if group is None:
        group = groups[key] = MessageGroup(kind, heading)
    group.count += 1
    if len(group.examples) < EXAMPLES:
        group.examples.append(example)


def summarise(plan: ImportPlan) -> list[MessageGroup]:
    """Errors, possible duplicates and warnings, each grouped by message; entries with
    messages of more than ``GROUPS`` kinds end in one "other messages" group each."""
    errors: dict[str, MessageGroup] = {}
    warnings: dict[str, MessageGroup] = {}
    possible = MessageGroup(POSSIBLE_DUPLICATE, "")
    not_yours = MessageGroup(NOT_YOURS, "")
    for item in plan.items:
        if item.status == ERROR:
            message = item.reasons[0] if item.reasons else "error"
            _add(errors, ERROR, template(message), f"with errors (skipped): {template(message)}",
                 item.describe())
            continue
        for status, group in ((POSSIBLE_DUPLICATE, possible), (NOT_YOURS, not_yours)):
            if item.status == status:
                group.count += 1
                if len(group.examples) < EXAMPLES:
                    group.examples.append(_describe(item, item.reasons))
        for flag in item.flags:
            _add(warnings, WARNING, template(flag), f"with a warning: {template(flag)}",
                 f"{item.where}: {flag}")
    return [
        *_bounded(errors, ERROR, "with other errors (skipped)"),
        *([not_yours] if not_yours.count else []),
        *([possible] if possible.count else []),
        *_bounded(warnings, WARNING, "with other warnings"),
    ]


def _describe(item: PlanItem, messages: list[str]) -> str:
    return f"{item.where}: {'; '.join(messages)}" if messages else item.where


def _bounded(groups: dict[str, MessageGroup], kind: str, other_heading: str
             ) -> list[MessageGroup]:
    ranked = sorted(groups.values(), key=lambda group: -group.count)
    shown, rest = ranked[:GROUPS], ranked[GROUPS:]
    if rest:
        other = MessageGroup(kind, other_heading, count=sum(group.count for group in rest))
        for group in rest:
            other.examples.extend(group.examples[: EXAMPLES - len(other.examples)])
        shown.append(other)
    return shown
