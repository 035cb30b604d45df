"""Typed dates: Solar Hijri or Gregorian, Persian or ASCII digits, ranges for years and months."""

import datetime as dt

import jdatetime
import pytest

from archive.dates import DateError, parse_date_range, parse_datetime


@pytest.mark.parametrize(
    "typed, first, last",
    [
        ("1399", dt.date(2020, 3, 20), dt.date(2021, 3, 20)),
        ("۱۳۹۹", dt.date(2020, 3, 20), dt.date(2021, 3, 20)),
        ("2020", dt.date(2020, 1, 1), dt.date(2020, 12, 31)),
        ("۱۳۹۹/۰۵", dt.date(2020, 7, 22), dt.date(2020, 8, 21)),
        ("1399/12", dt.date(2021, 2, 19), dt.date(2021, 3, 20)),
        ("2020-08", dt.date(2020, 8, 1), dt.date(2020, 8, 31)),
        ("۱۳۹۹/۰۵/۲۲", dt.date(2020, 8, 12), dt.date(2020, 8, 12)),
        ("1399-5-22", dt.date(2020, 8, 12), dt.date(2020, 8, 12)),
        ("٢٠٢٠/٠٨/١٢", dt.date(2020, 8, 12), dt.date(2020, 8, 12)),
    ],
)
def test_it_reads_a_typed_date_as_the_range_it_covers(typed, first, last):
    assert parse_date_range(typed) == (first, last)


@pytest.mark.parametrize("typed", ["1399/13/01", "1399/12/31", "2021-02-29", "1400/00/10", "2020/8/32"])
def test_it_rejects_impossible_dates_with_a_persian_message(typed):
    with pytest.raises(DateError, match="وجود ندارد"):
        parse_date_range(typed)


@pytest.mark.parametrize("typed", ["", "دیروز", "12/08/2020", "1399/05/22/1", "9" * 400, "1399\x00"])
def test_it_rejects_unreadable_dates(typed):
    with pytest.raises(DateError):
        parse_date_range(typed)


def test_a_solar_hijri_datetime_without_zone_is_tehran_time():
    value = parse_datetime("۱۳۹۹/۰۶/۰۵ ۱۰:۳۰")
    assert value == dt.datetime(2020, 8, 26, 6, 0, tzinfo=dt.UTC)


def test_an_iso_datetime_keeps_its_zone():
    assert parse_datetime("2020-08-26T06:00:00Z") == dt.datetime(2020, 8, 26, 6, 0, tzinfo=dt.UTC)


def test_the_cached_day_conversion_is_jdatetimes_for_every_day_of_a_century():
    from archive.dates import jalali_day

    day = dt.date(1950, 1, 1)
    while day < dt.date(2050, 1, 1):
        j = jdatetime.date.fromgregorian(date=day)
        assert jalali_day(day) == (j.year, j.month, j.day), day
        day += dt.timedelta(days=1)


def test_a_page_date_is_the_tehran_day_around_nowruz_midnight():
    from archive.templatetags.persian import jalali_text

    # 1403/01/01 began at 00:00 Tehran (+03:30) on 2024-03-20, that is 20:30 UTC on the 19th.
    before = dt.datetime(2024, 3, 19, 20, 29, tzinfo=dt.UTC)
    after = dt.datetime(2024, 3, 19, 20, 31, tzinfo=dt.UTC)
    assert jalali_text(before, with_time=True) == "۲۹ اسفند ۱۴۰۲، ۲۳:۵۹"
    assert jalali_text(after, with_time=True) == "۱ فروردین ۱۴۰۳، ۰۰:۰۱"
    assert jalali_text(dt.date(2024, 3, 20)) == "۱ فروردین ۱۴۰۳"
