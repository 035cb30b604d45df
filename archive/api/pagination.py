"""Cursor pagination for the lists: `cursor`, `page_size`, `count`, and the response envelope.

A response is ``{"next": url | null, "count": n (only with count=true),
"notes": [...], "results": [...]}``. `next` is this request's URL with the
cursor of the following page (archive/api/cursors.py); there is no
`previous`: a client that wants to go back keeps the cursors it followed.
The count is an extra call to the index (or a COUNT), so it is given only
when asked for. `page_size` is 1…`API_MAX_PAGE_SIZE` (`DJANGO_API_MAX_PAGE_SIZE`); past it a 400.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param

from archive.api import cursors
from archive.api.sources import Slice

# Query parameters of the API beside a list's own filters.
PAGING_PARAMS = ("cursor", "page_size", "count")


class PagingParams(serializers.Serializer):
    """The paging parameters, validated as any other input: a bad one is a Persian 400."""

    cursor = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    page_size = serializers.IntegerField(required=False, min_value=1)
    count = serializers.BooleanField(required=False, default=False)

    def validate_page_size(self, value: int) -> int:
        if value > settings.API_MAX_PAGE_SIZE:
            raise serializers.ValidationError(f"بیشترین اندازهٔ صفحه {settings.API_MAX_PAGE_SIZE} رکورد است.")
        return value


class CursorPagination(BasePagination):
    """Reads the paging parameters, pages a list source, wraps the page in the envelope."""

    def read(self, request: Request, salt: str) -> tuple[cursors.Position, int, bool]:
        """(position, page size, whether to count) from the query string; raises a 400 on bad input."""
        params = PagingParams(
            data={k: request.query_params.get(k) for k in PAGING_PARAMS if k in request.query_params}
        )
        params.is_valid(raise_exception=True)
        data = params.validated_data
        token = data.get("cursor") or ""
        position = cursors.decode(salt, token) if token else cursors.START
        return position, data.get("page_size") or settings.API_PAGE_SIZE, data["count"]

    def envelope(self, base_url: str, salt: str, page: Slice, results: list, count: int | None) -> dict:
        """The response body; `next` is `base_url` with the following page's cursor."""
        next_url = None
        if page.next is not None:
            next_url = replace_query_param(base_url, "cursor", cursors.encode(salt, page.next))
        body = {"next": next_url}
        if count is not None:
            body["count"] = count
        body["notes"] = page.notes
        body["results"] = results
        return body

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "نشانگر صفحهٔ بعد، همان که در پیوند `next` پاسخ پیشین آمده",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": f"شمار رکوردهای هر صفحه (پیش‌فرض {settings.API_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": settings.API_MAX_PAGE_SIZE},
            },
            {
                "name": "count",
                "in": "query",
                "required": False,
                "description": "`true`: شمار همهٔ رکوردهای این جست‌وجو هم در پاسخ بیاید.",
                "schema": {"type": "boolean", "default": False},
            },
        ]

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "notes", "results"],
            "properties": {
                "next": {"type": "string", "format": "uri", "nullable": True},
                "count": {"type": "integer", "description": "تنها با count=true"},
                "notes": {"type": "array", "items": {"type": "string"}},
                "results": schema,
            },
        }
