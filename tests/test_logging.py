"""Logging: slow queries and errors as structured records on stderr, configured from the environment."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.http import HttpResponse

from core.logging import JsonFormatter
from core.middleware.slow_queries import QueryLoggingMiddleware

ROOT = Path(__file__).resolve().parent.parent

# A query that takes well over 200 ms on each engine.
SLOW_SQL = {
    "postgresql": "SELECT pg_sleep(0.25)",
    "sqlite": (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000)"
        " SELECT count(*) FROM c"
    ),
}


def run_request(rf, sql: str, path: str = "/articles/"):
    def view(request):
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.fetchall()
        return HttpResponse("ok")

    return QueryLoggingMiddleware(view)(rf.get(path, {"q": "تووز"}))


@pytest.mark.django_db
def test_a_query_over_the_threshold_is_logged_with_its_sql_time_and_path(rf, caplog):
    with caplog.at_level(logging.WARNING, logger="archive.slow_query"):
        run_request(rf, SLOW_SQL[connection.vendor])
    [record] = [r for r in caplog.records if r.name == "archive.slow_query"]
    assert record.event == "slow_query"
    assert record.duration_ms >= 200
    assert record.threshold_ms == 200
    assert record.sql == SLOW_SQL[connection.vendor]
    assert record.path == "/articles/"
    assert record.method == "GET"
    assert record.database == "default"


@pytest.mark.django_db
def test_a_fast_query_is_not_logged(rf, caplog):
    with caplog.at_level(logging.DEBUG, logger="archive.slow_query"):
        run_request(rf, "SELECT 1")
    assert not [r for r in caplog.records if r.name == "archive.slow_query"]


@pytest.mark.django_db
def test_the_threshold_comes_from_settings(rf, caplog, settings):
    settings.SLOW_QUERY_MS = 0
    with caplog.at_level(logging.WARNING, logger="archive.slow_query"):
        run_request(rf, "SELECT 1")
    assert [r.sql for r in caplog.records if r.name == "archive.slow_query"] == ["SELECT 1"]


@pytest.mark.django_db
def test_the_queries_of_a_streamed_csv_are_timed_too(client, demo, caplog, settings):
    settings.SLOW_QUERY_MS = 0
    with caplog.at_level(logging.WARNING, logger="archive.slow_query"):
        response = client.get("/articles/export.csv")
        before = len(caplog.records)
        b"".join(response.streaming_content)
    assert len(caplog.records) > before  # the rows are read while the response streams
    assert {r.path for r in caplog.records if r.name == "archive.slow_query"} == {"/articles/export.csv"}


def test_the_json_formatter_writes_one_object_per_line_with_the_extra_fields():
    record = logging.LogRecord(
        "archive.slow_query", logging.WARNING, __file__, 1, "slow query: %d ms", (250,), None
    )
    record.duration_ms = 250.4
    record.sql = "SELECT «تووز»"
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "archive.slow_query"
    assert entry["message"] == "slow query: 250 ms"
    assert entry["duration_ms"] == 250.4
    assert entry["sql"] == "SELECT «تووز»"
    assert entry["time"].endswith("+00:00")


def test_an_exception_is_logged_with_its_traceback_in_one_record():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), None
        )
        record.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(record))
    assert "RuntimeError: boom" in entry["exception"]
    assert "Traceback" in entry["exception"]


PRODUCTION_SCRIPT = """
import logging
import django
django.setup()
logging.getLogger("django.request").error("Internal Server Error: /articles/", extra={"status_code": 500})
logging.getLogger("archive.slow_query").warning("slow query", extra={"duration_ms": 321.0})
logging.getLogger("archive").info("not shown at WARNING")
"""


def run_with_environment(**env) -> subprocess.CompletedProcess:
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "core.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-test-key-that-is-long-enough-for-check-deploy-0123456789abcdef",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", PRODUCTION_SCRIPT],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_logs_are_json_lines_on_stderr():
    result = run_with_environment()
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    entries = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(e["logger"], e["level"]) for e in entries] == [
        ("django.request", "ERROR"),
        ("archive.slow_query", "WARNING"),
    ]
    assert entries[0]["status_code"] == 500
    assert entries[1]["duration_ms"] == 321.0


def test_the_format_and_level_come_from_the_environment():
    result = run_with_environment(DJANGO_LOG_FORMAT="text", DJANGO_LOG_LEVEL="INFO")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 3
    assert "ERROR django.request: Internal Server Error: /articles/" in lines[0]
    assert "INFO archive: not shown at WARNING" in lines[2]
