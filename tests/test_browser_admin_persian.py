"""The admin in headless Chromium, under the site's CSP: Vazirmatn, right to left, nothing missing or clipped.

The pages are opened without bypassing the Content-Security-Policy, so a
blocked style or script is an error in the console like a missing file.
"""

from __future__ import annotations

import pytest

from tests.test_browser import browser  # noqa: F401 (the browser fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-password-1"


def watched_page(browser, width: int):  # noqa: F811
    """A page that records console errors and every request that failed or was answered ≥ 400."""
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="fa-IR")
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on("response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    return page, problems


def log_in(page, base: str) -> None:
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")


def uses_vazirmatn(page) -> bool:
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    return family.lstrip('"').startswith("Vazirmatn") and page.evaluate(
        "document.fonts.check('16px Vazirmatn')"
    )


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "e@example.org", PASSWORD)


def test_the_login_page_loads_everything_it_asks_for_and_is_set_in_vazirmatn(browser, live_server):  # noqa: F811
    page, problems = watched_page(browser, 1366)
    page.goto(live_server.url + "/admin/login/")
    page.evaluate("document.fonts.ready")
    page.wait_for_load_state("networkidle")
    assert problems == []
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert uses_vazirmatn(page)
    assert page.locator("link[rel=icon]").count() == 1
    page.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_the_article_list_fits_the_window_without_clipping(browser, live_server, demo, editor, width):  # noqa: F811
    page, problems = watched_page(browser, width)
    log_in(page, live_server.url)
    page.goto(live_server.url + "/admin/archive/article/")
    page.evaluate("document.fonts.ready")
    assert uses_vazirmatn(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the window"
    if width >= 1366:
        # The results box scrolls sideways when its table is wider: at 1366 px nothing may hide there.
        hidden = page.evaluate(
            "(() => { const r = document.querySelector('#changelist .results');"
            " return r.scrollWidth - r.clientWidth; })()"
        )
        assert hidden <= 0, f"{hidden}px of the article table are cut off"
    assert problems == []
    page.close()


def test_the_statement_form_moves_its_span_by_words(browser, live_server, demo, editor):  # noqa: F811
    statement = demo.statements.order_by("start").first()
    page, problems = watched_page(browser, 1366)
    log_in(page, live_server.url)
    page.goto(
        f"{live_server.url}/admin/archive/statement/add/?article={demo.pk}&start={statement.start}"
        f"&end={statement.end}&attribution=داوید تونویان&_from_article=1"
    )
    quote = page.locator("#span-quote")
    assert quote.inner_text() == statement.text
    page.click("button[data-end=end][data-step='-1']")
    end = int(page.input_value("#id_end"))
    assert end < statement.end and demo.body[end - 1].strip()
    assert quote.inner_text() == demo.body[statement.start : end]
    page.click("button[data-end=start][data-step='1']")
    start = int(page.input_value("#id_start"))
    assert start > statement.start and quote.inner_text() == demo.body[start:end]
    assert "name=%D8%AF%D8%A7%D9%88%DB%8C%D8%AF" in page.get_attribute("#add_id_official", "href")
    assert problems == []
    page.close()


def test_a_speaker_the_archive_lacks_is_created_in_place_from_the_statement_form(
    browser,  # noqa: F811
    live_server,
    demo,
    editor,
):
    statement = demo.statements.order_by("start").first()
    page, problems = watched_page(browser, 1366)
    log_in(page, live_server.url)
    page.goto(
        f"{live_server.url}/admin/archive/statement/add/?article={demo.pk}&start={statement.start}"
        f"&end={statement.end}&attribution=داوید تونویان&_from_article=1"
    )
    with page.expect_popup() as opened:
        page.click("#add_id_official")
    popup = opened.value
    popup.wait_for_load_state()
    assert popup.input_value("#id_name") == "داوید تونویان"
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    chosen = page.locator("#id_official option:checked")
    assert chosen.inner_text() == "داوید تونویان"
    assert problems == []
    page.close()
