"""The queue of mentions the archive could not resolve, where editors link or create officials.

An entry becomes an official in one step (its name, the country and the
position of the role written beside it, the name as an alias), or is linked
to an existing official: a name becomes an alias, a role a position held
on the article's date.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from archive import extract, text
from archive.admin.jalali import JalaliAdminMixin
from archive.models import MentionStatus, Official, OfficialAlias, Position, UnresolvedMention

CREATE = "_create_official"  # the change form's button that makes the official from the entry


def _day(mention: UnresolvedMention) -> dt.date:
    """The date a position read from the article is known to be held: the article's, else today."""
    return extract.article_day(mention.article) or timezone.localdate()


def add_position(official: Official, mention: UnresolvedMention) -> Position | None:
    """The position the entry's role names, held by `official` on the article's date; None if none or held."""
    if not mention.role_title:
        return None
    day = _day(mention)
    title_key = text.search_key(mention.role_title)
    for position in official.positions.all():
        if text.search_key(position.title) == title_key and position.covers(day):
            return None
    return Position.objects.create(
        official=official, title=mention.role_title, country=mention.role_country, start=day
    )


@admin.register(UnresolvedMention)
class UnresolvedMentionAdmin(JalaliAdminMixin, admin.ModelAdmin):
    """The queue of names and roles the archive could not resolve.

    Link one to an official by choosing the official and saving (a name
    becomes an alias, a role a position), or make the official from it with
    «ساختن مقام از این نام», or from the selected entries with the action.
    """

    change_form_template = "admin/archive/unresolvedmention/change_form.html"
    list_display = ["text", "role_text", "kind", "article", "status", "official", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["text", "role_text", "article__title"]
    list_select_related = ["article", "official"]
    autocomplete_fields = ["official"]
    readonly_fields = [
        "article",
        "start",
        "end",
        "text",
        "kind",
        "context",
        "role_text",
        "resolved_by",
        "resolved_at",
    ]
    fields = [
        "text",
        "kind",
        "context",
        "article",
        ("start", "end"),
        "role_text",
        ("role_title", "role_country"),
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
        add_position(official, mention)
        mention.official = official
        mention.status = MentionStatus.RESOLVED
        mention.resolved_by, mention.resolved_at = request.user, timezone.now()

    def _create_official(self, request, mention: UnresolvedMention) -> Official:
        """The official this entry names, with the country and position of its role."""
        if not (
            request.user.has_perm("archive.add_official") and request.user.has_perm("archive.add_position")
        ):
            raise PermissionDenied
        official = Official(name=extract.strip_honorifics(mention.text), country=mention.role_country)
        official.save()
        self._resolve(request, mention, official)
        return official

    def save_model(self, request, obj, form, change):
        if CREATE in request.POST and obj.status == MentionStatus.OPEN and obj.kind != "role":
            with transaction.atomic():
                self._create_official(request, obj)
                super().save_model(request, obj, form, change)
            return
        if obj.official_id and obj.status == MentionStatus.OPEN:
            self._resolve(request, obj, obj.official)
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        if CREATE in request.POST and obj.official_id:
            self.message_user(request, f"مقام «{obj.official}» ساخته شد.", messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:archive_official_change", args=[obj.official_id]))
        return super().response_change(request, obj)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["can_create_official"] = (
            obj is not None and obj.status == MentionStatus.OPEN and obj.kind != "role"
        )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    @admin.action(description="ساختن مقام از نام‌های برگزیده", permissions=["change"])
    def create_officials(self, request, queryset) -> None:
        made = 0
        for mention in (
            queryset.filter(status=MentionStatus.OPEN).exclude(kind="role").select_related("article")
        ):
            with transaction.atomic():
                self._create_official(request, mention)
                mention.save()
            made += 1
        self.message_user(
            request, f"{made} مقام ساخته شد، با سمتی که کنار نامشان آمده بود.", messages.SUCCESS
        )

    @admin.action(description="کنار گذاشتن نام‌های برگزیده", permissions=["change"])
    def dismiss(self, request, queryset) -> None:
        count = queryset.filter(status=MentionStatus.OPEN).update(
            status=MentionStatus.DISMISSED, resolved_by=request.user, resolved_at=timezone.now()
        )
        self.message_user(request, f"{count} نام کنار گذاشته شد.", messages.SUCCESS)
