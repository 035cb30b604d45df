"""Each import format: .txt, .jsonl, RSS 2.0, Atom, saved .html pages, folders and zip archives."""

import datetime as dt
import shutil
import zipfile

import pytest

from archive.models import Article
from tests.ingest_helpers import FIXTURES, run_import, write_jsonl

pytestmark = pytest.mark.django_db


def test_it_imports_every_item_of_a_persian_rss_feed():
    report = run_import(FIXTURES / "tasnim_defence.rss.xml")
    assert report.ok and report.imported == 3
    meeting = Article.objects.get(url="https://www.tasnimnews.com/fa/news/1399/05/22/2325001")
    assert meeting.title == "دیدار وزیران دفاع آذربایجان و روسیه در مسکو"
    assert meeting.source.name == "خبرگزاری تسنیم"  # the channel title, without its section
    assert [link.source.name for link in meeting.via_links.all()] == ["اسپوتنیک"]
    assert meeting.published_at == dt.datetime(2020, 8, 12, 6, 0, tzinfo=dt.UTC)
    assert "<p>" not in meeting.body and "همکاری‌های نظامی" in meeting.body


def test_it_reads_feed_html_as_paragraphs_of_text():
    run_import(FIXTURES / "tasnim_defence.rss.xml")
    exercise = Article.objects.get(title__startswith="رزمایش")
    assert (
        exercise.body
        == "نیروی دریایی ارتش رزمایش پدافند هوایی را در دریای خزر آغاز کرد.\n\nاین رزمایش سه روز ادامه دارد."
    )


def test_it_imports_an_atom_feed_with_its_dates():
    report = run_import(FIXTURES / "defence_ministry.atom")
    assert report.imported == 2
    signed = Article.objects.get(url="https://www.mod.example.ir/news/501")
    assert signed.source.name == "پایگاه اطلاع‌رسانی وزارت دفاع"
    assert signed.published_at == dt.datetime(2020, 8, 26, 6, 0, tzinfo=dt.UTC)
    visit = Article.objects.get(url="https://www.mod.example.ir/news/502")
    assert visit.published_at == dt.datetime(
        2020, 8, 27, 9, 0, tzinfo=dt.UTC
    )  # <updated> when no <published>


def test_it_takes_title_and_text_of_a_saved_page_from_its_markup():
    report = run_import(FIXTURES / "saved_page.html")
    assert report.ok, report.failures
    page = Article.objects.get()
    assert page.title == "سفر هیئت نظامی روسیه به باکو"
    assert page.url == "https://arannews.example/news/7781"
    assert page.source.name == "آران نیوز"
    assert page.body.startswith("به گزارش آران نیوز به نقل از خبرگزاری آذرتاج")
    assert page.body.endswith("سفر سه روز طول می‌کشد.")
    for chrome in ("صفحهٔ اول", "پربازدیدترین", "حقوق محفوظ", "tracker", "اشتراک"):
        assert chrome not in page.body


def test_it_walks_folders_recursively_and_reports_unknown_types(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text("عنوان ژرف\nمتن", encoding="utf-8")
    shutil.copy(FIXTURES / "defence_ministry.atom", tmp_path / "a" / "feed.atom")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".DS_Store").write_bytes(b"\0")
    report = run_import(tmp_path)
    assert report.ok
    assert report.imported == 3
    assert [s.path for s in report.skipped] == [str(tmp_path / "notes.pdf")]


def test_it_imports_the_files_inside_a_zip(tmp_path):
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(FIXTURES / "tasnim_defence.rss.xml", "feeds/tasnim.xml")
        out.writestr("one.txt", "عنوان یک\nمتن یک")
        out.writestr("__MACOSX/._one.txt", b"\0\0")
    report = run_import(archive)
    assert report.ok and report.imported == 4


def test_jsonl_fields_and_a_dateline_free_txt_import_side_by_side(tmp_path):
    write_jsonl(
        tmp_path / "a.jsonl", {"title": "ت", "body": "م", "published_at": "Wed, 12 Aug 2020 10:30:00 +0430"}
    )
    (tmp_path / "b.txt").write_text("عنوان\nمتن بی‌تاریخ", encoding="utf-8")
    run_import(tmp_path)
    assert Article.objects.get(title="ت").published_at == dt.datetime(2020, 8, 12, 6, 0, tzinfo=dt.UTC)
    assert Article.objects.get(title="عنوان").published_at is None
