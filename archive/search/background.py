"""Applying the change log on a thread of its own while a long writer (an import) goes on writing.

An import commits a batch of files, then the next; each batch is to be
searchable as soon as it is committed. Applied on the importer's own thread,
a batch waits for its index (building documents, then Tantivy indexing and
committing them: a third of a run of small files); applied here, it is
indexed while the importer stores the next batch. Tantivy indexes and commits
without holding the GIL, so on two cores the two overlap.

Asks that come while a round is running fold into one more round, which
then applies every batch committed meanwhile in one commit. `close()` waits
for the thread and applies what is left on the caller's thread, so when the
import returns, everything it committed is in the index, as before.

Only for writes that other connections can see: inside a transaction (a
dry run, a caller's `atomic()`, a test) the thread would read a log without
the batch, so the writer applies it on its own connection instead
(`can_follow`). Not for an in-memory SQLite database either: its shared
cache locks whole tables, so a reader there fails while the writer writes.
"""

from __future__ import annotations

import logging
import threading

from django.db import connections

from archive.search import follow

log = logging.getLogger(__name__)


def apply_now(using: str = "default") -> None:
    """Apply the log to this host's indexes now; a failure is logged, the log keeps the changes."""
    try:
        follow.sync(using=using)
    except Exception:
        # The rows are stored; the log keeps the change for the next one to apply.
        log.exception("search index: committed changes could not be applied now")


def can_follow(using: str = "default") -> bool:
    """Whether another connection (the thread's) sees what this one commits as it commits it."""
    connection = connections[using]
    return not connection.in_atomic_block and not (
        connection.vendor == "sqlite" and connection.is_in_memory_db()
    )


class Follower:
    """A thread applying the change log when asked, until closed; see the module docstring."""

    def __init__(self, using: str = "default") -> None:
        self.using = using
        self._asked = threading.Event()
        self._pending = False  # asked since the last apply on the caller's thread
        self._closing = False
        self._thread: threading.Thread | None = None

    def ask(self) -> None:
        """Apply what has been committed so far, soon, on the thread (started on the first ask)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="search-log-follower", daemon=True)
            self._thread.start()
        self._pending = True
        self._asked.set()

    def _run(self) -> None:
        try:
            while True:
                self._asked.wait()
                self._asked.clear()
                if self._closing:
                    return
                apply_now(self.using)
        finally:
            connections.close_all()  # this thread's own connections

    def close(self) -> None:
        """Wait for the thread, then apply the rest here: every committed change is applied on return."""
        if self._thread is not None:
            self._closing = True
            self._asked.set()
            self._thread.join()
            self._thread = None
        if self._pending:
            self._pending = False
            apply_now(self.using)
