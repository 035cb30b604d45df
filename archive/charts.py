"""Small bar charts drawn server-side as SVG: no JavaScript, no CDN, readable right to left.

Hand-written because the charts are a few dozen bars: a charting library would
bring JavaScript or a rendering stack for what a loop of <rect>s does.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

import jdatetime
from django.utils.safestring import SafeString

from archive.dates import SOLAR_MONTHS, TEHRAN, jalali
from archive.series import Period
from archive.templatetags.persian import fa_digits

# Vazirmatn's mean advance is about this share of the font size, Persian digits included:
# enough to keep labels apart (they are thinned out before they could touch).
_CHAR_WIDTH = 0.56
_LABEL_GAP = 8


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar, when there is room for it
    value: float  # its height
    text: str  # the value as a reader reads it (Persian digits)
    tip: str = ""  # shown on hover; «label: text» by default


def _text_width(text: str, font: float) -> float:
    return len(text) * font * _CHAR_WIDTH


def bar_chart(
    bars: Sequence[Bar | tuple[str, int]],
    title: str,
    width: int = 640,
    height: int = 180,
    *,
    max_labels: int = 12,
    font: float = 11,
    css: str = "",
    steps: Sequence[int] = (),
) -> SafeString:
    """An accessible SVG bar chart; the first bar is drawn at the right, as Persian reads.

    `bars` are `Bar`s or (label, count) pairs. Labels are thinned out to at
    most `max_labels`, and further until no two can touch, every n-th bar,
    n the smallest of `steps` that is enough (3 or 12 months rather than 5).
    Values are written above the bars when each fits its bar's width, else
    the tallest bar's value on a line across the top.
    """
    bars = [b if isinstance(b, Bar) else Bar(b[0], b[1], fa_digits(b[1])) for b in bars]
    if not bars:
        return SafeString("")
    tallest = max(bars, key=lambda bar: bar.value)
    top = tallest.value or 1
    widest = max(_text_width(bar.label, font) for bar in bars)
    margin = min(widest / 2, width / 6)  # the outermost labels stay inside the picture
    values_fit = len(bars) <= 24 and all(
        _text_width(bar.text, font) * 1.2 <= (width - 2 * margin) / len(bars) for bar in bars
    )
    scale = not values_fit and tallest.value
    if scale:  # the top value is written at the left of the plot
        margin = max(margin, _text_width(tallest.text, font) + 6)
    plot_height = height - 2.2 * font - 20
    plot_top = font + 6
    slot = (width - 2 * margin) / len(bars)
    bar_width = min(max(slot * 0.7, 1), 56)  # a lone bar stays a bar, not a block
    every = max(math.ceil(len(bars) / max_labels), math.ceil((widest + _LABEL_GAP) / slot), 1)
    every = next((step for step in sorted(steps) if step >= every), every)
    baseline = plot_top + plot_height
    # Plain formatting, not format_html: a page draws two charts of up to 120
    # bars, and format_html's escaping of every number took most of their time.
    # Numbers need no escaping (coordinates are written to a tenth, «12.0»); every text goes through escape().
    left, right = f"{margin:.1f}", f"{width - margin:.1f}"
    parts = [
        f'<line class="baseline" x1="{left}" x2="{right}" y1="{baseline:.1f}" y2="{baseline:.1f}"></line>'
    ]
    if scale:
        parts.append(
            f'<line class="grid" x1="{left}" x2="{right}" y1="{plot_top:.1f}" y2="{plot_top:.1f}"></line>'
            f'<text class="value" x="{margin - 3:.1f}" y="{plot_top + font / 3:.1f}" text-anchor="start">'
            f"{escape(tallest.text)}</text>"
        )
    label_y, bar_w = f"{height - font:.1f}", f"{bar_width:.1f}"
    for index, bar in enumerate(bars):
        x = width - margin - (index + 1) * slot + (slot - bar_width) / 2
        h = plot_height * bar.value / top
        y = baseline - h
        middle = f"{x + bar_width / 2:.1f}"
        tip = escape(bar.tip or f"{bar.label}: {bar.text}")
        label = escape(bar.label) if index % every == 0 else ""
        value = escape(bar.text) if bar.value and values_fit else ""
        parts.append(
            f'<g><rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w}" height="{h:.1f}">'
            f'<title>{tip}</title></rect><text class="axis" x="{middle}" y="{label_y}" text-anchor="middle">'
            f"{label}</text>"
            f'<text class="value" x="{middle}" y="{y - 3:.1f}" text-anchor="middle">{value}</text></g>'
        )
    css = escape(f" {css}" if css else "")
    return SafeString(
        f'<svg class="chart{css}" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'direction="rtl" preserveAspectRatio="xMidYMid meet"><title>{escape(title)}</title>'
        f"{''.join(parts)}</svg>"
    )


def percent(share: float) -> str:
    """«۱۲٫۵٪»; a share below one percent keeps two decimals («۰٫۰۴٪»)."""
    value = share * 100
    digits = f"{value:.1f}" if value >= 1 or value == 0 else f"{value:.2f}"
    return fa_digits(digits).replace(".", "٫") + "٪"


def matches_chart(periods: Sequence[Period], title: str, share: bool = False) -> SafeString:
    """The matches-over-time chart twice: for a wide window and, with fewer labels, for a phone.

    The page shows one of them (static/css/site.css): an SVG scales its
    text with its width, so one drawing cannot be readable at both 1280 and 390 px.
    """
    bars = []
    for period in periods:
        text = percent(period.share or 0.0) if share else fa_digits(period.matches)
        span = f"{period.first_day.isoformat()} تا {period.last_day.isoformat()}"
        tip = f"{period.label} ({span}): {fa_digits(period.matches)} خبر"
        if share:
            tip += f"، {text} از {fa_digits(period.total or 0)} خبر"
        value = (period.share or 0.0) if share else period.matches
        bars.append(Bar(period.label, value, text, tip))
    # Labels every quarter or year of months, every 2, 5 or 10 years.
    steps = (1, 2, 5, 10, 20, 50, 100) if periods and periods[0].month is None else (1, 2, 3, 6, 12, 24, 60)
    return SafeString(
        bar_chart(bars, title, 760, 200, max_labels=12, css="chart-wide", steps=steps)
        + bar_chart(bars, title, 360, 220, max_labels=5, font=13, css="chart-narrow", steps=steps)
    )


def _per_day(days: Iterable[dt.date | dt.datetime | None]) -> Counter:
    """How many of `days` fall on each day (undated left out): each day is then converted once.

    A timeline of 10,000 events spent most of its time converting each date to the Solar Hijri calendar.
    """
    return Counter(day for day in days if day)


def per_jalali_year(days: Iterable[dt.date | dt.datetime | None]) -> list[tuple[str, int]]:
    """Counts per Solar Hijri year, every year from the first to the last, oldest first.

    Instants are counted per Tehran day, and each day is placed among the Gregorian dates of
    the years' first days (1 Farvardin): a few conversions per chart, not one per record (an
    official with 10,000 statements spent 190 ms converting their instants one by one).
    """
    local = Counter(
        day.astimezone(TEHRAN).date() if isinstance(day, dt.datetime) else day for day in days if day
    )
    if not local:
        return []
    first, last = jalali(min(local)).year, jalali(max(local)).year
    starts = [jdatetime.date(year, 1, 1).togregorian() for year in range(first, last + 1)]
    counts: Counter[int] = Counter()
    for day, n in local.items():
        counts[first + bisect_right(starts, day) - 1] += n
    return [(fa_digits(str(year)), counts.get(year, 0)) for year in range(first, last + 1)]


def per_jalali_month(days: Iterable[dt.date | dt.datetime | None]) -> list[tuple[str, int]]:
    """Counts per Solar Hijri month, every month from the first to the last, oldest first."""
    counts: Counter[tuple[int, int]] = Counter()
    for day, n in _per_day(days).items():
        j = jalali(day)
        counts[(j.year, j.month)] += n
    if not counts:
        return []
    (year, month), last = min(counts), max(counts)
    out = []
    while (year, month) <= last:
        out.append((f"{SOLAR_MONTHS[month - 1]} {fa_digits(str(year))}", counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
