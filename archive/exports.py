"""The one CSV writer every list uses, and the manifest that describes an export.

UTF-8 with a byte-order mark, stable snake_case headers, ISO dates plus
`*_jalali` columns, list values joined with " | ", formula-looking cells
neutralized, streamed in constant memory from chunked database reads.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from archive.dates import TEHRAN, jalali
from archive.models import ArticleVia

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


def jalali_cell(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    j = jalali(value)
    if isinstance(value, dt.datetime):
        return j.strftime("%Y/%m/%d %H:%M")
    return j.strftime("%Y/%m/%d")


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


def absolute(request: HttpRequest) -> Callable[[str], str]:
    base = request.build_absolute_uri("/").rstrip("/")
    return lambda path: base + path


def article_columns(request: HttpRequest) -> list[Column]:
    url = absolute(request)
    return [
        Column("id", lambda a: a.pk),
        Column("page_url", lambda a: url(a.get_absolute_url())),
        Column("title", lambda a: a.title),
        Column("source", lambda a: a.source.name if a.source else ""),
        Column("via", lambda a: [link.source.name for link in a.via_links.all()]),
        Column("published_at", lambda a: a.published_at),
        Column("published_at_jalali", lambda a: jalali_cell(a.published_at)),
        Column("countries", lambda a: [c.code for c in a.countries.all()]),
        Column("language", lambda a: a.language),
        Column("original_url", lambda a: a.url or ""),
    ]


def article_records(queryset: QuerySet) -> Iterator[Any]:
    """Articles in chunks, their lists prefetched per chunk (no query per row)."""
    return (
        queryset.select_related("source")
        .prefetch_related(
            Prefetch("via_links", queryset=ArticleVia.objects.select_related("source")), "countries"
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )


def _position_text(position) -> str:
    return f"{position.title} {position.organization}".strip() if position else ""


def official_columns(request: HttpRequest) -> list[Column]:
    url = absolute(request)
    return [
        Column("id", lambda o: o.pk),
        Column("page_url", lambda o: url(o.get_absolute_url())),
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


def statement_columns(request: HttpRequest) -> list[Column]:
    url = absolute(request)
    return [
        Column("id", lambda s: s.pk),
        Column("page_url", lambda s: url(f"{s.article.get_absolute_url()}#statement-{s.pk}")),
        Column("official_id", lambda s: s.official_id),
        Column("official_name", lambda s: s.official.name),
        Column("official_position", lambda s: _position_text(s.official.position_on(s.day))),
        Column("text", lambda s: s.text),
        Column("direct", lambda s: s.direct),
        Column("said_on", lambda s: s.day),
        Column("said_on_jalali", lambda s: jalali_cell(s.day)),
        Column("article_id", lambda s: s.article_id),
        Column("article_title", lambda s: s.article.title),
        Column("source", lambda s: s.article.source.name if s.article.source else ""),
        Column("published_at", lambda s: s.article.published_at),
        Column("published_at_jalali", lambda s: jalali_cell(s.article.published_at)),
        Column("event_id", lambda s: s.event_id or ""),
        Column("event_title", lambda s: s.event.title if s.event else ""),
        Column("span_start", lambda s: s.start),
        Column("span_end", lambda s: s.end),
    ]


def statement_records(queryset: QuerySet) -> Iterator[Any]:
    return (
        queryset.select_related("official", "article__source", "event")
        .prefetch_related("official__positions")
        .iterator(chunk_size=CHUNK_SIZE)
    )


def event_columns(request: HttpRequest) -> list[Column]:
    url = absolute(request)
    return [
        Column("id", lambda e: e.pk),
        Column("page_url", lambda e: url(e.get_absolute_url())),
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
    from archive.models import Article

    return queryset.prefetch_related(
        "countries",
        "officials",
        Prefetch(
            "articles",
            queryset=Article.objects.public().select_related("source").order_by("published_at", "id"),
            to_attr="public_articles",
        ),
    ).iterator(chunk_size=CHUNK_SIZE)
