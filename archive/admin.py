"""The editors' workspace, in the house style of Django's own admin."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from archive import extract, text
from archive.admin_sources import SourceAliasInline
from archive.extract.markup import Accepted, mark_suggestions
from archive.models import (
    Article,
    ArticleVia,
    Country,
    Event,
    MentionStatus,
    Official,
    OfficialAlias,
    Position,
    RejectedSuggestion,
    ReviewStatus,
    Source,
    Statement,
    UnresolvedMention,
)

# ---------------------------------------------------------------------------
# No silent overwrite: every versioned record's form carries the version it
# showed, and a save over a newer version is refused with what changed.


def _short(value: object, limit: int = 80) -> str:
    value = "—" if value in (None, "") else str(value)
    return value if len(value) <= limit else value[:limit] + "…"


def conflict_message(instance, seen: int, current: int) -> str:
    """The Persian message for a save over a newer version: who saved, when, and which fields changed."""
    model = type(instance)
    history = model.history.filter(id=instance.pk)
    old = history.filter(version=seen).order_by("-history_date").first()
    new = history.filter(version=current).order_by("-history_date").first()
    name = model._meta.verbose_name
    lines = [f"این {name} پس از آنکه آن را گشودید دوباره ذخیره شده است (نسخهٔ {seen} ← نسخهٔ {current})."]
    if new is not None:
        who = new.history_user.get_username() if new.history_user else "کاربری دیگر"
        when = timezone.localtime(new.history_date).strftime("%Y-%m-%d %H:%M")
        lines.append(f"آخرین ذخیره: {who}، {when}.")
    if old is not None and new is not None:
        changes = [c for c in new.diff_against(old).changes if c.field not in {"version", "updated_at"}]
        for change in changes:
            label = model._meta.get_field(change.field).verbose_name
            lines.append(f"«{label}» از «{_short(change.old)}» به «{_short(change.new)}» تغییر کرده است.")
    lines.append(
        "ویرایش‌های شما از دست نرفته و در همین فرم مانده‌اند؛ آن‌ها را با تغییرهای تازه بسنجید "
        "و اگر هنوز درست‌اند دوباره ذخیره کنید."
    )
    return " ".join(lines)


class VersionedForm(forms.ModelForm):
    """A model form that refuses to save over a version newer than the one it showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.current_version: int | None = None
        if self.instance.pk:
            # The version now stored, not the instance's: a revert form shows
            # an old instance, and what it overwrites is the current record.
            self.initial["version"] = (
                type(self.instance)
                ._default_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if connection.in_atomic_block:
            rows = rows.select_for_update()  # the second of two saves waits here, then sees the first
        self.current_version = rows.values_list("version", flat=True).first()
        seen = cleaned.get("version")
        if seen is not None and self.current_version is not None and seen != self.current_version:
            # The form comes back with the editor's values and the current
            # version, so saving again after reading the message goes through.
            data = self.data.copy()
            data[self.add_prefix("version")] = self.current_version
            self.data = data
            raise ValidationError(
                conflict_message(self.instance, seen, self.current_version), code="conflict"
            )
        return cleaned


class VersionedAdmin(SimpleHistoryAdmin):
    """History with revert (django-simple-history) and optimistic concurrency on the change form."""

    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        names = [f for _, opts in fieldsets for f in opts["fields"]]
        if "version" not in names:
            name, opts = fieldsets[0]
            fieldsets = [(name, {**opts, "fields": [*opts["fields"], "version"]}), *fieldsets[1:]]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        # «version» is the form's own field, not a model form field (the
        # model's is not editable), so it must not be asked of the model.
        fields = (
            kwargs["fields"] if "fields" in kwargs else flatten_fieldsets(self.get_fieldsets(request, obj))
        )
        if fields is not None:
            kwargs["fields"] = [f for f in fields if f != "version"]
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        if getattr(form, "current_version", None) is not None:
            obj.version = form.current_version
        super().save_model(request, obj, form, change)


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "latin_name"]
    search_fields = ["code", "name", "latin_name"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "latin_name", "kind", "country", "article_count"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "latin_name", "name_key"]
    autocomplete_fields = ["country"]
    list_select_related = ["country"]

    def get_inlines(self, request, obj):
        # Aliases are added to a saved source: the add form stays a single form.
        return [SourceAliasInline] if obj is not None else []

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_article_count=Count("articles"))

    @admin.display(description="خبرها", ordering="_article_count")
    def article_count(self, obj: Source) -> int:
        return obj._article_count


class ArticleViaInline(admin.TabularInline):
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


class StatementInline(admin.StackedInline):
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


