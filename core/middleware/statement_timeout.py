"""A time limit on each query of a public request, on both databases.

One search with thirty-two OR'd prefixes, asked six times at once, kept
PostgreSQL busy for seconds and the whole site waiting behind it. A reader's
request (anything outside /admin/) may run no single statement longer than
`STATEMENT_TIMEOUT_MS`; past it the database stops the statement and the
reader gets the Persian 503 page (core/middleware/faults.py, reason "timeout").

- PostgreSQL: `SET statement_timeout` on the request's connections, sent
  only when the wanted value differs from what the session has (one round
  trip when a connection moves between a reader's request and an editor's),
  so a kept connection costs nothing per request. Inside a transaction (which
  could roll the SET back) it is `SET LOCAL`, before each statement.
- SQLite: a progress handler (`set_progress_handler`) that interrupts the
  statement once its deadline has passed, installed only while the statement
  is executed: the rows of a streamed export are then fetched at the reader's
  pace without a deadline on the reading.

Editors' requests (the admin, an import uploaded there) and management commands
(`import_articles`, `rebuild_search_index`) run outside these requests and are
never cut: their connections keep the server's default (no limit).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

# SQLite calls the handler every this many virtual-machine instructions (about a millisecond
# apart): often enough to stop on time, rarely enough to cost a search nothing measurable.
_SQLITE_STEPS = 10_000


def limit_for(request: HttpRequest) -> int:
    """The statement timeout of `request`, in milliseconds; 0 for none (the admin)."""
    if request.path.startswith("/admin/"):
        return 0
    return int(settings.STATEMENT_TIMEOUT_MS)


class StatementDeadline:
    """An execute wrapper (Django's "database instrumentation") that bounds each statement to `ms`."""

    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self, execute, sql, params, many, context):
        connection = context["connection"]
        if connection.vendor == "postgresql":
            self._postgresql_session(connection)
            return execute(sql, params, many, context)
        if connection.vendor == "sqlite" and self.ms:
            return self._sqlite_statement(connection, execute, sql, params, many, context)
        return execute(sql, params, many, context)

    def _postgresql_session(self, connection) -> None:
        raw = connection.connection
        if getattr(connection, "_archive_statement_timeout", None) == (id(raw), self.ms):
            return
        from psycopg import pq  # only ever here with PostgreSQL

        if raw.info.transaction_status == pq.TransactionStatus.INERROR:
            return  # a failed transaction takes only its ROLLBACK; that one needs no limit
        # The raw cursor, not through this wrapper again; its errors are Django's, as any query's.
        with connection.wrap_database_errors, raw.cursor() as cursor:
            if connection.in_atomic_block:
                # A SET inside a transaction is undone if it rolls back: set it for this
                # transaction only, and again for the next statement, never remembered.
                cursor.execute(f"SET LOCAL statement_timeout = {int(self.ms)}")
                return
            cursor.execute(f"SET statement_timeout = {int(self.ms)}")
        connection._archive_statement_timeout = (id(raw), self.ms)

    def _sqlite_statement(self, connection, execute, sql, params, many, context):
        raw = connection.connection
        deadline = time.monotonic() + self.ms / 1000
        # A non-zero return interrupts the statement: sqlite3.OperationalError "interrupted".
        raw.set_progress_handler(lambda: time.monotonic() > deadline, _SQLITE_STEPS)
        try:
            return execute(sql, params, many, context)
        finally:
            raw.set_progress_handler(None, _SQLITE_STEPS)


def lift_limits() -> None:
    """Set this thread's PostgreSQL sessions back to no limit.

    A kept connection carries the last request's limit into the next request
    (which sets its own before its first query). Code that runs outside
    requests in a web process, such as the test suite's own flush between
    tests, calls this first; management commands have processes of their own.
    """
    for connection in connections.all(initialized_only=True):
        state = getattr(connection, "_archive_statement_timeout", None)
        if connection.vendor == "postgresql" and state and connection.connection is not None:
            with connection.connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
        connection._archive_statement_timeout = None


class StatementTimeoutMiddleware:
    """Bounds each query of a reader's request (and of its streamed export) to STATEMENT_TIMEOUT_MS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @contextmanager
    def bounded(self, deadline: StatementDeadline) -> Iterator[None]:
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(deadline))
            yield

    def __call__(self, request: HttpRequest) -> HttpResponse:
        deadline = StatementDeadline(limit_for(request))
        with self.bounded(deadline):
            response = self.get_response(request)
        if response.streaming and not getattr(response, "file_to_stream", None):
            # An export runs its queries while it streams, after this method returned.
            response.streaming_content = self.bounded_stream(response.streaming_content, deadline)
        return response

    def bounded_stream(self, content, deadline: StatementDeadline) -> Iterator[bytes]:
        with self.bounded(deadline):
            yield from content
