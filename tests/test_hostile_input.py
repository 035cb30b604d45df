"""Hostile input: generated query strings for every public URL never give a 5xx or log an exception.

Every parameter the lists share (and some they don't), with adversarial values:
huge and negative numbers, unknown choices, malformed dates in both calendars
and both digit sets, control characters, 10,000-character strings, search
syntax gone wrong, repeated parameters and broken percent-encoding. Runs on
whichever database the suite runs on (SQLite and PostgreSQL in CI).
"""

from __future__ import annotations

import logging
import os
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.models import Event, Official

pytestmark = pytest.mark.django_db

PARAMETERS = ["q", "date_from", "date_to", "source", "official", "event", "country", "kind", "sort", "page"]
EXTRA_KEYS = ["", "unknown", "q[]", "page[]", "format", "csrfmiddlewaretoken", "Q", "pagé", "ق"]

NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.integers(min_value=-3, max_value=60).map(str),  # real ids of the demo data among them
    st.sampled_from(
        [
            str(2**63),
            str(2**63 - 1),
            str(-(2**63)),
            str(2**31),
            "9" * 40,
            "1e309",
            "-0",
            "NaN",
            "inf",
            "-inf",
            "1.5",
            "0x10",
            "1_000",
            " 7 ",
            "+3",
            "۱۲۳",
            "٣",
            "１２",
            "2²",
            "⁴",
            "Ⅻ",
            "1,000",
        ]
    ),
)
# The edges of the calendars: the last day Python's dates hold (the day after
# it overflows), the switch between the Solar Hijri and Gregorian readings.
BOUNDARY_DATES = [
    "9999/12/31",
    "۹۹۹۹/۱۲/۳۱",
    "9999-12-31",
    "9999/12",
    "9999",
    "1700/01/01",
    "1699/12/29",
    "1699",
    "0001/01/01",
    "0001",
]
DATES = st.one_of(
    st.sampled_from(BOUNDARY_DATES),
    st.sampled_from(
        [
            "1399/06/03",
            "۱۳۹۹/۰۶/۰۳",
            "١٣٩٩/٠٦/٠٣",
            "2020-08-25",
            "1399/13/01",
            "1399/12/31",
            "1400/12/30",
            "1399/00/00",
            "0000/00/00",
            "9999/99/99",
            "2020-02-30",
            "2020-13-01",
            "۱۳۹۹/۱۳/۴۵",
            "1399",
            "1399/6",
            "-1399/01/01",
            "2020-08-25T25:61",
            "1399/06/03/04",
            "/",
            "//",
            "1399//03",
            "1399-06-03",
            "03/06/1399",
            "99999999999999999999/01/01",
            "1e10",
            "٢٠٢٠-٠٨-٢٥",
            "10000-01-01",
            "0001-01-01",
            "0-0-0",
            "1399/06/03 12:00",
            "۱۳۹۹ شهریور",
            "شهریور ۱۳۹۹",
            "today",
            "1399.06.03",
            "1399\u200c/06/03",
            "1399/06/3١",
        ]
    ),
    st.builds(
        lambda y, m, d, sep: f"{y}{sep}{m}{sep}{d}",
        st.integers(-10, 100_000),
        st.integers(-1, 99),
        st.integers(-1, 99),
        st.sampled_from(["/", "-", ".", " "]),
    ),
)
CHOICES = st.sampled_from(
    [
        "relevance",
        "newest",
        "oldest",
        "RELEVANCE",
        "meeting",
        "visit",
        "border_clash",
        "other",
        "xyz",
        "__all__",
        "AZ",
        "RU",
        "IR",
        "ZZ",
        "az",
        "",
        "None",
        "null",
        "true",
        "[]",
        "{}",
    ]
)
CONTROL = st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn"]), max_size=30)
LONG = st.sampled_from(
    [
        "a" * 10_000,
        "ا" * 10_000,
        "تووز " * 2_000,
        '"' * 10_000,
        "(" * 10_000,
        "*" * 10_000,
        "OR " * 3_334,
        "-" * 10_000,
        "-تووز " * 1_667,
        "\u200c" * 10_000,
        "9" * 10_000,
        "%" * 10_000,
        "\x00" * 10_000,
    ]
)
SEARCH_SYNTAX = st.sampled_from(
    [
        '"',
        '""',
        '"unterminated',
        "OR",
        "OR OR",
        "تووز OR",
        "OR تووز",
        "-",
        "--x",
        "-تووز",
        "*",
        "x*",
        "**",
        "*تووز",
        "NOT",
        "AND",
        "NEAR(a b)",
        ")",
        "(",
        "'",
        "\\",
        "%",
        "_",
        ":",
        "^",
        "{}",
        "title:x",
        "body_key:تووز",
        "NULL",
        "'; DROP TABLE archive_article; --",
        "a AND (b OR",
        '"تووز" -""',
        "تووز* -تو*",
        "<script>",
        "&",
        "|",
        "!",
        "~",
        "@@",
        "::tsquery",
        "\\x00",
        "'\\'",
    ]
)
TEXT = st.text(st.characters(codec="utf-8"), max_size=200)
VALUES = st.one_of(NUMBERS, DATES, CHOICES, CONTROL, LONG, SEARCH_SYNTAX, TEXT, st.just(""))
PAIRS = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.sampled_from(EXTRA_KEYS)), VALUES), max_size=8
)
# Query strings no encoder would write.
RAW_TAILS = st.sampled_from(
    [
        "",
        "&",
        "&&&",
        "=",
        "==",
        "q",
        "q=%",
        "q=%%",
        "q=%ff%fe",
        "q=%zz",
        "q=%ED%A0%80",
        "page=%00",
        ";q=1",
        "q=%C0%AF",
        "date_from=%E2%80%AE1399",
        "a=1&a=2&a=3&a=4",
        "page=1&page=2&page=-1",
        "sort=newest&sort=x",
    ]
)

