"""Duplicates are skipped; near-duplicates (the same story reprinted elsewhere) are linked as copies."""

import pytest

from archive.models import Article
from tests.ingest_helpers import reprint, run_import, story, write_jsonl

pytestmark = pytest.mark.django_db

OTHER_STORY = (
    "به گزارش آران نیوز، وزیر دفاع جمهوری آذربایجان روز پنجشنبه در باکو با فرمانده نیروی زمینی ترکیه "
    "دیدار کرد. دو طرف دربارهٔ برگزاری رزمایش مشترک زمستانی در نخجوان، خرید پهپادهای جدید و آموزش "
    "تکاوران گفت‌وگو کردند. فرمانده ترک گفت ارتش کشورش آماده است تجربهٔ خود در جنگ کوهستانی را در "
    "اختیار ارتش آذربایجان بگذارد. وزیر دفاع آذربایجان نیز از حمایت آنکارا در مناقشهٔ قره‌باغ قدردانی "
    "کرد و گفت همکاری دفاعی دو کشور برادر در سال‌های آینده گسترش خواهد یافت. در پایان این دیدار "
    "قرار شد هیئتی از ستاد کل ارتش ترکیه ماه آینده برای بازدید از یگان‌های مرزی به باکو سفر کند."
)


def test_the_same_url_is_skipped_and_reported_as_a_duplicate(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", {"title": "ت", "body": "یک", "url": "https://example.org/1"})
    write_jsonl(tmp_path / "b.jsonl", {"title": "ت", "body": "دو", "url": "https://example.org/1"})
    report = run_import(tmp_path)
    assert (report.imported, report.duplicates) == (1, 1)


def test_the_same_text_within_one_file_is_one_article(tmp_path):
    write_jsonl(
        tmp_path / "a.jsonl", {"title": "ت", "body": "خانه\u200cها"}, {"title": "ت", "body": "خانهها"}
    )
    report = run_import(tmp_path)
    assert (report.imported, report.duplicates) == (1, 1)


def test_a_reprint_with_a_new_first_line_and_three_words_changed_is_linked(tmp_path):
    title, body = story()
    write_jsonl(
        tmp_path / "a.jsonl",
        {"title": title, "body": body, "source": "آران نیوز", "url": "https://aran.example/1"},
    )
    write_jsonl(
        tmp_path / "b.jsonl",
        {
            "title": "دیدار حسن‌اف و شویگو",
            "body": reprint(body),
            "source": "ایرنا",
            "url": "https://irna.example/2",
        },
    )
    report = run_import(tmp_path / "a.jsonl")
    report = run_import(tmp_path / "b.jsonl")
    assert (report.imported, report.syndicated) == (1, 1)
    first, second = Article.objects.order_by("pk")
    assert first.story_id is not None and first.story_id == second.story_id
    assert second.body == reprint(body)  # imported as its own article, text as published


def test_copies_in_the_same_file_are_linked_and_a_third_joins_the_story(tmp_path):
    title, body = story()
    third = reprint(body).replace("دیدار کرد.", "دیدار و گفت‌وگو کرد.", 1)
    write_jsonl(
        tmp_path / "a.jsonl",
        {"title": title, "body": body, "source": "آران نیوز"},
        {"title": title, "body": reprint(body), "source": "ایرنا"},
    )
    write_jsonl(tmp_path / "b.jsonl", {"title": title, "body": third, "source": "خبرگزاری فارس"})
    run_import(tmp_path / "a.jsonl")
    run_import(tmp_path / "b.jsonl")
    assert Article.objects.values("story").distinct().count() == 1
    assert Article.objects.filter(story__isnull=True).count() == 0


def test_two_different_stories_on_the_same_topic_are_not_linked(tmp_path):
    title, body = story()
    write_jsonl(
        tmp_path / "a.jsonl",
        {"title": title, "body": body},
        {"title": "دیدار وزیر دفاع آذربایجان با فرمانده ترک", "body": OTHER_STORY},
    )
    report = run_import(tmp_path)
    assert (report.imported, report.syndicated) == (2, 0)
    assert not Article.objects.filter(story__isnull=False).exists()


def test_the_article_page_shows_who_else_published_it(tmp_path, client):
    title, body = story()
    write_jsonl(
        tmp_path / "a.jsonl",
        {"title": title, "body": body, "source": "آران نیوز"},
        {"title": title, "body": reprint(body), "source": "خبرگزاری ایرنا"},
    )
    run_import(tmp_path)
    first, second = Article.objects.order_by("pk")
    page = client.get(first.get_absolute_url()).content.decode()
    assert "همچنین منتشرشده در" in page and "خبرگزاری ایرنا" in page
    assert second.get_absolute_url() in page


def test_a_list_counts_a_story_once_with_collapse_story(tmp_path, client):
    title, body = story()
    write_jsonl(
        tmp_path / "a.jsonl",
        {"title": title, "body": body, "source": "آران نیوز"},
        {"title": title, "body": reprint(body), "source": "خبرگزاری ایرنا"},
        {"title": "دیدار وزیر دفاع آذربایجان با فرمانده ترک", "body": OTHER_STORY},
    )
    run_import(tmp_path)
    every = client.get("/articles/").context["page"].paginator.count
    once = client.get("/articles/?collapse=story").context["page"].paginator.count
    assert (every, once) == (3, 2)
    searched = client.get("/articles/", {"q": "شویگو", "collapse": "story"})
    assert searched.context["page"].paginator.count == 1


def test_an_identical_copy_by_another_outlet_is_a_reprint_linked_to_the_story_not_a_duplicate(tmp_path):
    title, body = story()
    write_jsonl(
        tmp_path / "a.jsonl",
        {"title": title, "body": body, "source": "آران نیوز", "url": "https://aran.example/7"},
    )
    write_jsonl(
        tmp_path / "b.jsonl",
        {"title": title, "body": body, "source": "خبرگزاری ایرنا", "url": "https://irna.example/9"},
    )
    run_import(tmp_path / "a.jsonl")
    report = run_import(tmp_path / "b.jsonl")
    assert (report.imported, report.duplicates, report.syndicated) == (1, 0, 1)
    first, second = Article.objects.order_by("pk")
    assert first.story_id is not None and first.story_id == second.story_id
    assert {first.source.name, second.source.name} == {"آران نیوز", "خبرگزاری ایرنا"}


def test_a_short_identical_reprint_in_the_same_file_is_linked_too(tmp_path):
    short = {"title": "بیانیه", "body": "وزارت دفاع اعلام کرد: رزمایش فردا آغاز می‌شود."}
    write_jsonl(tmp_path / "a.jsonl", {**short, "source": "ایرنا"}, {**short, "source": "تسنیم"})
    report = run_import(tmp_path)
    assert (report.imported, report.duplicates, report.syndicated) == (2, 0, 1)
    assert Article.objects.values("story").distinct().count() == 1


def test_the_same_text_from_the_same_outlet_is_still_a_duplicate(tmp_path):
    title, body = story()
    write_jsonl(
        tmp_path / "a.jsonl",
        {"title": title, "body": body, "source": "آران نیوز", "url": "https://aran.example/7"},
    )
    write_jsonl(
        tmp_path / "b.jsonl",
        {"title": title, "body": body, "source": "آران نیوز", "url": "https://aran.example/8"},
    )
    run_import(tmp_path / "a.jsonl")
    report = run_import(tmp_path / "b.jsonl")
    assert (report.imported, report.duplicates) == (0, 1)


def test_a_reimport_of_reprints_adds_nothing(tmp_path):
    title, body = story()
    write_jsonl(
        tmp_path / "a.jsonl",
        {"title": title, "body": body, "source": "ایرنا"},
        {"title": title, "body": body, "source": "تسنیم"},
    )
    run_import(tmp_path)
    report = run_import(tmp_path)
    assert (report.imported, report.duplicates) == (0, 2)
