"""Hostile markup: a saved page or a feed item crafted to be slow imports or fails in seconds."""

import html
import time

import pytest

from archive.ingest.readers.htmltext import extract_page, html_to_text
from archive.models import Article
from tests.ingest_helpers import run_import

pytestmark = pytest.mark.django_db
FOUR_MB = 4 * 1024 * 1024
# Generous for a shared 2-core machine: the old tag stack took 53 s on 280 KB of this.
SECONDS = 15


def _page(middle: str) -> str:
    return (
        "<html><head><title>صفحه</title></head><body><h1>عنوان خبر</h1>"
        f"<article><p>بند نخست خبر.</p>{middle}<p>بند پایانی.</p></article></body></html>"
    )


def _timed_import(path):
    began = time.perf_counter()
    report = run_import(path)
    return report, time.perf_counter() - began


def test_a_4_mb_page_of_unclosed_tags_then_stray_end_tags_fails_in_seconds(tmp_path):
    count = FOUR_MB // 7 // 2
    (tmp_path / "hostile.html").write_text(_page("<b>" * count + "</i>" * count), encoding="utf-8")
    assert (tmp_path / "hostile.html").stat().st_size > FOUR_MB // 2
    report, seconds = _timed_import(tmp_path / "hostile.html")
    assert seconds < SECONDS
    assert report.failures[0].reason.startswith("HTML بیش از ۲٬۰۴۸ لایه تودرتو است")
    assert Article.objects.count() == 0


def test_a_4_mb_page_of_stray_end_tags_imports_in_seconds(tmp_path):
    (tmp_path / "hostile.html").write_text(_page("</i>" * (FOUR_MB // 4)), encoding="utf-8")
    report, seconds = _timed_import(tmp_path / "hostile.html")
    assert seconds < SECONDS and report.ok, report.failures
    assert Article.objects.get().body == "بند نخست خبر.\n\nبند پایانی."


def test_a_4_mb_page_of_shallow_nesting_imports_in_seconds(tmp_path):
    (tmp_path / "hostile.html").write_text(_page("<b>ک</b>" * (FOUR_MB // 9)), encoding="utf-8")
    report, seconds = _timed_import(tmp_path / "hostile.html")
    assert seconds < SECONDS and report.ok, report.failures
    assert Article.objects.get().title == "عنوان خبر"


def test_a_feed_item_of_hostile_markup_is_read_in_seconds(tmp_path):
    count = 150_000
    content = html.escape("<p>متن خبر</p>" + "<b>" * 2000 + "</b>" * 2000 + "</i>" * count)
    (tmp_path / "feed.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>خبرگزاری</title>'
        f"<item><title>یک</title><description>{content}</description></item></channel></rss>",
        encoding="utf-8",
    )
    report, seconds = _timed_import(tmp_path / "feed.xml")
    assert seconds < SECONDS and report.ok, report.failures
    assert Article.objects.get().body == "متن خبر"


def test_the_extractor_keeps_what_the_page_says():
    page = extract_page(
        '<html lang="fa-IR"><head><title>عنوان | سایت</title><meta property="og:site_name" content="آران">'
        '<link rel="canonical" href="https://arannews.example/7"></head><body><header><h1>سرصفحه</h1></header>'
        "<nav><p>فهرست</p></nav><h1>عنوان <b>خبر</b></h1><article><p>یک<br>دو</p><script>x()</script>"
        "<!-- note --><p>سه &amp; چهار</p></article><footer><p>حقوق</p></footer></body></html>"
    )
    assert (page.title, page.h1, page.language) == ("عنوان | سایت", "عنوان خبر", "fa-IR")
    assert (page.url, page.site_name) == ("https://arannews.example/7", "آران")
    assert page.body == "یک\nدو\n\nسه & چهار"


def test_fragments_become_paragraphs_of_text():
    assert html_to_text("<p>یک</p><div>دو<br>سه</div><style>p{}</style>") == "یک\n\nدو\n\nسه"
    assert html_to_text("") == "" and html_to_text("متن ساده &amp; بس") == "متن ساده & بس"
