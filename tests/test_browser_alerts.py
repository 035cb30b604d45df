"""The feed link and the alert request in headless Chromium, at both widths (SCREENSHOTS=1 keeps them)."""

from __future__ import annotations

import pytest
from django.core import mail

from archive.alerts.models import Subscription
from tests.test_browser import WIDTHS, accessibility_violations, browser, check_layout, open_page, shoot  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("size", WIDTHS)
def test_the_feed_link_and_the_alert_flow_up_to_the_confirmation(browser, live_server, demo, size):  # noqa: F811
    page, _, errors = open_page(browser, live_server.url + "/articles/?q=شویگو", WIDTHS[size])
    feed = page.locator('link[rel="alternate"][type="application/atom+xml"]')
    assert feed.count() == 1 and "/articles/feed/?q=" in feed.get_attribute("href")
    assert page.locator("a.feed").is_visible()
    check_layout(page)
    shoot(page, f"alerts-search-{size}")
    page.locator("a.alert").click()
    page.wait_for_url("**/alerts/new/articles/?q=*")
    check_layout(page)
    assert "شویگو" in page.locator(".alert-search").inner_text()
    page.fill("#id_email", f"reader-{size}@example.org")
    page.locator("label.choice", has_text="هفتگی").click()
    shoot(page, f"alerts-form-{size}")
    assert accessibility_violations(page) == []
    page.locator(".alert-form button[type=submit]").click()
    page.wait_for_url("**/alerts/requested/")
    assert "پیوند تأیید فرستاده شد" in page.locator("h1").inner_text()
    check_layout(page)
    shoot(page, f"alerts-requested-{size}")
    assert accessibility_violations(page) == []
    subscription = Subscription.objects.get(email=f"reader-{size}@example.org")
    assert subscription.rate == "weekly" and subscription.confirmed_at is None
    assert len(mail.outbox) == 1
    assert not errors, errors
    page.close()


def test_a_bad_address_is_told_in_persian_on_the_page(browser, live_server, demo):  # noqa: F811
    page, _, _ = open_page(browser, live_server.url + "/alerts/new/articles/?q=شویگو", 390)
    page.fill("#id_email", "not-an-address")
    page.locator(".alert-form button[type=submit]").click()
    page.wait_for_selector(".form-errors")
    assert "این نشانی ایمیل درست نیست" in page.locator(".form-errors").inner_text()
    check_layout(page)
    shoot(page, "alerts-bad-address-mobile")
    assert not Subscription.objects.exists()
    page.close()
