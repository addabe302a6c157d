"""Django's local-memory and Redis caches without the memcached key check.

``BaseCache.validate_key`` walks every character of every key to warn about keys
memcached would refuse. Neither backend here has memcached's limits, and the check cost
about 3 µs per read: most of a page-cache hit's three reads. Django's documentation
suggests exactly this override for backends that accept any key ("Cache key warnings").
"""

from django.core.cache.backends.locmem import LocMemCache as DjangoLocMemCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache


class LocMemCache(DjangoLocMemCache):
    def validate_key(self, key):
        pass


class RedisCache(DjangoRedisCache):
    def validate_key(self, key):
        pass
