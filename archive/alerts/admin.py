"""Alerts in the admin: staff see who follows which search, and what was sent; subscribers manage them."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html

from archive.admin.jalali import JalaliAdminMixin
from archive.alerts.models import AlertMessage, Subscription
from archive.alerts.searches import describe, page_url
from archive.templatetags.persian import fa_digits


class AlertMessageInline(JalaliAdminMixin, admin.TabularInline):
    model = AlertMessage
    fields = ["created_at", "sent_at", "attempts", "listed", "more"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-created_at"]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description="شمار موارد")
    def listed(self, obj: AlertMessage) -> str:
        return fa_digits(len(obj.item_ids))


@admin.register(Subscription)
class SubscriptionAdmin(JalaliAdminMixin, admin.ModelAdmin):
    list_display = ["email", "list_name", "search", "rate", "confirmed", "created_at", "last_sent_at"]
    list_filter = ["list_name", "rate", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "query"]
    ordering = ["-created_at"]
    fields = [
        "email",
        "list_name",
        "search",
        "rate",
        "created_at",
        "requested_at",
        "confirmed_at",
        "last_sent_at",
    ]
    readonly_fields = fields
    inlines = [AlertMessageInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # asked for by the subscriber, on a search page

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the subscriber's own choice; staff may only delete one

    @admin.display(description="جست‌وجو", ordering="query")
    def search(self, obj: Subscription) -> str:
        words = " · ".join(f"{label}: {value}" for label, value in describe(obj.list_name, obj.query))
        return format_html('<a href="{}">{}</a>', page_url(obj.list_name, obj.query), words or "همه")

    @admin.display(description="تأییدشده", boolean=True, ordering="confirmed_at")
    def confirmed(self, obj: Subscription) -> bool:
        return obj.confirmed_at is not None
