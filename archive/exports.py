"""The one CSV writer every list uses, and the manifest that describes an export.

UTF-8 with a byte-order mark, stable snake_case headers, ISO dates plus
`*_jalali` columns, list values joined with " | ", formula-looking cells
neutralized, streamed in constant memory from chunked database reads.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import itertools
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from archive.dates import TEHRAN, jalali
from archive.models import Article, ArticleVia, Position, held_on, statement_day

CHUNK_SIZE = 2000
LIST_SEPARATOR = " | "
# A spreadsheet runs a cell starting with these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class Column:
    name: str
    value: Callable[[Any], Any]


class _Echo:
    """A file-like object whose write() hands the line back to the generator."""

    def write(self, value: str) -> str:
        return value


def cell(value: Any) -> str:
    """One CSV cell: dates ISO 8601, lists joined, formulas neutralized."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.astimezone(TEHRAN).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    value = str(value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


@functools.lru_cache(maxsize=20_000)
def _jalali_day(day: dt.date) -> str:
    return jalali(day).strftime("%Y/%m/%d")


def jalali_cell(value: dt.date | dt.datetime | None) -> str:
    """The Solar Hijri date (and Tehran time), ASCII digits; days are converted once each."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        local = value.astimezone(TEHRAN)
        return f"{_jalali_day(local.date())} {local.hour:02d}:{local.minute:02d}"
    return _jalali_day(value)


def csv_rows(records: Iterable[Any], columns: list[Column]) -> Iterator[str]:
    """The CSV text, one line at a time, starting with the BOM and the header."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([c.name for c in columns])
    for record in records:
        yield writer.writerow([cell(c.value(record)) for c in columns])


