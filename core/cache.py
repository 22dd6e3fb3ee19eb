"""Django's cache backends, counting their hits and misses for the metrics (core.metrics).

The settings swap each configured backend for its counted twin here (same behaviour, same
options); a cache is told apart by its KEY_PREFIX ("default" without one).
"""

from typing import Any

from django.core.cache.backends import db, locmem, redis

from core.metrics import count_cache_lookups

_MISSING = object()


class _CountedGet:
    key_prefix: str

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        value = super().get(key, _MISSING, version)  # type: ignore[misc]
        hit = value is not _MISSING
        count_cache_lookups(self.key_prefix or "default", hits=int(hit), misses=int(not hit))
        return value if hit else default


class _CountedGetMany:
    key_prefix: str

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        keys = list(keys)
        found = super().get_many(keys, version)  # type: ignore[misc]
        count_cache_lookups(
            self.key_prefix or "default", hits=len(found), misses=len(keys) - len(found)
        )
        return found


class RedisCache(_CountedGet, _CountedGetMany, redis.RedisCache):
    pass


class LocMemCache(_CountedGet, locmem.LocMemCache):
    """Its get_many() asks get() for each key, which counts."""


class DatabaseCache(_CountedGetMany, db.DatabaseCache):
    """Its get() asks get_many(), which counts."""
