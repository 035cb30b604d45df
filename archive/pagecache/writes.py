"""Noticing writes to the archive's tables: each moves the generation on."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.db import connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver

from archive.pagecache.keys import bump, filed_since_bump

# The statement's verb and its first table: INSERT INTO "archive_…", UPDATE "archive_…",
# DELETE FROM "archive_…" (Django quotes names with " on both engines).
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"archive_', re.IGNORECASE)


def _bump_on_commit() -> None:
    bump()


def writes_archive(sql: object) -> bool:
    """Whether `sql` writes one of the archive's tables."""
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
    elif filed_since_bump():
        bump()


def _watch_writes(alias: str) -> Callable:
    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if writes_archive(sql):
            note_write(alias)
        return result

    return wrapper


@receiver(connection_created, dispatch_uid="archive.pagecache.watch_writes")
def watch_writes(sender, connection, **kwargs) -> None:
    if not any(getattr(w, "archive_watch", False) for w in connection.execute_wrappers):
        wrapper = _watch_writes(connection.alias)
        wrapper.archive_watch = True
        connection.execute_wrappers.append(wrapper)
