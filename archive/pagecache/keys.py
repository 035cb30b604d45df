"""Cache keys filed under the change log's position.

Every key carries the position of the change log (archive/search/changelog.py)
on the database the request reads: any write that changes what a page shows
appends to the log by a database trigger, whatever process, host or path made
it (the admin, an import, ``update()``, raw SQL, psql), so the next request
reads a new position and files under new keys. A page read from a read
replica is keyed by the replica's own position, so it is never newer or older
than what that replica holds.

The position is read once per request (the page decorator holds it for the
view, its facets, its menus and the search index's check that it is current),
with one indexed read.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import AbstractContextManager

from django.core.cache import cache

from archive.search import changelog

PAGE_CACHE_SECONDS = 600


def position() -> int:
    """The change log's position this request is answered at (read now if no block holds one)."""
    return changelog.position()


def held_position() -> AbstractContextManager[int]:
    """Read the log's position once and answer everything in the block at it (`changelog.held`)."""
    return changelog.held()


def cache_key(*parts: object) -> str:
    """A cache key for `parts` at the current position of the change log."""
    digest = hashlib.sha256(repr((position(), *parts)).encode()).hexdigest()
    return f"archive:{digest}"


def remember(key: str, value: object, seconds: int = PAGE_CACHE_SECONDS) -> None:
    """File `value` under `key` (from `cache_key`) for `seconds`."""
    cache.set(key, value, seconds)


# Values every page shares at a position (the filter menus, the names facets
# are labelled with) are also kept in this process, the newest few: a page
# then reads none of them from the cache backend, and none is built twice.
_SHARED_SIZE = 32
_shared: OrderedDict[str, object] = OrderedDict()
_shared_lock = threading.Lock()


def shared(*parts: object, build: Callable[[], object]) -> object:
    """The value of `parts` at the current position: kept in this process and in the cache, else built."""
    key = cache_key(*parts)
    with _shared_lock:
        if key in _shared:
            _shared.move_to_end(key)
            return _shared[key]
    value = cache.get(key)
    if value is None:
        value = build()
        remember(key, value)
    with _shared_lock:
        _shared[key] = value
        while len(_shared) > _SHARED_SIZE:
            _shared.popitem(last=False)
    return value


def forget_shared() -> None:
    """Drop this process's shared values (a test whose database was rolled back reuses positions)."""
    with _shared_lock:
        _shared.clear()