def csv_response(records: Iterable[Any], columns: list[Column], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_rows(records, columns)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def manifest_response(request: HttpRequest, form, row_count: int, export_path: str) -> HttpResponse:
    """The manifest of an export: enough to trace a published figure to its exact query."""
    understood = {}
    cleaned = getattr(form, "cleaned_data", {}) or {}
    for name, value in cleaned.items():
        if value in (None, "", [], ()):
            continue
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        elif hasattr(value, "pk"):
            value = {"id": value.pk, "label": str(value)}
        understood[name] = value
    body = {
        "export": export_path,
        "query_string": request.GET.urlencode(),
        "filters": understood,
        "errors": {field: [str(e) for e in errs] for field, errs in form.errors.items()},
        "generated_at": timezone.now().isoformat(),
        "row_count": row_count,
        "archive_version": settings.ARCHIVE_VERSION,
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )


def page_url(request: HttpRequest, view: str) -> Callable[[int], str]:
    """The absolute URL of a record's page from its id, without a reverse() per row."""
    template = request.build_absolute_uri(reverse(view, args=[987654321])).replace("987654321", "{}")
    return template.format


def _chunks(rows: Iterator[tuple]) -> Iterator[list[tuple]]:
    while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
        yield chunk


def _grouped(pairs: Iterable[tuple[int, Any]]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for key, value in pairs:
        out[key].append(value)
    return out


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
    url = page_url(request, "archive:article-detail")
    return [
        Column("id", lambda a: a.pk),
        Column("page_url", lambda a: url(a.pk)),
        Column("title", lambda a: a.title),
        Column("source", lambda a: a.source or ""),
        Column("via", lambda a: a.via),
        Column("published_at", lambda a: a.published_at),
        Column("published_at_jalali", lambda a: jalali_cell(a.published_at)),
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
    for chunk in _chunks(rows.iterator(chunk_size=CHUNK_SIZE)):
        ids = [row[0] for row in chunk]
        via = _grouped(
            ArticleVia.objects.filter(article_id__in=ids)
            .order_by("article_id", "position")
            .values_list("article_id", "source__name")
        )
        countries = _grouped(
            Article.countries.through.objects.filter(article_id__in=ids)
            .order_by("article_id", "country_id")
            .values_list("article_id", "country_id")
        )
        for pk, title, source, published_at, language, url in chunk:
            yield ArticleRow(pk, title, source, published_at, language, url, via[pk], countries[pk])


def _position_text(position) -> str:
    return f"{position.title} {position.organization}".strip() if position else ""


def official_columns(request: HttpRequest) -> list[Column]:
    url = page_url(request, "archive:official-detail")
    return [
        Column("id", lambda o: o.pk),
        Column("page_url", lambda o: url(o.pk)),
        Column("name", lambda o: o.name),
        Column("latin_name", lambda o: o.latin_name),
        Column("country", lambda o: o.country_id or ""),
        Column("aliases", lambda o: [a.name for a in o.aliases.all()]),
        Column(
            "positions",
            lambda o: [
                f"{_position_text(p)} ({p.start.isoformat()}–{p.end.isoformat() if p.end else ''})"
                for p in o.positions.all()
            ],
        ),
        Column("statement_count", lambda o: o.statement_count),
    ]


def official_records(queryset: QuerySet) -> Iterator[Any]:
    return queryset.prefetch_related("aliases", "positions").iterator(chunk_size=CHUNK_SIZE)


@dataclass(frozen=True)
class StatementRow:
    pk: int
    official_id: int
    official_name: str
    official_position: str
    text: str
    direct: bool
    day: dt.date | None
    article_id: int
    article_title: str
    source: str | None
    published_at: dt.datetime | None
    event_id: int | None
    event_title: str | None
    start: int
    end: int


def statement_columns(request: HttpRequest) -> list[Column]:
    url = page_url(request, "archive:article-detail")
    return [
        Column("id", lambda s: s.pk),
        Column("page_url", lambda s: f"{url(s.article_id)}#statement-{s.pk}"),
        Column("official_id", lambda s: s.official_id),
        Column("official_name", lambda s: s.official_name),
        Column("official_position", lambda s: s.official_position),
        Column("text", lambda s: s.text),
        Column("direct", lambda s: s.direct),
        Column("said_on", lambda s: s.day),
        Column("said_on_jalali", lambda s: jalali_cell(s.day)),
        Column("article_id", lambda s: s.article_id),
        Column("article_title", lambda s: s.article_title),
        Column("source", lambda s: s.source or ""),
        Column("published_at", lambda s: s.published_at),
        Column("published_at_jalali", lambda s: jalali_cell(s.published_at)),
        Column("event_id", lambda s: s.event_id or ""),
        Column("event_title", lambda s: s.event_title or ""),
        Column("span_start", lambda s: s.start),
        Column("span_end", lambda s: s.end),
    ]


def statement_records(queryset: QuerySet) -> Iterator[StatementRow]:
    """Statements as plain rows, with the position each speaker held that day (one query per chunk)."""
    rows = queryset.values_list(
        "pk",
        "official_id",
        "official__name",
        "text",
        "direct",
        "said_on",
        "article_id",
        "article__title",
        "article__source__name",
        "article__published_at",
        "event_id",
        "event__title",
        "start",
        "end",
    )
    for chunk in _chunks(rows.iterator(chunk_size=CHUNK_SIZE)):
        positions = _grouped(
            (p.official_id, p) for p in Position.objects.filter(official_id__in={row[1] for row in chunk})
        )
        for (
            pk,
            official_id,
            name,
            quoted,
            direct,
            said_on,
            article_id,
            title,
            source,
            published,
            *rest,
        ) in chunk:
            event_id, event_title, start, end = rest
            day = statement_day(said_on, published)
            held = held_on(positions[official_id], day)
            yield StatementRow(
                pk,
                official_id,
                name,
                _position_text(held),
                quoted,
                direct,
                day,
                article_id,
                title,
                source,
                published,
                event_id,
                event_title,
                start,
                end,
            )


def event_columns(request: HttpRequest) -> list[Column]:
    url = page_url(request, "archive:event-detail")
    return [
        Column("id", lambda e: e.pk),
        Column("page_url", lambda e: url(e.pk)),
        Column("kind", lambda e: e.kind),
        Column("title", lambda e: e.title),
        Column("start", lambda e: e.start),
        Column("start_jalali", lambda e: jalali_cell(e.start)),
        Column("end", lambda e: e.end),
        Column("end_jalali", lambda e: jalali_cell(e.end)),
        Column("place", lambda e: e.place),
        Column("countries", lambda e: [c.code for c in e.countries.all()]),
        Column("officials", lambda e: [o.name for o in e.officials.all()]),
        Column("official_ids", lambda e: [o.pk for o in e.officials.all()]),
        Column("article_ids", lambda e: [a.pk for a in e.public_articles]),
        Column("sources", lambda e: sorted({a.source.name for a in e.public_articles if a.source})),
    ]


def event_records(queryset: QuerySet) -> Iterator[Any]:
    return queryset.prefetch_related(
        "countries",
        "officials",
        Prefetch(
            "articles",
            queryset=Article.objects.public().select_related("source").order_by("published_at", "id"),
            to_attr="public_articles",
        ),
    ).iterator(chunk_size=CHUNK_SIZE)
