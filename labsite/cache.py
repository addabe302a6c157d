"""Per-lab content versions and the public page cache.

Every lab has a content version (labsite.versions, shared by every app process). Any
change to a lab's rows bumps it (signals in ``labsite.signals``; bulk writes call
:func:`bump_content_version`), so a cached page is keyed by the version it was rendered
under and is never served stale, by any process. The version also gives ``Last-Modified``.

Only views marked :func:`cached_page` are cached, keyed on the query parameters they
declare and nothing else (labsite.middleware.PageCacheMiddleware).
"""

import datetime
import hashlib
import time
from functools import lru_cache
from urllib.parse import urlencode

from django.urls import Resolver404
from django.utils import timezone

from labsite.versions import bump_lab, lab_version, version_seconds

PAGE_CACHE_SECONDS = 24 * 3600


def content_version(lab_id: int) -> int:
    return lab_version(lab_id)


def bump_content_version(lab_id: int | None, *, from_row_signal: bool = False) -> None:
    """Make every cached page of the lab stale (call after writes that skip signals)."""
    if lab_id is not None:
        bump_lab(lab_id, from_row_signal=from_row_signal)


def cached_page(*, query: tuple[str, ...] = ()):
    """Marks a view whose page is the same for every anonymous visitor: it is cached.

    ``query`` names the query parameters the view reads. The cache keys on those alone;
    a request's other parameters (``?utm_source=…``) are removed before the view runs, so
    such a request is the same page, served from the same entry.
    """

    def mark(view):
        view.cached_page_query = tuple(sorted(set(query)))
        return view

    return mark


# Paths up to this long have their view's declaration remembered (at most _MEMO_PATHS of
# them); longer ones, rare and often junk, are resolved every time.
_MEMO_PATH_LENGTH = 200
_MEMO_PATHS = 2048


def declared_query(resolver, path: str) -> tuple[str, ...] | None:
    """The query parameters the page at ``path`` reads; None when it is not cached."""
    if len(path) > _MEMO_PATH_LENGTH:
        return _declared_query(resolver, path)
    return _memo_declared_query(resolver, path)


def _declared_query(resolver, path):
    try:
        match = resolver.resolve(path)
    except Resolver404:
        return None
    return getattr(match.func, "cached_page_query", None)


_memo_declared_query = lru_cache(maxsize=_MEMO_PATHS)(_declared_query)


def normalised_query(query_dict, names: tuple[str, ...]) -> str:
    """The declared parameters in name order, each with its last value (what views read)
    without surrounding spaces; empty ones, the same as absent, are left out."""
    pairs = []
    for name in names:
        value = query_dict.get(name, "").strip()
        if value:
            pairs.append((name, value))
    return urlencode(pairs)


def _today() -> tuple[str, int]:
    """(today's date in ISO form, its midnight in seconds since the epoch), local time.

    Asked on every page-cache hit: worked out once a day rather than every time."""
    global _day
    now = time.time()
    if now >= _day[0]:
        midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        tomorrow = midnight + datetime.timedelta(days=1)
        # Worked out again at midnight, and at least hourly (summer time, a new TIME_ZONE).
        _day = (min(tomorrow.timestamp(), now + 3600), midnight.date().isoformat(),
                int(midnight.timestamp()))
    return _day[1], _day[2]


_day: tuple[float, str, int] = (0.0, "", 0)


def last_modified(version: int) -> int:
    """Seconds since the epoch: the later of the version and the start of today."""
    return max(version_seconds(version), _today()[1])


def page_key(lab_id: int, version: int, host: str, variant: str) -> str:
    # Today's date is part of the key: items dated in the future appear on their day
    # without any write to bump the version.
    digest = hashlib.blake2b(f"{host}\n{variant}".encode(), digest_size=16).hexdigest()
    return f"labsite:page:{lab_id}:{version}:{_today()[0]}:{digest}"


_memos: list["PerLabMemo"] = []


def forget_lab_memos() -> None:
    """Empty every PerLabMemo of this process, as in a new one (tests counting queries)."""
    for memo in _memos:
        memo._values.clear()


class PerLabMemo:
    """Per process: one value per lab, kept while the lab's content version stays the same.

    For small rows of a lab's own configuration read on many pages (its publication-list
    settings, its home page's sections): a hit costs one read of the shared content version
    (as a cached host lookup does, labsite.tenancy) instead of a query. Any write to the
    lab's rows, in any process, bumps the version, and again on commit. Every request of the
    process shares the value: read it, never change it.
    """

    def __init__(self, load):
        self._load = load  # lab -> value
        self._values: dict[int, tuple[int, object]] = {}  # lab id -> (version, value)
        _memos.append(self)

    def get(self, lab):
        version = content_version(lab.pk)  # read first: a value loaded later is no older
        memo = self._values.get(lab.pk)
        if memo is not None and memo[0] == version:
            return memo[1]
        value = self._load(lab)
        self._values[lab.pk] = (version, value)
        return value
