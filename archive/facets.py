"""Facet counts for a filtered list of articles: source, year, country, official, event kind.

Every count comes from the queryset the page lists (`ArticleFilter.qs`), so
the counts and the results cannot disagree. Each facet is one GROUP BY over
the matching ids, with the matching rows' ids as an uncorrelated subquery
that the database evaluates once per facet (SQLite materializes it), and the
rank dropped: a common word matching most of the archive costs five index
lookups and five aggregations, not a rank per row. Only the top values of a
facet are returned.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import jdatetime
from django.db import connections
from django.db.models import Count, IntegerField, QuerySet

from archive import text
from archive.dates import TEHRAN
from archive.models import Article, Country, Event, EventKind, Official, Source, Statement
from archive.search.base import AliasedSQL

FACET_LIMIT = 10
# Solar Hijri years the year facet knows; articles outside fall in no year.
FIRST_YEAR = 1300

FACET_LABELS = {
    "source": "منبع",
    "year": "سال",
    "country": "کشور",
    "official": "مقام",
    "kind": "نوع رویداد",
}


def article_facets(queryset: QuerySet) -> dict[str, list[dict[str, Any]]]:
    """For each facet, its top values as ``{"value", "label", "count"}``, most frequent first.

    Keys: ``source``, ``year`` (Solar Hijri year of publication, newest
    first, all years), ``country``, ``official`` (articles quoting them or
    reporting an event they took part in), ``kind`` (event kind).
    """
    if queryset.query.is_empty():
        # A query with nothing searchable in it matches nothing; its SQL
        # cannot even be written (EmptyResultSet), so neither can a facet's.
        return {name: [] for name in FACET_LABELS}
    ids = queryset.order_by().values("pk")
    sources, years = _sources_and_years(queryset)
    return {
        "source": _labelled(sources, Source),
        "year": years,
        "country": _labelled(
            _top(
                Article.countries.through.objects.filter(article__in=ids)
                .values_list("country")
                .annotate(n=Count("article"))
            ),
            Country,
        ),
        "official": _labelled(_official_counts(ids), Official),
        "kind": _kinds(ids),
    }


def _top(rows: QuerySet) -> list[tuple[Any, int]]:
    return [(value, n) for value, n in rows.order_by("-n")[: FACET_LIMIT + 1] if value is not None][
        :FACET_LIMIT
    ]


def _labelled(counts: Iterable[tuple[Any, int]], model: type) -> list[dict[str, Any]]:
    counts = list(counts)
    names = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=[value for value, _ in counts])}
    return [{"value": value, "label": names.get(value, str(value)), "count": n} for value, n in counts]


def _nowruz(year: int) -> dt.datetime:
    day = jdatetime.date(year, 1, 1).togregorian()
    return dt.datetime(day.year, day.month, day.day, tzinfo=TEHRAN)


@lru_cache(maxsize=4)
def _nowruz_instants(last: int) -> tuple[tuple[int, dt.datetime], ...]:
    return tuple((y, _nowruz(y)) for y in range(last, FIRST_YEAR - 1, -1))


def _jalali_year(queryset: QuerySet, connection) -> AliasedSQL:
    """The Solar Hijri year of ``published_at`` as one CASE over the Nowruz instants.

    Plain comparisons in SQL: extracting a date in Tehran time per row would
    call a Python function per row on SQLite, and a CASE of ORM When()s
    takes Django longer to compile than the query takes to run.
    """
    instants = _nowruz_instants(jdatetime.date.today().year + 1)
    column = f"{{t}}.{connection.ops.quote_name(Article._meta.get_field('published_at').column)}"
    sql = "CASE " + " ".join(f"WHEN {column} >= %s THEN {y:d}" for y, _ in instants) + " END"
    params = [connection.ops.adapt_datetimefield_value(instant) for _, instant in instants]
    return AliasedSQL(sql, {"t": queryset.query.get_initial_alias()}, params, IntegerField())


def _sources_and_years(queryset: QuerySet) -> tuple[list[tuple[Any, int]], list[dict[str, Any]]]:
    """Both facets of the article row itself, from one pass over the matches."""
    queryset = queryset.order_by()
    connection = connections[queryset.db]
    rows = (
        queryset.annotate(jalali_year=_jalali_year(queryset, connection))
        .values_list("source", "jalali_year")
        .annotate(n=Count("pk"))
    )
    by_source: Counter[Any] = Counter()
    by_year: Counter[int] = Counter()
    for source, jalali_year, n in rows:
        if source is not None:
            by_source[source] += n
        if jalali_year is not None:
            by_year[jalali_year] += n
    years = [
        {"value": y, "label": text.to_persian_digits(str(y)), "count": n}
        for y, n in sorted(by_year.items(), reverse=True)
    ]
    return by_source.most_common(FACET_LIMIT), years


def _official_counts(ids: QuerySet) -> list[tuple[Any, int]]:
    quoted = Statement.objects.filter(article__in=ids).values_list("official", "article").order_by()
    present = (
        Event.articles.through.objects.filter(article__in=ids)
        .values_list("event__officials", "article")
        .order_by()
    )
    # UNION, not UNION ALL: an article that quotes an official and reports
    # an event they attended counts once, as the official filter finds it once.
    pairs = quoted.union(present).order_by()
    sql, params = pairs.query.get_compiler(ids.db).as_sql()
    with connections[ids.db].cursor() as cursor:
        # The compound's columns are named after the first SELECT's values_list() names.
        cursor.execute(
            f"SELECT official, COUNT(*) FROM ({sql}) pairs WHERE official IS NOT NULL "
            "GROUP BY official ORDER BY 2 DESC LIMIT %s",
            [*params, FACET_LIMIT],
        )
        return cursor.fetchall()


def _kinds(ids: QuerySet) -> list[dict[str, Any]]:
    rows = (
        Event.articles.through.objects.filter(article__in=ids)
        .values_list("event__kind")
        .annotate(n=Count("article", distinct=True))
        .order_by("-n")
    )
    labels = dict(EventKind.choices)
    return [{"value": kind, "label": labels.get(kind, kind), "count": n} for kind, n in rows]
