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

Modules: `keys` (the generation, the keys filed under it), `writes` (the
write watcher), `pages` (the decorator), `replicas` (how long a page read
from a replica is kept).
"""

from archive.pagecache.keys import (
    GENERATION_KEY,
    PAGE_CACHE_SECONDS,
    bump,
    cache_key,
    generation,
    remember,
)
from archive.pagecache.pages import STREAM_KEEP_BYTES, cache_public_page
from archive.pagecache.replicas import REPLICA_LAG_SECONDS
from archive.pagecache.writes import note_write, writes_archive

__all__ = [
    "GENERATION_KEY",
    "PAGE_CACHE_SECONDS",
    "REPLICA_LAG_SECONDS",
    "STREAM_KEEP_BYTES",
    "bump",
    "cache_key",
    "cache_public_page",
    "generation",
    "note_write",
    "remember",
    "writes_archive",
]
