"""Articles in the admin: the list, the review workflow (new → in review → annotated) and the inlines."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils import timezone

from archive.admin.concurrency import VersionedAdmin
from archive.admin.imports import import_urls
from archive.admin.jalali import JalaliAdminMixin, JalaliDateFilter
from archive.admin.statement_counts import StatementCountMixin
from archive.admin.suggestions import ArticleSuggestionsMixin
from archive.models import Article, ArticleVia, Event, Official, ReviewStatus, Statement


class ArticleViaInline(JalaliAdminMixin, admin.TabularInline):
    model = ArticleVia
    extra = 0
    autocomplete_fields = ["source"]


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete whose selected labels come from a dict filled once per formset.

    The stock widget looks up its selected object once per form: 50
    statements on an article page would be 50 queries for their speakers.
    """

    def __init__(self, *args, labels: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.labels = labels

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if not all(v in self.labels for v in selected):
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required:
            default[1].append(self.create_option(name, "", "", False, 0))
        for v in selected:
            default[1].append(self.create_option(name, v, self.labels[v], set(selected), len(default[1])))
        return [default]


class StatementInline(JalaliAdminMixin, admin.StackedInline):
    model = Statement
    extra = 0
    fields = [("official", "direct"), ("start", "end"), "text", ("attribution", "said_on", "event")]
    autocomplete_fields = ["official", "event"]
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        # The speakers of every statement on the page, in one query.
        officials = Official.objects.filter(statements__article=obj).distinct() if obj else []
        self._labels = {str(o.pk): str(o) for o in officials}
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "official":
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using"), labels=getattr(self, "_labels", {})
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EventArticleInline(JalaliAdminMixin, admin.TabularInline):
    model = Event.articles.through
    extra = 0
    autocomplete_fields = ["event"]
    verbose_name = "رویداد"
    verbose_name_plural = "رویدادهای این خبر"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The link table Django makes for Event.articles names its column "event".
        if db_field.name == "event":
            kwargs["label"] = "رویداد"
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# Persian names of the languages the archive's outlets write in; another code shows as itself.
LANGUAGE_NAMES = {
    "fa": "فارسی",
    "en": "انگلیسی",
    "ru": "روسی",
    "ar": "عربی",
    "az": "آذربایجانی",
    "hy": "ارمنی",
    "tr": "ترکی",
}


class LanguageFilter(admin.SimpleListFilter):
    """The articles' languages by their Persian names, not their codes («fa»)."""

    title = "زبان"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        codes = Article.objects.order_by().values_list("language", flat=True).distinct()
        return [(code, LANGUAGE_NAMES.get(code, code)) for code in sorted(codes)]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


class NeedsReviewFilter(admin.SimpleListFilter):
    title = "نیازمند بررسی"
    parameter_name = "needs_review"

    def lookups(self, request, model_admin):
        return [("yes", "بله"), ("no", "خیر")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(review_status=ReviewStatus.ANNOTATED)
        if self.value() == "no":
            return queryset.filter(review_status=ReviewStatus.ANNOTATED)
        return queryset


@admin.register(Article)
class ArticleAdmin(StatementCountMixin, ArticleSuggestionsMixin, VersionedAdmin):
    list_display = [
        "title",
        "source",
        "published_at",
        "review_status",
        "is_public",
        "statement_count",
        "annotated_by",
    ]
    list_filter = [
        NeedsReviewFilter,
        "review_status",
        "is_public",
        "source",
        LanguageFilter,
        ("published_at", JalaliDateFilter),
    ]
    actions = ["mark_in_review", "mark_annotated", "mark_new"]
    search_fields = ["title", "title_key", "url"]
    # No date_hierarchy: its years and months are Gregorian; the date filter's are Solar Hijri.
    autocomplete_fields = ["source"]
    filter_horizontal = ["countries"]
    list_select_related = ["source", "annotated_by"]
    list_editable = ["review_status", "is_public"]
    readonly_fields = ["fingerprint", "created_at", "updated_at", "annotated_by", "annotated_at"]
    fieldsets = [
        (None, {"fields": ["title", "body", "url"]}),
        ("انتشار", {"fields": ["source", "published_at", "language", "countries"]}),
        (
            "ویرایش",
            {
                "fields": [
                    "review_status",
                    "is_public",
                    ("annotated_by", "annotated_at"),
                    "fingerprint",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    inlines = [ArticleViaInline, StatementInline, EventArticleInline]

    class Media:
        css = {"all": ["archive/admin.css"]}

    def get_urls(self):
        # «Import articles» (archive/admin/imports.py), linked from the article list.
        return self.suggestion_urls() + import_urls(self) + super().get_urls()

    # -- review workflow: new → in review → annotated ------------------------

    def save_model(self, request, obj, form, change):
        if obj.review_status == ReviewStatus.ANNOTATED and (
            not change or "review_status" in form.changed_data
        ):
            obj.annotated_by, obj.annotated_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)

    def _set_status(self, request, queryset, status: str) -> None:
        changed = 0
        # One save per article (not queryset.update) so history and versions see it.
        for article in queryset:
            if article.review_status == status:
                continue
            article.review_status = status
            fields = ["review_status"]
            if status == ReviewStatus.ANNOTATED:
                article.annotated_by, article.annotated_at = request.user, timezone.now()
                fields += ["annotated_by", "annotated_at"]
            article.save(update_fields=fields)
            changed += 1
        label = ReviewStatus(status).label
        self.message_user(request, f"وضعیت {changed} خبر به «{label}» تغییر کرد.", messages.SUCCESS)

    @admin.action(description="آغاز بررسی خبرهای برگزیده", permissions=["change"])
    def mark_in_review(self, request, queryset) -> None:
        self._set_status(request, queryset, ReviewStatus.IN_REVIEW)

    @admin.action(description="علامت «حاشیه‌نویسی‌شده» برای خبرهای برگزیده", permissions=["change"])
    def mark_annotated(self, request, queryset) -> None:
        self._set_status(request, queryset, ReviewStatus.ANNOTATED)

    @admin.action(description="بازگرداندن خبرهای برگزیده به «جدید»", permissions=["change"])
    def mark_new(self, request, queryset) -> None:
        self._set_status(request, queryset, ReviewStatus.NEW)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Statement) and instance.created_by_id is None:
                instance.created_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()
