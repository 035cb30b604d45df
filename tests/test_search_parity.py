"""One list, several outputs: the pages', the CSV's and the JSONL's ids and the manifests' counts agree."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse

from archive.models import Article, ArticleVia, Country, Event, Official, Source, Statement, Story

pytestmark = pytest.mark.django_db

WORDS = ("رزمایش", "موشک", "پهپاد", "مرز", "نشست")


@pytest.fixture
def archive_of_45():
    iran = Country.objects.get_or_create(code="IR", defaults={"name": "ایران"})[0]
    sources = [Source.objects.create(name=f"منبع {i}") for i in range(3)]
    official = Official.objects.create(name="ذاکر حسن‌اف", country=iran)
    event = Event.objects.create(kind="exercise", title="رزمایش", start=dt.date(2020, 8, 1))
    story = Story.objects.create()
    start = dt.datetime(2020, 3, 1, tzinfo=dt.UTC)
    for i in range(45):
        words = " ".join(WORDS[j] for j in range(len(WORDS)) if (i >> j) & 1) or "خبر"
        article = Article.objects.create(
            title=f"گزارش {i}",
            body=f"متن {words} شماره {i}",
            source=sources[i % 3],
            # Pairs published in the same second: the order must still be total.
            published_at=start + dt.timedelta(days=(i // 2) * 9),
            story=story if i % 7 == 0 else None,
            is_public=i % 11 != 0,
        )
        if i % 4 == 0:
            ArticleVia.objects.create(article=article, source=sources[(i + 1) % 3])
            article.countries.add(iran)
        if i % 5 == 0:
            event.articles.add(article)
        if i % 6 == 0:
            Statement.objects.create(
                article=article, official=official, text=article.body[:3], start=0, end=3
            )
    return {"source": sources[1].pk, "official": official.pk, "event": event.pk}


QUERIES = [
    "",
    "q=رزمایش",
    "q=رزمایش&sort=oldest",
    "q=رزمایش&sort=newest",
    "q=موشک پهپاد",
    "q=موشک OR مرز",
    "q=-پهپاد",
    "q=رزم*",
    'q="متن رزمایش"',
    "q=رزمایش&collapse=story",
    "collapse=story&sort=oldest",
    "date_from=1399&date_to=1399",
    "q=مرز&country=IR",
    "kind=exercise",
    "q=***",
]


def page_ids(client, url: str, query: str) -> list[int]:
    ids: list[int] = []
    number = 1
    while True:
        response = client.get(f"{url}?{query}&page={number}")
        assert response.status_code == 200
        page = response.context["page"]
        ids += [record.pk for record in page.object_list]
        if not page.has_next():
            return ids
        number += 1


def csv_ids(client, url: str, query: str) -> list[int]:
    response = client.get(f"{url}?{query}")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [int(row["id"]) for row in csv.DictReader(io.StringIO(text))]


def manifest_count(client, url: str, query: str) -> int:
    return json.loads(client.get(f"{url}?{query}").content)["row_count"]


@pytest.mark.parametrize("query", QUERIES)
def test_pages_csv_and_manifest_agree_for_articles(client, archive_of_45, query):
    pages = page_ids(client, reverse("archive:article-list"), query)
    assert pages == csv_ids(client, reverse("archive:articles-export"), query)
    assert len(pages) == manifest_count(client, reverse("archive:articles-export-manifest"), query)
    assert len(set(pages)) == len(pages)
    public = set(Article.objects.filter(is_public=True).values_list("pk", flat=True))
    assert set(pages) <= public


def jsonl_lines(client, url: str, query: str) -> list[dict]:
    response = client.get(f"{url}?{query}")
    return [json.loads(line) for line in b"".join(response.streaming_content).decode("utf-8").splitlines()]


@pytest.mark.parametrize("query", QUERIES)
def test_the_full_text_export_holds_the_pages_articles_in_their_order(client, archive_of_45, query):
    pages = page_ids(client, reverse("archive:article-list"), query)
    lines = jsonl_lines(client, reverse("archive:articles-export-jsonl"), query)
    assert (
        [line["id"] for line in lines] == pages == csv_ids(client, reverse("archive:articles-export"), query)
    )
    assert len(lines) == manifest_count(client, reverse("archive:articles-export-jsonl-manifest"), query)
    quoting = set(Statement.objects.values_list("article_id", flat=True))
    for line in lines:
        assert bool(line["statements"]) == (line["id"] in quoting)
        for statement in line["statements"]:
            assert line["body"][statement["start"] : statement["end"]] == statement["text"]


@pytest.mark.parametrize(
    "query", ["", "q=متن", "source={source}", "official={official}", "event={event}", "q=-رزمایش"]
)
def test_pages_csv_and_manifest_agree_for_statements(client, archive_of_45, query):
    query = query.format(**archive_of_45)
    pages = page_ids(client, reverse("archive:statement-list"), query)
    assert pages == csv_ids(client, reverse("archive:statements-export"), query)
    assert len(pages) == manifest_count(client, reverse("archive:statements-export-manifest"), query)
    if not query.startswith("q="):  # a filter only: the database can say which statements
        public = Statement.objects.filter(article__is_public=True)
        if query:
            name, value = query.split("=")
            public = public.filter(**{"article__source_id" if name == "source" else f"{name}_id": int(value)})
        assert set(pages) == set(public.values_list("pk", flat=True))


def test_the_source_filter_counts_published_and_cited_alike(client, archive_of_45):
    query = f"source={archive_of_45['source']}"
    pages = page_ids(client, reverse("archive:article-list"), query)
    expected = {
        a.pk
        for a in Article.objects.filter(is_public=True)
        if a.source_id == archive_of_45["source"] or a.via.filter(pk=archive_of_45["source"]).exists()
    }
    assert set(pages) == expected
