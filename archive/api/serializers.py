"""The API's records: what a researcher sees of each on its page and in its CSV, as JSON.

Dates are ISO 8601 (times in Tehran, as the CSV) with a `*_jalali` twin in
the CSV's Solar Hijri form; `url` is the record's public page, `api_url` its
record here. The querysets that load a page of them, with every related row
in a bounded number of queries, are in archive/api/records.py.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from archive.api.selection import SelectableFieldsMixin
from archive.exports import jalali_cell, page_url
from archive.models import Article, ArticleVia, Country, Event, Official, Position, Source, Statement


@extend_schema_field({"type": "string", "nullable": True, "example": "1399/06/05 10:30"})
class JalaliField(serializers.ReadOnlyField):
    """A date or instant in the Solar Hijri calendar (Tehran time), as the CSV's `*_jalali` columns."""

    def to_representation(self, value):
        return jalali_cell(value) or None


@extend_schema_field(OpenApiTypes.URI)
class PageLinkField(serializers.Field):
    """The absolute URL of a record's page (`view_name` takes its id), as the CSV's `page_url`.

    Built from one reverse() per view and response (exports.page_url), not one per record:
    reverse() was a third of the time of serializing a page.
    """

    def __init__(self, view_name: str, **kwargs) -> None:
        self.view_name = view_name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record) -> str:
        return link_of(self.context, self.view_name)(record.pk)


def link_of(context: dict, view_name: str):
    """The function from an id to its absolute URL under `view_name`, made once per response."""
    links = context.setdefault("page_links", {})
    if view_name not in links:
        links[view_name] = page_url(context["request"], view_name)
    return links[view_name]


def page_link(view_name: str) -> PageLinkField:
    return PageLinkField(view_name)


class SourceRef(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "name"]


class ViaRef(serializers.ModelSerializer):
    id = serializers.IntegerField(source="source_id")
    name = serializers.CharField(source="source.name")

    class Meta:
        model = ArticleVia
        fields = ["id", "name"]


class CountryRef(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "name"]


class OfficialRef(serializers.ModelSerializer):
    url = page_link("archive:official-detail")

    class Meta:
        model = Official
        fields = ["id", "name", "url"]


class EventRef(serializers.ModelSerializer):
    url = page_link("archive:event-detail")

    class Meta:
        model = Event
        fields = ["id", "title", "kind", "start", "url"]


class ArticleRef(serializers.ModelSerializer):
    url = page_link("archive:article-detail")
    source = SourceRef(allow_null=True)

    class Meta:
        model = Article
        fields = ["id", "title", "url", "source", "published_at"]


class PositionSerializer(serializers.ModelSerializer):
    country = CountryRef(allow_null=True)
    start_jalali = JalaliField(source="start")
    end_jalali = JalaliField(source="end")

    class Meta:
        model = Position
        fields = ["title", "organization", "country", "start", "start_jalali", "end", "end_jalali"]


# -- articles -------------------------------------------------------------------


class ArticleSerializer(SelectableFieldsMixin, serializers.ModelSerializer):
    url = page_link("archive:article-detail")
    api_url = page_link("api:article-detail")
    source = SourceRef(allow_null=True)
    via = ViaRef(source="via_links", many=True)
    published_at_jalali = JalaliField(source="published_at")
    countries = CountryRef(many=True)
    original_url = serializers.URLField(source="url", allow_null=True)
    statement_count = serializers.IntegerField()

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "api_url",
            "title",
            "source",
            "via",
            "published_at",
            "published_at_jalali",
            "countries",
            "language",
            "original_url",
            "statement_count",
        ]


class ArticleStatementSerializer(serializers.ModelSerializer):
    official = OfficialRef()
    said_on = serializers.DateField(source="day", allow_null=True)
    said_on_jalali = JalaliField(source="day")
    span_start = serializers.IntegerField(source="start")
    span_end = serializers.IntegerField(source="end")
    event = EventRef(allow_null=True)

    class Meta:
        model = Statement
        fields = [
            "id",
            "official",
            "text",
            "direct",
            "said_on",
            "said_on_jalali",
            "span_start",
            "span_end",
            "event",
        ]