class EventArticleInline(admin.TabularInline):
    model = Event.articles.through
    extra = 0
    autocomplete_fields = ["event"]
    verbose_name = "رویداد"
    verbose_name_plural = "رویدادهای این خبر"


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
class ArticleAdmin(VersionedAdmin):
    list_display = [
        "title",
        "source",
        "published_at",
        "review_status",
        "is_public",
        "statement_count",
        "annotated_by",
    ]
    list_filter = [NeedsReviewFilter, "review_status", "is_public", "source", "language", "published_at"]
    actions = ["mark_in_review", "mark_annotated", "mark_new"]
    search_fields = ["title", "title_key", "url"]
    date_hierarchy = "published_at"
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
        # «Import articles» (archive/admin_import.py), linked from the article list.
        from archive.admin_import import import_urls

        return self.suggestion_urls() + import_urls(self) + super().get_urls()

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_statement_count=Count("statements"))

    @admin.display(description="گفته‌ها", ordering="_statement_count")
    def statement_count(self, obj: Article) -> int:
        return obj._statement_count

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

    # -- suggestions on the change page --------------------------------------

    def suggestion_urls(self) -> list:
        return [
            path(
                "<path:object_id>/suggestions/",
                self.admin_site.admin_view(self.suggestion_view),
                name="archive_article_suggestions",
            )
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = Article.objects.filter(pk=unquote(object_id)).first() if object_id.isdigit() else None
        if article is not None and self.has_view_or_change_permission(request, article):
            extra_context.update(self.suggestions_context(article))
        return super().change_view(request, object_id, form_url, extra_context)

    def suggestions_context(self, article: Article) -> dict:
        """The marked body and the counts the change page shows above the form (a fixed number of queries)."""
        suggestions = extract.suggest_for_article(article)
        accepted_statements = list(
            article.statements.select_related("official").only("pk", "start", "end", "official__name")
        )
        accepted = [
            Accepted(
                s.pk, s.start, s.end, s.official.name, reverse("admin:archive_statement_change", args=[s.pk])
            )
            for s in accepted_statements
        ]
        ids = {s.official_id for s in suggestions if s.official_id}
        names = dict(Official.objects.filter(pk__in=ids).values_list("pk", "name"))
        rejected = set(article.rejected_suggestions.values_list("kind", "start", "end"))
        spans = {(a.start, a.end) for a in accepted}
        open_statements = [
            s
            for s in suggestions
            if s.type == "statement"
            and (s.start, s.end) not in spans
            and ("statement", s.start, s.end) not in rejected
        ]
        return {
            "suggested_body": mark_suggestions(
                article.pk, article.body, suggestions, accepted, names, rejected
            ),
            "suggestion_counts": {
                "open": len(open_statements),
                "accepted": len(accepted),
                "mentions": sum(1 for s in suggestions if s.type == "mention" and s.official_id),
                "unresolved": sum(
                    1 for s in suggestions if s.queued and ("mention", s.start, s.end) not in rejected
                ),
            },
        }

    def suggestion_view(self, request, object_id):
        """Accept or reject one suggestion (POST), then back to the article."""
        article = get_object_or_404(Article, pk=unquote(object_id))
        back = reverse("admin:archive_article_change", args=[article.pk])
        if request.method != "POST" or not self.has_change_permission(request, article):
            raise PermissionDenied
        decision = "accept" if "accept" in request.POST else "reject" if "reject" in request.POST else ""
        try:
            kind, start, end = request.POST.get(decision, "").split(":")
            start, end = int(start), int(end)
        except ValueError:
            self.message_user(request, "پیشنهاد نامعتبر است.", messages.ERROR)
            return HttpResponseRedirect(back)
        suggestion = next(
            (
                s
                for s in extract.suggest_for_article(article)
                if (s.type, s.start, s.end) == (kind, start, end)
            ),
            None,
        )
        if suggestion is None:
            self.message_user(request, "این پیشنهاد دیگر در میان پیشنهادهای این خبر نیست.", messages.WARNING)
            return HttpResponseRedirect(back)
        if decision == "reject":
            if not request.user.has_perm("archive.add_rejectedsuggestion"):
                raise PermissionDenied
            RejectedSuggestion.objects.get_or_create(
                article=article, kind=kind, start=start, end=end, defaults={"rejected_by": request.user}
            )
            self.message_user(request, "پیشنهاد رد شد.", messages.SUCCESS)
        elif kind == "statement":
            if not request.user.has_perm("archive.add_statement"):
                raise PermissionDenied
            if suggestion.official_id is None:
                self.message_user(
                    request, "گوینده‌ی این گفته شناخته نشد؛ با «ویرایش» گوینده را برگزینید.", messages.ERROR
                )
                return HttpResponseRedirect(back)
            with transaction.atomic():
                statement = Statement(
                    article=article,
                    official_id=suggestion.official_id,
                    start=start,
                    end=end,
                    text=article.body[start:end],
                    direct=bool(suggestion.direct),
                    attribution=suggestion.speaker_text[:200],
                    created_by=request.user,
                )
                statement.full_clean(exclude=["event", "said_on"])
                statement.save()
                if article.review_status == ReviewStatus.NEW:
                    article.review_status = ReviewStatus.IN_REVIEW
                    article.save(update_fields=["review_status"])
            self.message_user(request, "گفته ثبت شد.", messages.SUCCESS)
            return HttpResponseRedirect(f"{back}#statement-{statement.pk}")
        else:
            added = extract.queue_unresolved(article, [suggestion])
            self.message_user(
                request,
                "نام به صف نام‌های ناشناخته رفت." if added else "این نام پیش‌تر در صف بوده است.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(back)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Statement) and instance.created_by_id is None:
                instance.created_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


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


@admin.register(Statement)
class StatementAdmin(VersionedAdmin):
    list_display = ["short_text", "official", "article", "direct", "said_on"]
    list_filter = ["direct", "official__country", "said_on"]
    search_fields = ["text", "text_key", "official__name", "article__title"]
    autocomplete_fields = ["article", "official", "event"]
    list_select_related = ["official", "article"]
    readonly_fields = ["created_by", "created_at", "updated_at"]

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


@admin.register(Event)
class EventAdmin(VersionedAdmin):
    list_display = ["title", "kind", "start", "end", "place"]
    list_filter = ["kind", "countries", "start"]
    search_fields = ["title", "place"]
    date_hierarchy = "start"
    autocomplete_fields = ["officials", "articles"]
    filter_horizontal = ["countries"]


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
