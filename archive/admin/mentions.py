"""The queue of mentions the archive could not resolve, where editors link or create officials."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from archive import extract, text
from archive.models import MentionStatus, Official, OfficialAlias, UnresolvedMention


@admin.register(UnresolvedMention)
class UnresolvedMentionAdmin(admin.ModelAdmin):
    """The queue of names and roles the archive could not resolve.

    Link one to an official (its text becomes a new alias) by choosing the
    official and saving, or create officials from the selected ones.
    """

    list_display = ["text", "kind", "article", "status", "official", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["text", "article__title"]
    list_select_related = ["article", "official"]
    autocomplete_fields = ["official"]
    readonly_fields = ["article", "start", "end", "text", "kind", "context", "resolved_by", "resolved_at"]
    fields = [
        "text",
        "kind",
        "context",
        "article",
        ("start", "end"),
        "official",
        "status",
        ("resolved_by", "resolved_at"),
    ]
    actions = ["create_officials", "dismiss"]

    def has_add_permission(self, request) -> bool:
        return False  # mentions come from articles, not from the form

    def _resolve(self, request, mention: UnresolvedMention, official: Official) -> None:
        if mention.kind != "role":
            alias = extract.strip_honorifics(mention.text)
            if not official.aliases.filter(key=text.search_key(alias)).exists():
                OfficialAlias(official=official, name=alias).save()
        mention.official = official
        mention.status = MentionStatus.RESOLVED
        mention.resolved_by, mention.resolved_at = request.user, timezone.now()

    def save_model(self, request, obj, form, change):
        if obj.official_id and obj.status == MentionStatus.OPEN:
            self._resolve(request, obj, obj.official)
        super().save_model(request, obj, form, change)

    @admin.action(description="ساختن مقام از نام‌های برگزیده", permissions=["change"])
    def create_officials(self, request, queryset) -> None:
        if not request.user.has_perm("archive.add_official"):
            raise PermissionDenied
        made = 0
        for mention in queryset.filter(status=MentionStatus.OPEN).exclude(kind="role"):
            with transaction.atomic():
                official = Official(name=extract.strip_honorifics(mention.text))
                official.save()
                self._resolve(request, mention, official)
                mention.save()
            made += 1
        self.message_user(request, f"{made} مقام ساخته شد؛ سمت و کشورشان را کامل کنید.", messages.SUCCESS)

    @admin.action(description="کنار گذاشتن نام‌های برگزیده", permissions=["change"])
    def dismiss(self, request, queryset) -> None:
        count = queryset.filter(status=MentionStatus.OPEN).update(
            status=MentionStatus.DISMISSED, resolved_by=request.user, resolved_at=timezone.now()
        )
        self.message_user(request, f"{count} نام کنار گذاشته شد.", messages.SUCCESS)
