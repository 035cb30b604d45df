"""The API's endpoints: one read-only viewset per list, thin as the site's views.

A list request is validated by its page's FilterSet (through django-filter's
DRF backend, so the schema documents the same parameters), then paged from
the index or the queryset (archive/api/sources.py) and serialized. Bodies are
kept in the page cache under the change log's position, as pages are, filed
under the parameters they read; throttling runs before, so a cached answer
still counts against a client's rate.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.http import Http404, QueryDict
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from archive import pagecache
from archive.api import cursors, records, serializers
from archive.api.pagination import PAGING_PARAMS, CursorPagination
from archive.api.selection import selected_fields
from archive.api.sources import IndexedSource, QuerySetSource
from archive.filters import ArticleFilter, EventFilter, IndexedFilterSet, OfficialFilter, StatementFilter
from archive.pagecache.pages import known_parameters

SELECTION_PARAMS = ("fields", "omit")
# Ids past any database integer are no record (and never reach the database).
MAX_ID_DIGITS = 18

SELECTION_SCHEMA = [
    OpenApiParameter(
        "fields",
        str,
        description="تنها این فیلدها (با ویرگول جدا)؛ نام ناشناخته خطای ۴۰۰ است. مثال: `id,title`",
    ),
    OpenApiParameter(
        "omit", str, description="این فیلدها نیایند (با ویرگول جدا)؛ نام ناشناخته خطای ۴۰۰ است."
    ),
]


def cached_body(request: Request, names: tuple[str, ...], compute: Callable[[], dict]) -> dict:
    """`compute()`, kept in the page cache under the parameters in `names` and the log's position."""
    if pagecache.is_editor(request):
        return compute()
    with pagecache.held_position():
        known = known_parameters(request.query_params, names).urlencode()
        key = pagecache.cache_key("api", request.path, known, request.get_host())
        body = cache.get(key)
        if body is None:
            body = compute()
            pagecache.remember(key, body)
        return body


def for_the_api(filterset: type) -> type:
    """A list's FilterSet without the page's `page_size` (20/50/100): the API pages with its own
    (`page_size` 1–API_MAX_PAGE_SIZE, and the cursor). django-filter drops a filter set to None."""
    return type(filterset.__name__, (filterset,), {"page_size": None, "__module__": filterset.__module__})


class ArchiveViewSet(viewsets.ReadOnlyModelViewSet):
    """A list and its records: `list_name`, its FilterSet, its serializers and their querysets."""

    list_name: str
    detail_serializer_class: type
    list_rows: Callable
    detail_rows: Callable
    filter_backends = [DjangoFilterBackend]
    pagination_class = CursorPagination
    lookup_value_regex = "[^/]+"  # anything is looked at, so a bad id is this API's JSON 404

    def get_queryset(self):
        return self.detail_rows() if self.action == "retrieve" else self.list_rows()

    def get_serializer_class(self):
        return self.detail_serializer_class if self.action == "retrieve" else self.serializer_class

    def get_object(self):
        pk = self.kwargs.get("pk", "")
        if not (pk.isascii() and pk.isdigit()) or len(pk) > MAX_ID_DIGITS:
            raise NotFound()
        try:
            return super().get_object()
        except Http404:
            raise NotFound() from None  # Django's message names the model in English

    def read_params(self) -> tuple[str, ...]:
        """The query parameters a list response reads: its FilterSet's, paging, selection."""
        return (*self.filterset_class.base_filters, *PAGING_PARAMS, *SELECTION_PARAMS)

    def selection(self, request: Request) -> dict:
        keep = selected_fields(
            self.get_serializer_class(), request.query_params.get("fields"), request.query_params.get("omit")
        )
        return {"keep": keep}

    def list(self, request: Request, *args, **kwargs) -> Response:
        filters = known_parameters(request.query_params, self.filterset_class.base_filters)
        salt = cursors.scope(self.list_name, filters.lists())
        position, size, counting = self.paginator.read(request, salt)

        def compute() -> dict:
            # Validated here, not before the cache: a cached answer was valid (an invalid query raises).
            filterset = DjangoFilterBackend().get_filterset(request, self.get_queryset(), self)
            if not filterset.is_valid():
                # The form's own messages: django-filter's translate_validation re-formats them
                # with `%`, which a message quoting the input («%» is not a date) breaks.
                raise ValidationError({name: list(errors) for name, errors in filterset.errors.items()})
            context = {**self.get_serializer_context(), **self.selection(request)}
            if isinstance(filterset, IndexedFilterSet):
                source = IndexedSource(filterset)
            else:
                source = QuerySetSource(filterset.qs)
            page = source.slice(position, size)
            rows = records.in_order(self.get_queryset(), page.ids)
            results = self.serializer_class(rows, many=True, context=context).data
            count = source.count() if counting else None
            return self.paginator.envelope(self.request_url(request), salt, page, results, count)

        return Response(cached_body(request, self.read_params(), compute))

    def request_url(self, request: Request) -> str:
        """This list's URL with only the parameters it reads (the base of its `next` link)."""
        known: QueryDict = known_parameters(request.query_params, self.read_params())
        query = known.urlencode()
        return request.build_absolute_uri(request.path) + (f"?{query}" if query else "")

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        def compute() -> dict:
            context = {**self.get_serializer_context(), **self.selection(request)}
            return self.detail_serializer_class(self.get_object(), context=context).data

        return Response(cached_body(request, SELECTION_PARAMS, compute))


def _documented(tag: str, summary: str, detail: str):
    return extend_schema_view(
        list=extend_schema(summary=summary, tags=[tag], parameters=SELECTION_SCHEMA),
        retrieve=extend_schema(summary=detail, tags=[tag], parameters=SELECTION_SCHEMA),
    )


@_documented("خبرها", "فهرست خبرها (همان /articles/)", "یک خبر با گفته‌ها و رویدادهایش")
class ArticleViewSet(ArchiveViewSet):
    list_name = "articles"
    filterset_class = for_the_api(ArticleFilter)
    serializer_class = serializers.ArticleSerializer
    detail_serializer_class = serializers.ArticleDetailSerializer
    list_rows = staticmethod(records.articles)
    detail_rows = staticmethod(records.article_detail)


@_documented("مقام‌ها", "فهرست مقام‌ها (همان /officials/)", "یک مقام با سمت‌ها و رویدادهایش")
class OfficialViewSet(ArchiveViewSet):
    list_name = "officials"
    filterset_class = for_the_api(OfficialFilter)
    serializer_class = serializers.OfficialSerializer
    detail_serializer_class = serializers.OfficialDetailSerializer
    list_rows = staticmethod(records.officials)
    detail_rows = staticmethod(records.official_detail)


@_documented("گفته‌ها", "فهرست گفته‌ها (همان /statements/)", "یک گفته")
class StatementViewSet(ArchiveViewSet):
    list_name = "statements"
    filterset_class = for_the_api(StatementFilter)
    serializer_class = serializers.StatementSerializer
    detail_serializer_class = serializers.StatementSerializer
    list_rows = staticmethod(records.statements)
    detail_rows = staticmethod(records.statements)


@_documented("رویدادها", "فهرست رویدادها (همان /events/)", "یک رویداد با خبرها و گفته‌هایش")
class EventViewSet(ArchiveViewSet):
    list_name = "events"
    filterset_class = for_the_api(EventFilter)
    serializer_class = serializers.EventSerializer
    detail_serializer_class = serializers.EventDetailSerializer
    list_rows = staticmethod(records.events)
    detail_rows = staticmethod(records.event_detail)
