"""Database faults answered with a 503 page.

`database_fault` tells the database's state (gone, read-only, full,
overloaded, or a reader's query cut at its time limit) from a bug.
`DatabaseFaultMiddleware` turns such a state into a Persian 503 page that
says which (in the admin: that the change was not saved) instead of a stack
trace, and drops the broken connection so the next request reconnects once
the database is back.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Callable

from django.db import DatabaseError, InterfaceError, connections
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

try:
    import psycopg
except ImportError:  # PostgreSQL is optional
    psycopg = None

fault_log = logging.getLogger("archive.database")

# What a reader sees; the admin page adds that the change was not saved.
REASONS = {
    "unavailable": "پایگاه دادهٔ آرشیو در دسترس نیست.",
    "read_only": "پایگاه دادهٔ آرشیو اکنون فقط‌خواندنی است و چیزی در آن نوشته نمی‌شود.",
    "disk_full": "فضای دیسک پایگاه دادهٔ آرشیو پر شده است و چیزی در آن نوشته نمی‌شود.",
    "busy": "پایگاه دادهٔ آرشیو اکنون بیش از اندازه سرگرم است.",
    # A reader's query past STATEMENT_TIMEOUT_MS (core/middleware/statement_timeout.py).
    "timeout": (
        "پاسخ این درخواست بیش از زمان مجاز طول کشید و آرشیو آن را نیمه‌کاره رها کرد. "
        "جست‌وجوی ساده‌تر یا بازهٔ تاریخ کوتاه‌تری را امتحان کنید."
    ),
}

# PostgreSQL SQLSTATE codes (and classes) that mean "the database cannot serve", not "the query is wrong".
_PG_STATES = {
    "25006": "read_only",  # read_only_sql_transaction (a standby, or default_transaction_read_only)
    "53100": "disk_full",
    "53200": "busy",  # out of memory
    "53300": "busy",  # too many connections
    "57014": "timeout",  # query_canceled: statement_timeout (psycopg.errors.QueryCanceled)
    "57P01": "unavailable",  # admin shutdown, pg_terminate_backend
    "57P02": "unavailable",  # crash shutdown
    "57P03": "unavailable",  # cannot connect now (starting up, recovering)
    "58030": "disk_full",  # io error
}
_SQLITE_CODES = {
    "SQLITE_READONLY": "read_only",
    "SQLITE_FULL": "disk_full",
    "SQLITE_CANTOPEN": "unavailable",
    "SQLITE_IOERR": "unavailable",
    "SQLITE_NOTADB": "unavailable",
    "SQLITE_CORRUPT": "unavailable",
    "SQLITE_INTERRUPT": "timeout",  # the progress handler's deadline (statement_timeout.py)
    "SQLITE_BUSY": "busy",
    "SQLITE_LOCKED": "busy",
}


def database_fault(exc: BaseException) -> str | None:
    """Why the database could not serve (a key of REASONS), or None for any other error.

    An error in the query itself (a syntax error, a missing table) is a bug and
    stays a 500 so that it is seen; only the database's state is a 503.
    """
    if not isinstance(exc, DatabaseError):
        return None
    cause = exc.__cause__ or exc
    if isinstance(cause, sqlite3.Error):
        name = getattr(cause, "sqlite_errorname", "") or ""
        return next((reason for code, reason in _SQLITE_CODES.items() if name.startswith(code)), None)
    if psycopg is not None and isinstance(cause, psycopg.Error):
        if cause.sqlstate:
            return _PG_STATES.get(cause.sqlstate) or (
                "unavailable" if cause.sqlstate.startswith("08") else None
            )
        # No SQLSTATE: the connection itself failed (refused, closed, reset by the server).
        return "unavailable" if isinstance(cause, psycopg.OperationalError | psycopg.InterfaceError) else None
    if isinstance(exc, InterfaceError):
        return "unavailable"
    return None


def drop_broken_connections() -> None:
    """Close connections that failed, so the next query reconnects (the database may be back by then).

    Django does this itself when a request ends (close_old_connections); doing
    it here also covers callers without that signal. A connection inside a
    transaction is left to whoever opened it.
    """
    for conn in connections.all(initialized_only=True):
        if conn.connection is None or conn.in_atomic_block or not conn.errors_occurred:
            continue
        try:
            usable = conn.is_usable()
        except Exception:
            usable = False
        if not usable:
            try:
                conn.close()
            except DatabaseError:
                conn.connection = None


def unavailable_response(request: HttpRequest, reason: str) -> HttpResponse:
    context = {
        "reason": REASONS[reason],
        "reason_code": reason,
        "in_admin": request.path.startswith("/admin/"),
        "is_write": request.method not in {"GET", "HEAD", "OPTIONS"},
    }
    try:
        response = render(request, "503.html", context, status=503)
    except Exception:  # the page must not fail too
        response = HttpResponse(
            f"<!doctype html><html lang='fa' dir='rtl'><meta charset='utf-8'><p>{REASONS[reason]}</p></html>",
            status=503,
        )
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseFaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        reason = database_fault(exception)
        if reason is None:
            return None
        fault_log.error(
            "database fault: %s",
            reason,
            extra={
                "event": "database_fault",
                "reason": reason,
                "error": str(exception).strip().splitlines()[0]
                if str(exception).strip()
                else type(exception).__name__,
                "method": request.method,
                "path": request.path,
            },
        )
        drop_broken_connections()
        return unavailable_response(request, reason)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database fault raised outside a view (a middleware, a session save) is still a 503."""
    from archive.views import server_error as archive_server_error

    exception = sys.exc_info()[1]
    reason = database_fault(exception) if exception else None
    if reason is None:
        return archive_server_error(request)
    drop_broken_connections()
    return unavailable_response(request, reason)
