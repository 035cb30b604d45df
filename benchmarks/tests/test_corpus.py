"""The benchmark's corpus generator, its loader, and a smoke run of `manage.py bench`."""

from __future__ import annotations

import io
import statistics
from collections import Counter

import pytest
from django.core.management import call_command

from archive import models
from archive.ingest.readers import record_from_json
from archive.models import Article, Event, Statement
from archive.text import ZWNJ
from benchmarks import corpus, loading


@pytest.fixture(scope="module")
def sample() -> list[corpus.GeneratedArticle]:
    return list(corpus.articles(120, seed=3))


def test_it_is_deterministic_for_a_seed():
    assert list(corpus.generate(15, seed=7)) == list(corpus.generate(15, seed=7))
    assert list(corpus.generate(15, seed=7)) != list(corpus.generate(15, seed=8))


def test_an_article_does_not_depend_on_the_ones_before_it():
    [fortieth] = corpus.articles(1, seed=5, start=40)
    assert corpus.article(40, seed=5) == fortieth


def test_articles_are_about_2500_characters(sample):
    lengths = [len(a.body) for a in sample]
    assert 2200 <= statistics.mean(lengths) <= 2800
    assert min(lengths) >= 1200


def test_titles_are_about_ten_words(sample):
    assert 7 <= statistics.mean(len(a.title.split()) for a in sample) <= 14


def test_it_mixes_orthographies(sample):
    text = "\n".join(a.title + "\n" + a.body for a in sample)
    assert ZWNJ in text
    # ZWNJ dropped: «می‌کند» written «میکند», «بین‌المللی» written «بینالمللی».
    assert "میکند" in text or "میشود" in text
    assert "ي" in text and "ك" in text
    assert sum(spelling in text for spelling in ("هیئت", "هیأت", "هیات")) >= 2
    assert any(ch in text for ch in "۰۱۲۳۴۵۶۷۸۹")


def test_it_quotes_officials_about_once_every_two_articles(sample):
    quotes = [q for a in sample for q in a.quotes]
    assert 0.3 <= len(quotes) / len(sample) <= 0.7
    assert "سرگئی شویگو" in {o.name for o in corpus.OFFICIALS}
    assert "ذاکر حسن اف" in {o.name for o in corpus.OFFICIALS}


def test_quote_spans_point_into_the_body(sample):
    for a in sample:
        for _official, start, end, _attribution in a.quotes:
            quoted = a.body[start:end]
            assert quoted and quoted == quoted.strip()


def test_records_are_valid_import_lines(sample):
    for line, a in enumerate(sample[:20], start=1):
        record = record_from_json(a.record(), line)
        assert record.title == a.title and record.body == a.body
        assert record.published_at == a.published_at


@pytest.mark.django_db
def test_load_stores_articles_with_statements_the_database_accepts():
    report = loading.load(60, seed=2, batch=22, workers=1, progress=False)

    assert Article.objects.count() == report.articles == 60
    assert [n for n, _mb in report.rss_samples] == [22, 44, 60]
    assert report.rss_at(0.5) == report.rss_samples[1][1] > 0
    assert Statement.objects.count() == report.statements > 0
    assert Event.objects.count() == report.events == 6
    for statement in Statement.objects.select_related("article"):
        assert statement.article.body[statement.start : statement.end] == statement.text
    assert Article.objects.filter(title_key="").count() == 0
    # Every STORY_EVERY-th run of STORY_SIZE articles is one story reprinted by each of them.
    with_story = Article.objects.filter(story__isnull=False)
    assert with_story.count() == sum(loading.story_run(i) is not None for i in range(60))
    # Batches of 22 split the run of articles 20–23: it is still one story.
    sizes = Counter(with_story.values_list("story", flat=True))
    assert sorted(sizes.values()) == [loading.STORY_SIZE] * 3
    # The later copies are reprints of the first, each by another outlet, as an import links them.
    for story in sizes:
        copies = list(with_story.filter(story=story).order_by("pk"))
        assert {c.title for c in copies} == {copies[0].title}
        assert all(c.body.startswith(copies[0].body) for c in copies)
        assert len({c.source_id for c in copies}) == loading.STORY_SIZE
    if hasattr(models, "ArticleBand"):
        # Every article's near-duplicate bands are stored, as an import stores them.
        assert models.ArticleBand.objects.values("article").distinct().count() == 60


def test_the_bench_command_writes_a_report(tmp_path, django_db_blocker):
    output = tmp_path / "benchmarks.md"
    with django_db_blocker.unblock():
        call_command(
            "bench",
            articles=200,
            queries=3,
            repeat=1,
            import_articles=20,
            import_runs=1,
            import_memory_articles=30,
            alert_subscriptions=5,
            workers=1,
            output=str(output),
            database_url=f"sqlite:///{tmp_path / 'bench.sqlite3'}",
            var_dir=str(tmp_path / "var"),
            stderr=io.StringIO(),
        )

    report = output.read_text(encoding="utf-8")
    assert "## Summary" in report
    assert "search page **cold** p95, 3 distinct queries" in report
    assert "÷ bare Tantivy floor p95" in report and "warm p95" in report
    assert "`rebuild_search_index`" in report and "index size on disk" in report
    assert "CSV of a" in report and "private memory (RssAnon)" in report
    assert (
        "JSONL (full text and statements) of a" in report and "| JSONL (`/articles/export.jsonl?…`)" in report
    )
    assert "API `/api/v1/articles/` **cold** p95, 3 queries" in report
    assert "`send_alerts --rate daily`, 5 confirmed alerts" in report
    assert "### How long a run takes" in report and "| 1,000,000 |" in report
    # The import section: each format timed, and the memory of the larger run beside the smaller.
    assert "import of 20 articles as jsonl" in report and "import of 20 articles as txt" in report
    assert "peak private memory of the import (importer + largest worker), 30 vs 20 articles as txt" in report


class _FakePool:
    """Runs nothing; records how many batches were asked for ahead of the consumer."""

    def __init__(self) -> None:
        self.outstanding = self.most = 0

    def apply_async(self, func, args):
        self.outstanding += 1
        self.most = max(self.most, self.outstanding)
        pool = self

        class Result:
            def get(self):
                pool.outstanding -= 1
                return args[0]

        return Result()


def test_the_loader_keeps_a_bounded_number_of_batches_ahead_in_order():
    pool = _FakePool()
    tasks = [(1, start, 10) for start in range(0, 500, 10)]
    assert list(loading._in_order(pool, tasks, window=4)) == tasks
    assert pool.most == 4


def test_a_weighted_draw_is_the_one_random_choices_makes():
    import random

    words, weights = corpus.vocabulary()
    a, b = random.Random(11), random.Random(11)
    assert [corpus._weighted(a, words, weights) for _ in range(2000)] == [
        b.choices(words, cum_weights=weights)[0] for _ in range(2000)
    ]