# HOSTILE_EXAMPLES=2000 for a longer hunt; 100 keeps the suite within its time budget.
HYPOTHESIS = settings(
    max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


class ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def error_log():
    handler = ErrorLog()
    loggers = [logging.getLogger(), logging.getLogger("django")]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler
    for logger in loggers:
        logger.removeHandler(handler)


def query_string(pairs, tail: str) -> str:
    encoded = urlencode(pairs)
    return "&".join(part for part in (encoded, tail) if part)


def fetch(client, error_log, path: str, pairs, tail: str):
    url = f"{path}?{query_string(pairs, tail)}"
    error_log.records.clear()
    # An exception in the view is raised here. A list with empty parameters redirects, once,
    # to its share URL (the same path, only the parameters that are set).
    response = client.get(url, follow=True)
    assert len(response.redirect_chain) <= 1, response.redirect_chain
    assert all(target.split("?")[0] == path for target, _ in response.redirect_chain), url
    if response.streaming:
        b"".join(response.streaming_content)  # a CSV fails while it streams, if it fails
    assert response.status_code < 500, url
    assert response.status_code in {200, 404}, (response.status_code, url)
    logged = [f"{r.name}: {r.getMessage()}" for r in error_log.records]
    assert not logged, (url, logged)
    return response


@pytest.fixture
def world(demo):
    return {
        "article": demo.pk,
        "official": Official.objects.order_by("pk").first().pk,
        "event": Event.objects.order_by("pk").first().pk,
    }


@pytest.mark.parametrize("name", ["articles", "officials", "statements", "events"])
def test_a_list_its_csv_and_its_manifest_survive_any_query_string(client, world, error_log, name):
    @HYPOTHESIS
    @given(st.sampled_from(["/", "/export.csv", "/export.manifest.json"]), PAIRS, RAW_TAILS)
    def check(endpoint, pairs, tail):
        fetch(client, error_log, f"/{name}{endpoint}", pairs, tail)

    check()


def test_the_home_page_survives_any_query_string(client, world, error_log):
    @HYPOTHESIS
    @given(PAIRS, RAW_TAILS)
    def check(pairs, tail):
        fetch(client, error_log, "/", pairs, tail)

    check()


@pytest.mark.parametrize("kind", ["articles", "officials", "events"])
def test_a_detail_page_survives_any_query_string_and_any_id(client, world, error_log, kind):
    key = {"articles": "article", "officials": "official", "events": "event"}[kind]
    ids = st.one_of(st.just(world[key]), st.integers(min_value=0, max_value=2**63 - 1))

    @HYPOTHESIS
    @given(ids, PAIRS, RAW_TAILS)
    def check(pk, pairs, tail):
        fetch(client, error_log, f"/{kind}/{pk}/", pairs, tail)

    check()


@pytest.mark.parametrize(
    "path",
    [
        "/articles/99999999999999999999999/",  # past any integer column: 404, not an overflow
        "/officials/9223372036854775808/",
        "/events/-1/",
        "/articles/%00/",
        "/articles/export.csv/",
        "/%ff/",
    ],
)
def test_an_impossible_path_is_a_404(client, world, error_log, path):
    response = client.get(path)
    assert response.status_code == 404
    assert not error_log.records


@pytest.mark.parametrize("value", BOUNDARY_DATES)
@pytest.mark.parametrize("bound", ["date_from", "date_to"])
@pytest.mark.parametrize(
    "path",
    ["/articles/", "/articles/export.csv", "/statements/", "/statements/export.csv", "/events/export.csv"],
)
def test_a_date_at_the_edge_of_the_calendars_is_not_a_500(client, world, error_log, path, bound, value):
    fetch(client, error_log, path, [(bound, value)], "")


def test_the_last_day_there_is_keeps_every_article(client, world):
    response = client.get("/articles/export.manifest.json", {"date_to": "9999/12/31"})
    assert response.status_code == 200 and response.json()["row_count"] == 1
