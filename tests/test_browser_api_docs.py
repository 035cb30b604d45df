"""The API's docs page in headless Chromium, under the site's own Content-Security-Policy (not bypassed)."""

from __future__ import annotations

import pytest

from tests.test_browser import WIDTHS, browser, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

__all__ = ["browser"]


@pytest.mark.parametrize("size", WIDTHS)
def test_the_api_docs_render_from_static_under_the_sites_csp(browser, live_server, size):
    page = browser.new_page(viewport={"width": WIDTHS[size], "height": 900}, locale="fa-IR")
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith((live_server.url, "data:")) else None,
    )
    response = page.goto(live_server.url + "/api/v1/docs/")
    assert response.status == 200
    assert "script-src" in response.headers["content-security-policy"]
    # Swagger UI fetched the schema and drew every operation of the four lists.
    page.wait_for_selector(".swagger-ui .opblock-summary-path", timeout=20_000)
    paths = page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert {"/api/v1/articles/", "/api/v1/articles/{id}/", "/api/v1/events/"} <= {p.strip() for p in paths}
    assert "API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.evaluate("document.documentElement.lang") == "fa"
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    assert not errors, errors  # a CSP violation is a console error
    assert not outside, outside  # nothing from a CDN
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    shoot(page, f"api-docs-{size}")
    page.close()
