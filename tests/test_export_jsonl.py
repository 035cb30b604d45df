"""The articles' full-text export: every matching article with its body and statements, one JSON per line."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from archive import exports
from archive.models import Official, Source, Statement
from tests.conftest import make_article

pytestmark = pytest.mark.django_db


def read_jsonl(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    raw = b"".join(response.streaming_content)
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    assert text.endswith("\n") or text == ""
    return [json.loads(line) for line in text.splitlines()]


def test_an_article_has_its_body_dates_sources_and_statements(client, demo):
    (article,) = read_jsonl(client.get("/articles/export.jsonl"))
    assert article["id"] == demo.pk
    assert article["page_url"] == f"http://testserver/articles/{demo.pk}/"
    assert article["title"] == demo.title and article["body"] == demo.body
    assert article["source"] == demo.source.name and article["source_id"] == demo.source_id
    assert article["via"] == ["خبرگزاری تسنیم", "سایت وزارت دفاع جمهوری آذربایجان"]
    assert set(article["countries"]) == {"AZ", "RU", "AM"}
    assert article["published_at"] == "2020-08-26T00:00:00+04:30"
    assert article["published_at_jalali"] == "1399/06/05 00:00"
    statements = article["statements"]
    assert len(statements) == demo.statements.count() > 0
    assert [s["start"] for s in statements] == sorted(s["start"] for s in statements)
    for statement in statements:
        assert article["body"][statement["start"] : statement["end"]] == statement["text"]
        speaker = Official.objects.get(pk=statement["speaker_id"])
        assert statement["speaker_name"] == speaker.name
        assert statement["kind"] in ("direct", "paraphrase")
    direct = {s.pk: s.direct for s in demo.statements.all()}
    assert all((s["kind"] == "direct") == direct[s["id"]] for s in statements)


def test_it_is_utf8_without_escapes(client, db):
    make_article("گزارش «رزمایش»", "متن\nدو خط")
    response = client.get("/articles/export.jsonl")
    raw = b"".join(response.streaming_content)
    assert "گزارش «رزمایش»".encode() in raw and b"\\u" not in raw
    assert raw.count(b"\n") == 1  # a newline in the body is escaped inside its line
    assert response["Content-Disposition"] == 'attachment; filename="articles.jsonl"'


def test_withdrawn_articles_are_absent(client, db):
    kept = make_article("گزارش رزمایش", "رزمایش")
    make_article("گزارش پس‌گرفته", "رزمایش", is_public=False)
    assert [a["id"] for a in read_jsonl(client.get("/articles/export.jsonl", {"q": "رزمایش"}))] == [kept.pk]


def test_the_manifest_counts_the_lines_and_names_the_format(client, db):
    for i in range(7):
        make_article(f"گزارش {i}", "رزمایش" if i % 2 else "نشست", published_at="2020-08-26T10:00:00+04:30")
    lines = read_jsonl(client.get("/articles/export.jsonl", {"q": "رزمایش"}))
    manifest = json.loads(client.get("/articles/export.jsonl.manifest.json", {"q": "رزمایش"}).content)
    assert manifest["row_count"] == len(lines) == 3
    assert manifest["format"] == "jsonl" and manifest["export"] == "/articles/export.jsonl"
    assert manifest["query_string"] == "q=%D8%B1%D8%B2%D9%85%D8%A7%DB%8C%D8%B4"
    csv_manifest = json.loads(client.get("/articles/export.manifest.json", {"q": "رزمایش"}).content)
    assert csv_manifest["format"] == "csv"
    assert set(manifest) == set(csv_manifest)


def test_the_page_links_the_export_beside_the_csv(client, db):
    make_article("گزارش رزمایش", "رزمایش")
    body = client.get("/articles/", {"q": "رزمایش"}).content.decode()
    csv_link = body.index('href="/articles/export.csv?q=')
    jsonl_link = body.index('href="/articles/export.jsonl?q=')
    assert 0 < jsonl_link - csv_link < 300


def test_each_chunk_costs_a_bounded_number_of_queries(client, db, monkeypatch):
    official = Official.objects.create(name="ذاکر حسن‌اف")
    via = Source.objects.create(name="تسنیم")
    for i in range(23):
        article = make_article(f"گزارش {i}", f"رزمایش شماره {i}")
        article.via_links.create(source=via, position=0)
        Statement.objects.create(article=article, official=official, text="رزمایش", start=0, end=6)
    client.get("/articles/")  # builds the index, outside the count

    def export_with_chunks_of(size: int) -> tuple[int, list[dict]]:
        monkeypatch.setattr(exports, "FULLTEXT_CHUNK_SIZE", size)
        cache.clear()  # a small export is kept by the page cache
        with CaptureQueriesContext(connection) as queries:
            lines = read_jsonl(client.get("/articles/export.jsonl", {"q": "رزمایش"}))
        return len(queries), lines

    few, lines = export_with_chunks_of(100)  # one chunk
    many, same = export_with_chunks_of(5)  # five chunks
    assert [a["id"] for a in lines] == [a["id"] for a in same] and len(lines) == 23
    assert all(a["via"] == ["تسنیم"] and len(a["statements"]) == 1 for a in same)
    # Four queries a chunk (articles, via, countries, statements), whatever the chunk holds.
    assert many - few == 4 * (5 - 1)


def test_the_ids_come_from_the_index_a_chunk_at_a_time(db):
    """The export never holds the whole list: it reads the next chunk only when the last is written."""
    for i in range(12):
        make_article(f"گزارش {i}", "رزمایش")
    from archive.filters import ArticleFilter
    from archive.views import public_articles

    filterset = ArticleFilter({"q": "رزمایش"}, queryset=public_articles())
    batches = filterset.ids(batch=5)
    read: list[int] = []

    def counting():
        for ids in batches:
            read.append(len(ids))
            yield ids

    records = exports.article_texts(counting(), request=RequestFactory().get("/articles/export.jsonl"))
    next(records)
    assert read == [5]
    assert len(list(records)) == 11 and read == [5, 5, 2]


def test_it_and_its_manifest_spend_the_export_budget(client, db, settings):
    from core.middleware.rate_limits import budget_of

    factory = RequestFactory()
    assert budget_of(factory.get("/articles/export.jsonl", {"q": "رزمایش"})) == "export"
    assert budget_of(factory.get("/articles/export.jsonl.manifest.json", {"q": "رزمایش"})) == "export"
    settings.RATE_LIMITS = {"search": 0, "export": 1}
    make_article("گزارش", "رزمایش")
    assert client.get("/articles/export.jsonl").status_code == 200
    assert client.get("/articles/export.jsonl").status_code == 429


def test_it_waits_for_an_export_slot(client, db, settings):
    from archive.exports.slots import slots

    settings.EXPORT_SLOTS = 1
    settings.EXPORT_SLOT_WAIT_SECONDS = 0.05
    make_article("گزارش", "رزمایش")
    held = slots()
    assert held.acquire(timeout=1)
    try:
        response = client.get("/articles/export.jsonl")
        assert response.status_code == 503 and response["Retry-After"]
    finally:
        held.release()
    assert client.get("/articles/export.jsonl").status_code == 200
