"""The search page's chart of matches per Solar Hijri month (or year), its share mode, CSV and manifest."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.cache import cache

from archive.dates import TEHRAN, to_gregorian
from archive.models import Source
from archive.search import indexdir
from archive.search.schema import ARTICLES, SCHEMA_VERSION
from archive.series import Period, series
from tests.conftest import make_article

pytestmark = pytest.mark.django_db

HEADER = [
    "period_jalali",
    "granularity",
    "period_start",
    "period_start_jalali",
    "period_end",
    "period_end_jalali",
    "matches",
    "all_articles",
    "share",
]


def solar(year: int, month: int, day: int = 10) -> dt.datetime:
    return dt.datetime.combine(to_gregorian(year, month, day), dt.time(10), tzinfo=TEHRAN)


@pytest.fixture
def months_of_news():
    """Articles over fourteen months of 1399–1400: some about an exercise, from two sources."""
    tasnim, irna = Source.objects.create(name="تسنیم"), Source.objects.create(name="ایرنا")
    for i in range(40):
        year, month = (1399, 1 + i % 12) if i % 14 < 12 else (1400, 1 + i % 14 - 12)
        make_article(
            f"گزارش {i}",
            f"متن {'رزمایش' if i % 3 else 'نشست'} شماره {i}",
            source=tasnim if i % 2 else irna,
            published_at=solar(year, month, 1 + i % 28),
            is_public=i % 13 != 5,
        )
    # The first and last days of a month, in Tehran, fall in that month.
    make_article("گزارش آغاز ماه", "رزمایش", published_at=dt.datetime(2020, 8, 22, 0, 10, tzinfo=TEHRAN))
    make_article("گزارش پایان ماه", "رزمایش", published_at=dt.datetime(2020, 8, 21, 23, 50, tzinfo=TEHRAN))
    make_article("گزارش بی‌تاریخ", "رزمایش")
    return {"tasnim": tasnim.pk}


def chart_rows(client, params: dict) -> list[dict]:
    response = client.get("/articles/chart.csv", params)
    assert response.status_code == 200
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    assert reader.fieldnames == HEADER
    return list(reader)


def page_count(client, params: dict) -> int:
    cache.clear()  # the count is read from the view's context: a page served from the cache has none
    response = client.get("/articles/", params)
    assert response.status_code == 200
    return response.context["page"].paginator.count


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "رزمایش"}, {"q": "رزمایش", "source": "tasnim"}, {"q": "-نشست", "collapse": "story"}],
)
def test_each_month_counts_what_the_index_finds_in_that_month(client, months_of_news, params):
    params = {k: months_of_news.get(v, v) for k, v in params.items()}
    rows = chart_rows(client, params)
    assert rows and all(row["granularity"] == "month" for row in rows)
    for row in rows:
        month = {"date_from": row["period_jalali"], "date_to": row["period_jalali"]}
        assert int(row["matches"]) == page_count(client, {**params, **month}), row
    undated = page_count(client, params) - page_count(client, {**params, "date_from": "1300"})
    assert sum(int(row["matches"]) for row in rows) + undated == page_count(client, params)


def test_the_chart_on_the_page_draws_the_months_the_csv_counts(client, months_of_news):
    response = client.get("/articles/", {"q": "رزمایش"})
    chart = response.context["matches_chart"]
    rows = chart_rows(client, {"q": "رزمایش"})
    html = str(chart["svg"])
    assert html.count('<svg class="chart chart-wide"') == 1 and html.count("chart-narrow") == 1
    assert html.count('class="bar"') == 2 * len(rows)
    assert "اردیبهشت ۱۳۹۹ (2020-04-20 تا 2020-05-20)" in html  # the Gregorian days on hover
    assert rows[0]["period_jalali"] == "1399/02" and rows[-1]["period_jalali"] == "1400/02"
    assert {"1399/04": "0", "1399/07": "0"}.items() <= {
        r["period_jalali"]: r["matches"] for r in rows
    }.items()
    assert chart["undated"] == 1
    assert "۱ خبر بی‌تاریخ" in response.content.decode()
    # The first and last minute of Mordad 1399 (Tehran) are in Mordad.
    mordad = next(row for row in rows if row["period_jalali"] == "1399/05")
    assert mordad["period_start"] == "2020-07-22" and mordad["period_end"] == "2020-08-21"


def test_the_share_is_the_matches_over_every_article_of_the_month_under_the_same_filters(
    client, months_of_news
):
    tasnim = months_of_news["tasnim"]
    rows = chart_rows(client, {"q": "رزمایش", "source": tasnim})
    for row in rows:
        month = {"date_from": row["period_jalali"], "date_to": row["period_jalali"], "source": tasnim}
        assert int(row["all_articles"]) == page_count(client, month)
        expected = int(row["matches"]) / int(row["all_articles"]) if int(row["all_articles"]) else 0
        assert float(row["share"]) == pytest.approx(expected, abs=1e-6)
    assert any(0 < float(row["share"]) < 1 for row in rows)

    response = client.get("/articles/", {"q": "رزمایش", "source": tasnim, "chart": "share"})
    chart = response.context["matches_chart"]
    assert chart["share"]
    assert "٪" in str(chart["svg"])
    assert "سهم خبرهای این جست‌وجو" in response.content.decode()


def test_counts_are_the_default_and_a_made_up_chart_parameter_is_ignored(client, months_of_news):
    for value in ("", "pie", "<script>", "share" * 1000):
        # An empty parameter redirects to the share URL without it (tests/test_share_urls.py).
        response = client.get("/articles/", {"q": "رزمایش", "chart": value}, follow=True)
        assert response.status_code == 200
        chart = response.context["matches_chart"]
        assert chart["share"] is (value == "share")
        assert "٪" not in str(chart["svg"])


def test_a_series_longer_than_ten_years_is_counted_per_year(client, db):
    for year, n in ((1390, 2), (1395, 1), (1402, 3)):
        for i in range(n):
            make_article(f"گزارش {year} {i}", "رزمایش", published_at=solar(year, 1 + i * 4))
    rows = chart_rows(client, {"q": "رزمایش"})
    assert [(r["period_jalali"], r["granularity"], int(r["matches"])) for r in rows] == [
        (str(year), "year", {1390: 2, 1395: 1, 1402: 3}.get(year, 0)) for year in range(1390, 1403)
    ]
    assert rows[0]["period_start"] == "2011-03-21" and rows[0]["period_end"] == "2012-03-19"
    html = str(client.get("/articles/", {"q": "رزمایش"}).context["matches_chart"]["svg"])
    assert "۱۳۹۰" in html and "فروردین" not in html


def test_ten_years_of_months_stay_months():
    matches = {139001: 1, 139912: 1}
    assert len(series(matches)) == 120 and all(p.month for p in series(matches))
    assert [p.granularity for p in series({139001: 1, 140001: 1})] == ["year"] * 11


def test_the_chart_manifest_traces_the_series_to_its_query(client, months_of_news):
    params = {"q": "رزمایش", "date_from": "1399/03"}
    rows = chart_rows(client, params)
    manifest = json.loads(client.get("/articles/chart.manifest.json", params).content)
    assert manifest["row_count"] == len(rows)
    assert manifest["export"] == "/articles/chart.csv"
    assert manifest["format"] == "csv"
    assert manifest["filters"]["q"] == "رزمایش" and manifest["filters"]["date_from"] == "2020-05-21"
    assert rows[0]["period_jalali"] == "1399/03"


def test_the_page_links_the_series_and_its_manifest_with_its_filters(client, months_of_news):
    response = client.get("/articles/", {"q": "رزمایش", "page": "2", "chart": "share"})
    chart = response.context["matches_chart"]
    assert chart["csv_url"] == "/articles/chart.csv?q=%D8%B1%D8%B2%D9%85%D8%A7%DB%8C%D8%B4"
    assert chart["manifest_url"].startswith("/articles/chart.manifest.json?q=")
    body = response.content.decode()
    assert 'href="/articles/chart.csv?q=' in body


def test_a_query_that_matches_nothing_draws_no_chart(client, months_of_news):
    response = client.get("/articles/", {"q": "ناموجود"})
    assert response.context["matches_chart"]["svg"] == ""
    assert "matches-chart" not in response.content.decode()
    assert chart_rows(client, {"q": "ناموجود"}) == []


def test_an_index_built_before_the_month_field_is_rebuilt_with_it(client, db, monkeypatch):
    from archive.search.follow import commit, writer_of

    make_article("گزارش", "رزمایش", published_at=solar(1399, 6))
    assert page_count(client, {"q": "رزمایش"}) == 1
    # The index's meta document says it was built with the schema before `month`.
    opened = indexdir.open_current(ARTICLES)
    with monkeypatch.context() as patch:
        patch.setattr(indexdir, "SCHEMA_VERSION", SCHEMA_VERSION - 1)
        writer = writer_of(opened.index)
        commit(ARTICLES, writer, indexdir.meta_position(ARTICLES, opened.searcher()))
        writer.wait_merging_threads()
    before = indexdir.current_directory(ARTICLES)
    indexdir.forget()

    rows = chart_rows(client, {"q": "رزمایش"})
    assert [(r["period_jalali"], r["matches"]) for r in rows] == [("1399/06", "1")]
    assert indexdir.current_directory(ARTICLES) != before


def test_a_period_knows_its_solar_hijri_bounds():
    esfand = Period(1399, 12, 3, total=6)
    assert esfand.first_day == dt.date(2021, 2, 19) and esfand.last_day == dt.date(2021, 3, 20)
    assert esfand.label == "اسفند ۱۳۹۹" and esfand.jalali == "1399/12" and esfand.share == 0.5
    assert Period(1399, None, 0, total=0).share == 0.0 and Period(1399, 1, 2).share is None
