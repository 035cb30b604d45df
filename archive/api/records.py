"""The rows behind the API's records: each list's own base queryset (archive/views.py `LISTS`), with
what its serializer reads prefetched, so a page of any size costs a fixed number of queries.

Only public data: articles and statements come from `public()` querysets, so
a withdrawn article (and what was said in it) is a 404 and in no list; an
event lists only its public articles and statements.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from archive.models import Article, ArticleVia, Country, Event, Statement
from archive.views import LISTS


def _statement_count() -> Coalesce:
    counted = (
        Statement.objects.filter(article=OuterRef("pk")).order_by().values("article").annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(counted.values("n")), 0)


def _public_articles(to_attr: str) -> Prefetch:
    return Prefetch(
        "articles",
        queryset=Article.objects.public().select_related("source").order_by("published_at", "id"),
        to_attr=to_attr,
    )


def articles() -> QuerySet:
    return (
        LISTS["articles"]
        .queryset()
        .defer("body")
        .annotate(statement_count=_statement_count())
        .prefetch_related(
            Prefetch("via_links", queryset=ArticleVia.objects.select_related("source").order_by("position")),
            Prefetch("countries", queryset=Country.objects.order_by("code")),
        )
    )


def article_detail() -> QuerySet:
    statements = Statement.objects.select_related("official", "event", "article").order_by("start")
    return (
        LISTS["articles"]
        .queryset()
        .annotate(statement_count=_statement_count())
        .prefetch_related(
            Prefetch("via_links", queryset=ArticleVia.objects.select_related("source").order_by("position")),
            Prefetch("countries", queryset=Country.objects.order_by("code")),
            Prefetch("statements", queryset=statements),
            Prefetch("events", queryset=Event.objects.order_by("start", "id")),
        )
    )


def officials() -> QuerySet:
    return LISTS["officials"].queryset().prefetch_related("aliases", "positions__country")


def official_detail() -> QuerySet:
    return officials().prefetch_related(Prefetch("events", queryset=Event.objects.order_by("-start", "-id")))


def statements() -> QuerySet:
    return LISTS["statements"].queryset().defer("article__body").prefetch_related("official__positions")


def events() -> QuerySet:
    return LISTS["events"].queryset().prefetch_related("officials", _public_articles("public_articles"))


def event_detail() -> QuerySet:
    said = (
        Statement.objects.public()
        .select_related("official", "article__source")
        .defer("article__body")
        .order_by("start")
    )
    return events().prefetch_related(Prefetch("statements", queryset=said, to_attr="public_statements"))


def in_order(queryset: QuerySet, ids: list[int]) -> list:
    """The rows of `ids` in that order; an id whose row is gone (or no longer public) is skipped."""
    by_id = queryset.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
