"""Statements in the admin; the form shows its quoted words in the article (admin/statement_span.py)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from archive.admin.concurrency import VersionedAdmin
from archive.admin.jalali import JalaliDateFilter
from archive.admin.statement_span import span_view
from archive.models import Statement


@admin.register(Statement)
class StatementAdmin(VersionedAdmin):
    list_display = ["short_text", "official", "article", "direct", "said_on"]
    list_filter = ["direct", "official__country", ("said_on", JalaliDateFilter)]
    search_fields = ["text", "text_key", "official__name", "article__title"]
    autocomplete_fields = ["article", "official", "event"]
    list_select_related = ["official", "article"]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # Who made it and when are empty on a new statement: the add form leaves them out.
        return super().get_readonly_fields(request, obj) if obj is not None else []

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        statement = self.get_object(request, object_id) if object_id else None
        extra_context = {**(extra_context or {}), "span": span_view(request, statement)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    @admin.display(description="گفته")
    def short_text(self, obj: Statement) -> str:
        return obj.text[:80]

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        # Edited from a suggestion on the article page: back to that page.
        if "_from_article" in request.GET and "_popup" not in request.POST:
            self.message_user(request, "گفته ثبت شد.", messages.SUCCESS)
            url = reverse("admin:archive_article_change", args=[obj.article_id])
            return HttpResponseRedirect(f"{url}#statement-{obj.pk}")
        return super().response_add(request, obj, post_url_continue)
