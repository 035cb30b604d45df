"""«ویرایش» on a suggestion: the statement form with its quoted words, span moves by word, the speaker."""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import pytest

from archive.admin.statement_span import word_bounds

pytestmark = pytest.mark.django_db


def add_url(article, start: int, end: int, **params) -> str:
    query = {"article": article.pk, "start": start, "end": end, "_from_article": 1, **params}
    return "/admin/archive/statement/add/?" + urlencode(query)


def quote_of(html: str) -> str:
    return re.search(r'<mark id="span-quote">(.*?)</mark>', html, re.S).group(1)


def test_the_form_from_a_suggestion_shows_the_quoted_words_in_their_sentence(staff_client, demo):
    statement = demo.statements.first()
    html = staff_client.get(add_url(demo, statement.start, statement.end)).content.decode()
    assert quote_of(html) == statement.text
    before = re.search(r'id="span-before">(.*?)</span>', html, re.S).group(1)
    assert before and demo.body[: statement.start].endswith(before.lstrip("…")[-20:])
    words = json.loads(re.search(r'id="span-words" type="application/json">(.*?)</script>', html).group(1))
    assert [statement.start, statement.end] != words[0]
    assert any(w[0] == statement.start for w in words)
    assert "یک واژه پیش‌تر" in html and "یک واژه پس‌تر" in html


def test_an_unknown_named_speaker_is_ready_to_be_created_from_the_form(staff_client, demo):
    html = staff_client.get(add_url(demo, 10, 40, attribution="داوید تونویان")).content.decode()
    assert 'data-new-speaker="داوید تونویان"' in html
    assert "در فهرست مقام‌ها نیست" in html
    assert 'id="add_id_official"' in html  # «+»: a new official in a pop-up, chosen on return


def test_a_pronoun_is_not_offered_as_a_new_officials_name(staff_client, demo):
    html = staff_client.get(add_url(demo, 10, 40, attribution="وی")).content.decode()
    assert 'data-new-speaker=""' in html


def test_a_known_speaker_is_chosen_already(staff_client, demo, shoigu):
    html = staff_client.get(add_url(demo, 10, 40, attribution="شویگو", official=shoigu.pk)).content.decode()
    assert 'data-new-speaker=""' in html and "در فهرست مقام‌ها نیست" not in html
    assert f'<option value="{shoigu.pk}" selected>' in html


def test_a_statement_change_page_shows_its_span_too(staff_client, demo):
    statement = demo.statements.first()
    html = staff_client.get(f"/admin/archive/statement/{statement.pk}/change/").content.decode()
    assert quote_of(html) == statement.text


def test_a_refused_form_shows_the_span_that_was_posted(staff_client, demo, shoigu):
    response = staff_client.post(
        add_url(demo, 0, 10),
        {
            "article": demo.pk,
            "official": shoigu.pk,
            "start": 5,
            "end": 30,
            "text": "چیز دیگری",
            "direct": "on",
        },
    )
    assert response.status_code == 200
    assert quote_of(response.content.decode()) == demo.body[5:30]


def test_an_impossible_span_shows_no_panel_and_no_error(staff_client, demo):
    response = staff_client.get(add_url(demo, 50, 10))
    assert response.status_code == 200 and "span-panel" not in response.content.decode()


def test_words_join_across_zwnj_and_leave_punctuation_out():
    text = "«ما می‌گوییم»، سپس رفت."
    assert [text[a:b] for a, b in word_bounds(text)] == ["ما", "می‌گوییم", "سپس", "رفت"]
