"""The index follows the change log: every write path, in order, idempotently, never blocking a reader."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time

import pytest
import tantivy
from django.db import connection

from archive.models import (
    Country,
    Event,
    Official,
    OfficialAlias,
    SearchChange,
    SearchIndexState,
    Statement,
)
from archive.search import (
    ArticleFilters,
    StatementFilters,
    build,
    changelog,
    follow,
    indexdir,
    search_articles,
    search_officials,
    search_statements,
)
from archive.search.schema import ARTICLES, KINDS, OFFICIALS, STATEMENTS
from tests.conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed():
    iran = Country.objects.get_or_create(code="IR", defaults={"name": "ایران"})[0]
    article = make_article("رزمایش دریایی", "نیروی دریایی رزمایش بزرگی برگزار کرد.")
    article.published_at = dt.datetime(2020, 8, 1, tzinfo=dt.UTC)
    article.save()
    official = Official.objects.create(name="ذاکر حسن‌اف", country=iran)
    statement = Statement.objects.create(
        article=article, official=official, text="نیروی دریایی", start=0, end=12
    )
    build.build_all()
    return article, official, statement


def ids(text: str, **filters) -> list[int]:
    return search_articles(text, ArticleFilters(**filters)).ids


def applied(kind: str) -> int:
    opened = indexdir.open_current(kind)
    opened.index.reload()
    return indexdir.meta_position(kind, opened.searcher())


def test_an_edit_is_applied_by_sync(indexed):
    article, _, _ = indexed
    article.title = "سفر وزیر"
    article.save()
    follow.sync()
    assert ids("سفر") == [article.pk]
    assert ids("دریایی") == [article.pk]  # still in the body


def test_a_withdrawal_by_raw_sql_is_seen_by_the_next_search(indexed):
    article, _, statement = indexed
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_article SET is_public = %s WHERE id = %s", [False, article.pk])
    # No explicit sync: the search finds the index behind the log and catches up.
    assert ids("رزمایش") == []
    assert ids("رزمایش", public=None) == [article.pk]
    assert search_statements("دریایی").ids == []  # the statement carries its article's flag
    assert search_statements("دریایی", StatementFilters(public=None)).ids == [statement.pk]


def test_a_deleted_article_leaves_the_index(indexed):
    article, _, _ = indexed
    article.delete()
    assert ids("رزمایش") == [] and search_statements("دریایی").ids == []


def test_an_event_change_reaches_its_articles_and_statements(indexed):
    article, _, statement = indexed
    event = Event.objects.create(kind="exercise", title="رزمایش", start=dt.date(2020, 8, 1))
    event.articles.add(article)
    Statement.objects.filter(pk=statement.pk).update(event=event)
    assert ids("", kind="exercise") == [article.pk]
    assert search_statements("", StatementFilters(kind="exercise")).ids == [statement.pk]
    Event.objects.filter(pk=event.pk).update(kind="visit")
    assert ids("", kind="exercise") == [] and ids("", kind="visit") == [article.pk]
    assert search_statements("", StatementFilters(kind="visit")).ids == [statement.pk]
    other = Official.objects.create(name="سرگئی شویگو")
    event.officials.add(other)
    assert ids("", official=other.pk) == [article.pk]  # taking part in a reported event


def test_an_official_change_reaches_their_document_and_statements(indexed):
    _, official, statement = indexed
    OfficialAlias(official=official, name="Zakir Hasanov").save()
    assert search_officials("hasanov").ids == [official.pk]
    russia = Country.objects.get_or_create(code="RU", defaults={"name": "روسیه"})[0]
    official.country = russia
    official.save()
    assert search_statements("", StatementFilters(country="RU")).ids == [statement.pk]
    assert search_statements("", StatementFilters(country="IR")).ids == []


def test_the_position_is_committed_with_the_documents_and_reported(indexed):
    article, _, _ = indexed
    article.title = "عنوان نو"
    article.save()
    follow.sync()
    for kind in KINDS:
        assert applied(kind) == changelog.position()
        name = indexdir.open_current(kind).name
        assert SearchIndexState.objects.get(name=name).position == changelog.position()


def test_applying_the_log_again_changes_nothing(indexed):
    article, _, _ = indexed
    article.title = "عنوان نو"
    article.save()
    follow.sync()
    opened = indexdir.open_current(ARTICLES)
    docs = opened.searcher().num_docs
    # Rewind the stored position as a crash between a commit and a report would
    # leave it: the same changes are applied a second time.
    writer = follow.writer_of(opened.index)
    follow.commit(ARTICLES, writer, 0)
    del writer
    assert follow.sync(ARTICLES) == {ARTICLES: changelog.position()}
    opened.index.reload()
    assert opened.searcher().num_docs == docs
    assert ids("عنوان") == [article.pk]


def test_a_writer_held_by_another_process_leaves_the_change_in_the_log(indexed):
    article, _, _ = indexed
    directory = indexdir.current_directory(ARTICLES)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, tantivy\n"
            "writer = tantivy.Index.open(sys.argv[1]).writer(heap_size=20_000_000, num_threads=1)\n"
            "print('held', flush=True)\n"
            "time.sleep(60)\n",
            str(directory),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        article.title = "سفر وزیر"
        article.save()
        assert follow.sync(ARTICLES) == {ARTICLES: None}
        began = time.monotonic()
        assert ids("سفر") == []  # the reader answers at once, from the last commit
        assert time.monotonic() - began < 1.0
        assert applied(ARTICLES) < changelog.position()
        assert SearchChange.objects.filter(seq=changelog.position()).exists()
    finally:
        holder.kill()
        holder.wait()
    assert ids("سفر") == [article.pk]  # the next search applies it


def test_two_index_directories_follow_one_database(indexed, settings, tmp_path):
    article, _, _ = indexed
    first = settings.SEARCH_INDEX_DIR
    second = tmp_path / "second-host"
    settings.SEARCH_INDEX_DIR = second
    build.build_all()
    article.title = "سفر وزیر"
    article.save()
    for root in (first, second):
        settings.SEARCH_INDEX_DIR = root
        assert ids("سفر") == [article.pk]
    states = SearchIndexState.objects.filter(name__contains=f"{second}")
    assert states.count() == len(KINDS)
    # Rows both hosts have applied can go; the last row always stays.
    changelog.prune()
    assert list(SearchChange.objects.values_list("seq", flat=True)) == [changelog.position()]


def test_pruning_keeps_what_a_lagging_index_needs(indexed, settings, tmp_path):
    article, _, _ = indexed
    settings.SEARCH_INDEX_DIR = tmp_path / "second-host"
    build.build_all()
    behind = changelog.position()
    article.title = "سفر وزیر"
    article.save()
    article.title = "سفر دوم"
    article.save()
    follow.sync()  # the second host is current; the first is not
    changelog.prune()
    assert SearchChange.objects.filter(seq__gt=behind).count() >= 2


def test_a_rebuild_does_not_leave_the_replaced_index_holding_the_log_back(indexed):
    article, _, _ = indexed
    replaced = indexdir.open_current(ARTICLES).name
    build.build(ARTICLES)
    assert not SearchIndexState.objects.filter(name=replaced).exists()
    assert SearchIndexState.objects.filter(name=indexdir.open_current(ARTICLES).name).exists()
    article.title = "سفر وزیر"
    article.save()
    follow.sync()
    changelog.prune()
    assert list(SearchChange.objects.values_list("seq", flat=True)) == [changelog.position()]


def test_a_statement_moved_to_another_article_leaves_the_first(indexed):
    _, official, statement = indexed
    other = make_article("گزارش دیگر", "نیروی دریایی در بندر")
    Statement.objects.filter(pk=statement.pk).update(article=other)
    assert ids("", official=official.pk) == [other.pk]
    assert search_statements("", StatementFilters(article=other.pk)).ids == [statement.pk]


def test_sync_of_a_missing_index_is_reported_not_raised(indexed, caplog):
    indexdir.pointer(OFFICIALS).unlink()
    indexdir.forget()
    with caplog.at_level("INFO", logger="archive.search.follow"):
        assert follow.sync(OFFICIALS) == {OFFICIALS: None}
    assert "not synced" in caplog.text


def test_a_tantivy_index_is_per_kind(indexed):
    for kind in (ARTICLES, STATEMENTS, OFFICIALS):
        index = tantivy.Index.open(str(indexdir.current_directory(kind)))
        assert index.searcher().num_docs == 2  # one record and the meta document


def test_an_import_applies_each_batch_itself(indexed, tmp_path):
    from archive.ingest.routine import import_paths

    (tmp_path / "a.jsonl").write_text(
        '{"title": "پهپاد تازه", "body": "نمایش پهپاد در نمایشگاه"}\n', encoding="utf-8"
    )
    import_paths([tmp_path])
    # Applied by the import, before any search could catch up.
    assert applied(ARTICLES) == changelog.position()
    assert search_articles("پهپاد").count == 1


def test_an_editors_save_is_applied_before_the_response(indexed, staff_client):
    article, _, _ = indexed
    data = {
        "title": "عنوان ویراسته",
        "body": article.body,
        "language": "fa",
        "review_status": "annotated",
        "is_public": "on",
        "version": article.version,
        "via_links-TOTAL_FORMS": 0,
        "via_links-INITIAL_FORMS": 0,
        "statements-TOTAL_FORMS": 0,
        "statements-INITIAL_FORMS": 0,
        "Event_articles-TOTAL_FORMS": 0,
        "Event_articles-INITIAL_FORMS": 0,
    }
    before = changelog.position()
    response = staff_client.post(f"/admin/archive/article/{article.pk}/change/", data)
    assert response.status_code == 302
    assert changelog.position() > before
    assert applied(ARTICLES) == changelog.position()
