"""The server-drawn charts: counts per Solar Hijri month and year, and the SVG they make."""

from __future__ import annotations

import datetime as dt
import random
import xml.etree.ElementTree as ET

import jdatetime

from archive import charts
from archive.series import series
from archive.templatetags.persian import fa_digits


def test_counts_per_month_run_from_the_first_month_to_the_last_and_skip_undated():
    days = [dt.date(2021, 3, 20), dt.date(2021, 3, 21), dt.date(2021, 3, 21), None, dt.date(2021, 5, 22)]
    # 1399/12/30, then 1400/01/01 twice, then 1400/03/01
    assert charts.per_jalali_month(days) == [
        (f"اسفند {fa_digits('1399')}", 1),
        (f"فروردین {fa_digits('1400')}", 2),
        (f"اردیبهشت {fa_digits('1400')}", 0),
        (f"خرداد {fa_digits('1400')}", 1),
    ]
    assert charts.per_jalali_year(days) == [(fa_digits("1399"), 1), (fa_digits("1400"), 3)]
    assert charts.per_jalali_month([None]) == charts.per_jalali_year([]) == []


def test_counts_equal_a_count_of_each_date_converted_on_its_own():
    rng = random.Random(4)
    start = dt.date(2015, 1, 1)
    days = [start + dt.timedelta(days=rng.randrange(3000)) for _ in range(5000)] + [None] * 7
    per_month: dict[tuple[int, int], int] = {}
    for day in filter(None, days):
        j = jdatetime.date.fromgregorian(date=day)
        per_month[(j.year, j.month)] = per_month.get((j.year, j.month), 0) + 1
    drawn = charts.per_jalali_month(days)
    assert sum(n for _, n in drawn) == 5000
    assert [n for _, n in drawn if n] == [per_month[key] for key in sorted(per_month)]


def test_the_matches_chart_is_well_formed_svg_with_escaped_labels_and_a_bar_per_period():
    periods = series({139901: 3, 139903: 1, 140001: 7}, {139901: 6, 139902: 1, 139903: 2, 140001: 7})
    svg = str(charts.matches_chart(periods, "«موشک» <b>&</b>", share=True))
    wide, narrow = ET.fromstring(f"<root>{svg}</root>")
    for drawing in (wide, narrow):
        assert drawing.get("aria-label") == "«موشک» <b>&</b>"
        bars = drawing.findall("{http://www.w3.org/2000/svg}g") or drawing.findall("g")
        assert len(bars) == len(periods) == 13
        heights = [float(g.find("rect").get("height")) for g in bars]
        assert heights[0] > 0 and heights[1] == 0  # 1399/01 has matches, 1399/02 none
    assert "<b>" not in svg


def test_years_are_counted_as_each_instant_converted_alone_would_give():
    """Instants around Nowruz and midnight in Tehran, and plain dates, over a leap year or two."""
    import random
    from collections import Counter

    from archive.dates import TEHRAN, jalali

    rng = random.Random(5)
    start = dt.datetime(2019, 3, 1, tzinfo=dt.UTC)
    instants = [start + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 6)) for _ in range(3000)]
    for year in range(2019, 2026):  # either side of each year's first day, in Tehran
        nowruz = jdatetime.date(
            jdatetime.date.fromgregorian(date=dt.date(year, 6, 1)).year, 1, 1
        ).togregorian()
        midnight = dt.datetime.combine(nowruz, dt.time(0, 0), tzinfo=TEHRAN)
        instants += [midnight - dt.timedelta(seconds=1), midnight, midnight + dt.timedelta(seconds=1)]
    plain = [dt.date(2020, 3, 19), dt.date(2020, 3, 20), dt.date(2020, 3, 21), dt.date(2024, 3, 20)]
    days = [*instants, *plain, None]
    expected = Counter(jalali(day).year for day in days if day)
    years = range(min(expected), max(expected) + 1)
    assert charts.per_jalali_year(days) == [(fa_digits(str(y)), expected.get(y, 0)) for y in years]
