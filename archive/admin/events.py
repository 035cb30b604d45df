"""Events in the admin."""

from __future__ import annotations

from django.contrib import admin

from archive.admin.concurrency import VersionedAdmin
from archive.models import Event


@admin.register(Event)
class EventAdmin(VersionedAdmin):
    list_display = ["title", "kind", "start", "end", "place"]
    list_filter = ["kind", "countries", "start"]
    search_fields = ["title", "place"]
    date_hierarchy = "start"
    autocomplete_fields = ["officials", "articles"]
    filter_horizontal = ["countries"]
