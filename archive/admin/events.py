"""Events in the admin."""

from __future__ import annotations

from django.contrib import admin

from archive.admin.concurrency import VersionedAdmin
from archive.admin.jalali import JalaliDateFilter
from archive.models import Event


@admin.register(Event)
class EventAdmin(VersionedAdmin):
    list_display = ["title", "kind", "start", "end", "place"]
    list_filter = ["kind", "countries", ("start", JalaliDateFilter)]
    search_fields = ["title", "place"]
    # No date_hierarchy: its years and months are Gregorian; the date filter's are Solar Hijri.
    autocomplete_fields = ["officials", "articles"]
    filter_horizontal = ["countries"]
