"""Every list: its CSV holds exactly the rows its pages show, for the same query string."""

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse

from archive.dates import TEHRAN
from archive.models import Article, Event, Official, OfficialAlias, Position, Source, Statement
from tests.conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive_data(demo, hasanov, shoigu):
    """The demo plus 30 articles, a third official, 30 statements and 12 events over two years."""
    tasnim = Source.objects.get(latin_name="Tasnim News Agency")
    pashinyan = Official(name="نیکول پاشینیان", latin_name="Nikol Pashinyan", country_id="AM")
    pashinyan.save()
    OfficialAlias(official=pashinyan, name="پاشینیان").save()
    Position.objects.create(official=pashinyan, title="نخست‌وزیر", country_id="AM", start=dt.date(2018, 5, 8))
    speakers = [hasanov, shoigu, pashinyan]
    for n in range(30):
        published = dt.datetime(2020, 1, 5, 10, tzinfo=TEHRAN) + dt.timedelta(days=25 * n)
        quote = f"ما برای صلح در منطقه آماده‌ایم و گفت‌وگوی شمارهٔ {n} ادامه دارد."
        article = make_article(
            f"گزارش شمارهٔ {n} دربارهٔ مرز {'ارمنستان' if n % 2 else 'آذربایجان'}",
            f"به گزارش خبرگزاری تسنیم، مقام رسمی گفت: {quote} پایان خبر.",
            source=tasnim if n % 3 else demo.source,
            published_at=published,
        )
        start = article.body.index(quote)
        Statement(
            article=article,
            official=speakers[n % 3],
            start=start,
            end=start + len(quote),
            text=quote,
            direct=n % 4 != 0,
        ).save()
        if n % 5 == 0:
            event = Event(
                title=f"رزمایش مشترک شمارهٔ {n}",
                kind="exercise" if n % 2 else "meeting",
                start=published.date(),
                place="باکو" if n % 2 else "ایروان",
            )
            event.save()
            event.articles.add(article)
            event.officials.add(speakers[n % 3])
            event.countries.add("AZ" if n % 2 else "AM")
    return demo


def page_ids(client, path: str, params: dict) -> list[int]:
    ids, page = [], 1
    while True:
        response = client.get(path, {**params, "page": page})
        assert response.status_code == 200
        current = response.context["page"]
        ids += [obj.pk for obj in current.object_list]
        if not current.has_next():
            return ids
        page += 1


def csv_rows(client, path: str, params: dict) -> tuple[list[str], list[dict]]:
    response = client.get(path, params)
    assert response.status_code == 200
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark"
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    return reader.fieldnames, list(reader)


CASES = {
    "/articles/": [
        {},
        {"q": "ارمنستان"},
        {"q": "گزارش", "sort": "oldest"},
        {"date_from": "1399", "date_to": "۱۳۹۹"},
        {"source": "@tasnim", "sort": "newest"},
        {"kind": "exercise"},
        {"country": "AZ"},
        {"date_from": "1399/13/40"},
    ],
    "/officials/": [{}, {"q": "شویگو"}, {"q": "Shoigu"}, {"country": "AM"}],
    "/statements/": [
        {},
        {"q": "صلح"},
        {"q": "منطقه", "official": "@shoigu"},
        {"date_from": "2021-01-01"},
        {"country": "AZ", "date_to": "۱۳۹۹/۱۲/۳۰"},
        {"kind": "meeting"},
    ],
    "/events/": [
        {},
        {"kind": "exercise"},
        {"country": "AM"},
        {"q": "رزمایش"},
        {"date_from": "1399", "sort": "oldest"},
    ],
}


def resolve(params: dict) -> dict:
    """Placeholders for records whose ids differ between databases."""
    ids = {
        "@tasnim": lambda: Source.objects.get(latin_name="Tasnim News Agency").pk,
        "@shoigu": lambda: Official.objects.get(latin_name="Sergei Shoigu").pk,
    }
    return {key: ids[value]() if value in ids else value for key, value in params.items()}


@pytest.mark.parametrize(
    "path, params", [(path, params) for path, cases in CASES.items() for params in cases], ids=str
)
def test_the_csv_holds_exactly_the_rows_of_every_page(client, archive_data, path, params):
    params = resolve(params)
    shown = page_ids(client, path, params)
    header, rows = csv_rows(client, path + "export.csv", params)
    assert header[0] == "id" and header[1] == "page_url"
    assert [int(row["id"]) for row in rows] == shown
    manifest = json.loads(client.get(path + "export.manifest.json", params).content)
    assert manifest["row_count"] == len(rows)


