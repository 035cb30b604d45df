"""The import measure undoes its runs but never the search change log the index follows."""

from __future__ import annotations

import pytest

from archive.models import Article, SearchChange
from benchmarks import importing, loading


def test_the_change_log_is_not_undone():
    tables = {table for table, _pk in importing._tables()}
    assert SearchChange._meta.db_table not in tables
    assert Article._meta.db_table in tables


@pytest.mark.django_db(transaction=True)  # as in the bench: PostgreSQL's VACUUM runs outside one
def test_undoing_a_run_leaves_the_log_holding_its_deletions():
    marks = importing.high_marks()
    loading.load(5, seed=9, workers=1, progress=False)
    logged = SearchChange.objects.count()
    assert logged > 0  # the triggers logged the inserts
    importing.delete_above(marks)
    assert not Article.objects.exists()
    assert SearchChange.objects.count() > logged  # and the deletions, which the index must follow
