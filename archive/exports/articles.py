"""The articles export: its columns and its rows."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest

from archive.exports.rows import CHUNK_SIZE, grouped, page_columns
from archive.exports.writer import Column, dated_columns
from archive.models import Article, ArticleVia


@dataclass(frozen=True)
class ArticleRow:
    pk: int
    title: str
    source: str | None
    published_at: dt.datetime | None
    language: str
    url: str | None
    via: list[str]
    countries: list[str]


def article_columns(request: HttpRequest) -> list[Column]:
    return [
        *page_columns(request, "archive:article-detail"),
        Column("title", lambda a: a.title),
        Column("source", lambda a: a.source or ""),
        Column("via", lambda a: a.via),
        *dated_columns("published_at", lambda a: a.published_at),
        Column("countries", lambda a: a.countries),
        Column("language", lambda a: a.language),
        Column("original_url", lambda a: a.url or ""),
    ]


def article_records(queryset: QuerySet) -> Iterator[ArticleRow]:
    """Articles as plain rows, read in chunks with two queries per chunk for their lists.

    Model instances would load every body and clone a queryset per related
    manager: five times slower than the columns a CSV needs.
    """
    rows = queryset.values_list("pk", "title", "source__name", "published_at", "language", "url")
    for chunk in itertools.batched(rows.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        ids = [row[0] for row in chunk]
        via = grouped(
            ArticleVia.objects.filter(article_id__in=ids)
            .order_by("article_id", "position")
            .values_list("article_id", "source__name")
        )
        countries = grouped(
            Article.countries.through.objects.filter(article_id__in=ids)
            .order_by("article_id", "country_id")
            .values_list("article_id", "country_id")
        )
        for pk, title, source, published_at, language, url in chunk:
            yield ArticleRow(pk, title, source, published_at, language, url, via[pk], countries[pk])
