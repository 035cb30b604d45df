"""A «گفته‌ها» column for the admin lists of records that have statements (articles, officials)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Model


class StatementCountMixin:
    """Counts each row's statements in the list's own query (annotated), sortable."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_statement_count=Count("statements"))

    @admin.display(description="گفته‌ها", ordering="_statement_count")
    def statement_count(self, obj: Model) -> int:
        return obj._statement_count
