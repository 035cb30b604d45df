"""`import_articles`: .txt and .jsonl files and folders, idempotent, failures reported."""

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.dates import TEHRAN
from archive.models import Article, Source

pytestmark = pytest.mark.django_db


def write_jsonl(path: Path, *items) -> Path:
    path.write_text(
        "\n".join(i if isinstance(i, str) else json.dumps(i, ensure_ascii=False) for i in items) + "\n"
    )
    return path


def run(*paths) -> None:
    call_command("import_articles", *[str(p) for p in paths], stdout=io.StringIO())


def test_it_imports_a_txt_file_with_the_first_line_as_title(tmp_path):
    (tmp_path / "a.txt").write_text("\n\nعنوان خبر\n\nبند نخست.\nبند دوم.\n\n", encoding="utf-8")
    run(tmp_path / "a.txt")
    article = Article.objects.get()
    assert article.title == "عنوان خبر"
    assert article.body == "بند نخست.\nبند دوم."


def test_it_reads_utf8_with_a_byte_order_mark(tmp_path):
    (tmp_path / "a.txt").write_bytes("\ufeffعنوان\nمتن".encode())
    run(tmp_path / "a.txt")
    assert Article.objects.get().title == "عنوان"


def test_it_imports_jsonl_with_every_field(tmp_path):
    write_jsonl(
        tmp_path / "a.jsonl",
        {
            "title": "دیدار وزرا",
            "body": "متن دیدار",
            "url": "https://example.org/1",
            "source": "آران نیوز",
            "via": ["خبرگزاری تسنیم", "سایت وزارت دفاع"],
            "published_at": "2020-08-26T10:30:00+04:30",
            "language": "fa",
        },
    )
    run(tmp_path / "a.jsonl")
    article = Article.objects.get()
    assert article.url == "https://example.org/1"
    assert article.source.name == "آران نیوز"
    assert [link.source.name for link in article.via_links.all()] == ["خبرگزاری تسنیم", "سایت وزارت دفاع"]
    assert article.published_at == dt.datetime(2020, 8, 26, 6, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "typed",
    ["1399/06/05", "۱۳۹۹/۰۶/۰۵", "۱۳۹۹-۰۶-۰۵", "1399-06-05", "2020-08-26", "۲۰۲۰-۰۸-۲۶"],
)
def test_it_reads_published_at_in_both_calendars_and_digit_sets(tmp_path, typed):
    write_jsonl(tmp_path / "a.jsonl", {"title": "ت", "body": "م", "published_at": typed})
    run(tmp_path / "a.jsonl")
    published = Article.objects.get().published_at.astimezone(TEHRAN)
    assert published.date() == dt.date(2020, 8, 26)


def test_it_matches_sources_however_their_name_is_typed(tmp_path):
    write_jsonl(
        tmp_path / "a.jsonl",
        {"title": "یک", "body": "متن یک", "source": "خبرگزاری تسنیم"},
        {"title": "دو", "body": "متن دو", "source": "خبرگزاري تسنيم"},  # Arabic yeh
        {"title": "سه", "body": "متن سه", "source": "خبرگزاری\u200cتسنیم"},
    )
    run(tmp_path / "a.jsonl")
    assert Source.objects.count() in (1, 2)  # ZWNJ-joined is one word; spaced is two
    assert Source.objects.filter(name="خبرگزاری تسنیم").get().articles.count() >= 2


def test_reimporting_the_same_files_adds_nothing(tmp_path):
    (tmp_path / "a.txt").write_text("عنوان\nمتن", encoding="utf-8")
    write_jsonl(tmp_path / "b.jsonl", {"title": "ت", "body": "م", "url": "https://example.org/x"})
    run(tmp_path)
    run(tmp_path)
    assert Article.objects.count() == 2


def test_the_same_url_is_the_same_article_even_if_edited(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", {"title": "ت", "body": "نسخهٔ یک", "url": "https://example.org/x"})
    run(tmp_path / "a.jsonl")
    write_jsonl(tmp_path / "a.jsonl", {"title": "ت", "body": "نسخهٔ دو", "url": "https://example.org/x"})
    run(tmp_path / "a.jsonl")
    assert Article.objects.get().body == "نسخهٔ یک"


def test_the_same_text_typed_differently_is_a_duplicate(tmp_path):
    (tmp_path / "a.txt").write_text("عنوان\nخانه\u200cهای ما", encoding="utf-8")
    (tmp_path / "b.txt").write_text("عنوان\nخانههای ما", encoding="utf-8")
    run(tmp_path)
    assert Article.objects.count() == 1


def test_a_broken_file_is_reported_and_the_good_ones_import(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("عنوان\nمتن خوب", encoding="utf-8")
    write_jsonl(
        tmp_path / "broken.jsonl",
        {"title": "سطر درست", "body": "متن"},
        '{"title": "بی‌پایان',
        {"title": "تاریخ ناممکن", "body": "متن", "published_at": "1399/13/40"},
    )
    write_jsonl(tmp_path / "more.jsonl", {"title": "دیگر", "body": "متن دیگر"})
    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path))
    err = capsys.readouterr().err
    assert "broken.jsonl:2" in err
    assert "broken.jsonl:3" in err
    # The broken file is one transaction: its good first line is not imported either.
    assert sorted(Article.objects.values_list("title", flat=True)) == ["دیگر", "عنوان"]


@pytest.mark.parametrize(
    "line, reason",
    [
        ({"body": "بدون عنوان"}, "title"),
        ({"title": "بدون متن"}, "body"),
        ({"title": "ت", "body": "م", "url": "javascript:alert(1)"}, "http"),
        ({"title": "ت", "body": "م", "via": "x", "published_at": "yesterday"}, "published_at"),
        (["not", "an", "object"], "JSON"),
    ],
)
def test_it_names_the_reason_a_line_failed(tmp_path, capsys, line, reason):
    write_jsonl(tmp_path / "a.jsonl", line)
    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path / "a.jsonl"))
    assert reason in capsys.readouterr().err
    assert Article.objects.count() == 0


def test_it_reports_a_file_that_is_not_utf8(tmp_path, capsys):
    (tmp_path / "a.txt").write_bytes(b"\xff\xfe\x00broken")
    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path / "a.txt"))
    assert "UTF-8" in capsys.readouterr().err


def test_it_reports_missing_paths_and_unknown_types(tmp_path, capsys):
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path / "a.pdf"), str(tmp_path / "missing.txt"))
    err = capsys.readouterr().err
    assert "a.pdf" in err and "missing.txt" in err


def test_it_keeps_existing_articles_when_a_file_fails(tmp_path):
    (tmp_path / "a.txt").write_text("عنوان\nمتن", encoding="utf-8")
    run(tmp_path / "a.txt")
    write_jsonl(tmp_path / "b.jsonl", "{broken")
    with pytest.raises(CommandError):
        run(tmp_path / "b.jsonl")
    assert Article.objects.get().title == "عنوان"
