"""Thin views: a FilterSet validates the query string, the search index or a queryset does the work.

Each list is described once (`ListSpec`): its FilterSet, its base queryset and
its CSV columns. The page, the CSV and the manifest are built from that one
description, so a spreadsheet holds exactly the rows the pages showed. The
articles, statements and officials lists get their ids, order, count and
facets from the search index (`IndexedFilterSet`); the database supplies the
rows of a page, or of an export's chunk, by id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from archive import charts, exports, series
from archive.exports.slots import export_slot
from archive.facets import FACET_LABELS, labelled
from archive.filters import (
    PAGE_SIZES,
    ArticleFilter,
    EventFilter,
    IndexedFilterSet,
    OfficialFilter,
    OfficialStatementFilter,
    StatementFilter,
    page_size,
    reversed_dates,
)
from archive.models import Article, ArticleVia, Event, Official, Statement, archive_counts
from archive.pagecache import cache_public_page
from archive.search import snippet
from archive.spans import mark_statements
from archive.templatetags.persian import with_params

# Past this a page number is taken as "the last page" (the index is asked for the nearest one).
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class ListSpec:
    name: str
    filterset: type
    queryset: Callable[[], QuerySet]
    columns: Callable
    records: Callable
    followed: bool = False  # has an Atom feed and e-mail alerts (archive/feeds.py, archive/alerts/)


# Events an official's page lists (the latest); the events list, filtered, has the rest.
EVENTS_SHOWN = 20


def public_articles() -> QuerySet:
    # The search keys (as long as the text) are the index's input; no page or export shows them.
    return Article.objects.public().select_related("source").defer("title_key", "body_key")


def public_statements() -> QuerySet:
    return Statement.objects.public().select_related("official", "article__source", "event")


def officials() -> QuerySet:
    return Official.objects.select_related("country").with_public_counts()


def events() -> QuerySet:
    return Event.objects.prefetch_related("countries")


LISTS = {
    "articles": ListSpec(
        "articles",
        ArticleFilter,
        public_articles,
        exports.article_columns,
        exports.article_records,
        followed=True,
    ),
    "officials": ListSpec(
        "officials", OfficialFilter, officials, exports.official_columns, exports.official_records
    ),
    "statements": ListSpec(
        "statements",
        StatementFilter,
        public_statements,
        exports.statement_columns,
        exports.statement_records,
        followed=True,
    ),
    "events": ListSpec("events", EventFilter, events, exports.event_columns, exports.event_records),
}


def list_path(name: str) -> str:
    """The path of list `name`'s page ("articles" → /articles/)."""
    return reverse(f"archive:{name.removesuffix('s')}-list")


def read_params(filterset: type, *, paged: bool = True) -> frozenset[str]:
    """The query parameters a list page reads: its FilterSet's (`page_size` among them), and `page`.

    The page cache keys by these. Unpaged (an export) it reads neither `page` nor `page_size`.
    """
    if paged:
        return frozenset(filterset.base_filters) | {"page"}
    return frozenset(filterset.base_filters) - {"page_size"}


def export_params(name: str = "articles", **_) -> frozenset[str]:
    """An export reads its list's filters, not `page` or `page_size`: it holds every matching row."""
    return read_params(LISTS[name].filterset, paged=False)


