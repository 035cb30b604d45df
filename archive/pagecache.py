"""The public pages' cache: a page is kept until the archive changes.

A search for a common word ranks tens of thousands of articles; readers who
run the same search, page back and forth or open the same article should not
pay that again while nothing has changed. Every cached page is filed under
the archive's *generation*, a number kept in the cache itself; any write to
the archive's tables through Django moves the generation on, so the next
request of every page misses and is computed afresh. Nothing stale is shown
to a reader, in this process or (with a shared cache backend: file or Redis,
`DJANGO_CACHE_URL`) in any other.

Writes are noticed where they all pass: a database execute wrapper on every
connection sees each INSERT/UPDATE/DELETE on an ``archive_`` table, whether
it came from the admin, a ``bulk_create`` of the import, a queryset
``update()`` or raw SQL through Django's cursor. The generation moves at
the first such write of a transaction (so pages computed while it runs are
filed under the new number and thrown away at commit) and again at commit;
within a transaction it moves again at a later write only if this process
has filed something since (a test, or a view that writes then reads, sees
its own writes; an import of ten thousand files does not pay a cache write
per statement).
Writes from outside Django (psql) are caught up by PAGE_CACHE_SECONDS.

A CSV export is streamed as it is written; one that comes to at most
STREAM_KEEP_BYTES is then kept like a page, a larger one streams afresh.

Django's own ``cache_page`` keys pages by URL and headers and tells browsers
to keep them (``max-age``); neither fits a page that must change the moment an
editor saves, hence this small decorator.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable, Iterator
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from core.routers import reads_from_replica

GENERATION_KEY = "archive:generation"
PAGE_CACHE_SECONDS = 600
REPLICA_LAG_SECONDS = 5
# Streamed exports up to this size are kept like pages; larger ones stream afresh.
STREAM_KEEP_BYTES = 1_000_000
# The statement's verb and its first table: INSERT INTO "archive_…", UPDATE "archive_…",
# DELETE FROM "archive_…" (Django quotes names with " on both engines).
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"archive_', re.IGNORECASE)


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


def cache_key(*parts: object) -> str:
    """A cache key for `parts` under the current generation."""
    digest = hashlib.sha256(repr((generation(), *parts)).encode()).hexdigest()
    return f"archive:{digest}"


_filed_since_bump = False


def remember(key: str, value: object, seconds: int = PAGE_CACHE_SECONDS) -> None:
    """File `value` under `key` (from `cache_key`).

    A page read from a replica just after a change may predate it (the
    replica replays the primary a moment later): such a page is kept only
    for REPLICA_LAG_SECONDS.
    """
    global _filed_since_bump
    _filed_since_bump = True
    if reads_from_replica() and time.time_ns() - generation() < REPLICA_LAG_SECONDS * 1_000_000_000:
        seconds = min(seconds, REPLICA_LAG_SECONDS)
    cache.set(key, value, seconds)


# -- noticing writes -----------------------------------------------------------


def _bump_on_commit() -> None:
    bump()


def _writes_archive(sql: object) -> bool:
    return isinstance(sql, str) and _WRITE.match(sql) is not None


def note_write(alias: str = "default") -> None:
    """The archive's tables were written on connection `alias`: move the generation on.

    The execute wrapper calls this for every write it sees; code that writes
    past it (psycopg's COPY) calls it itself.
    """
    connection = connections[alias]
    if not connection.in_atomic_block:
        bump()
    elif not any(func is _bump_on_commit for _sids, func, _robust in connection.run_on_commit):
        bump()
        connection.on_commit(_bump_on_commit)
    elif _filed_since_bump:
        bump()


def _watch_writes(alias: str) -> Callable:
    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if _writes_archive(sql):
            note_write(alias)
        return result

    return wrapper


@receiver(connection_created, dispatch_uid="archive.pagecache.watch_writes")
def watch_writes(sender, connection, **kwargs) -> None:
    if not any(getattr(w, "archive_watch", False) for w in connection.execute_wrappers):
        wrapper = _watch_writes(connection.alias)
        wrapper.archive_watch = True
        connection.execute_wrappers.append(wrapper)


# -- the pages -------------------------------------------------------------------


def _cacheable_request(request: HttpRequest) -> bool:
    # An editor (any session) always sees the page computed for them.
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _cacheable_response(response: HttpResponse) -> bool:
    return response.status_code == 200 and not response.cookies and not response.has_header("Vary")


def _kept_if_small(chunks: Iterable[bytes], key: str, content_type: str, extra: list) -> Iterator[bytes]:
    """Pass `chunks` on; once all are sent, keep them if they add up to at most STREAM_KEEP_BYTES."""
    kept: list[bytes] | None = []
    size = 0
    for chunk in chunks:
        if kept is not None:
            size += len(chunk)
            if size <= STREAM_KEEP_BYTES:
                kept.append(chunk)
            else:
                kept = None  # a large export is streamed afresh each time
        yield chunk
    if kept is not None:
        remember(key, (b"".join(kept), content_type, extra))


def cache_public_page(view: Callable) -> Callable:
    """Serve `view`'s page from the cache while the archive's generation is unchanged."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = cache_key("page", request.get_full_path(), request.get_host())
        hit = cache.get(key)
        if hit is not None:
            content, content_type, extra = hit
            response = HttpResponse(content, content_type=content_type)
            for header, value in extra:
                response[header] = value
            return response
        response = view(request, *args, **kwargs)
        if _cacheable_response(response):
            extra = [(h, response[h]) for h in ("Content-Disposition",) if response.has_header(h)]
            if response.streaming:
                # A CSV export streams; it is kept, once sent in full, only if small.
                response.streaming_content = _kept_if_small(
                    response.streaming_content, key, response["Content-Type"], extra
                )
            else:
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                remember(key, (response.content, response["Content-Type"], extra))
        return response

    return wrapped
