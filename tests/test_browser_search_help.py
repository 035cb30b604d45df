"""The search help page and the search page as a reader sees them, at 1280 and 390 px (headless Chromium).

Reuses tests/test_browser.py's browser and helpers; SCREENSHOTS=1 writes the
screenshots to docs/screenshots/.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.test_browser import WIDTHS, accessibility_violations, browser, check_layout, open_page, shoot

__all__ = ["browser"]  # the fixture, shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# The left edge of each word of an element's text, as the browser laid out its bidi runs.
LEFTS = """(el, words) => { const t = el.firstChild, s = t.textContent, r = document.createRange();
    return words.map(w => { r.setStart(t, s.indexOf(w)); r.setEnd(t, s.indexOf(w) + w.length);
        return r.getBoundingClientRect().left; }); }"""


@pytest.mark.parametrize("size", WIDTHS)
def test_the_help_page_is_rtl_accessible_and_fits(browser, live_server, demo, size):
    page, response, errors = open_page(browser, live_server.url + "/help/search/", WIDTHS[size])
    assert response.status == 200
    check_layout(page)
    assert not errors, errors
    assert page.locator("h1").inner_text() == "راهنمای جست‌وجو"
    # A query that opens with a Latin field name reads as typed: «title:» first, on the left…
    title, word = page.locator("a.example .query", has_text="title:روسیه").first.evaluate(
        LEFTS, ["title", "روسیه"]
    )
    assert title < word
    # …and one that opens in Persian keeps the Latin OR between its words, right to left.
    first, operator, second = page.locator("a.example .query", has_text="تووز OR قره‌باغ").first.evaluate(
        LEFTS, ["تووز", "OR", "قره‌باغ"]
    )
    assert first > operator > second
    shoot(page, f"search-help-{size}")
    assert accessibility_violations(page) == []
    page.close()


def test_a_help_example_runs_its_search(browser, live_server, demo):
    page, _, _ = open_page(browser, live_server.url + "/help/search/", 1280)
    page.locator("a.example", has_text="حسن اف").first.click()
    page.wait_for_url("**/articles/?q=*")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["حسن اف"]}
    assert page.locator(".results > li").count() == 1
    page.close()


@pytest.mark.parametrize("path", ["/", "/articles/", "/statements/", "/officials/", "/events/"])
def test_every_search_box_links_to_the_help(browser, live_server, demo, path):
    page, _, _ = open_page(browser, live_server.url + path, 390)
    link = page.locator("a", has_text="راهنمای جست‌وجو").first
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/help/search/")
    page.close()


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("size", WIDTHS)
def test_the_search_page_shows_its_facets_beside_or_before_the_results(browser, live_server, demo, size):
    page, response, errors = open_page(browser, live_server.url + "/articles/?q=شویگو", WIDTHS[size])
    assert response.status == 200
    check_layout(page)
    assert not errors, errors
    facets, results = _box(page, "aside.facets"), _box(page, ".results")
    facet_link = page.locator("aside.facets section a").first
    if size == "mobile":
        # Before the results, collapsed to one line; opened with a tap.
        assert facets["y"] + facets["height"] <= results["y"]
        assert not facet_link.is_visible()
        shoot(page, f"search-{size}-facets-closed")
        page.locator("aside.facets summary").click()
        assert facet_link.is_visible()
    else:
        # Beside them (on the left, the page being right to left), open, with no toggle.
        assert facets["x"] + facets["width"] <= results["x"]
        assert facets["y"] < results["y"] + results["height"]
        assert facet_link.is_visible()
        assert not page.locator("aside.facets summary").is_visible()
    shoot(page, f"search-{size}")
    assert accessibility_violations(page) == []
    page.close()


def test_the_home_placeholder_is_laid_out_right_to_left(browser, live_server, demo):
    page, _, _ = open_page(browser, live_server.url + "/", 1280)
    box = page.locator("#id_q")
    # dir="auto" on an empty box would lay its placeholder out left to right («قره‌باغ OR مثلاً…»).
    assert "OR" in box.get_attribute("placeholder")
    assert box.evaluate("el => getComputedStyle(el).direction") == "rtl"
    box.fill("Shoigu")  # typed Latin still runs left to right
    assert box.evaluate("el => getComputedStyle(el).direction") == "ltr"
    box.fill("شویگو")
    assert box.evaluate("el => getComputedStyle(el).direction") == "rtl"
    page.close()


def test_a_query_in_a_hint_is_set_in_the_page_font_and_isolated(browser, live_server, demo):
    # The browser's monospace font for <code> drew «تووز OR قره‌باغ» with its letters unjoined.
    page, _, _ = open_page(browser, live_server.url + "/articles/?q=ناموجود", 390)
    hint = page.locator(".empty .query", has_text="قره‌باغ")
    assert hint.evaluate("el => getComputedStyle(el).fontFamily").startswith(('"Vazirmatn"', "Vazirmatn"))
    assert hint.evaluate("el => getComputedStyle(el).unicodeBidi") == "plaintext"
    assert hint.evaluate("el => getComputedStyle(el).letterSpacing") in ("normal", "0px")
    shoot(page, "search-empty-mobile")
    page.close()


def test_the_filter_form_shares_only_what_is_set_without_javascript(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/articles/")
    page.fill("#id_q", "شویگو")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**/articles/?q=*")
    assert parse_qs(urlsplit(page.url).query, keep_blank_values=True) == {"q": ["شویگو"]}
    assert page.locator(".results > li").count() == 1
    context.close()


def test_a_reversed_range_offers_the_swapped_one(browser, live_server, demo):
    page, _, _ = open_page(browser, live_server.url + "/articles/?date_from=1400&date_to=1399", 390)
    warning = page.locator(".reversed-dates")
    assert warning.is_visible() and "۱۴۰۰" in warning.inner_text()
    assert page.locator(".results > li").count() == 0
    shoot(page, "search-reversed-dates-mobile")
    warning.locator("a").click()
    page.wait_for_url("**/articles/?*")
    assert parse_qs(urlsplit(page.url).query) == {"date_from": ["1399"], "date_to": ["1400"]}
    assert page.locator(".results > li").count() == 1
    page.close()