class ArticleDetailSerializer(ArticleSerializer):
    statements = ArticleStatementSerializer(many=True)
    events = EventRef(many=True)

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "statements", "events"]


# -- officials ------------------------------------------------------------------


class OfficialSerializer(SelectableFieldsMixin, serializers.ModelSerializer):
    url = page_link("archive:official-detail")
    api_url = page_link("api:official-detail")
    country = CountryRef(allow_null=True)
    aliases = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    positions = PositionSerializer(many=True)
    statement_count = serializers.IntegerField()
    statements_api_url = serializers.SerializerMethodField()

    class Meta:
        model = Official
        fields = [
            "id",
            "url",
            "api_url",
            "name",
            "latin_name",
            "country",
            "aliases",
            "positions",
            "statement_count",
            "statements_api_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_statements_api_url(self, official: Official) -> str:
        """This official's statements in the API (the statements list filtered by `official`)."""
        return self.context["request"].build_absolute_uri(
            f"{reverse('api:statement-list')}?official={official.pk}"
        )


class OfficialDetailSerializer(OfficialSerializer):
    events = EventRef(many=True)

    class Meta(OfficialSerializer.Meta):
        fields = [*OfficialSerializer.Meta.fields, "events"]


# -- statements -----------------------------------------------------------------


class StatementSerializer(SelectableFieldsMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    api_url = page_link("api:statement-detail")
    official = OfficialRef()
    official_position = serializers.SerializerMethodField()
    said_on = serializers.DateField(source="day", allow_null=True)
    said_on_jalali = JalaliField(source="day")
    article = ArticleRef()
    published_at = serializers.DateTimeField(source="article.published_at", allow_null=True)
    published_at_jalali = JalaliField(source="article.published_at")
    event = EventRef(allow_null=True)
    span_start = serializers.IntegerField(source="start")
    span_end = serializers.IntegerField(source="end")

    class Meta:
        model = Statement
        fields = [
            "id",
            "url",
            "api_url",
            "official",
            "official_position",
            "text",
            "direct",
            "said_on",
            "said_on_jalali",
            "article",
            "published_at",
            "published_at_jalali",
            "event",
            "span_start",
            "span_end",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, statement: Statement) -> str:
        """The statement marked in its article's page."""
        article = link_of(self.context, "archive:article-detail")(statement.article_id)
        return f"{article}#statement-{statement.pk}"

    def get_official_position(self, statement: Statement) -> str:
        """The speaker's position that day, as the statements page and CSV say it ("" if none known)."""
        held = statement.official.position_on(statement.day)
        return str(held) if held else ""


# -- events ---------------------------------------------------------------------


class EventSerializer(SelectableFieldsMixin, serializers.ModelSerializer):
    url = page_link("archive:event-detail")
    api_url = page_link("api:event-detail")
    kind_label = serializers.CharField(source="get_kind_display")
    start_jalali = JalaliField(source="start")
    end_jalali = JalaliField(source="end")
    countries = CountryRef(many=True)
    officials = OfficialRef(many=True)
    article_ids = serializers.SerializerMethodField()
    sources = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id",
            "url",
            "api_url",
            "kind",
            "kind_label",
            "title",
            "start",
            "start_jalali",
            "end",
            "end_jalali",
            "place",
            "countries",
            "officials",
            "article_ids",
            "sources",
        ]

    def get_article_ids(self, event: Event) -> list[int]:
        """The public articles that report it, oldest first."""
        return [article.pk for article in event.public_articles]

    def get_sources(self, event: Event) -> list[str]:
        """The sources of those articles, by name."""
        return sorted({article.source.name for article in event.public_articles if article.source})


class EventStatementSerializer(serializers.ModelSerializer):
    official = OfficialRef()
    article = ArticleRef()

    class Meta:
        model = Statement
        fields = ["id", "official", "text", "direct", "article"]


class EventDetailSerializer(EventSerializer):
    articles = ArticleRef(source="public_articles", many=True)
    statements = EventStatementSerializer(source="public_statements", many=True)

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "articles", "statements"]
