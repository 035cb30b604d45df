"""The public pages' cache: a page is kept until the archive changes.

A search for a common word ranks tens of thousands of articles; readers who
run the same search, page back and forth or open the same article should not
pay that again while nothing has changed. Every cached page, facet count and
filter menu is filed under the *position of the change log*
(archive/search/changelog.py): database triggers append to the log in the same
transaction as every write that changes what a page shows, so the next
request of any process, on any host, reads a new position and misses. Nothing
stale is shown, whichever path wrote: the admin, an import in another process,
``update()``, raw SQL, a many-to-many ``.add()``, or an operator's psql.

A CSV export is streamed as it is written; one that comes to at most
STREAM_KEEP_BYTES is then kept like a page, a larger one streams afresh.

A page is filed under the query parameters it reads (its FilterSet's and
``page``, sorted), not its URL, so junk parameters and their order neither
skip the cache nor fill it; only a logged-in staff user's session skips it.

Django's own ``cache_page`` keys pages by URL and headers and tells browsers
to keep them (``max-age``); neither fits a page that must change the moment an
editor saves, hence this small decorator.

Modules: `keys` (the position, the keys filed under it, the values every page
shares), `pages` (the decorator).
"""

from archive.pagecache.keys import (
    PAGE_CACHE_SECONDS,
    cache_key,
    forget_shared,
    held_position,
    position,
    remember,
    shared,
)
from archive.pagecache.pages import STREAM_KEEP_BYTES, cache_public_page, is_editor

__all__ = [
    "PAGE_CACHE_SECONDS",
    "STREAM_KEEP_BYTES",
    "cache_key",
    "cache_public_page",
    "forget_shared",
    "held_position",
    "is_editor",
    "position",
    "remember",
    "shared",
]
