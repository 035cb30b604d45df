"""Thin views: a FilterSet validates the query string, querysets do the work."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from archive import exports
from archive.facets import article_facets
from archive.filters import ArticleFilter, OfficialFilter, StatementFilter
from archive.models import Article, ArticleVia, Event, Official, Source, Statement
from archive.search import snippet
from archive.spans import mark_statements
from archive.templatetags.persian import with_params

PAGE_SIZE = 20


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE):
    """The requested page; a page number past the end, negative or garbled gives the nearest page."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


FACET_LABELS = {
    "source": "منبع",
    "year": "سال",
    "country": "کشور",
    "official": "مقام",
    "kind": "نوع رویداد",
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


def public_articles():
    return Article.objects.public().select_related("source")


def home(request: HttpRequest) -> HttpResponse:
    articles = public_articles()
    counts = {
        "articles": articles.count(),
        "officials": Official.objects.count(),
        "statements": Statement.objects.filter(article__is_public=True).count(),
        "events": Event.objects.count(),
        "sources": Source.objects.count(),
    }
    latest = articles.order_by("-published_at", "-id")[:10]
    return render(request, "archive/home.html", {"counts": counts, "latest": latest})


def article_list(request: HttpRequest) -> HttpResponse:
    filterset = ArticleFilter(request.GET, queryset=public_articles())
    page = paginate(request, filterset.qs)
    query = filterset.form.cleaned_data.get("q", "") if filterset.is_bound else ""
    for article in page.object_list:
        article.snippet = snippet(article.body, query)
    return render(
        request,
        "archive/article_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query,
            "facets": facet_links(request, article_facets(filterset.qs)),
            "export_query": request.GET.urlencode(),
        },
    )


def article_export(request: HttpRequest) -> HttpResponse:
    filterset = ArticleFilter(request.GET, queryset=public_articles())
    return exports.articles_csv(request, filterset.qs)


def article_export_manifest(request: HttpRequest) -> HttpResponse:
    filterset = ArticleFilter(request.GET, queryset=public_articles())
    return exports.manifest_response(
        request, filterset.form, filterset.qs.count(), reverse("archive:article-export")
    )


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


def official_list(request: HttpRequest) -> HttpResponse:
    filterset = OfficialFilter(
        request.GET,
        queryset=Official.objects.select_related("country").annotate(
            statement_count=Count("statements", distinct=True)
        ),
    )
    page = paginate(request, filterset.qs)
    return render(
        request, "archive/official_list.html", {"filter": filterset, "page": page}
    )


def official_detail(request: HttpRequest, pk: int) -> HttpResponse:
    official = get_object_or_404(
        Official.objects.select_related("country").prefetch_related("aliases", "positions__country"), pk=pk
    )
    statements = (
        Statement.objects.filter(official=official, article__is_public=True)
        .select_related("article__source", "event")
        .order_by("-article__published_at", "start")
    )
    events = official.events.order_by("-start")
    return render(
        request,
        "archive/official_detail.html",
        {"official": official, "page": paginate(request, statements), "events": events},
    )


def statement_list(request: HttpRequest) -> HttpResponse:
    filterset = StatementFilter(
        request.GET,
        queryset=Statement.objects.filter(article__is_public=True).select_related(
            "official", "article__source", "event"
        ),
    )
    page = paginate(request, filterset.qs)
    return render(request, "archive/statement_list.html", {"filter": filterset, "page": page})


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.prefetch_related("countries", "officials"), pk=pk)
    articles = event.articles.public().select_related("source").order_by("published_at")
    statements = (
        event.statements.filter(article__is_public=True).select_related("official", "article").order_by("start")
    )
    return render(
        request,
        "archive/event_detail.html",
        {"event": event, "articles": articles, "statements": statements},
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


