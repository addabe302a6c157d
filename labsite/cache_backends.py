"""Cache backends: process memory bounded in bytes, and Redis, without the memcached key check.

``BaseCache.validate_key`` walks every character of every key to warn about keys
memcached would refuse. Neither backend here has memcached's limits, and the check cost
about 3 µs per read: most of a page-cache hit's reads. Django's documentation suggests
exactly this override for backends that accept any key ("Cache key warnings").
"""

import pickle
import threading
import time
from collections import OrderedDict

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

# What an entry costs besides its key and pickled value (dict slot, tuple, str and bytes
# headers), so that many tiny entries are bounded too.
ENTRY_OVERHEAD_BYTES = 256


class _Entries:
    """One cache's entries, shared by the instances Django makes per thread."""

    def __init__(self):
        self.lock = threading.Lock()
        # key → (expiry or None, pickled value), least recently used first.
        self.items: OrderedDict[str, tuple[float | None, bytes]] = OrderedDict()
        self.bytes = 0


_entries: dict[str, _Entries] = {}


def _cost(key: str, pickled: bytes) -> int:
    return len(key) + len(pickled) + ENTRY_OVERHEAD_BYTES


class BoundedMemoryCache(BaseCache):
    """This process's memory, at most ``OPTIONS["MAX_BYTES"]`` (keys and pickled values).

    Django's local-memory cache bounds the number of entries, not their size: a few
    thousand multi-megabyte pages grew workers by hundreds of megabytes. Here, storing past
    the budget drops the least recently used entries first, and a value larger than the
    whole budget is not stored.
    """

    pickle_protocol = pickle.HIGHEST_PROTOCOL

    def __init__(self, name, params):
        super().__init__(params)
        self.max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 64 * 1024 * 1024))
        self._entries = _entries.setdefault(name, _Entries())

    def validate_key(self, key):
        pass

    def usage(self) -> tuple[int, int]:
        """(entries, bytes) held now."""
        with self._entries.lock:
            return len(self._entries.items), self._entries.bytes

    def stored_keys(self) -> list[str]:
        with self._entries.lock:
            return list(self._entries.items)

    # --- under the lock -------------------------------------------------------------------
    def _live(self, key):
        """The entry of ``key`` (now the most recently used), or None; drops an expired one."""
        entry = self._entries.items.get(key)
        if entry is None:
            return None
        if entry[0] is not None and entry[0] <= time.time():
            self._remove(key)
            return None
        self._entries.items.move_to_end(key)
        return entry

    def _remove(self, key) -> bool:
        entry = self._entries.items.pop(key, None)
        if entry is None:
            return False
        self._entries.bytes -= _cost(key, entry[1])
        return True

    def _store(self, key, pickled, timeout):
        self._remove(key)
        cost = _cost(key, pickled)
        if cost > self.max_bytes:
            return
        items = self._entries.items
        while items and self._entries.bytes + cost > self.max_bytes:
            self._remove(next(iter(items)))
        items[key] = (self.get_backend_timeout(timeout), pickled)
        self._entries.bytes += cost

    # --- the cache API --------------------------------------------------------------------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        pickled = pickle.dumps(value, self.pickle_protocol)
        with self._entries.lock:
            if self._live(key) is not None:
                return False
            self._store(key, pickled, timeout)
            return True

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._entries.lock:
            entry = self._live(key)
        # Only this process's own pickles are ever read back.
        return default if entry is None else pickle.loads(entry[1])  # noqa: S301

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        pickled = pickle.dumps(value, self.pickle_protocol)
        with self._entries.lock:
            self._store(key, pickled, timeout)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._entries.lock:
            entry = self._live(key)
            if entry is None:
                return False
            self._entries.items[key] = (self.get_backend_timeout(timeout), entry[1])
            return True

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._entries.lock:
            entry = self._live(key)
            if entry is None:
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(entry[1]) + delta  # noqa: S301 (our own pickle)
            pickled = pickle.dumps(value, self.pickle_protocol)
            self._store(key, pickled, None)
            if key in self._entries.items:  # keeps its expiry, as Django's caches do
                self._entries.items[key] = (entry[0], pickled)
        return value

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._entries.lock:
            return self._live(key) is not None

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._entries.lock:
            return self._remove(key)

    def clear(self):
        with self._entries.lock:
            self._entries.items.clear()
            self._entries.bytes = 0


class RedisCache(DjangoRedisCache):
    def validate_key(self, key):
        pass
