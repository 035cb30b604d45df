"""No query of a reader's request runs past STATEMENT_TIMEOUT_MS, on either database; editors' may.

A real slow query (a recursive CTE counting to tens of millions) is cut by
the database itself (PostgreSQL's statement_timeout, SQLite's progress handler),
and the reader gets the Persian 503 page.
"""

from __future__ import annotations

import sqlite3
import time

import pytest
from django.db import OperationalError, connection

from core.middleware.faults import database_fault
from core.middleware.statement_timeout import lift_limits
from tests.urls_slow import SLOW_COUNT

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls_slow")]

FOREVER = 100_000_000  # a minute or more on either database


@pytest.fixture
def limit(settings):
    settings.STATEMENT_TIMEOUT_MS = 300
    yield settings
    lift_limits()  # before the test database is flushed on this connection


def test_a_readers_slow_query_is_cut_and_answered_with_a_persian_503(client, limit):
    started = time.monotonic()
    response = client.get("/test-slow/", {"n": FOREVER})
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert elapsed < 3
    html = response.content.decode()
    assert 'data-reason="timeout"' in html and "بیش از زمان مجاز طول کشید" in html
    assert response["Retry-After"]


def test_a_quick_query_is_not_cut(client, limit):
    response = client.get("/test-slow/", {"n": 1000})
    assert response.status_code == 200 and response.content == b"1000"


@pytest.mark.django_db(transaction=True)  # autocommit, as in production: the cut aborts no test transaction
def test_the_connection_serves_the_next_request(client, limit):
    assert client.get("/test-slow/", {"n": FOREVER}).status_code == 503
    assert client.get("/test-slow/", {"n": 10}).content == b"10"
    assert client.get("/articles/").status_code == 200


def test_the_admin_is_not_cut(admin_client, limit):
    # About a second of work, three times the readers' limit.
    n = 3_000_000 if connection.vendor == "sqlite" else 1_500_000
    response = admin_client.get("/admin/test-slow/", {"n": n})
    assert response.status_code == 200 and response.content == str(n).encode()


def test_code_outside_a_request_is_not_cut(client, limit):
    """A management command (an import, a rebuild) runs on a connection with no limit set."""
    assert client.get("/test-slow/", {"n": FOREVER}).status_code == 503
    n = 3_000_000 if connection.vendor == "sqlite" else 1_500_000
    if connection.vendor == "sqlite":
        # The same connection: the deadline was only there while the reader's statement ran.
        with connection.cursor() as cursor:
            cursor.execute(SLOW_COUNT, [n])
            assert cursor.fetchone()[0] == n
    else:
        import psycopg

        # A connection as a command process opens it (the settings' options): no statement_timeout.
        with psycopg.connect(**connection.get_connection_params()) as raw:
            assert raw.execute("SHOW statement_timeout").fetchone()[0] == "0"
            assert raw.execute(SLOW_COUNT, [n]).fetchone()[0] == n


def test_a_limit_of_zero_is_off(client, settings):
    settings.STATEMENT_TIMEOUT_MS = 0
    n = 3_000_000 if connection.vendor == "sqlite" else 1_500_000
    assert client.get("/test-slow/", {"n": n}).status_code == 200


def test_the_fault_is_classified_from_the_drivers_own_errors():
    if connection.vendor == "sqlite":
        raw = sqlite3.connect(":memory:")
        raw.set_progress_handler(lambda: 1, 100)
        with pytest.raises(sqlite3.OperationalError) as caught:
            raw.execute(SLOW_COUNT.replace("%s", "?"), [FOREVER]).fetchone()
        cause = caught.value
    else:
        import psycopg

        with psycopg.connect(**connection.get_connection_params()) as raw:
            raw.execute("SET statement_timeout = 50")
            with pytest.raises(psycopg.errors.QueryCanceled) as caught:
                raw.execute(SLOW_COUNT, [FOREVER]).fetchone()
        cause = caught.value
    wrapped = OperationalError(str(cause))
    wrapped.__cause__ = cause
    assert database_fault(wrapped) == "timeout"
