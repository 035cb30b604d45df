"""Matches over time: a search's articles per Solar Hijri month (or year), and their share of the month.

The counts come from the search index (`month`, a facet of the page's own
call: archive/search/engine.py), never from a scan of the database. A series
runs from the first month with a match to the last, every month in between
included (an empty month is a zero, not a gap); past ten years it is counted
per year. The share is the matches of a period over all public articles of
that period under the same filters without the search text, as Media Cloud
normalises its attention charts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from django import forms

from archive.dates import SOLAR_MONTHS, to_gregorian
from archive.text import to_persian_digits

# A series longer than this many months is counted per year.
MAX_MONTHS = 120

COUNT, SHARE = "count", "share"


class ChartForm(forms.Form):
    """The chart's own parameter: `chart=share` shows each period's share instead of its count."""

    chart = forms.ChoiceField(
        required=False, choices=[(COUNT, "شمار خبرها"), (SHARE, "سهم از همهٔ خبرهای همان دوره")]
    )

    def share(self) -> bool:
        return self.is_valid() and self.cleaned_data.get("chart") == SHARE


@dataclass(frozen=True)
class Period:
    """One bar of the series: a Solar Hijri month, or a whole year when `month` is None."""

    year: int
    month: int | None
    matches: int
    total: int | None = None  # all articles of the period under the same filters, when asked

    @property
    def granularity(self) -> str:
        return "year" if self.month is None else "month"

    @property
    def first_day(self) -> dt.date:
        return _bounds(self.year, self.month)[0]

    @property
    def last_day(self) -> dt.date:
        return _bounds(self.year, self.month)[1]

    @property
    def jalali(self) -> str:
        """«1399/06» or «1399», ASCII digits: what a CSV cell and the date filters take."""
        return str(self.year) if self.month is None else f"{self.year}/{self.month:02d}"

    @property
    def label(self) -> str:
        """«شهریور ۱۳۹۹» or «۱۳۹۹»."""
        if self.month is None:
            return to_persian_digits(str(self.year))
        return f"{SOLAR_MONTHS[self.month - 1]} {to_persian_digits(str(self.year))}"

    @property
    def share(self) -> float | None:
        """matches ÷ total; None when the total was not asked for, 0 for an empty period."""
        if self.total is None:
            return None
        return self.matches / self.total if self.total else 0.0


@lru_cache(maxsize=4096)
def _bounds(year: int, month: int | None) -> tuple[dt.date, dt.date]:
    """The Gregorian first and last day of a Solar Hijri month, or of the year when `month` is None.

    Kept: a chart asks for each of its (up to 120) periods' bounds on every page.
    """
    first = to_gregorian(year, month or 1, 1)
    if month is None or month == 12:
        following = to_gregorian(year + 1, 1, 1)
    else:
        following = to_gregorian(year, month + 1, 1)
    return first, following - dt.timedelta(days=1)


def _months_between(first: int, last: int) -> list[tuple[int, int]]:
    year, month = divmod(first, 100)
    out = []
    while year * 100 + month <= last:
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def series(matches: Mapping[int, int], totals: Mapping[int, int] | None = None) -> list[Period]:
    """The periods from the first month with a match to the last, oldest first.

    `matches` and `totals` map yyyymm (139906) to a count, as the index
    gives them; months without a match inside the span count zero. A span
    of more than MAX_MONTHS months is summed per Solar Hijri year.
    """
    present = sorted(key for key, count in matches.items() if count)
    if not present:
        return []
    months = _months_between(present[0], present[-1])
    if len(months) <= MAX_MONTHS:
        return [
            Period(
                year,
                month,
                matches.get(year * 100 + month, 0),
                None if totals is None else totals.get(year * 100 + month, 0),
            )
            for year, month in months
        ]
    per_year: dict[int, int] = {}
    totals_per_year: dict[int, int] = {}
    for key, count in matches.items():
        per_year[key // 100] = per_year.get(key // 100, 0) + count
    for key, count in (totals or {}).items():
        totals_per_year[key // 100] = totals_per_year.get(key // 100, 0) + count
    return [
        Period(year, None, per_year.get(year, 0), None if totals is None else totals_per_year.get(year, 0))
        for year in range(months[0][0], months[-1][0] + 1)
    ]


def article_series(
    filterset, month_counts: Mapping[int, int] | None = None, share: bool = False
) -> list[Period]:
    """The series of an ArticleFilter's matches; the page passes the month facet it already has.

    With `share`, a second call to the index counts the same filters without the search text.
    """
    if month_counts is None:
        month_counts = filterset.months()
    totals = filterset.months(with_query=False) if share else None
    return series(month_counts, totals)
