"""The citation total badge of an about section ("Citations 1,234", as seed 002's Scholar
badge, rendered by us: text, no third-party image).

``labsite`` cannot read papers (publications sits above it): publications registers the
function that sums them in its ``AppConfig.ready()``; the about sections of the lab home
(``labsite.sections``) and of a homepage (``people.sections``) ask through
:func:`citation_total` when their row's ``show_citation_total`` is on. The function runs one
aggregate query whatever the number of papers.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class CitationTotal:
    count: int  # the sum of the papers' shown citation counts
    papers: int  # how many papers have a count
    oldest: datetime.date | None  # the oldest and newest reading among them
    newest: datetime.date | None
    url: str = ""  # where the badge leads (a Scholar profile, else the papers)

    def but(self, **changes) -> CitationTotal:
        return replace(self, **changes)

    @property
    def count_text(self) -> str:
        return f"{self.count:,}"

    @property
    def read_over_days(self) -> bool:
        """Whether the counts were read on different days (the badge then says both)."""
        return self.oldest is not None and self.newest is not None and self.oldest != self.newest


# (lab, person or None) -> CitationTotal or None: set by publications.
_total_function: Callable | None = None


def register_citation_total(function: Callable) -> None:
    global _total_function
    _total_function = function


def citation_total(lab, person=None) -> CitationTotal | None:
    """The lab's total (``person`` None) or a member's, None without any count read."""
    if _total_function is None:
        return None
    return _total_function(lab, person)
