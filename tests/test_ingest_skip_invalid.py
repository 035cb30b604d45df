"""--skip-invalid keeps a file's good records and lists its bad ones; every message is Persian."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError

from archive.ingest import routine, rows
from archive.models import Article
from tests.ingest_helpers import FIXTURES, run_command, run_import, write_jsonl

pytestmark = pytest.mark.django_db
URL = "/admin/archive/article/import/"


def _feed_with_an_empty_item(tmp_path) -> Path:
    """The three-item Tasnim feed with its second item's text removed."""
    feed = (FIXTURES / "tasnim_defence.rss.xml").read_text(encoding="utf-8")
    start = feed.index("<description><![CDATA[<p>نیروی دریایی")
    end = feed.index("</description>", start) + len("</description>")
    path = tmp_path / "feed.xml"
    path.write_text(feed[:start] + feed[end:], encoding="utf-8")
    return path


def test_by_default_one_empty_feed_item_fails_the_whole_feed(tmp_path):
    report = run_import(_feed_with_an_empty_item(tmp_path))
    assert [(f.line, f.unit, f.place, f.reason) for f in report.failures] == [
        (2, "item", "مورد ۲", "این خبر متن ندارد.")
    ]
    assert Article.objects.count() == 0


def test_with_skip_invalid_the_good_items_of_the_feed_import(tmp_path):
    feed = _feed_with_an_empty_item(tmp_path)
    out, err = run_command(str(feed), "--skip-invalid")
    assert Article.objects.count() == 2
    assert f"نامعتبر، کنار گذاشته شد: {feed}:2: این خبر متن ندارد." in err
    assert "خبرهای نامعتبرِ کنارگذاشته (پرونده‌شان بی آن‌ها وارد شد): ۱" in out


def test_the_json_summary_lists_each_skipped_record_with_its_unit(tmp_path):
    write_jsonl(
        tmp_path / "a.jsonl", {"title": "یک", "body": "متن"}, "{bad", {"title": "سه", "body": "متن سه"}
    )
    out, _ = run_command(str(tmp_path / "a.jsonl"), "--skip-invalid", "--json")
    summary = json.loads(out)
    assert (summary["imported"], summary["failures"], summary["skip_invalid"]) == (2, [], True)
    assert summary["invalid"] == [
        {
            "file": str(tmp_path / "a.jsonl"),
            "line": 2,
            "unit": "line",
            "reason": 'JSON نامعتبر در ستون ۲: نام فیلد باید میان دو نشانهٔ " باشد.',
        }
    ]


def test_a_file_that_cannot_be_read_on_still_fails_with_skip_invalid(tmp_path):
    (tmp_path / "a.txt").write_text("عنوان تنها", encoding="utf-8")
    with pytest.raises(CommandError):
        run_command(str(tmp_path / "a.txt"), "--skip-invalid")
    assert "خبر متن ندارد" in run_command.last[1]


def test_with_skip_invalid_a_record_the_database_refuses_is_left_out_alone(tmp_path, monkeypatch):
    """A real unique violation on the second of three records: the file is stored record by record."""
    Article.objects.create(title="پیشین", body="متن پیشین", url="https://example.org/2")
    write_jsonl(
        tmp_path / "a.jsonl",
        *({"title": f"خبر {i}", "body": f"متن {i}", "url": f"https://example.org/{i}"} for i in (1, 2, 3)),
    )
    real_existing = rows.existing
    monkeypatch.setattr(rows, "existing", lambda f, v: set() if f == "url" else real_existing(f, v))
    report = run_import(tmp_path / "a.jsonl", skip_invalid=True)
    assert report.ok
    assert [(f.line, f.reason.split(":")[0]) for f in report.invalid] == [(2, "در پایگاه داده ذخیره نشد")]
    assert sorted(Article.objects.values_list("title", flat=True)) == ["خبر 1", "خبر 3", "پیشین"]


def test_a_large_file_keeps_its_good_records_too(tmp_path, monkeypatch):
    monkeypatch.setattr(routine, "LARGE_FILE", 10)  # stored in chunks, as it is read
    monkeypatch.setattr(routine, "BATCH", 2)
    Article.objects.create(title="پیشین", body="متن پیشین", url="https://example.org/4")
    items = [
        {"title": f"خبر {i}", "body": f"متن {i}", "url": f"https://example.org/{i}"} for i in range(1, 6)
    ]
    write_jsonl(tmp_path / "a.jsonl", *items[:2], '{"title": 3}', *items[3:])
    real_existing = rows.existing
    monkeypatch.setattr(rows, "existing", lambda f, v: set() if f == "url" else real_existing(f, v))
    report = run_import(tmp_path / "a.jsonl", skip_invalid=True)
    assert [f.line for f in report.invalid] == [3, 4]
    assert sorted(Article.objects.values_list("title", flat=True)) == ["خبر 1", "خبر 2", "خبر 5", "پیشین"]


def test_the_admin_offers_the_same_choice_and_names_feed_items(staff_client, tmp_path):
    feed = _feed_with_an_empty_item(tmp_path).read_bytes()
    response = staff_client.post(URL, {"files": [SimpleUploadedFile("feed.xml", feed)], "skip_invalid": "on"})
    page = response.content.decode()
    assert response.status_code == 200 and Article.objects.count() == 2
    assert "خبرهای نادرستِ کنارگذاشته" in page and "مورد ۲" in page


def test_messages_are_persian_with_persian_digits(tmp_path):
    line = '{"title": "ت", "body": "' + "م" * 15 + '\x01"}'  # the control character in column 40
    write_jsonl(tmp_path / "a.jsonl", line, *["{bad"] * 3)
    with pytest.raises(CommandError) as raised:
        run_command(str(tmp_path / "a.jsonl"))
    assert "JSON نامعتبر در ستون ۴۰: نویسهٔ کنترلی درون رشته." in run_command.last[1]
    assert str(raised.value) == "۱ پرونده وارد نشد (۴ خطا؛ فهرستش در بالا)."


@pytest.mark.parametrize(
    "line, reason",
    [
        ("[" * 100_000, "JSON نامعتبر: تودرتویی بیش از اندازه."),
        ('{"title": ' + "1" * 5000 + "}", "JSON نامعتبر: عددی بیش از اندازه بلند دارد."),
    ],
)
def test_hostile_json_is_a_bad_line_not_a_crash(tmp_path, line, reason):
    write_jsonl(tmp_path / "a.jsonl", line, {"title": "خوب", "body": "متن"})
    report = run_import(tmp_path / "a.jsonl", skip_invalid=True)
    assert [(f.line, f.reason) for f in report.invalid] == [(1, reason)]
    assert Article.objects.get().title == "خوب"


def test_an_unreadable_feed_is_named_in_persian(tmp_path):
    (tmp_path / "a.xml").write_text('<?xml version="1.0"?>\n<rss version="2.0">\n<channel><title>x</titl>')
    (tmp_path / "b.xml").write_text("<html><body>صفحه، نه خوراک</body></html>", encoding="utf-8")
    report = run_import(tmp_path)
    assert [f.reason for f in report.failures] == [
        "خوراک RSS یا Atom نیست: XML در سطر ۳ درست نیست.",
        "خوراک RSS یا Atom نیست: قالبش شناخته نشد.",
    ]


def test_a_file_in_no_known_encoding_names_the_byte_in_persian_digits(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"ok " * 4 + b"\xff\x00 binary")
    report = run_import(tmp_path / "a.txt")
    assert report.failures[0].reason.startswith("پرونده نه UTF-8 است (بایت ۱۲) و نه متن فارسی")