def test_the_lists_really_filter(client, archive_data):
    """Guards the test above against a filter that silently matches everything."""
    everything = page_ids(client, "/statements/", {})
    assert 0 < len(page_ids(client, "/statements/", resolve({"official": "@shoigu"}))) < len(everything)
    assert (
        0
        < len(page_ids(client, "/articles/", resolve({"source": "@tasnim"})))
        < len(page_ids(client, "/articles/", {}))
    )
    assert 0 < len(page_ids(client, "/events/", {"kind": "exercise"})) < len(page_ids(client, "/events/", {}))
    assert page_ids(client, "/officials/", {"q": "Shoigu"}) == [
        Official.objects.get(latin_name="Sergei Shoigu").pk
    ]


def test_the_statements_csv_has_the_speaker_position_and_jalali_dates(client, demo, shoigu):
    _, rows = csv_rows(client, "/statements/export.csv", {"official": shoigu.pk})
    assert len(rows) == 3
    row = rows[0]
    assert row["official_name"] == "سرگئی شویگو"
    assert row["official_position"] == "وزیر دفاع وزارت دفاع روسیه"
    assert row["said_on"] == "2020-08-25" and row["said_on_jalali"] == "1399/06/04"
    assert demo.body[int(row["span_start"]) : int(row["span_end"])] == row["text"]
    assert row["page_url"].endswith(f"/articles/{demo.pk}/#statement-{row['id']}")


def test_the_events_csv_lists_its_reporting_sources(client, demo):
    _, rows = csv_rows(client, "/events/export.csv", {"kind": "border_clash"})
    assert len(rows) == 1
    assert rows[0]["start"] == "2020-07-12" and rows[0]["start_jalali"] == "1399/04/22"
    assert rows[0]["sources"] == "آران نیوز"
    assert rows[0]["article_ids"] == str(demo.pk)


def test_the_officials_csv_joins_aliases_and_positions(client, shoigu):
    _, rows = csv_rows(client, "/officials/export.csv", {"q": "شویگو"})
    assert "Shoygu" in rows[0]["aliases"].split(" | ")
    assert rows[0]["positions"] == "وزیر دفاع وزارت دفاع روسیه (2012-11-06–2024-05-12)"
    assert rows[0]["statement_count"] == "3"


def test_withdrawn_articles_leave_every_list_and_export(client, demo):
    Article.objects.filter(pk=demo.pk).update(is_public=False)
    assert page_ids(client, "/statements/", {}) == []
    _, rows = csv_rows(client, "/statements/export.csv", {})
    assert rows == []
    _, rows = csv_rows(client, "/events/export.csv", {})
    assert all(row["article_ids"] == "" for row in rows)
    _, rows = csv_rows(client, "/officials/export.csv", {})
    assert all(row["statement_count"] == "0" for row in rows)


def test_the_official_page_draws_statements_per_year(client, archive_data, hasanov):
    response = client.get(hasanov.get_absolute_url())
    html = response.content.decode()
    assert '<svg class="chart"' in html
    assert "۱۳۹۹: " in html  # a bar's tooltip: year and count
    assert "<script" not in html


def test_the_official_page_filters_their_statements(client, archive_data, hasanov):
    everything = client.get(hasanov.get_absolute_url()).context["page"].paginator.count
    response = client.get(hasanov.get_absolute_url(), {"date_from": "1400"})
    assert 0 < response.context["page"].paginator.count < everything


def test_the_events_timeline_groups_by_jalali_month(client, archive_data):
    html = client.get("/events/", {"sort": "oldest"}).content.decode()
    assert "<h3>" in html and "۱۳۹۸" in html
    assert '<svg class="chart"' in html


def test_the_home_page_lists_recent_events_and_busiest_officials(client, archive_data, shoigu):
    Statement.objects.filter(official=shoigu).update()
    latest = Article.objects.order_by("-published_at").first()
    Article.objects.filter(pk=latest.pk).update(published_at=dt.datetime.now(tz=TEHRAN))
    html = client.get("/").content.decode()
    assert "رویدادهای اخیر" in html
    assert latest.statements.get().official.name in html.split("پرگفته‌ترین")[1]


def test_menus_stay_short_however_many_events_there_are(client, demo):
    Event.objects.bulk_create(
        Event(title=f"رویداد {n}", kind="other", start=dt.date(2019, 1, 1) + dt.timedelta(days=n))
        for n in range(200)
    )
    old = Event.objects.order_by("start").first()
    response = client.get("/articles/", {"event": old.pk})
    html = response.content.decode()
    options = html.split('name="event"')[1].split("</select>")[0].count("<option")
    assert options <= 32  # the empty choice, the menu, and the chosen event
    assert f'value="{old.pk}" selected' in html
    assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize("value", ["2²", "٣", "9" * 40, "-1", "1 OR 1=1"])
def test_an_unreadable_menu_choice_is_reported_not_an_error(client, demo, value):
    response = client.get("/articles/", {"source": value, "event": value, "official": value})
    assert response.status_code == 200
    assert response.context["filter"].form.errors


