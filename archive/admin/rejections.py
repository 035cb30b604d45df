"""Suggestions an editor turned down: listed, and brought back by deleting the rejection.

A rejection only hides a suggestion from its article's page; undoing it
(«بازگرداندن») deletes the row, and the suggester offers the span again.
Rejections are made on the article page, never added here by hand.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from archive.admin.jalali import JalaliAdminMixin
from archive.models import RejectedSuggestion


def quoted(rejection: RejectedSuggestion, body: str | None = None, limit: int = 120) -> str:
    """The words of the article (whose `body` may be given) that the rejected suggestion covered."""
    body = rejection.article.body if body is None else body
    words = body[rejection.start : rejection.end]
    return words if len(words) <= limit else words[:limit] + "…"


@admin.register(RejectedSuggestion)
class RejectedSuggestionAdmin(JalaliAdminMixin, admin.ModelAdmin):
    list_display = ["quoted_text", "kind_label", "article_link", "rejected_by", "rejected_at"]
    list_filter = ["kind"]
    search_fields = ["article__title"]
    list_select_related = ["article", "rejected_by"]
    actions = ["restore"]
    fields = ["article", "kind_label", "quoted_text", "rejected_by", "rejected_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made by «رد» on the article page

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a rejection is undone, never edited

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # «بازگرداندن» says what deleting a rejection does; the stock delete action would say less.
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="متن", ordering="start")
    def quoted_text(self, obj: RejectedSuggestion) -> str:
        return quoted(obj)

    @admin.display(description="نوع", ordering="kind")
    def kind_label(self, obj: RejectedSuggestion) -> str:
        return obj.get_kind_display()

    @admin.display(description="خبر", ordering="article__title")
    def article_link(self, obj: RejectedSuggestion) -> str:
        url = reverse("admin:archive_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.title)

    @admin.action(description="بازگرداندن به پیشنهادهای خبر", permissions=["delete"])
    def restore(self, request: HttpRequest, queryset) -> None:
        count, _ = queryset.delete()
        self.message_user(request, f"{count} پیشنهاد دوباره در صفحهٔ خبرش پیشنهاد می‌شود.", messages.SUCCESS)
