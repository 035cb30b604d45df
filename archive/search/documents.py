"""Tantivy documents built from database rows, a batch at a time.

Each builder reads one batch of ids in a handful of queries (values lists,
no model instances: bodies are long and a rebuild reads a million of them)
and returns the documents of the rows that still exist. An id whose row is
gone yields no document: the caller deletes it from the index.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

import tantivy
from django.db.models import Min, QuerySet

from archive.dates import TEHRAN, jalali_day
from archive.models import Article, ArticleVia, Event, Official, Statement
from archive.search.schema import (
    ARTICLES,
    FIRST_COPY,
    LATER_COPY,
    OFFICIALS,
    STATEMENTS,
    article_chrono,
    country_number,
    pairs,
    pairs_of,
    statement_chrono,
)

BATCH = 500


def solar_year(instant: dt.datetime) -> int:
    """The Solar Hijri year of an instant, in Tehran (as archive/facets.py counts years)."""
    return jalali_day(instant.astimezone(TEHRAN).date())[0]


def solar_month(instant: dt.datetime) -> int:
    """The Solar Hijri month of an instant, in Tehran, as the number yyyymm (139906: Shahrivar 1399)."""
    year, month, _ = jalali_day(instant.astimezone(TEHRAN).date())
    return year * 100 + month


def _grouped(pairs: Iterable[tuple[int, object]]) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for key, value in pairs:
        if value is not None and value not in out[key]:
            out[key].append(value)
    return out


def first_copies(stories: Iterable[int], using: str = "default") -> dict[int, int]:
    """Each of `stories`' lowest article id (its first copy), public or not."""
    return dict(
        Article.objects.using(using)
        .filter(story_id__in=set(stories))
        .values("story_id")
        .annotate(first=Min("id"))
        .values_list("story_id", "first")
    )


def _add_key(doc: tantivy.Document, name: str, key: str) -> None:
    """A key field and its pairs (archive/search/schema.py)."""
    doc.add_text(name, key)
    doc.add_text(pairs_of(name), pairs(key))


def article_documents(ids: Sequence[int], using: str = "default") -> list[tuple[int, tantivy.Document]]:
    """(id, document) for the articles among `ids` that exist; seven queries."""
    rows = (
        Article.objects.using(using)
        .filter(pk__in=ids)
        .values_list("id", "title_key", "body_key", "is_public", "published_at", "source_id", "story_id")
    )
    rows = list(rows)
    found = [r[0] for r in rows]
    if not found:
        return []
    via = _grouped(
        ArticleVia.objects.using(using).filter(article_id__in=found).values_list("article_id", "source_id")
    )
    countries = _grouped(
        Article.countries.through.objects.using(using)
        .filter(article_id__in=found)
        .values_list("article_id", "country_id")
    )
    quoted = _grouped(
        Statement.objects.using(using).filter(article_id__in=found).values_list("article_id", "official_id")
    )
    links = list(
        Event.articles.through.objects.using(using)
        .filter(article_id__in=found)
        .values_list("article_id", "event_id", "event__kind")
    )
    events = _grouped((a, e) for a, e, _ in links)
    kinds = _grouped((a, k) for a, _, k in links)
    attending = _grouped(
        Event.officials.through.objects.using(using)
        .filter(event_id__in={e for _, e, _ in links})
        .values_list("event_id", "official_id")
    )
    firsts = first_copies({r[6] for r in rows if r[6] is not None}, using)
    out = []
    for pk, title_key, body_key, public, published, source_id, story_id in rows:
        doc = tantivy.Document()
        doc.add_unsigned("id", pk)
        _add_key(doc, "title", title_key)
        _add_key(doc, "body", body_key)
        doc.add_boolean("public", bool(public))
        doc.add_unsigned("chrono", article_chrono(published, pk))
        if published is not None:
            doc.add_date("published", published)
            doc.add_unsigned("year", solar_year(published))
            doc.add_unsigned("month", solar_month(published))
        for source in dict.fromkeys([source_id, *via.get(pk, ())]):
            if source is not None:
                doc.add_unsigned("sources", source)
                if public:
                    doc.add_unsigned("public_sources", source)
        officials = list(quoted.get(pk, ()))
        for event in events.get(pk, ()):
            doc.add_unsigned("events", event)
            officials += attending.get(event, ())
        for official in dict.fromkeys(officials):
            doc.add_unsigned("officials", official)
        for code in countries.get(pk, ()):
            doc.add_unsigned("countries", country_number(code))
        for kind in kinds.get(pk, ()):
            doc.add_text("kinds", kind)
        if story_id is not None:
            doc.add_unsigned("story", story_id)
            doc.add_unsigned("copy", FIRST_COPY if firsts.get(story_id) == pk else LATER_COPY)
        out.append((pk, doc))
    return out


def statement_documents(ids: Sequence[int], using: str = "default") -> list[tuple[int, tantivy.Document]]:
    """(id, document) for the statements among `ids` that exist; one query."""
    rows = (
        Statement.objects.using(using)
        .filter(pk__in=ids)
        .values_list(
            "id",
            "text_key",
            "start",
            "article_id",
            "article__is_public",
            "article__published_at",
            "article__source_id",
            "official_id",
            "official__country_id",
            "event_id",
            "event__kind",
        )
    )
    out = []
    for pk, key, start, article, public, published, source, official, country, event, kind in rows:
        doc = tantivy.Document()
        doc.add_unsigned("id", pk)
        _add_key(doc, "text", key)
        doc.add_unsigned("article", article)
        doc.add_boolean("public", bool(public))
        doc.add_unsigned("chrono", statement_chrono(published, start))
        if published is not None:
            doc.add_date("published", published)
        doc.add_unsigned("official", official)
        if public:
            doc.add_unsigned("public_official", official)
        if source is not None:
            doc.add_unsigned("source", source)
        if country:
            doc.add_unsigned("country", country_number(country))
        if event is not None:
            doc.add_unsigned("event", event)
            doc.add_text("kind", kind)
        out.append((pk, doc))
    return out


def official_documents(ids: Sequence[int], using: str = "default") -> list[tuple[int, tantivy.Document]]:
    """(id, document) for the officials among `ids` that exist; one query."""
    rows = (
        Official.objects.using(using).filter(pk__in=ids).values_list("id", "names_key", "country_id", "name")
    )
    out = []
    for pk, key, country, name in rows:
        doc = tantivy.Document()
        doc.add_unsigned("id", pk)
        _add_key(doc, "names", key)
        doc.add_text("name", name)
        if country:
            doc.add_unsigned("country", country_number(country))
        out.append((pk, doc))
    return out


BUILDERS: dict[str, Callable[[Sequence[int], str], list[tuple[int, tantivy.Document]]]] = {
    ARTICLES: article_documents,
    STATEMENTS: statement_documents,
    OFFICIALS: official_documents,
}

MODELS = {ARTICLES: Article, STATEMENTS: Statement, OFFICIALS: Official}


def all_ids(kind: str, using: str = "default", batch: int = BATCH) -> Iterator[list[int]]:
    """Every id of `kind`, ascending, in lists of `batch` (keyset pagination: flat memory)."""
    queryset: QuerySet = MODELS[kind].objects.using(using).order_by("pk").values_list("pk", flat=True)
    last = 0
    while True:
        ids = list(queryset.filter(pk__gt=last)[:batch])
        if not ids:
            return
        yield ids
        last = ids[-1]
