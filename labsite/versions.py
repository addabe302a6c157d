"""Versions that every app process must see change at once.

Two kinds: each lab's content version (cached pages are keyed by it, labsite.cache) and
the tenancy version (cached host lookups are keyed by it, labsite.tenancy). Bumping one
makes what was cached under the old value stale in every process on the next request.

Where they live (``LABSITE_VERSIONS_FILE``):

* one machine, the default: a 128 KiB file under ``var/`` that every worker process and
  every management command maps into memory (``mmap``, shared). A read is a memory read
  (well under a microsecond, no server, no setup), a bump a 16-byte write. Lab ids share
  8,191 slots: with more labs than that, a bump may also refresh another lab's pages.
* several machines: empty, and the versions live in the default cache, Redis
  (``REDIS_URL``); settings choose this whenever ``REDIS_URL`` is set.

A bump writes a new value, never an increment: two processes bumping at once each write a
value nobody has seen, so no bump is lost (an increment read and written back by both
would lose one). Inside a transaction the bump is written again on commit: a page
rendered between the first write and the commit, from the rows as they were, was stored
under the new version and must not outlive the commit.
"""

import mmap
import os
import secrets
import struct
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.db import transaction

SLOTS = 8192
# A version per slot: microseconds since the epoch, then 64 random bits.
_SLOT = struct.Struct("=QQ")
_RANDOM_BITS = 64
_TENANCY_KEY = 0


def new_version(current: int) -> int:
    """A value other than ``current``: microseconds since the epoch in the high bits,
    64 random low bits, so that two processes bumping in the same microsecond differ."""
    while True:
        value = (time.time_ns() // 1000) << _RANDOM_BITS | secrets.randbits(_RANDOM_BITS)
        if value != current:
            return value


def version_seconds(version: int) -> int:
    """When ``version`` was made, in seconds since the epoch (for Last-Modified)."""
    return (version >> _RANDOM_BITS) // 1_000_000


class MappedFileVersions:
    """Versions in a memory-mapped file: shared by every process of one machine."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o660)
        try:
            size = SLOTS * _SLOT.size
            # Only ever grown: a process that starts while others run keeps their values.
            if os.fstat(descriptor).st_size < size:
                os.ftruncate(descriptor, size)
            self._map = mmap.mmap(descriptor, size)  # MAP_SHARED: all processes see writes
        finally:
            os.close(descriptor)

    @staticmethod
    def _offset(key: int) -> int:
        slot = 0 if key == _TENANCY_KEY else 1 + (key - 1) % (SLOTS - 1)
        return slot * _SLOT.size

    def read(self, key: int) -> int:
        made, random = _SLOT.unpack_from(self._map, self._offset(key))
        # A read racing a write may see half of each: a value nobody wrote, so a miss.
        return made << _RANDOM_BITS | random

    def write(self, key: int, value: int) -> None:
        _SLOT.pack_into(
            self._map, self._offset(key), value >> _RANDOM_BITS, value & (2**_RANDOM_BITS - 1)
        )


class CacheVersions:
    """Versions in the default cache: Redis, shared by every app server."""

    @staticmethod
    def _key(key: int) -> str:
        return f"labsite:version:{key}"

    def read(self, key: int) -> int:
        value = cache.get(self._key(key))
        if value is None:
            # Evicted or flushed: a new value, so nobody keeps what it cached before.
            cache.add(self._key(key), new_version(0), timeout=None)
            value = cache.get(self._key(key), 0)
        return value

    def write(self, key: int, value: int) -> None:
        cache.set(self._key(key), value, timeout=None)


_stores: dict[str, MappedFileVersions | CacheVersions] = {}


def _store() -> MappedFileVersions | CacheVersions:
    path = settings.LABSITE_VERSIONS_FILE
    store = _stores.get(path)
    if store is None:
        made = MappedFileVersions(Path(path)) if path else CacheVersions()
        store = _stores.setdefault(path, made)
    return store


def _write_new(key: int) -> None:
    store = _store()
    store.write(key, new_version(store.read(key)))


def _bump(key: int) -> None:
    _write_new(key)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(partial(_write_new, key))


def lab_version(lab_id: int) -> int:
    return _store().read(lab_id + 1)


_lab_change_listeners: list[Callable[[int], None]] = []


def on_lab_change(listener: Callable[[int], None]) -> None:
    """Call ``listener(lab_id)`` once each bump of a lab is committed (apps above labsite
    register in ``ready()``: publishing/on_write.py). A listener that raises is logged,
    never fails the write."""
    _lab_change_listeners.append(listener)


def _notify(lab_id: int) -> None:
    for listener in _lab_change_listeners:
        listener(lab_id)


_unrecorded_change_listeners: list[Callable[[int], None]] = []


def on_unrecorded_lab_change(listener: Callable[[int], None]) -> None:
    """Call ``listener(lab_id)`` at once, inside the writer's transaction, for each bump
    that no saved row's signal explains (bulk writes, raw SQL, a lab or domain edit): a
    listener tracking which rows changed must then assume everything did
    (publishing/dependencies.py)."""
    _unrecorded_change_listeners.append(listener)


def bump_lab(lab_id: int, *, from_row_signal: bool = False) -> None:
    """``from_row_signal``: the bump of one saved or deleted row's signal, which listeners
    of that signal can see for themselves."""
    _bump(lab_id + 1)
    if not from_row_signal:
        for listener in _unrecorded_change_listeners:
            listener(lab_id)
    if _lab_change_listeners:  # at once outside a transaction, else on commit
        transaction.on_commit(partial(_notify, lab_id), robust=True)


def tenancy_version() -> int:
    return _store().read(_TENANCY_KEY)


def bump_tenancy() -> None:
    _bump(_TENANCY_KEY)


@checks.register(checks.Tags.caches)
def check_versions_file(app_configs=None, **kwargs):
    """``check`` (and ``make serve``'s ``check --deploy``) names a file workers cannot share."""
    path = settings.LABSITE_VERSIONS_FILE
    if not path:
        return []
    try:
        _store()
    except OSError as error:
        return [
            checks.Error(
                f"LABSITE_VERSIONS_FILE {path} cannot be opened for reading and writing: "
                f"{error.strerror}.",
                hint="Every app process and management command must be able to write it: "
                "point it at a folder they share, writable by the user they run as.",
                id="labsite.E201",
            )
        ]
    return []
