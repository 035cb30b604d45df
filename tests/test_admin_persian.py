"""Every admin page an editor uses reads in Persian: no English interface word, no Gregorian month."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

from archive.models import Article, Event, Official, RejectedSuggestion, Source, Statement
from tests.admin_text import GREGORIAN_MONTHS, data_words, english_words, visible_text

pytestmark = pytest.mark.django_db


def editor_pages(demo) -> list[str]:
    """The pages of an editor's day: lists with filters, forms, history and revert, import, password."""
    statement = Statement.objects.first()
    official = Official.objects.first()
    event = Event.objects.first()
    source = Source.objects.first()
    rejected = RejectedSuggestion.objects.create(article=demo, kind="statement", start=0, end=5)
    pages = ["/admin/", "/admin/archive/", "/admin/password_change/", "/admin/password_change/done/"]
    for model, obj in [
        ("article", demo),
        ("statement", statement),
        ("official", official),
        ("event", event),
        ("source", source),
        ("country", source.country),
        ("rejectedsuggestion", rejected),
    ]:
        pages += [
            f"/admin/archive/{model}/",
            f"/admin/archive/{model}/?q=zzz",
            f"/admin/archive/{model}/{obj.pk}/change/",
            f"/admin/archive/{model}/{obj.pk}/history/",
        ]
        if model != "rejectedsuggestion":  # rejections are made on the article page only
            pages.append(f"/admin/archive/{model}/add/")
    pages += [
        "/admin/archive/article/?needs_review=yes&review_status__exact=new",
        "/admin/archive/article/import/",
        f"/admin/archive/statement/{statement.pk}/delete/",
        "/admin/archive/unresolvedmention/",
        "/admin/axes/",  # its section; its records (login attempts) are the operators', not editors'
    ]
    return pages


def revert_page(client: Client, article: Article) -> str:
    """The revert form of the article's oldest version, after one change made in the admin."""
    article.title = article.title + " (ویرایش)"
    article.save()
    oldest = article.history.order_by("history_date").first()
    return f"/admin/archive/article/{article.pk}/history/{oldest.history_id}/"


def test_no_admin_page_an_editor_uses_shows_an_english_word(staff_client, demo):
    allowed = data_words()
    pages = [*editor_pages(demo), revert_page(staff_client, demo)]
    found = {}
    for url in pages:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        words = english_words(response.content.decode(), allowed)
        if words:
            found[url] = words
    assert found == {}


def test_dates_on_admin_pages_are_solar_hijri(staff_client, demo):
    pages = [*editor_pages(demo), revert_page(staff_client, demo)]
    for url in pages:
        text = visible_text(staff_client.get(url).content.decode())
        assert not GREGORIAN_MONTHS.search(text), (url, GREGORIAN_MONTHS.search(text))


def test_the_login_page_is_persian(client, demo):
    response = client.get("/admin/login/")
    assert english_words(response.content.decode(), data_words()) == []


def test_the_compiled_catalogues_are_those_of_the_po_files():
    """`make messages` compiles core/locale/; a .mo missing or behind its .po would show English."""
    for po_path in Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.exists(), f"{mo_path} is missing: run `make messages`"
        po, mo = polib.pofile(str(po_path)), polib.mofile(str(mo_path))
        assert catalogue(mo) == catalogue(po), f"{mo_path} is out of date: run `make messages`"


def catalogue(entries) -> dict:
    return {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in entries if e.msgid}


def test_the_language_filter_names_languages_in_persian(staff_client, demo):
    html = staff_client.get("/admin/archive/article/").content.decode()
    assert '<a href="?language=fa">فارسی</a>' in html
