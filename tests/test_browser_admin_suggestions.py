"""The article's admin page with suggestions marked, in headless Chromium, under the site's CSP.

Writes docs/screenshots/admin-suggestions-desktop.png when SCREENSHOTS=1.
"""

from __future__ import annotations

import os

import pytest

from archive.models import ReviewStatus
from tests.test_browser import SCREENSHOTS, browser, open_page  # noqa: F401 (the browser fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_article_admin_page_marks_suggestions_and_accepts_one(
    browser,  # noqa: F811 (the fixture imported above)
    live_server,
    demo,
    django_user_model,
):
    # Leave four statements annotated and three as suggestions, as mid-review.
    for statement in demo.statements.order_by("-start")[:3]:
        statement.delete()
    demo.review_status = ReviewStatus.IN_REVIEW
    demo.save()
    django_user_model.objects.create_superuser("editor", "e@example.org", "a-long-password-1")
    page, _, errors = open_page(browser, live_server.url + "/admin/login/", 1280)
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-password-1")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/archive/article/{demo.pk}/change/")
    page.evaluate("document.fonts.ready")
    body = page.locator(".sg-body")
    assert body.locator("mark.sg-statement.sg-suggested").count() == 3
    assert body.locator("mark.sg-statement.sg-accepted").count() == 4
    assert body.locator("mark.sg-mention.sg-resolved").count() >= 5
    # The small script ran (no inline script needed): hovering lights the speaker.
    body.locator("mark.sg-statement.sg-suggested").first.hover()
    assert body.locator("mark.sg-speaker-lit").count() == 1
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert not [e for e in errors if "Content Security Policy" in e], errors
    if os.environ.get("SCREENSHOTS"):
        # The top of the page, down to the end of the marked body: the form below is the stock admin.
        bottom = page.evaluate("document.querySelector('.sg-panel').getBoundingClientRect().bottom + scrollY")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(SCREENSHOTS / "admin-suggestions-desktop.png"),
            clip={"x": 0, "y": 0, "width": 1280, "height": bottom + 16},
            full_page=True,
        )

    body.locator("button.sg-accept").first.click()
    page.wait_for_load_state()
    assert page.locator(".sg-body mark.sg-statement.sg-accepted").count() == 5
    assert demo.statements.count() == 5
    page.close()
