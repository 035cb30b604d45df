"""The API records: what the CSV says of each, related data in details, only public data, Persian errors."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from archive.models import Article, Event, Official, Statement
from tests.test_hostile_input import HYPOTHESIS, PAIRS, RAW_TAILS, error_log, query_string, world

pytestmark = pytest.mark.django_db

__all__ = ["error_log", "world"]  # fixtures shared with the pages' hostile-input tests


def csv_rows(client, name: str, query: str = "") -> dict[str, dict]:
    response = client.get(f"{reverse(f'archive:{name}-export')}?{query}")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return {row["id"]: row for row in csv.DictReader(io.StringIO(text))}


def api_records(client, name: str, query: str = "") -> list[dict]:
    response = client.get(f"{reverse(f'api:{name}-list')}?{query}")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def names(values: list[dict]) -> str:
    return " | ".join(v["name"] for v in values)


def test_an_article_says_what_its_csv_row_says(client, demo):
    row = csv_rows(client, "articles")[str(demo.pk)]
    (record,) = api_records(client, "article")
    assert record["id"] == demo.pk
    assert record["url"] == row["page_url"]
    assert record["title"] == row["title"]
    assert record["source"]["name"] == row["source"]
    assert names(record["via"]) == row["via"]
    assert record["published_at"] == row["published_at"]
    assert record["published_at_jalali"] == row["published_at_jalali"] == "1399/06/05 00:00"
    assert " | ".join(c["code"] for c in record["countries"]) == row["countries"]
    assert record["language"] == row["language"]
    assert record["statement_count"] == demo.statements.count() > 0
    assert record["api_url"].endswith(reverse("api:article-detail", args=[demo.pk]))


def test_a_statement_says_what_its_csv_row_says(client, demo):
    rows = csv_rows(client, "statements")
    records = api_records(client, "statement", "page_size=100")
    assert [str(r["id"]) for r in records] == list(rows)
    for record in records:
        row = rows[str(record["id"])]
        assert record["url"] == row["page_url"]
        assert record["official"]["id"] == int(row["official_id"])
        assert record["official"]["name"] == row["official_name"]
        assert record["official_position"] == row["official_position"]
        assert record["text"] == row["text"]
        assert record["said_on"] == row["said_on"] and record["said_on_jalali"] == row["said_on_jalali"]
        assert record["article"]["id"] == int(row["article_id"])
        assert (record["span_start"], record["span_end"]) == (int(row["span_start"]), int(row["span_end"]))
        assert str((record["event"] or {}).get("id", "")) == row["event_id"]


def test_an_official_and_an_event_say_what_their_csv_rows_say(client, demo, hasanov):
    row = csv_rows(client, "officials")[str(hasanov.pk)]
    record = next(r for r in api_records(client, "official") if r["id"] == hasanov.pk)
    assert (record["name"], record["latin_name"], record["country"]["code"]) == (
        row["name"],
        row["latin_name"],
        row["country"],
    )
    assert " | ".join(record["aliases"]) == row["aliases"]
    assert record["statement_count"] == int(row["statement_count"])
    assert record["statements_api_url"].endswith(f"/api/v1/statements/?official={hasanov.pk}")

    rows = csv_rows(client, "events")
    for record in api_records(client, "event"):
        row = rows[str(record["id"])]
        assert (record["kind"], record["title"], record["start"], record["start_jalali"]) == (
            row["kind"],
            row["title"],
            row["start"],
            row["start_jalali"],
        )
        assert " | ".join(str(pk) for pk in record["article_ids"]) == row["article_ids"]
        assert " | ".join(record["sources"]) == row["sources"]
        assert names(record["officials"]) == row["officials"]


def test_an_article_in_detail_has_its_body_statements_and_events(client, demo):
    record = client.get(reverse("api:article-detail", args=[demo.pk])).json()
    assert record["body"] == demo.body
    spans = [(s["span_start"], s["span_end"], s["text"]) for s in record["statements"]]
    assert spans == sorted(spans)
    assert all(demo.body[start:end] == text for start, end, text in spans)
    assert {s["id"] for s in record["statements"]} == set(demo.statements.values_list("pk", flat=True))
    assert {e["id"] for e in record["events"]} == set(demo.events.values_list("pk", flat=True))


def test_an_official_and_an_event_in_detail_have_their_related_records(client, demo, hasanov):
    official = client.get(reverse("api:official-detail", args=[hasanov.pk])).json()
    assert official["positions"][0]["title"] == hasanov.positions.first().title
    assert {e["id"] for e in official["events"]} == set(hasanov.events.values_list("pk", flat=True))
    event = demo.events.get(kind="meeting")
    record = client.get(reverse("api:event-detail", args=[event.pk])).json()
    assert [a["id"] for a in record["articles"]] == [demo.pk]
    assert {s["id"] for s in record["statements"]} == set(event.statements.values_list("pk", flat=True))


def test_a_withdrawn_article_is_nowhere(client, demo):
    statement = demo.statements.first()
    event = demo.events.first()
    Article.objects.filter(pk=demo.pk).update(is_public=False)
    assert client.get(reverse("api:article-detail", args=[demo.pk])).status_code == 404
    assert client.get(reverse("api:statement-detail", args=[statement.pk])).status_code == 404
    assert api_records(client, "article") == []
    assert api_records(client, "statement") == []
    detail = client.get(reverse("api:event-detail", args=[event.pk])).json()
    assert detail["articles"] == [] and detail["statements"] == []
    assert next(r for r in api_records(client, "event") if r["id"] == event.pk)["article_ids"] == []
    assert all(r["statement_count"] == 0 for r in api_records(client, "official"))


def test_fields_keeps_only_the_named_fields_and_omit_drops_them(client, demo):
    url = reverse("api:article-list")
    (record,) = client.get(url, {"fields": "id,title, published_at_jalali"}).json()["results"]
    assert list(record) == ["id", "title", "published_at_jalali"]
    (record,) = client.get(url, {"omit": "via,countries"}).json()["results"]
    assert "via" not in record and "countries" not in record and "title" in record
    (record,) = client.get(url, {"fields": "id,title", "omit": "title"}).json()["results"]
    assert list(record) == ["id"]
    detail = client.get(reverse("api:article-detail", args=[demo.pk]), {"fields": "id,statements"}).json()
    assert list(detail) == ["id", "statements"]
    assert "official" in detail["statements"][0]  # the selection is of the record's own fields


@pytest.mark.parametrize("param", ["fields", "omit"])
def test_an_unknown_field_is_a_persian_400_naming_the_known_ones(client, demo, param):
    response = client.get(reverse("api:statement-list"), {param: "id,tiltle"})
    assert response.status_code == 400
    (message,) = response.json()[param]
    assert "فیلد ناشناخته: tiltle" in message and "official_position" in message


@pytest.mark.parametrize(
    "query, field, words",
    [
        ("date_from=1399/13/01", "date_from", "وجود ندارد"),
        ("date_to=fish", "date_to", "تاریخ درستی نیست"),
        ("source=abc", "source", "گزینهٔ معتبر"),
        ("official=99999999999999999999999", "official", "گزینهٔ معتبر"),
        ("sort=random", "sort", "گزینهٔ معتبر"),
        ("count=perhaps", "count", "معتبر"),
    ],
)
def test_bad_parameters_are_a_persian_400(client, demo, query, field, words):
    response = client.get(f"{reverse('api:article-list')}?{query}")
    assert response.status_code == 400
    assert words in response.json()[field][0]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/articles/0/",
        "/api/v1/articles/abc/",
        "/api/v1/articles/۱/",
        "/api/v1/officials/99999999999999999999999/",
        "/api/v1/events/9223372036854775808/",
        "/api/v1/statements/-1/",
    ],
)
def test_an_unknown_id_is_a_persian_404(client, demo, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "یافت نشد."}


@pytest.mark.parametrize("name", ["article", "official", "statement", "event"])
def test_a_list_survives_any_query_string(client, world, error_log, name):
    url = reverse(f"api:{name}-list")
    extra = st.sampled_from(
        ["", "cursor=%00", "page_size=99999999999999999999", "fields=,,,", "omit=id&omit=x"]
    )

    @HYPOTHESIS
    @given(PAIRS, RAW_TAILS, extra)
    def check(pairs, tail, more):
        error_log.records.clear()
        response = client.get(f"{url}?{'&'.join(p for p in (query_string(pairs, tail), more) if p)}")
        assert response.status_code in {200, 400}, response.content
        assert response["Content-Type"] == "application/json"
        assert not error_log.records

    check()


def test_the_schema_is_valid_openapi_without_warnings(tmp_path):
    # drf-spectacular's own validation (against the OpenAPI 3 JSON schema); any warning fails it.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    text = (tmp_path / "schema.yaml").read_text()
    for path in (
        "/api/v1/articles/",
        "/api/v1/officials/{id}/",
        "/api/v1/statements/",
        "/api/v1/events/{id}/",
    ):
        assert f"  {path}:" in text


def test_the_schema_is_served_and_documents_the_pages_parameters(client, db):
    response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    params = {p["name"] for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]}
    assert {
        "q",
        "date_from",
        "date_to",
        "source",
        "official",
        "event",
        "country",
        "kind",
        "sort",
        "collapse",
    } <= params
    assert {"cursor", "page_size", "count", "fields", "omit"} <= params


def test_the_root_lists_the_four_lists(client, db):
    assert set(client.get("/api/v1/").json()) == {"articles", "officials", "statements", "events"}


def test_the_counts_are_those_of_the_public_records(client, demo):
    counted = client.get(reverse("api:official-list"), {"count": "true", "page_size": 1}).json()["count"]
    assert counted == Official.objects.count()
    assert client.get(reverse("api:event-list"), {"count": "true"}).json()["count"] == Event.objects.count()
    public = Statement.objects.public().count()
    assert client.get(reverse("api:statement-list"), {"count": "true"}).json()["count"] == public
