"""An import fills the editors' queue with the names the archive does not know, with the role beside each."""

from __future__ import annotations

import pytest

from archive.ingest import routine
from archive.models import UnresolvedMention
from tests.ingest_helpers import FIXTURES, run_import

pytestmark = pytest.mark.django_db

QUEUE = FIXTURES / "queue"


def entries() -> list[tuple[str, str, str, str | None]]:
    return sorted(
        UnresolvedMention.objects.values_list("text", "kind", "role_title", "role_country_id").order_by("pk")
    )


def test_an_import_queues_unknown_names_with_the_position_their_apposition_names():
    report = run_import(QUEUE)
    assert report.mentions_queued == len(entries()) > 0
    assert ("داوید تونویان", "person", "وزیر دفاع", "AM") in entries()
    assert ("سرتیپ دوم آرش کیانی", "unknown", "", None) in entries()
    assert ("فرهاد صدری", "person", "", None) in entries()


def test_a_role_nobody_holds_is_queued_with_its_title_and_country():
    run_import(QUEUE / "02_tasnim_analysis.txt")
    assert ("رئیس ستاد کل نیروهای مسلح ارمنستان", "role", "رئیس ستاد کل نیروهای مسلح", "AM") in entries()


def test_a_name_written_twice_in_an_article_is_one_entry():
    run_import(QUEUE / "02_tasnim_analysis.txt")
    texts = [t for t, *_ in entries()]
    assert texts.count("فرهاد صدری") == 1  # «صدری گفت» later is the same person, not queued again


def test_a_reimport_queues_nothing_more():
    run_import(QUEUE)
    before = entries()
    report = run_import(QUEUE)
    assert report.mentions_queued == 0 and entries() == before


def test_a_dry_run_leaves_the_queue_empty():
    run_import(QUEUE, dry_run=True)
    assert not UnresolvedMention.objects.exists()


def test_a_bulk_import_queues_only_its_first_articles(monkeypatch):
    monkeypatch.setattr(routine, "QUEUE_AT_IMPORT", 1)
    report = run_import(QUEUE)
    assert report.imported == 2
    assert UnresolvedMention.objects.values("article").distinct().count() == 1
    assert report.mentions_queued == UnresolvedMention.objects.count()
    assert report.queue_skipped == 1 and any("manage.py suggest" in line for line in report.summary_lines())


def test_the_summary_counts_the_queued_names():
    report = run_import(QUEUE)
    assert any("صف ویراستاران" in line for line in report.summary_lines())
    assert report.as_dict()["mentions_queued"] == report.mentions_queued
