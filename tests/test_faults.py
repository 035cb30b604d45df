"""Faults: a database that is gone, read-only or full gives a Persian 503 page, never a stack trace.

The PostgreSQL cases kill a real connection (pg_terminate_backend) or point at
a port nobody listens on; they are skipped on SQLite, where the read-only and
full cases are real SQLite conditions (PRAGMA query_only, max_page_count).
"""

from __future__ import annotations

import socket
import sqlite3
from contextlib import contextmanager

import pytest
from django.db import DatabaseError, OperationalError, connection

from archive.models import Source
from core.middleware.faults import database_fault, server_error

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="needs SQLite")


def assert_persian_503(response, reason: str) -> str:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert "آرشیو موقتاً در دسترس نیست" in html
    assert f'data-reason="{reason}"' in html
    assert "Traceback" not in html and "Error" not in html
    return html


def admin_connection():
    """A second connection to the test database, as the operator's psql would be."""
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    return psycopg.connect(**params, autocommit=True)


@contextmanager
def terminated_after_first_query():
    """The request's connection is killed by the server right after the request's first query."""
    state = {"queries": 0}

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        state["queries"] += 1
        if state["queries"] == 1:
            pid = context["connection"].connection.info.backend_pid
            with admin_connection() as admin:
                admin.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
        return result

    with connection.execute_wrapper(wrapper):
        yield state


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_connection_killed_mid_request_gives_a_503_and_the_next_request_recovers(client, demo):
    with terminated_after_first_query() as state:
        response = client.get(f"/articles/?q={demo.title.split()[0]}")
    assert state["queries"] >= 1
    assert_persian_503(response, "unavailable")
    assert "چند دقیقهٔ دیگر دوباره امتحان کنید" in response.content.decode()

    again = client.get(f"/articles/?q={demo.title.split()[0]}")
    assert again.status_code == 200
    assert demo.title in again.content.decode()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_database_that_is_down_gives_503_pages_and_healthz_until_it_is_back(client, demo):
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = free_port()  # nothing listens there: the server is "down"
    try:
        assert_persian_503(client.get("/"), "unavailable")
        assert_persian_503(client.get(demo.get_absolute_url()), "unavailable")
        health = client.get("/healthz")
        assert health.status_code == 503
        assert health.json()["databases"]["default"]["status"] == "unavailable"
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port
    assert client.get(demo.get_absolute_url()).status_code == 200
    assert client.get("/healthz").status_code == 200


def add_source(staff_client, name: str):
    return staff_client.post("/admin/archive/source/add/", {"name": name, "kind": "agency", "latin_name": ""})


@pytest.mark.django_db
def test_the_admin_saves_normally_when_the_database_is_writable(staff_client):
    response = add_source(staff_client, "خبرگزاری آزمایشی")
    assert response.status_code == 302
    assert Source.objects.filter(name="خبرگزاری آزمایشی").exists()


@contextmanager
def read_only_database():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
            try:
                yield
            finally:
                cursor.execute("PRAGMA query_only = OFF")
        else:
            # Inside the test's transaction, which is rolled back afterwards: the
            # same error a hot standby or default_transaction_read_only gives.
            cursor.execute("SET transaction_read_only = on")
            yield


@pytest.mark.django_db
def test_a_read_only_database_gives_a_clear_error_in_the_admin(staff_client):
    with read_only_database():
        response = add_source(staff_client, "خبرگزاری آزمایشی")
    html = assert_persian_503(response, "read_only")
    assert "فقط‌خواندنی" in html
    assert "تغییری که فرستادید ذخیره نشد" in html
    assert "به گردانندهٔ سرور خبر دهید" in html


def full_disk_error() -> sqlite3.Error:
    """A real SQLITE_FULL, from a fresh database that may not grow past its first pages."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE TABLE t (x)")
        db.execute("PRAGMA max_page_count = 2")
        while True:
            db.execute("INSERT INTO t VALUES (randomblob(4000))")
    except sqlite3.OperationalError as exc:
        assert exc.sqlite_errorname == "SQLITE_FULL"
        return exc
    finally:
        db.close()


@sqlite_only
@pytest.mark.django_db
def test_a_full_disk_gives_a_clear_error_in_the_admin(staff_client):
    # Filling the shared test database until SQLite reports SQLITE_FULL left
    # room for the admin's row by chance, depending on the tests run before;
    # the error itself is real, raised where the admin writes.
    def full(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT"):
            raise OperationalError("database or disk is full") from full_disk_error()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(full):
        response = add_source(staff_client, "خبرگزاری آزمایشی")
    html = assert_persian_503(response, "disk_full")
    assert "فضای دیسک" in html
    assert "تغییری که فرستادید ذخیره نشد" in html
    assert not Source.objects.filter(name="خبرگزاری آزمایشی").exists()


@postgres_only
@pytest.mark.django_db
def test_a_full_disk_on_postgresql_gives_a_clear_error_in_the_admin(staff_client):
    # A real ENOSPC would need a tablespace on a tiny file system; this raises
    # what psycopg raises then (SQLSTATE 53100), as Django wraps it.
    import psycopg.errors

    def full(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT"):
            raise OperationalError("could not extend file") from psycopg.errors.DiskFull(
                "No space left on device"
            )
        return execute(sql, params, many, context)

    with connection.execute_wrapper(full):
        response = add_source(staff_client, "خبرگزاری آزمایشی")
    assert "فضای دیسک" in assert_persian_503(response, "disk_full")


def sqlite_error(sql: str, setup: str = "") -> sqlite3.Error:
    db = sqlite3.connect(":memory:")
    if setup:
        db.executescript(setup)
    try:
        db.execute(sql)
    except sqlite3.Error as exc:
        return exc
    finally:
        db.close()
    raise AssertionError("no error")


def wrapped(cause: BaseException) -> DatabaseError:
    exc = OperationalError(str(cause))
    exc.__cause__ = cause
    return exc


def test_a_wrong_query_is_not_mistaken_for_a_database_fault():
    # A bug must stay a 500 that someone sees, not hide behind "try again later".
    assert database_fault(wrapped(sqlite_error("SELECT * FROM missing"))) is None
    assert database_fault(wrapped(sqlite_error("SELEC 1"))) is None
    assert database_fault(ValueError("A string literal cannot contain NUL (0x00) characters.")) is None


def test_the_state_of_the_database_is_recognised():
    readonly = sqlite_error("CREATE TABLE t (x)", setup="PRAGMA query_only = ON;")
    assert database_fault(wrapped(readonly)) == "read_only"


def test_a_fault_outside_any_view_is_still_a_503_page(rf):
    request = rf.get("/articles/")
    try:
        raise wrapped(sqlite_error("CREATE TABLE t (x)", setup="PRAGMA query_only = ON;"))
    except DatabaseError:
        response = server_error(request)
    assert response.status_code == 503
    assert "فقط‌خواندنی" in response.content.decode()
