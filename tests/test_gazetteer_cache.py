"""The editors' gazetteer is loaded once and reloaded only when officials change."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.extract.gazetteer_cache import current_gazetteer
from archive.extract.tokens import tokenize
from archive.models import Official, OfficialAlias, Position


def names_found(text: str) -> set[int]:
    tokens = tokenize(text)
    gazetteer = current_gazetteer()
    return {
        official_id
        for i in range(len(tokens))
        if (match := gazetteer.names.match(tokens, i))
        for official_id in match[1]
    }


def test_a_second_call_reads_only_the_change_log_position(demo):
    first = current_gazetteer()
    with CaptureQueriesContext(connection) as queries:
        second = current_gazetteer()
    assert second is first
    assert len(queries) == 1 and "archive_searchchange" in queries[0]["sql"]


def test_a_new_alias_is_recognised(hasanov):
    assert hasanov.pk not in names_found("ذاکر حسن‌اوف گفت")
    OfficialAlias(official=hasanov, name="ذاکر حسن‌اوف").save()
    assert hasanov.pk in names_found("ذاکر حسن‌اوف گفت")


def test_a_new_official_is_recognised(demo):
    current_gazetteer()
    official = Official.objects.create(name="یاشار گولر")
    assert official.pk in names_found("یاشار گولر گفت")


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_that_sends_no_signal_is_seen(demo):
    # Committed, as another process's import would be.
    current_gazetteer()
    (official,) = Official.objects.bulk_create([Official(name="یاشار گولر")])  # no signal: the log tells
    assert official.pk in names_found("یاشار گولر گفت")


def test_a_position_change_reloads_it(hasanov):
    before = current_gazetteer()
    Position.objects.create(official=hasanov, title="وزیر دفاع", start="2013-01-22")
    assert current_gazetteer() is not before
