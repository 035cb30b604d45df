"""Officials in the admin, with their aliases and dated positions."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count

from archive.admin.concurrency import VersionedAdmin
from archive.models import Official, OfficialAlias, Position


class OfficialAliasInline(admin.TabularInline):
    model = OfficialAlias
    extra = 1


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["country"]


@admin.register(Official)
class OfficialAdmin(VersionedAdmin):
    list_display = ["name", "latin_name", "country", "statement_count"]
    list_filter = ["country"]
    search_fields = ["name", "latin_name", "names_key", "aliases__name"]
    autocomplete_fields = ["country"]
    list_select_related = ["country"]
    inlines = [OfficialAliasInline, PositionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_statement_count=Count("statements"))

    @admin.display(description="گفته‌ها", ordering="_statement_count")
    def statement_count(self, obj: Official) -> int:
        return obj._statement_count

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_names_key()