class CountedPaginator(Paginator):
    """A Paginator told the count when the caller has it (the facets already counted the matches)."""

    def __init__(self, object_list, per_page: int, count: int | None = None, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.count = count  # fills the cached_property: no COUNT query


def paginate(
    request: HttpRequest,
    queryset,
    per_page: int,
    rows: QuerySet | None = None,
    count: int | None = None,
):
    """The requested page; a page number past the end, negative or garbled gives the nearest page.

    The ordering (a search rank over perhaps most of the archive) runs over ids
    alone; only the page's rows are then read in full, from `rows` (the list's
    base queryset with its joins), and put back in rank order. A `count` the
    caller already has spares the paginator its own COUNT.
    """
    ids = queryset.values_list("pk", flat=True)
    page = CountedPaginator(ids, per_page, count=count).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    by_id = (rows if rows is not None else queryset.model._default_manager).in_bulk(ids)
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return page


def index_page(request: HttpRequest, filterset: IndexedFilterSet, facets: bool = False):
    """The requested page of an indexed list, and its hits; a page past the end gives the last page.

    As many rows as the list's `page_size` asks for (20, 50 or 100).
    One call to the index gives the page's ids, the count and the facets; the
    rows are read by id from the FilterSet's queryset and kept in the index's order.
    """
    per_page = page_size(filterset)
    try:
        number = min(max(int(request.GET.get("page", 1)), 1), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    hits = filterset.hits(offset=(number - 1) * per_page, limit=per_page, facets=facets)
    page = CountedPaginator([], per_page, count=hits.count).get_page(request.GET.get("page"))
    if page.number != number:  # out of range or garbled: the nearest page, asked again
        hits = filterset.hits(offset=(page.number - 1) * per_page, limit=per_page, facets=facets)
    by_id = filterset.queryset.in_bulk(hits.ids)
    page.object_list = [by_id[pk] for pk in hits.ids if pk in by_id]
    return page, hits


def filtered(request: HttpRequest, spec: ListSpec):
    return spec.filterset(request.GET, queryset=spec.queryset())


def search_text(filterset) -> str:
    """What the search box shows and the snippets mark: the cleaned `q`, else the text as typed.

    The cleaned `q` (what was searched for) is there whenever `q` itself is
    valid, even if another parameter is not; an unbound form has no query.
    """
    if not filterset.is_bound:
        return ""
    form = filterset.form
    if "q" in form.errors:
        return form.data.get("q", "")
    return form.cleaned_data.get("q") or ""


def list_context(request: HttpRequest, spec: ListSpec, filterset, facets: bool = False) -> dict:
    context = {
        "filter": filterset,
        "query": search_text(filterset),
        "export_url": reverse(f"archive:{spec.name}-export"),
        "query_string": request.GET.urlencode(),
        "reversed_dates": reversed_dates_link(request, filterset),
    }
    if spec.followed:
        # The feed and the alert follow the search, not the page being read.
        follow_query = with_params(request.GET, {"page": None}).rstrip("?")
        context["feed_url"] = reverse(f"archive:{spec.name}-feed") + follow_query
        context["alert_url"] = reverse("alerts:new", kwargs={"name": spec.name}) + follow_query
    if isinstance(filterset, IndexedFilterSet):
        context["page"], context["hits"] = index_page(request, filterset, facets=facets)
        context["notes"] = context["hits"].notes
    else:
        context["page"] = paginate(request, filterset.qs, page_size(filterset), rows=filterset.queryset)
        context["notes"] = filterset.notes()
    return context


def reversed_dates_link(request: HttpRequest, filterset) -> dict | None:
    """A range typed back to front (date_from after date_to): the dates as typed, and the swapped link."""
    typed = reversed_dates(filterset)
    if typed is None:
        return None
    date_from, date_to = typed
    swapped = with_params(request.GET, {"date_from": date_to, "date_to": date_from, "page": None})
    return {"date_from": date_from, "date_to": date_to, "href": swapped}


@cache_public_page(params=export_params)
@export_slot
def export_csv(request: HttpRequest, name: str) -> HttpResponse:
    spec = LISTS[name]
    filterset = filtered(request, spec)
    # Ids from the index in the page's order, rows from the database a chunk at a time.
    source = (
        filterset.ids(batch=exports.CHUNK_SIZE) if isinstance(filterset, IndexedFilterSet) else filterset.qs
    )
    return exports.csv_response(spec.records(source), spec.columns(request), f"{name}.csv")


@cache_public_page(params=export_params)
def export_manifest(request: HttpRequest, name: str, export_format: str = "csv") -> HttpResponse:
    spec = LISTS[name]
    filterset = filtered(request, spec)
    count = filterset.count() if isinstance(filterset, IndexedFilterSet) else filterset.qs.count()
    view = f"archive:{name}-export" if export_format == "csv" else f"archive:{name}-export-{export_format}"
    return exports.manifest_response(request, filterset.form, count, reverse(view), export_format)


@cache_public_page(params=export_params)
@export_slot
def export_jsonl(request: HttpRequest) -> HttpResponse:
    """Every matching article with its body and statements, one JSON object per line, in the page's order."""
    filterset = filtered(request, LISTS["articles"])
    ids = filterset.ids(batch=exports.FULLTEXT_CHUNK_SIZE)
    return exports.jsonl_response(exports.article_texts(ids, request), "articles.jsonl")


@cache_public_page(params=export_params)
def chart_csv(request: HttpRequest) -> HttpResponse:
    """The matches-over-time series of the article search, with each period's share, as CSV."""
    periods = series.article_series(filtered(request, LISTS["articles"]), share=True)
    return exports.csv_response(periods, exports.series_columns(), "articles-chart.csv")


@cache_public_page(params=export_params)
def chart_manifest(request: HttpRequest) -> HttpResponse:
    filterset = filtered(request, LISTS["articles"])
    periods = series.article_series(filterset, share=True)
    return exports.manifest_response(request, filterset.form, len(periods), reverse("archive:articles-chart"))


def matches_chart(request: HttpRequest, filterset: ArticleFilter, hits) -> dict:
    """The chart of the page's matches per month (from the month facet the page's call counted)."""
    share = series.ChartForm(request.GET).share()
    periods = series.article_series(filterset, dict(hits.facets.get("month", [])), share=share)
    title = "سهم این جست‌وجو از خبرهای هر دوره" if share else "شمار خبرهای این جست‌وجو در هر دوره"
    query = with_params(request.GET, {"chart": None, "page": None})[1:]
    return {
        "svg": charts.matches_chart(periods, title, share=share),
        "share": share,
        "yearly": bool(periods) and periods[0].month is None,
        "undated": hits.count - sum(period.matches for period in periods),
        "count_href": with_params(request.GET, {"chart": None}),
        "share_href": with_params(request.GET, {"chart": series.SHARE}),
        "csv_url": reverse("archive:articles-chart") + (f"?{query}" if query else ""),
        "manifest_url": reverse("archive:articles-chart-manifest") + (f"?{query}" if query else ""),
    }


def facet_links(request: HttpRequest, facets: dict[str, list[dict]]) -> list[dict]:
    """Each facet value with the link that adds it to the current filters."""
    out = []
    for name, label in FACET_LABELS.items():
        values = []
        for item in facets.get(name, []):
            if name == "year":
                changes = {"date_from": item["value"], "date_to": item["value"]}
            else:
                changes = {name: item["value"]}
            values.append({**item, "href": with_params(request.GET, {**changes, "page": None})})
        out.append({"name": name, "label": label, "values": values})
    return out


@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    month_ago = timezone.now() - dt.timedelta(days=30)
    return render(
        request,
        "archive/home.html",
        {
            "counts": archive_counts(),
            "latest": public_articles().order_by("-published_at", "-id")[:10],
            "busiest": Official.objects.busiest(since=month_ago),
            "recent_events": Event.objects.order_by("-start", "-id")[:5],
        },
    )


@cache_public_page(params=read_params(ArticleFilter) | set(series.ChartForm.base_fields), shared=True)
def article_list(request: HttpRequest) -> HttpResponse:
    spec = LISTS["articles"]
    filterset = filtered(request, spec)
    # The page, the count, the facets and the chart's months come from one call to the index.
    context = list_context(request, spec, filterset, facets=True)
    for article in context["page"].object_list:
        article.snippet = snippet(article.body, context["query"])
    # Only facets with values: a search with no results shows none.
    context["facets"] = [f for f in facet_links(request, labelled(context["hits"].facets)) if f["values"]]
    context["matches_chart"] = matches_chart(request, filterset, context["hits"])
    context["jsonl_url"] = reverse("archive:articles-export-jsonl")
    return render(request, "archive/article_list.html", context)


@cache_public_page
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statements = Statement.objects.select_related("official", "event").order_by("start")
    article = get_object_or_404(
        public_articles().prefetch_related(
            Prefetch("via_links", queryset=ArticleVia.objects.select_related("source")),
            Prefetch("statements", queryset=statements),
            "countries",
            Prefetch("events", queryset=Event.objects.prefetch_related("countries")),
        ),
        pk=pk,
    )
    article_statements = list(article.statements.all())
    return render(
        request,
        "archive/article_detail.html",
        {
            "article": article,
            "body_html": mark_statements(article.body, article_statements),
            "statements": article_statements,
        },
    )


@cache_public_page(params=read_params(OfficialFilter), shared=True)
def official_list(request: HttpRequest) -> HttpResponse:
    spec = LISTS["officials"]
    return render(request, "archive/official_list.html", list_context(request, spec, filtered(request, spec)))


@cache_public_page(params=read_params(OfficialStatementFilter), shared=True)
def official_detail(request: HttpRequest, pk: int) -> HttpResponse:
    official = get_object_or_404(
        Official.objects.select_related("country").prefetch_related("aliases", "positions__country"), pk=pk
    )
    statements = public_statements().filter(official=official)
    filterset = OfficialStatementFilter(request.GET, queryset=statements, official=official)
    page, hits = index_page(request, filterset)
    return render(
        request,
        "archive/official_detail.html",
        {
            "official": official,
            "filter": filterset,
            "page": page,
            "notes": hits.notes,
            "reversed_dates": reversed_dates_link(request, filterset),
            # The latest events, with a link to all of them in the events list: the busiest
            # official of a million articles took part in 2,000, each its own countries query.
            "events": official.events.prefetch_related("countries").order_by("-start", "-id")[:EVENTS_SHOWN],
            "events_count": official.events.count(),
            "events_url": reverse("archive:event-list") + f"?official={official.pk}",
            "chart": charts.bar_chart(
                charts.per_jalali_year(statements.publication_days()),
                f"شمار گفته‌های {official.name} در هر سال",
            ),
            "export_url": reverse("archive:statements-export"),
            "query_string": with_params(request.GET, {"official": official.pk, "page": None})[1:],
        },
    )


@cache_public_page(params=read_params(StatementFilter), shared=True)
def statement_list(request: HttpRequest) -> HttpResponse:
    spec = LISTS["statements"]
    filterset = spec.filterset(
        request.GET, queryset=public_statements().prefetch_related("official__positions")
    )
    context = list_context(request, spec, filterset)
    for statement in context["page"].object_list:
        statement.position = statement.official.position_on(statement.day)
    return render(request, "archive/statement_list.html", context)


@cache_public_page(params=read_params(EventFilter), shared=True)
def event_list(request: HttpRequest) -> HttpResponse:
    spec = LISTS["events"]
    filterset = filtered(request, spec)
    context = list_context(request, spec, filterset)
    context["chart"] = charts.bar_chart(
        charts.per_jalali_month(filterset.qs.order_by().values_list("start", flat=True)),
        "شمار رویدادها در هر ماه",
    )
    return render(request, "archive/event_list.html", context)


@cache_public_page
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.prefetch_related("countries", "officials"), pk=pk)
    articles = event.articles.public().select_related("source").order_by("published_at", "id")
    statements = event.statements.public().select_related("official", "article").order_by("start")
    return render(
        request,
        "archive/event_detail.html",
        {"event": event, "articles": articles, "statements": statements},
    )


@cache_public_page
def search_help(request: HttpRequest) -> HttpResponse:
    return render(request, "archive/search_help.html", {"page_sizes": PAGE_SIZES})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
