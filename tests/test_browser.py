"""What a reader sees, in headless Chromium: right-to-left pages in Vazirmatn, nothing overflowing.

Also writes the screenshots in docs/screenshots/ (set SCREENSHOTS=1 to refresh them).
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
WIDTHS = {"desktop": 1280, "mobile": 390}


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is required for the browser tests in CI (make test installs it).")
        pytest.skip("Chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of
    # the fixtures are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                ],
            )
            yield browser
            browser.close()
    finally:
        # It must not leak into later tests, nor into the subprocesses they start.
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def open_page(browser, url: str, width: int):
    # bypass_csp lets the audit inject axe-core; the page's own CSP errors are still reported.
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="fa-IR", bypass_csp=True)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    response = page.goto(url)
    page.evaluate("document.fonts.ready")
    return page, response, errors


def check_layout(page) -> None:
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "fa"
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith(
        '"Vazirmatn"'
    ) or page.evaluate("getComputedStyle(document.body).fontFamily").startswith("Vazirmatn")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the window"


def shoot(page, name: str) -> None:
    if os.environ.get("SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def pages(demo) -> dict[str, str]:
    official = demo.statements.first().official
    return {
        "home": "/",
        "search": "/articles/?q=شویگو",
        "article": demo.get_absolute_url(),
        "officials": "/officials/",
        "official": official.get_absolute_url(),
        "statements": "/statements/",
        "events": "/events/",
        "event": demo.events.get(kind="meeting").get_absolute_url(),
    }


def accessibility_violations(page) -> list[str]:
    """Serious and critical findings of axe-core, run inside the page."""
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("node_modules/axe-core is missing: make test installs it with npm.")
        return []
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['html'][:120]})"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("size", WIDTHS)
@pytest.mark.parametrize(
    "name", ["home", "search", "article", "officials", "official", "statements", "events", "event"]
)
def test_every_page_is_rtl_in_vazirmatn_accessible_and_fits(browser, live_server, demo, name, size):
    page, response, errors = open_page(browser, live_server.url + pages(demo)[name], WIDTHS[size])
    assert response.status == 200
    check_layout(page)
    assert not errors, errors  # CSP violations and missing files show up here
    shoot(page, f"{name}-{size}")
    assert accessibility_violations(page) == []
    page.close()


def test_the_article_page_marks_statements_and_shows_the_jalali_date(browser, live_server, demo):
    page, _, _ = open_page(browser, live_server.url + demo.get_absolute_url(), 1280)
    assert page.locator("mark.statement").count() == demo.statements.count()
    assert page.locator("time").first.get_attribute("title").startswith("2020-08-25")
    assert "شهریور ۱۳۹۹" in page.locator("time").first.inner_text()
    page.close()


def test_the_search_page_highlights_matches(browser, live_server, demo):
    page, _, _ = open_page(browser, live_server.url + "/articles/?q=شویگو", 1280)
    assert page.locator(".results mark").count() >= 1
    page.close()


def test_a_statement_link_scrolls_to_its_span(browser, live_server, demo):
    statement = demo.statements.order_by("-start").first()
    page, _, _ = open_page(
        browser, f"{live_server.url}{demo.get_absolute_url()}#statement-{statement.pk}", 390
    )
    top = page.evaluate(f"document.getElementById('statement-{statement.pk}').getBoundingClientRect().top")
    assert 0 <= top < page.evaluate("window.innerHeight")
    page.close()


def test_the_search_box_works_from_the_keyboard(browser, live_server, demo):
    page, _, _ = open_page(browser, live_server.url + "/", 1280)
    page.keyboard.press("Tab")  # skip link
    page.locator("#id_q").focus()
    page.keyboard.type("حسن اف")
    page.keyboard.press("Enter")
    page.wait_for_url("**/articles/?q=*")
    assert page.locator(".results li").count() == 1
    page.close()


def test_the_admin_article_page_works_under_the_content_security_policy(
    browser, live_server, demo, django_user_model
):
    django_user_model.objects.create_superuser("editor", "e@example.org", "a-long-password-1")
    page, _, errors = open_page(browser, live_server.url + "/admin/login/", 1280)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-password-1")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/archive/article/{demo.pk}/change/")
    assert page.locator(".inline-group").count() >= 3
    # The inlines' "add another" link is made by the admin's own script: it ran.
    page.wait_for_selector(".add-row a", timeout=5000)
    assert not [e for e in errors if "Content Security Policy" in e], errors
    shoot(page, "admin-article-desktop")
    page.close()


@pytest.fixture
def exercises_over_time(db):
    """«رزمایش» in articles of thirty months (1399–1401), and in three years a decade apart."""
    import datetime as dt

    from archive.dates import TEHRAN, to_gregorian
    from archive.models import Article

    def on(year: int, month: int) -> dt.datetime:
        return dt.datetime.combine(to_gregorian(year, month, 12), dt.time(9), tzinfo=TEHRAN)

    for i in range(30):
        year, month = 1399 + i // 12, 1 + i % 12
        for n in range(1 + (i * 7) % 5):
            Article.objects.create(title=f"رزمایش {i}-{n}", body="گزارش رزمایش", published_at=on(year, month))
        Article.objects.create(title=f"نشست {i}", body="گزارش نشست", published_at=on(year, month))
    for year in (1385, 1392, 1402):
        Article.objects.create(title=f"مانور {year}", body="گزارش مانور", published_at=on(year, 3))


def visible_chart(page):
    charts = page.locator("figure.matches-chart svg.chart")
    visible = [charts.nth(i) for i in range(charts.count()) if charts.nth(i).is_visible()]
    assert len(visible) == 1, "one drawing of the chart shows at a time"
    return visible[0]


@pytest.mark.parametrize("size", WIDTHS)
@pytest.mark.parametrize("query", ["q=رزمایش", "q=رزمایش&chart=share", "q=مانور"])
def test_the_matches_chart_renders_and_fits(browser, live_server, exercises_over_time, size, query):
    page, response, errors = open_page(browser, f"{live_server.url}/articles/?{query}", WIDTHS[size])
    assert response.status == 200
    check_layout(page)
    assert not errors, errors
    chart = visible_chart(page)
    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[size]
    bars = chart.locator("rect.bar")
    assert bars.count() == (30 if "رزمایش" in query else 18)  # months, or the years 1385–1402
    labels = [
        chart.locator("text.axis").nth(i).bounding_box()
        for i in range(chart.locator("text.axis").count())
        if chart.locator("text.axis").nth(i).inner_html()
    ]
    assert len(labels) >= 3
    # Readable: the labels' text is at least 11 px on the screen, and no two labels touch.
    on_screen = chart.locator("text.axis").first.evaluate(
        "t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a"
    )
    assert on_screen >= 11, f"chart labels are {on_screen:.1f} px"
    ordered = sorted(labels, key=lambda label: label["x"])
    for left, right in itertools.pairwise(ordered):
        assert left["x"] + left["width"] <= right["x"], "chart labels overlap"
    for label in labels:
        assert box["x"] - 1 <= label["x"] and label["x"] + label["width"] <= box["x"] + box["width"] + 1
    name = "share" if "share" in query else ("years" if "مانور" in query else "months")
    shoot(page, f"search-chart-{name}-{size}")
    assert accessibility_violations(page) == []
    page.close()
