"""Dates in every form the import meets.

ISO 8601, RFC 822, Solar Hijri numeric and written, Gregorian written in Persian, datelines.
"""

import datetime as dt

import pytest

from archive.dates import TEHRAN, DateError, find_date, parse_any_datetime, parse_written_date
from archive.models import Article
from tests.ingest_helpers import run_import, write_jsonl


def tehran(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TEHRAN)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("2020-08-12T10:30:00+04:30", tehran(2020, 8, 12, 10, 30)),
        ("2020-08-12T06:00:00Z", tehran(2020, 8, 12, 10, 30)),
        ("Wed, 12 Aug 2020 10:30:00 +0430", tehran(2020, 8, 12, 10, 30)),
        ("Wed, 12 Aug 2020 06:00:00 GMT", tehran(2020, 8, 12, 10, 30)),
        ("12 Aug 2020 10:30:00", tehran(2020, 8, 12, 10, 30)),
        ("1399/05/22", tehran(2020, 8, 12)),
        ("۱۳۹۹-۰۵-۲۲", tehran(2020, 8, 12)),
        ("۱۳۹۹/۰۵/۲۲ ۱۰:۳۰", tehran(2020, 8, 12, 10, 30)),
        ("۲۲ مرداد ۱۳۹۹", tehran(2020, 8, 12)),
        ("دوشنبه ۲۲ مرداد ماه ۱۳۹۹ ساعت ۱۰:۳۰", tehran(2020, 8, 12, 10, 30)),
        ("۳ فروردين ۱۴۰۰", tehran(2021, 3, 23)),
        ("۱۲ اوت ۲۰۲۰", tehran(2020, 8, 12)),
        ("۱۲ آگوست ۲۰۲۰", tehran(2020, 8, 12)),
        ("۱ ژانویه ۲۰۲۱", tehran(2021, 1, 1)),
    ],
)
def test_it_reads_every_date_form_as_an_aware_datetime(typed, expected):
    value = parse_any_datetime(typed)
    assert value.tzinfo is not None
    assert value == expected


@pytest.mark.parametrize(
    "typed",
    ["۳۲ مرداد ۱۳۹۹", "۳۰ اسفند ۱۴۰۰", "۳۱ شهریور ۲۰۲۰", "۳۰ فوریه ۲۰۲۰", "Sun, 31 Sep 2020 10:00:00 GMT"],
)
def test_it_reports_an_impossible_date_instead_of_guessing(typed):
    with pytest.raises(DateError, match="وجود ندارد"):
        parse_any_datetime(typed)


def test_a_written_date_must_be_the_whole_value():
    with pytest.raises(DateError):
        parse_written_date("دیروز ۲۲ مرداد ۱۳۹۹ و فردا")


@pytest.mark.parametrize(
    "opening",
    [
        "تهران- ایرنا- ۲۲ مرداد ۱۳۹۹ - وزیر دفاع گفت",
        "دوشنبه ۲۲ مرداد ماه ۱۳۹۹ ساعت ۰۰:۰۰ - به گزارش آران نیوز",
        "کد خبر: ۴۴۵۵ | تاریخ: ۱۳۹۹/۰۵/۲۲ | وزیر دفاع گفت",
    ],
)
def test_it_finds_the_date_in_a_dateline(opening):
    assert find_date(opening).date() == dt.date(2020, 8, 12)


def test_a_date_deep_in_the_text_is_not_a_dateline():
    assert find_date("وزیر دفاع گفت " + "متن " * 100 + "۲۲ مرداد ۱۳۹۹") is None


@pytest.mark.django_db
def test_the_dateline_dates_an_article_whose_file_gives_no_date(tmp_path):
    (tmp_path / "a.txt").write_text(
        "عنوان\nتهران- ایرنا- ۲۲ مرداد ۱۳۹۹ ساعت ۱۰:۳۰ - وزیر دفاع گفت.", encoding="utf-8"
    )
    run_import(tmp_path)
    assert Article.objects.get().published_at == tehran(2020, 8, 12, 10, 30)


@pytest.mark.django_db
def test_a_date_the_file_gives_wins_over_the_dateline(tmp_path):
    write_jsonl(
        tmp_path / "a.jsonl", {"title": "ت", "body": "۲۲ مرداد ۱۳۹۹ - متن", "published_at": "1399/06/05"}
    )
    run_import(tmp_path)
    assert Article.objects.get().published_at == tehran(2020, 8, 26)


@pytest.mark.django_db
def test_an_impossible_dateline_is_reported_and_the_article_left_undated(tmp_path):
    (tmp_path / "a.txt").write_text("عنوان\nتهران- ایرنا- ۳۲ مرداد ۱۳۹۹ - وزیر دفاع گفت.", encoding="utf-8")
    report = run_import(tmp_path)
    assert report.ok and report.imported == 1
    assert Article.objects.get().published_at is None
    assert "a.txt" in report.warnings[0].path and "وجود ندارد" in report.warnings[0].reason


@pytest.mark.django_db
def test_an_impossible_date_given_by_the_file_fails_that_file(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", {"title": "ت", "body": "م", "published_at": "۳۲ مرداد ۱۳۹۹"})
    report = run_import(tmp_path)
    assert report.imported == 0
    assert report.failures[0].line == 1 and "وجود ندارد" in report.failures[0].reason
