"""The articles export: its columns and its rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from django.http import HttpRequest

from archive.exports.rows import grouped, id_set, in_order, page_columns
from archive.exports.writer import Column, dated_columns
from archive.models import Article, ArticleVia


class ArticleRow(NamedTuple):
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


def article_records(id_batches: Iterable[list[int]]) -> Iterator[ArticleRow]:
    """Articles as plain rows, in the order of `id_batches` (from the search index), three queries a batch.

    Model instances would load every body and clone a queryset per related
    manager: five times slower than the columns a CSV needs.
    """
    rows = Article.objects.public().values_list(
        "pk", "title", "source__name", "published_at", "language", "url"
    )
    for ids in id_batches:
        chunk = in_order(ids, rows.filter(pk__any_of=id_set(ids)))
        via, countries = via_and_countries(ids)
        for pk, title, source, published_at, language, url in chunk:
            yield ArticleRow(pk, title, source, published_at, language, url, via[pk], countries[pk])


def via_and_countries(ids: list[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """The relaying sources' names (in order) and the country codes of each article of `ids`: two queries."""
    via = grouped(
        ArticleVia.objects.filter(article_id__any_of=id_set(ids))
        .order_by("article_id", "position")
        .values_list("article_id", "source__name")
    )
    countries = grouped(
        Article.countries.through.objects.filter(article_id__any_of=id_set(ids))
        .order_by("article_id", "country_id")
        .values_list("article_id", "country_id")
    )
    return via, countries
