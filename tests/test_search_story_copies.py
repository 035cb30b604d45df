"""`collapse=story` keeps each story's lowest matching id, however the stories were changed.

The index marks each story's first copy (archive/search/documents.py) and the
follower re-marks a story whenever an article enters it (archive/search/follow.py);
the search checks the mark against the matches (archive/search/engine.py). Every
step below changes stories by another write path and compares the collapsed list
with the rule worked out from the database.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
import tantivy
from django.db import connection

from archive.models import Article, Source, Story
from archive.search import ArticleFilters, build, follow, indexdir, search_articles
from archive.search import stories as story_copies
from archive.search.engine import iter_ids
from archive.search.schema import ARTICLES, FIRST_COPY, schema_of

pytestmark = pytest.mark.django_db

START = dt.datetime(2021, 3, 1, 9, tzinfo=dt.UTC)
WORDS = ("رزمایش", "پهپاد", "ناوشکن")


def expected(word: str, source: Source | None) -> set[int]:
    """Records matching `word` (and `source`): those without a story, and each story's lowest id."""
    matching = Article.objects.filter(is_public=True, body__contains=word)
    if source is not None:
        matching = matching.filter(source=source)
    alone = set(matching.filter(story__isnull=True).values_list("pk", flat=True))
    lowest: dict[int, int] = {}
    for pk, story in matching.filter(story__isnull=False).order_by("pk").values_list("pk", "story_id"):
        lowest.setdefault(story, pk)
    return alone | set(lowest.values())


def collapsed(word: str, source: Source | None) -> tuple[set[int], int, set[int]]:
    filters = ArticleFilters(source=source.pk if source else None, one_per_story=True)
    hits = search_articles(word, filters, limit=1000, facets=True)
    exported = {pk for batch in iter_ids(ARTICLES, word, filters) for pk in batch}
    assert sum(n for _, n in hits.facets["year"]) == hits.count  # the facets count the same records
    return set(hits.ids), hits.count, exported


def marked_first() -> dict[int, list[int]]:
    """The index's first copies, by story."""
    opened = indexdir.open_current(ARTICLES)
    opened.index.reload()
    searcher = opened.searcher()
    query = tantivy.Query.term_query(schema_of(ARTICLES).schema, "copy", FIRST_COPY)
    addresses = [a for _, a in searcher.search(query, limit=10_000).hits]
    out: dict[int, list[int]] = {}
    stories_of = searcher.fast_field_values("story", addresses)
    for story, pk in zip(stories_of, searcher.fast_field_values("id", addresses), strict=True):
        out.setdefault(int(story), []).append(int(pk))
    return out


@pytest.fixture
def stories(search_index_dir):
    sources = [Source.objects.create(name=name) for name in ("تسنیم", "ایرنا", "فارس")]
    rng = random.Random(7)
    made = [Story.objects.create() for _ in range(4)]
    for i in range(24):
        body = " ".join(rng.sample(WORDS, rng.randint(1, 3))) + f" متن {i}"
        Article.objects.create(
            title=f"خبر {i}",
            body=body,
            published_at=START + dt.timedelta(hours=i),
            source=sources[i % 3],
            story=made[i % 5] if i % 5 < 4 else None,
            url=f"https://example.com/{i}",
        )
    build.build(ARTICLES)
    return sources, made


def _raw_story(article_id: int, story_id: int | None) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_article SET story_id = %s WHERE id = %s", [story_id, article_id])


def test_each_story_counts_once_by_its_lowest_matching_id_through_every_change(stories):
    sources, made = stories
    rng = random.Random(11)
    for step in range(30):
        articles = list(Article.objects.order_by("pk"))
        target = rng.choice(articles)
        action = step % 5
        if action == 0:  # an older article joins a story: it becomes the story's first copy
            _raw_story(articles[rng.randrange(3)].pk, rng.choice(made).pk)
        elif action == 1:  # a story's first copy is deleted
            first = Article.objects.filter(story=rng.choice(made)).order_by("pk").first()
            if first is not None:
                first.delete()
        elif action == 2:  # a copy is withdrawn, or brought back
            Article.objects.filter(pk=target.pk).update(is_public=not target.is_public)
        elif action == 3:  # a copy moves to another story, or leaves its own
            target.story = rng.choice([*made, None])
            target.save()
        else:  # a new article in a story
            Article.objects.create(
                title=f"تازه {step}",
                body=f"{rng.choice(WORDS)} تازه {step}",
                published_at=START - dt.timedelta(days=step),
                source=rng.choice(sources),
                story=rng.choice(made),
                url=f"https://example.com/new/{step}",
            )
        follow.sync(ARTICLES)
        for word in WORDS:
            for source in (None, *sources):
                want = expected(word, source)
                ids, count, exported = collapsed(word, source)
                assert (ids, count, exported) == (want, len(want), want), (step, word, source)
        firsts = marked_first()
        assert all(len(pks) == 1 for pks in firsts.values()), firsts  # never two first copies
        lowest = {s: min(Article.objects.filter(story_id=s).values_list("pk", flat=True)) for s in firsts}
        assert {s: pks[0] for s, pks in firsts.items()} == lowest


def test_a_story_whose_first_copy_is_filtered_out_shows_its_next(stories):
    _sources, made = stories
    story = made[0]
    copies = list(Article.objects.filter(story=story).order_by("pk"))
    first, second = copies[0], copies[1]
    for copy in copies:
        copy.title = "ماهواره"
        copy.save()
    follow.sync(ARTICLES)
    once = ArticleFilters(one_per_story=True)
    assert search_articles("ماهواره", once).ids == [first.pk]
    assert search_articles("ماهواره", ArticleFilters(source=second.source_id, one_per_story=True)).ids == [
        second.pk
    ]


def test_stories_past_tantivys_bucket_limit_are_all_counted(tmp_path):
    # More stories than one aggregation may return (65,000): a real index of the articles' schema.
    index = tantivy.Index(schema_of(ARTICLES).schema, path=str(tmp_path))
    writer = index.writer(heap_size=50_000_000, num_threads=1)
    stories = 80_000
    for pk in range(1, stories + 1):
        doc = tantivy.Document()
        doc.add_unsigned("id", pk)
        doc.add_unsigned("story", pk if pk % 7 else pk - 1)  # every 7th shares the story before it
        doc.add_unsigned("copy", FIRST_COPY)
        writer.add_document(doc)
    writer.commit()
    index.reload()
    query = tantivy.Query.term_query(schema_of(ARTICLES).schema, "copy", FIRST_COPY)
    found = story_copies._story_values(index.searcher(), ARTICLES, query)
    assert len(found) == stories - stories // 7
    assert found[6] == 2 and found[5] == 1 and sum(found.values()) == stories
