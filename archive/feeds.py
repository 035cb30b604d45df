"""Atom feeds of any article or statement search: the page's own query string, newest first.

A feed is the list page's FilterSet and the same index call (`newest`), so it
holds the records the page shows when sorted by date, the newest FEED_SIZE.
Built with Django's syndication framework (Atom 1.0); titles, dates and
summaries are in Persian, dates in the Solar Hijri calendar with Persian digits.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from archive.filters import ArticleFilter, IndexedFilterSet, StatementFilter
from archive.models import Article, Statement
from archive.pagecache import cache_public_page
from archive.templatetags.persian import fa_digits, jalali_text, with_params
from archive.views import LISTS, filtered, list_path, read_params, search_text

FEED_SIZE = 50
SITE_TITLE = "آرشیو اخبار دفاعی منطقه"


@dataclass
class FeedQuery:
    """One feed: its list, the FilterSet of the query string, and the records, newest first."""

    name: str
    filterset: IndexedFilterSet
    query_string: str  # "?…" without `page`
    records: list


def newest_records(filterset: IndexedFilterSet, limit: int = FEED_SIZE) -> list:
    """The list's newest `limit` records, read by id in the index's order."""
    hits = filterset.newest(limit)
    by_id = filterset.queryset.in_bulk(hits.ids)
    return [by_id[pk] for pk in hits.ids if pk in by_id]


class ListFeed(Feed):
    feed_type = Atom1Feed
    language = "fa"
    list_name = ""
    noun = ""

    def get_object(self, request: HttpRequest) -> FeedQuery:
        filterset = filtered(request, LISTS[self.list_name])
        query_string = with_params(request.GET, {"page": None})
        return FeedQuery(self.list_name, filterset, query_string, newest_records(filterset))

    def items(self, obj: FeedQuery) -> list:
        return obj.records

    def title(self, obj: FeedQuery) -> str:
        query = search_text(obj.filterset)
        searched = f"«{query}» در " if query else ""
        return f"{searched}{self.noun} — {SITE_TITLE}"

    def subtitle(self, obj: FeedQuery) -> str:
        return f"{fa_digits(FEED_SIZE)} {self.noun} تازه‌تر این جست‌وجو، تازه‌ترین نخست"

    def link(self, obj: FeedQuery) -> str:
        return list_path(obj.name) + obj.query_string.rstrip("?")

    def feed_url(self, obj: FeedQuery) -> str:
        return reverse(f"archive:{obj.name}-feed") + obj.query_string.rstrip("?")

    def feed_guid(self, obj: FeedQuery) -> str:
        return self.feed_url(obj)


class ArticleFeed(ListFeed):
    list_name = "articles"
    noun = "خبرها"

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return " · ".join(article_line(item))

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str | None:
        return item.source.name if item.source else None


def article_line(article: Article) -> list[str]:
    """What a list says under an article's title: its source and its Solar Hijri date."""
    parts = [article.source.name] if article.source else []
    if article.published_at:
        parts.append(jalali_text(article.published_at))
    return parts


class StatementFeed(ListFeed):
    list_name = "statements"
    noun = "گفته‌ها"

    def item_title(self, item: Statement) -> str:
        return f"{item.official.name}: «{shortened(item.text)}»"

    def item_description(self, item: Statement) -> str:
        return f"{item.text}\n\n{' · '.join(statement_line(item))}"

    def item_link(self, item: Statement) -> str:
        return statement_url(item)

    def item_pubdate(self, item: Statement):
        return item.article.published_at

    def item_updateddate(self, item: Statement):
        return item.updated_at

    def item_author_name(self, item: Statement) -> str:
        return item.official.name


def shortened(text: str, length: int = 90) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def statement_url(statement: Statement) -> str:
    """A statement's place: its span in the article's page."""
    return f"{statement.article.get_absolute_url()}#statement-{statement.pk}"


def statement_line(statement: Statement) -> list[str]:
    """Where a statement was published and when it was said, in Persian."""
    parts = [statement.article.title]
    if statement.article.source:
        parts.append(statement.article.source.name)
    if statement.day:
        parts.append(jalali_text(statement.day))
    return parts


# Cached like the pages, under the parameters the list's filters read (not `page`).
article_feed = cache_public_page(ArticleFeed(), params=read_params(ArticleFilter, paged=False))
statement_feed = cache_public_page(StatementFeed(), params=read_params(StatementFilter, paged=False))
