"""A worker builds at most EXPORT_SLOTS exports at once; one more waits briefly, then gets a Persian 503."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.exports import slots
from tests.conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_slot(settings, db):
    settings.EXPORT_SLOTS = 1
    settings.EXPORT_SLOT_WAIT_SECONDS = 0.1
    slots._slots = None
    make_article("رزمایش دریایی", "متن")
    yield settings
    slots._slots = None  # a response a test left open must not hold the next test's slot


def hang_up(response) -> None:
    """Close a response as the server does when the reader goes (the test client's way, its
    connection kept: Django's own close_old_connections must not close the test's transaction)."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def export(client, **params):
    return client.get(reverse("archive:articles-export"), params)


def test_an_export_past_the_slots_gets_a_persian_503_with_retry_after(client, one_slot):
    first = export(client, date_from="1399")  # streaming, not read yet: it holds the slot
    assert first.status_code == 200
    second = export(client, date_from="1400")
    assert second.status_code == 503 and second["Retry-After"]
    html = second.content.decode()
    assert 'data-reason="exports_busy"' in html and "خروجی‌های دیگری را می‌سازد" in html
    b"".join(first.streaming_content)  # sent in full: the response is closed, the slot free
    third = export(client, date_from="1401")
    assert third.status_code == 200
    hang_up(third)


def test_the_slot_comes_free_when_a_reader_goes_away(client, one_slot):
    first = export(client, date_from="1399")
    hang_up(first)  # what the server does when the reader hangs up
    second = export(client, date_from="1400")
    assert second.status_code == 200, second.content.decode()[-300:]
    hang_up(second)


def test_an_export_from_the_page_cache_needs_no_slot(client, one_slot):
    b"".join(export(client, q="رزمایش").streaming_content)  # small: kept once sent
    held = export(client, date_from="1399")
    assert held.status_code == 200 and held.streaming
    assert export(client, q="رزمایش").status_code == 200  # from the cache, while the slot is held
    hang_up(held)


def test_pages_need_no_slot(client, one_slot):
    held = export(client, date_from="1399")
    assert client.get(reverse("archive:article-list"), {"q": "رزمایش"}).status_code == 200
    assert client.get(reverse("archive:articles-export-manifest")).status_code == 200
    hang_up(held)


def test_no_bound_when_the_setting_is_zero(client, one_slot):
    one_slot.EXPORT_SLOTS = 0
    held = [export(client, date_from=str(year)) for year in range(1395, 1400)]
    assert all(r.status_code == 200 for r in held)


def test_a_response_dropped_unclosed_frees_its_slot(client, one_slot):
    import gc

    held = export(client, date_from="1399")
    assert held.status_code == 200
    del held
    gc.collect()
    second = export(client, date_from="1400")
    assert second.status_code == 200
    hang_up(second)