def test_a_date_filter_cuts_at_midnight_in_tehran(client, db):
    make_article("پیش از نوروز", "متن یک", published_at=dt.datetime(2020, 3, 19, 23, 50, tzinfo=TEHRAN))
    make_article("پس از نوروز", "متن دو", published_at=dt.datetime(2020, 3, 20, 0, 10, tzinfo=TEHRAN))
    titles = lambda params: [a.title for a in client.get("/articles/", params).context["page"].object_list]  # noqa: E731
    assert titles({"date_from": "1399"}) == ["پس از نوروز"]
    assert titles({"date_to": "۱۳۹۸/۱۲/۲۹"}) == ["پیش از نوروز"]


@pytest.mark.parametrize("params", [{}, {"q": "ارمنستان"}, {"q": "گزارش", "date_from": "1399"}])
def test_every_facet_count_is_the_count_its_link_gives(client, archive_data, params):
    response = client.get("/articles/", params)
    facets = [item for facet in response.context["facets"] for item in facet["values"]]
    assert len(facets) >= 8
    for item in facets:
        linked = client.get("/articles/" + item["href"])
        assert linked.context["page"].paginator.count == item["count"], item


def test_facets_are_counted_once_for_every_page_of_a_search(
    client, archive_data, django_assert_max_num_queries
):
    client.get("/articles/", {"q": "گزارش"})
    with django_assert_max_num_queries(12) as first_page_again:
        second = client.get("/articles/", {"q": "گزارش", "page": 2})
    assert not any("WITH m(pk)" in q["sql"] for q in first_page_again.captured_queries)
    assert second.context["facets"][0]["values"]


def test_the_search_box_keeps_the_query_when_another_parameter_is_invalid(client, demo):
    response = client.get("/articles/", {"q": "  شویگو ", "date_from": "۱۳۹۹/۱۳/۴۰"})
    assert response.context["filter"].errors["date_from"]
    assert response.context["query"] == "شویگو"
    assert client.get("/articles/").context["query"] == ""


def test_a_query_typed_with_a_zwnj_finds_the_word_however_the_text_wrote_it(client, db):
    joined = make_article("ناوچه تازه", "یک ناوچه موشکانداز تازه به ناوگان پیوست.")
    with_zwnj = make_article("ناوچه دیگر", "یک ناوچه موشک\u200cانداز دیگر هم آمد.")
    page = client.get(reverse("archive:article-list"), {"q": "موشک\u200cانداز"}).content.decode()
    assert joined.title in page and with_zwnj.title in page


@pytest.mark.parametrize(
    "bounds, found",
    [
        ({"date_from": "0001-01-01"}, True),
        ({"date_to": "9999/12/31"}, True),
        ({"date_from": "0001-01-01", "date_to": "9999-12-31"}, True),
        ({"date_from": "9999/01/01"}, False),
        ({"date_to": "0001-01-01"}, False),
    ],
)
def test_dates_beyond_any_calendar_the_index_keeps_are_bounds_not_errors(client, db, bounds, found):
    article = make_article(
        "خبر امروز", "متن خبر امروز", published_at=dt.datetime(2024, 5, 1, 10, tzinfo=TEHRAN)
    )
    for path in ("archive:article-list", "archive:statement-list", "archive:articles-export"):
        response = client.get(reverse(path), bounds)
        assert response.status_code == 200
    page = client.get(reverse("archive:article-list"), bounds).content.decode()
    assert (article.title in page) is found


def source_menu(client) -> list[str]:
    html = client.get("/articles/").content.decode()
    menu = html.split('name="source"')[1].split("</select>")[0]
    return [option.split(">")[1].split("<")[0] for option in menu.split("<option")[2:]]


def test_the_source_menu_ranks_and_lists_by_public_articles_only(client, db):
    many_withdrawn = Source.objects.create(name="پرخبر پس‌گرفته")
    two_public = Source.objects.create(name="دو خبر عمومی")
    only_withdrawn = Source.objects.create(name="فقط پس‌گرفته")
    cited = Source.objects.create(name="نقل‌شده")
    for n in range(3):
        make_article(f"پس‌گرفته {n}", "متن", source=many_withdrawn, is_public=False)
    for n in range(2):
        make_article(f"عمومی پرخبر {n}", "متن", source=many_withdrawn)
    for n in range(2):
        make_article(f"عمومی {n}", "متن", source=two_public)
    make_article("تنها", "متن", source=only_withdrawn, is_public=False)
    citing = make_article("به نقل", "متن", source=two_public)
    citing.via.add(cited)
    assert source_menu(client) == ["دو خبر عمومی", "پرخبر پس‌گرفته", "نقل‌شده"]


def test_a_source_whose_only_article_is_withdrawn_leaves_the_menu(client, db):
    lone = Source.objects.create(name="تک‌خبر")
    article = make_article("تنها خبر", "متن", source=lone)
    assert "تک‌خبر" in source_menu(client)
    # The index replaces the document; its old copy stays in the term dictionary until a merge.
    Article.objects.filter(pk=article.pk).update(is_public=False)
    assert "تک‌خبر" not in source_menu(client)
