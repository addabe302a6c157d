"""Badges on a paper that higher apps give it (awards: "Best paper", "Oral").

publications never imports those apps: each registers a source here from its
``AppConfig.ready()``, and the paper lists add its rows to the one UNION ALL that loads
links and topics (publications.queries). With no source registered, papers have no badges.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class BadgeSource:
    # queryset(lab, publication_ids) → the lab's rows that give those papers a badge.
    queryset: Callable[..., QuerySet]
    # Its fields: the paper's id, a title, a badge text, and two numbers that order a
    # paper's badges (the highest first: year and month, say).
    fields: tuple[str, str, str, str, str]
    # text(title, badge) → the short text shown on the paper.
    text: Callable[[str, str], str]


_sources: list[BadgeSource] = []


def register_badge_source(source: BadgeSource) -> None:
    if source not in _sources:
        _sources.append(source)


def badge_sources() -> list[BadgeSource]:
    return list(_sources)
