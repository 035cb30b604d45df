"""Rate limits per client: searches and exports past their budget get a Persian 429 with Retry-After."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from core.middleware import rate_limits

pytestmark = pytest.mark.django_db


@pytest.fixture
def budgets(settings, monkeypatch):
    settings.RATE_LIMITS = {"search": 3, "export": 2}
    settings.RATE_LIMIT_WINDOW = 60
    # The middleware's clock held in the middle of a window: a test's requests must not
    # straddle two windows (on a loaded machine they did, and a budget started afresh).
    monkeypatch.setattr(rate_limits, "time", SimpleNamespace(time=lambda: 60 * 28_000_000 + 30.0))
    return settings


def search(client, n: int, **extra):
    return client.get(reverse("archive:article-list"), {"q": f"رزمایش {n}"}, **extra)


def test_searches_past_the_budget_get_a_persian_429_with_retry_after(client, budgets):
    assert [search(client, n).status_code for n in range(3)] == [200, 200, 200]
    response = search(client, 3)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert 'dir="rtl"' in html and "درخواست‌ها بیش از اندازه بود" in html
    assert "ثانیهٔ دیگر دوباره امتحان کنید" in html


def test_pages_without_a_query_are_not_counted(client, budgets):
    for _ in range(6):
        assert client.get(reverse("archive:article-list")).status_code == 200
        assert client.get("/").status_code == 200
    assert search(client, 0).status_code == 200


def test_exports_have_their_own_budget(client, budgets):
    for n in range(3):
        search(client, n)
    assert search(client, 9).status_code == 429
    export = reverse("archive:articles-export")
    manifest = reverse("archive:articles-export-manifest")
    assert client.get(export).status_code == 200
    assert client.get(manifest, {"q": "x"}).status_code == 200
    limited = client.get(export, {"date_from": "1399"})
    assert limited.status_code == 429 and "خروجی‌های" in limited.content.decode()


def test_each_client_has_its_own_budget(client, budgets):
    for n in range(4):
        search(client, n, REMOTE_ADDR="198.51.100.1")
    assert search(client, 0, REMOTE_ADDR="198.51.100.1").status_code == 429
    assert search(client, 0, REMOTE_ADDR="198.51.100.2").status_code == 200


def test_behind_the_proxy_the_client_is_the_forwarded_address(client, budgets):
    budgets.BEHIND_PROXY = True
    for n in range(3):
        search(client, n, HTTP_X_REAL_IP="203.0.113.9")
    assert search(client, 3, HTTP_X_REAL_IP="203.0.113.9").status_code == 429
    assert search(client, 3, HTTP_X_REAL_IP="203.0.113.10").status_code == 200


def test_an_ipv6_client_is_counted_by_its_64(client, budgets):
    for n in range(3):
        search(client, n, REMOTE_ADDR=f"2001:db8:1:2::{n + 1}")
    assert search(client, 0, REMOTE_ADDR="2001:db8:1:2:ffff::1").status_code == 429
    assert search(client, 0, REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def test_staff_are_not_limited(staff_client, budgets):
    for n in range(6):
        assert search(staff_client, n).status_code == 200


def test_a_limit_of_zero_is_off(client, budgets):
    budgets.RATE_LIMITS = {"search": 0, "export": 0}
    for n in range(6):
        assert search(client, n).status_code == 200


def test_the_budget_comes_back_with_the_next_window(budgets):
    now = 60 * 16_667 + 20.0  # 20 s into a window
    assert rate_limits.spend("search", "192.0.2.1", 1, 60, now=now) is None
    assert rate_limits.spend("search", "192.0.2.1", 1, 60, now=now + 1) == 39
    assert rate_limits.spend("search", "192.0.2.1", 1, 60, now=now + 40) is None


@pytest.mark.parametrize(
    ("path", "budget"),
    [
        ("/articles/export.csv", "export"),
        ("/statements/export.manifest.json", "export"),
        ("/articles/export.jsonl", "export"),
        ("/articles/?q=x", "search"),
        ("/statements/?q=x", "search"),
        ("/articles/?q=+", None),
        ("/articles/", None),
        ("/admin/archive/article/?q=x", None),
    ],
)
def test_which_budget_a_request_spends(rf, path, budget):
    assert rate_limits.budget_of(rf.get(path)) == budget


def test_the_defaults_limit_searches_and_exports():
    import core.settings  # the module's values, not the tests' override (conftest.py)

    assert core.settings.RATE_LIMITS["search"] > 0 and core.settings.RATE_LIMITS["export"] > 0
