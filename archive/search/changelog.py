"""Reading the change log (archive.models.SearchChange) that the search index and the page cache follow.

Database triggers (migration 0008) append a row for every write that changes
a search document. What a row's kind means for the documents to rewrite:

- ``article``: the article's document, and the documents of its statements
  (they carry the article's public flag, date and source);
- ``statement``: the statement's document (the trigger also logs its article,
  whose document lists the officials it quotes);
- ``official``: the official's document, and the documents of their statements
  (they carry the speaker's country);
- ``event``: the documents of the articles that report it and of the
  statements made at it (they carry the event's kind and officials);
- ``source``, ``country``: no document; they move the position, so that the
  pages, menus and facet labels cached under it show a rename at once.

Any UPDATE of an article, statement, event or official is logged, whichever
column it changes (migration 0015): a cached page shows more than its document.

Positions are ``seq`` values: "position N" means every row up to N has been
applied. Writers commit in ``seq`` order (see the migration), so a reader that
has seen row N has seen every row before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections, router
from django.utils import timezone

from archive.models import SearchChange, SearchIndexState

# An index that has not reported for this long no longer holds the log back.
STALE_INDEX_AFTER = dt.timedelta(days=7)


# (database, position) held by the block being answered (`held`).
_held: ContextVar[tuple[str, int] | None] = ContextVar("archive_log_position", default=None)


def position(using: str | None = None) -> int:
    """The log's last position on database `using` (0 for an empty log); one indexed read.

    Inside `held()` for that database, the position it read: no second read.
    """
    using = using or router.db_for_read(SearchChange)
    held_here = _held.get()
    if held_here is not None and held_here[0] == using:
        return held_here[1]
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT MAX(seq) FROM {SearchChange._meta.db_table}")
        (last,) = cursor.fetchone()
    return last or 0


@contextmanager
def held(using: str | None = None) -> Iterator[int]:
    """Read the log's position once; the block is answered at it.

    A page reads the position for its cache key, and the search index then
    checks that it has applied at least as much: one read serves both, so a
    page filed under a position never shows less than that position holds
    (a write committed meanwhile is caught up by the next page, filed under
    the next position).
    """
    using = using or router.db_for_read(SearchChange)
    token = _held.set((using, position(using)))
    try:
        yield _held.get()[1]
    finally:
        _held.reset(token)


def changes_after(after: int, limit: int = 10_000, using: str | None = None) -> list[tuple[int, str, int]]:
    """Up to `limit` rows after position `after`, as (seq, kind, object_id), in order."""
    using = using or router.db_for_read(SearchChange)
    rows = (
        SearchChange.objects.using(using)
        .filter(seq__gt=after)
        .order_by("seq")
        .values_list("seq", "kind", "object_id")[:limit]
    )
    return list(rows)


def report_applied(index_name: str, applied: int) -> None:
    """Record on the primary that index directory `index_name` has applied the log up to `applied`."""
    SearchIndexState.objects.using("default").update_or_create(
        name=index_name, defaults={"position": applied}
    )


def prune() -> int:
    """Delete the rows that every index reporting within STALE_INDEX_AFTER has applied.

    The last row is always kept, so that `position()` never goes back (an
    index or a cached page filed under a position must never meet it again).
    Returns how many rows were deleted.
    """
    recent = SearchIndexState.objects.using("default").filter(
        updated_at__gte=timezone.now() - STALE_INDEX_AFTER
    )
    positions = list(recent.values_list("position", flat=True))
    if not positions:
        return 0
    last = position("default")
    upto = min(min(positions), last - 1)
    deleted, _ = SearchChange.objects.using("default").filter(seq__lte=upto).delete()
    return deleted
