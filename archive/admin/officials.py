"""Officials in the admin, with their aliases and dated positions."""

from __future__ import annotations

from django.contrib import admin

from archive.admin.concurrency import VersionedAdmin
from archive.admin.jalali import JalaliAdminMixin
from archive.admin.statement_counts import StatementCountMixin
from archive.models import Official, OfficialAlias, Position


class OfficialAliasInline(JalaliAdminMixin, admin.TabularInline):
    model = OfficialAlias
    extra = 1


class PositionInline(JalaliAdminMixin, admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["country"]


@admin.register(Official)
class OfficialAdmin(StatementCountMixin, VersionedAdmin):
    list_display = ["name", "latin_name", "country", "statement_count"]
    list_filter = ["country"]
    search_fields = ["name", "latin_name", "names_key", "aliases__name"]
    autocomplete_fields = ["country"]
    list_select_related = ["country"]
    inlines = [OfficialAliasInline, PositionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_names_key()
