"""Facet counts for a filtered list of articles: source, year, country, official, event kind.

Every count comes from the queryset the page lists (`ArticleFilter.qs`), so
the counts and the results cannot disagree. All five facets are one SQL
statement: the matching ids are computed once (a MATERIALIZED common table
expression, which both SQLite ≥ 3.35 and PostgreSQL ≥ 12 honour) and each
facet is a GROUP BY joined to it. A common word matching most of the archive
thus costs one full-text lookup, not one per facet, and no rank at all.

Facets are then kept under the exact SQL of the match set and the
change log's position (archive/pagecache/), so paging through results, or
many readers running the same search, count once, and any edit counts again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import jdatetime
from django.core.cache import cache
from django.db import connections
from django.db.models import QuerySet

from archive import pagecache, text
from archive.dates import TEHRAN
from archive.models import Country, EventKind, Official, Source

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

# Each branch counts (facet, value) pairs over the matches `m`; values are
# text in every branch, as PostgreSQL wants one type per UNION column. An article
# that quotes an official and reports an event they attended counts once
# for them (UNION, not UNION ALL), as the official filter finds it once; so
# does an article a source published and also cites.
_FACETS_SQL = """
WITH m(pk, published_at, source_id) AS MATERIALIZED ({ids})
SELECT 'year', NULL, {year}, COUNT(*) FROM m GROUP BY 3
UNION ALL
SELECT 'source', CAST(x.source_id AS TEXT), NULL, COUNT(*) FROM (
    SELECT m.source_id, m.pk AS article_id FROM m
    UNION
    SELECT v.source_id, v.article_id FROM m JOIN archive_articlevia v ON v.article_id = m.pk
) x GROUP BY 2
UNION ALL
SELECT 'country', c.country_id, NULL, COUNT(*)
  FROM m JOIN archive_article_countries c ON c.article_id = m.pk GROUP BY 2
UNION ALL
SELECT 'kind', e.kind, NULL, COUNT(DISTINCT ea.article_id)
  FROM m JOIN archive_event_articles ea ON ea.article_id = m.pk
  JOIN archive_event e ON e.id = ea.event_id GROUP BY 2
UNION ALL
SELECT 'official', CAST(p.official_id AS TEXT), NULL, COUNT(*) FROM (
    SELECT s.official_id, s.article_id FROM m JOIN archive_statement s ON s.article_id = m.pk
    UNION
    SELECT eo.official_id, ea.article_id FROM m JOIN archive_event_articles ea ON ea.article_id = m.pk
      JOIN archive_event_officials eo ON eo.event_id = ea.event_id
) p GROUP BY 2
"""


def _nowruz(year: int) -> dt.datetime:
    day = jdatetime.date(year, 1, 1).togregorian()
    return dt.datetime(day.year, day.month, day.day, tzinfo=TEHRAN)


@lru_cache(maxsize=4)
def _nowruz_instants(last: int) -> tuple[tuple[int, dt.datetime], ...]:
    return tuple((y, _nowruz(y)) for y in range(last, FIRST_YEAR - 1, -1))


def _year_case(connection) -> tuple[str, list[Any]]:
    """The Solar Hijri year of ``m.published_at`` as one CASE over the Nowruz instants.

    Plain comparisons: extracting a date in Tehran time per row would call
    a Python function per row on SQLite.
    """
    instants = _nowruz_instants(jdatetime.date.today().year + 1)
    sql = "CASE " + " ".join(f"WHEN m.published_at >= %s THEN {y:d}" for y, _ in instants) + " END"
    return sql, [connection.ops.adapt_datetimefield_value(instant) for _, instant in instants]


def facets_and_count(queryset: QuerySet) -> tuple[dict[str, list[dict[str, Any]]], int]:
    """The facets and how many articles `queryset` holds, both from one statement (no second scan).

    The facets: for each, its top values as ``{"value", "label", "count"}``,
    most frequent first. Keys: ``source``, ``year`` (Solar Hijri year of
    publication, newest first, all years), ``country``, ``official`` (articles
    quoting them or reporting an event they took part in), ``kind`` (event kind).
    """
    if queryset.query.is_empty():
        # A query with nothing searchable in it matches nothing; its SQL
        # cannot even be written (EmptyResultSet), so neither can a facet's.
        return {name: [] for name in FACET_LABELS}, 0
    connection = connections[queryset.db]
    # The match set carries the two columns the year and source facets need,
    # so neither joins the articles table again.
    matches = queryset.order_by().values("pk", "published_at", "source_id")
    ids_sql, ids_params = matches.query.get_compiler(queryset.db).as_sql()
    key = pagecache.cache_key("facets", queryset.db, text.KEY_VERSION, ids_sql, ids_params)
    found = cache.get(key)
    if found is None:
        found = _count(connection, ids_sql, ids_params)
        pagecache.remember(key, found)
    return found


def _count(connection, ids_sql: str, ids_params) -> tuple[dict[str, list[dict[str, Any]]], int]:
    year_sql, year_params = _year_case(connection)
    counts: dict[str, Counter] = defaultdict(Counter)
    total = 0
    with connection.cursor() as cursor:
        # Parameters in textual order: the year CASE comes after the CTE's ids.
        cursor.execute(_FACETS_SQL.format(ids=ids_sql, year=year_sql), [*ids_params, *year_params])
        for facet, value, year, n in cursor.fetchall():
            if facet == "year":
                total += n  # every match falls in one year group (NULL: before FIRST_YEAR)
                if year is not None:
                    counts["year"][year] += n
            elif value is not None:
                counts[facet][int(value) if facet in ("source", "official") else value] += n
    labels = dict(EventKind.choices)
    facets = {
        "source": _labelled(counts["source"].most_common(FACET_LIMIT), Source),
        "year": [
            {"value": y, "label": text.to_persian_digits(str(y)), "count": n}
            for y, n in sorted(counts["year"].items(), reverse=True)
        ],
        "country": _labelled(counts["country"].most_common(FACET_LIMIT), Country),
        "official": _labelled(counts["official"].most_common(FACET_LIMIT), Official),
        "kind": [
            {"value": kind, "label": labels.get(kind, kind), "count": n}
            for kind, n in counts["kind"].most_common()
        ],
    }
    return facets, total


def _labelled(counts: Iterable[tuple[Any, int]], model: type) -> list[dict[str, Any]]:
    counts = list(counts)
    names = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=[value for value, _ in counts])}
    return [{"value": value, "label": names.get(value, str(value)), "count": n} for value, n in counts]
