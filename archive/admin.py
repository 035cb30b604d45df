"""The editors' workspace, in the house style of Django's own admin."""

from django.contrib import admin
from django.db.models import Count

from archive.models import (
    Article,
    ArticleVia,
    Country,
    Event,
    Official,
    OfficialAlias,
    Position,
    Source,
    Statement,
)


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

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_article_count=Count("articles"))

    @admin.display(description="خبرها", ordering="_article_count")
    def article_count(self, obj: Source) -> int:
        return obj._article_count


class ArticleViaInline(admin.TabularInline):
    model = ArticleVia
    extra = 0
    autocomplete_fields = ["source"]


class StatementInline(admin.StackedInline):
    model = Statement
    extra = 0
    fields = [("official", "direct"), ("start", "end"), "text", ("attribution", "said_on", "event")]
    autocomplete_fields = ["official", "event"]
    show_change_link = True


class EventArticleInline(admin.TabularInline):
    model = Event.articles.through
    extra = 0
    autocomplete_fields = ["event"]
    verbose_name = "رویداد"
    verbose_name_plural = "رویدادهای این خبر"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "published_at", "review_status", "is_public", "statement_count"]
    list_filter = ["review_status", "is_public", "source", "language", "published_at"]
    search_fields = ["title", "title_key", "url"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["source"]
    filter_horizontal = ["countries"]
    list_select_related = ["source"]
    list_editable = ["review_status", "is_public"]
    readonly_fields = ["fingerprint", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "body", "url"]}),
        ("انتشار", {"fields": ["source", "published_at", "language", "countries"]}),
        ("ویرایش", {"fields": ["review_status", "is_public", "fingerprint", "created_at", "updated_at"]}),
    ]
    inlines = [ArticleViaInline, StatementInline, EventArticleInline]

    class Media:
        css = {"all": ["archive/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_statement_count=Count("statements"))

    @admin.display(description="گفته‌ها", ordering="_statement_count")
    def statement_count(self, obj: Article) -> int:
        return obj._statement_count

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
class OfficialAdmin(admin.ModelAdmin):
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
class StatementAdmin(admin.ModelAdmin):
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


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "start", "end", "place"]
    list_filter = ["kind", "countries", "start"]
    search_fields = ["title", "place"]
    date_hierarchy = "start"
    autocomplete_fields = ["officials", "articles"]
    filter_horizontal = ["countries"]
