"""The archive's generation and the cache keys filed under it."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

from archive.pagecache.replicas import lifetime

GENERATION_KEY = "archive:generation"
PAGE_CACHE_SECONDS = 600

_filed_since_bump = False


def generation() -> int:
    """The archive's current generation (created on first use)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A clock reading, not 1: a generation lost from the cache (restart,
        # eviction) must not come back as a number old pages are filed under.
        value = time.time_ns()
        if not cache.add(GENERATION_KEY, value, None):
            value = cache.get(GENERATION_KEY, value)
    return value


def bump() -> None:
    """Move the generation on: every cached page and count is out of date."""
    global _filed_since_bump
    _filed_since_bump = False
    cache.set(GENERATION_KEY, max(time.time_ns(), (cache.get(GENERATION_KEY) or 0) + 1), None)


def filed_since_bump() -> bool:
    """Whether this process has filed anything under the current generation."""
    return _filed_since_bump


def cache_key(*parts: object) -> str:
    """A cache key for `parts` under the current generation."""
    digest = hashlib.sha256(repr((generation(), *parts)).encode()).hexdigest()
    return f"archive:{digest}"


def remember(key: str, value: object, seconds: int = PAGE_CACHE_SECONDS) -> None:
    """File `value` under `key` (from `cache_key`), for `seconds` or less just after a change on a replica."""
    global _filed_since_bump
    _filed_since_bump = True
    cache.set(key, value, lifetime(seconds, changed_at_ns=generation()))
