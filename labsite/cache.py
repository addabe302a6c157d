"""Per-lab content versions and the public page cache.

Every lab has a content version in the cache. Any change to a lab's rows bumps it
(signals in ``labsite.signals``; bulk writes call :func:`bump_content_version`), so a
cached page is keyed by the version it was rendered under and is never served stale.
The version is a nanosecond timestamp, which also gives ``Last-Modified``.

The version lives in the shared cache: with several app processes, configure Redis
(``REDIS_URL``) so that all of them see a bump (README, Deploying).
"""

import datetime
import hashlib
import time

from django.core.cache import cache
from django.utils import timezone

PAGE_CACHE_SECONDS = 24 * 3600


def _version_key(lab_id: int) -> str:
    return f"labsite:lab:{lab_id}:version"


def content_version(lab_id: int) -> int:
    version = cache.get(_version_key(lab_id))
    if version is None:
        version = time.time_ns()
        cache.add(_version_key(lab_id), version, timeout=None)
        version = cache.get(_version_key(lab_id), version)
    return version


def bump_content_version(lab_id: int | None) -> None:
    """Make every cached page of the lab stale (call after writes that skip signals)."""
    if lab_id is None:
        return
    previous = cache.get(_version_key(lab_id)) or 0
    cache.set(_version_key(lab_id), max(time.time_ns(), previous + 1), timeout=None)


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
    return max(version // 1_000_000_000, _today()[1])


def page_key(lab_id: int, version: int, host: str, full_path: str) -> str:
    # Today's date is part of the key: items dated in the future appear on their day
    # without any write to bump the version.
    digest = hashlib.blake2b(f"{host}\n{full_path}".encode(), digest_size=16).hexdigest()
    return f"labsite:page:{lab_id}:{version}:{_today()[0]}:{digest}"
