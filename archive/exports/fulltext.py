"""The articles' full-text export (JSON Lines): each article with its body and its statements.

One object per article, in the order of the ids the search index gives:
what the CSV has (id, page URL, title, source, via, countries, dates ISO
8601 and Solar Hijri, original URL, language) plus the body as published
and every statement quoted from it, whose `start`/`end` span points at its
text in `body`. Read a chunk of ids at a time, in four queries a chunk.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.http import HttpRequest

from archive.exports.articles import via_and_countries
from archive.exports.rows import grouped, id_set, in_order, page_url
from archive.exports.writer import iso, jalali_cell
from archive.models import Article, Statement

# Articles read at a time: bodies are long (a few kilobytes), so fewer than the CSV's rows.
FULLTEXT_CHUNK_SIZE = 500


def _statement(row: tuple) -> dict:
    _article, pk, official_id, official_name, start, end, text, direct, said_on = row
    return {
        "id": pk,
        "speaker_id": official_id,
        "speaker_name": official_name,
        "start": start,
        "end": end,
        "text": text,
        "kind": "direct" if direct else "paraphrase",
        "said_on": iso(said_on),
        "said_on_jalali": jalali_cell(said_on) or None,
    }


def article_texts(id_batches: Iterable[list[int]], request: HttpRequest) -> Iterator[dict]:
    """Each public article of `id_batches` as one JSON-ready dict, in their order; four queries a batch.

    An id whose article is gone or withdrawn since the index answered is skipped.
    """
    url = page_url(request, "archive:article-detail")
    rows = Article.objects.public().values_list(
        "pk", "title", "body", "source_id", "source__name", "published_at", "language", "url"
    )
    for ids in id_batches:
        chunk = in_order(ids, rows.filter(pk__any_of=id_set(ids)))
        found = [row[0] for row in chunk]
        via, countries = via_and_countries(found)
        statements = grouped(
            (row[0], _statement(row))
            for row in Statement.objects.filter(article_id__any_of=id_set(found))
            .order_by("article_id", "start", "id")
            .values_list(
                "article_id",
                "pk",
                "official_id",
                "official__name",
                "start",
                "end",
                "text",
                "direct",
                "said_on",
            )
        )
        for pk, title, body, source_id, source, published_at, language, original_url in chunk:
            yield {
                "id": pk,
                "page_url": url(pk),
                "title": title,
                "body": body,
                "original_url": original_url,
                "source_id": source_id,
                "source": source,
                "via": via[pk],
                "countries": countries[pk],
                "language": language,
                "published_at": iso(published_at),
                "published_at_jalali": jalali_cell(published_at) or None,
                "statements": statements[pk],
            }
