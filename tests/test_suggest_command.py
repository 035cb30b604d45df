"""`manage.py suggest ARTICLE_ID... [--json]`: the same suggestions, printed, one JSON object per line."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from archive.models import UnresolvedMention
from tests.conftest import make_article

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("suggest", *args, stdout=out)
    return out.getvalue()


def test_it_prints_one_json_object_per_line_with_the_documented_fields(demo, hasanov):
    lines = run(str(demo.pk), "--json").splitlines()
    rows = [json.loads(line) for line in lines]
    assert {"type", "start", "end", "text", "official_id", "speaker_text", "direct"} <= set(rows[0])
    for row in rows:
        assert demo.body[row["start"] : row["end"]] == row["text"]
    statements = [r for r in rows if r["type"] == "statement"]
    assert len(statements) == 7
    assert statements[0]["official_id"] == hasanov.pk
    assert statements[0]["speaker_text"] == "وزیر دفاع جمهوری آذربایجان"
    assert statements[0]["direct"] is True
    assert all(r["direct"] is None for r in rows if r["type"] == "mention")


def test_it_prints_readable_lines_without_json(demo):
    output = run(str(demo.pk))
    assert output.startswith(f"# {demo.pk} ")
    assert "ژنرال شویگو" in output


def test_it_takes_several_articles(demo):
    other = make_article(title="دیگر", body="شویگو گفت: روسیه بی‌طرف است.")
    rows = [json.loads(line) for line in run(str(demo.pk), str(other.pk), "--json").splitlines()]
    assert {r["article_id"] for r in rows} == {demo.pk, other.pk}


def test_unresolved_mentions_go_to_the_queue_once(demo):
    article = make_article(title="خبر", body="سرلشکر محمد باقری گفت: نیروها آماده‌اند.")
    run(str(article.pk), "--json")
    run(str(article.pk), "--json")
    assert list(UnresolvedMention.objects.values_list("text", flat=True)) == ["سرلشکر محمد باقری"]


def test_no_queue_leaves_the_queue_alone(demo):
    article = make_article(title="خبر", body="سرلشکر محمد باقری گفت: نیروها آماده‌اند.")
    run(str(article.pk), "--no-queue")
    assert not UnresolvedMention.objects.exists()


def test_an_unknown_article_id_is_an_error_not_a_traceback(db):
    with pytest.raises(CommandError, match="999"):
        run("999")


def test_json_says_when_the_speaker_is_unknown_and_who_relays_whom(demo, shoigu):
    article = make_article(
        title="خبر",
        body="سخنگوی وزارت دفاع روسیه اعلام کرد که شویگو گفته است: پروازها نظامی نبود. "
        "ماکرون گفت: پاریس آماده است.",
    )
    rows = [json.loads(line) for line in run(str(article.pk), "--json", "--no-queue").splitlines()]
    relayed, unknown = [r for r in rows if r["type"] == "statement"]
    assert (relayed["official_id"], relayed["relayed_by"], relayed["speaker_unknown"]) == (
        shoigu.pk,
        "سخنگوی وزارت دفاع روسیه",
        False,
    )
    assert (unknown["official_id"], unknown["speaker_unknown"], unknown["relayed_by"]) == (None, True, None)
