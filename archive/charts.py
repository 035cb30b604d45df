"""Small bar charts drawn server-side as SVG: no JavaScript, no CDN, readable right to left.

Hand-written because the charts are a dozen bars: a charting library would
bring JavaScript or a rendering stack for what a loop of <rect>s does.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString

from archive.dates import SOLAR_MONTHS, jalali
from archive.templatetags.persian import fa_digits


def bar_chart(bars: Sequence[tuple[str, int]], title: str, width: int = 640, height: int = 180) -> SafeString:
    """An accessible SVG bar chart; the first bar is drawn at the right, as Persian reads."""
    if not bars:
        return SafeString("")
    top = max(count for _, count in bars) or 1
    plot_height = height - 40
    slot = width / len(bars)
    bar_width = min(max(slot * 0.7, 1), 56)  # a lone bar stays a bar, not a block
    every = max(len(bars) // 12, 1)  # label at most ~12 bars so labels never overlap
    parts = []
    for index, (label, count) in enumerate(bars):
        x = width - (index + 1) * slot + (slot - bar_width) / 2
        h = plot_height * count / top
        y = 8 + plot_height - h
        parts.append(
            format_html(
                '<g><rect class="bar" x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>'
                '<text class="axis" x="{}" y="{}" text-anchor="middle">{}</text>'
                '<text class="value" x="{}" y="{}" text-anchor="middle">{}</text></g>',
                round(x, 1),
                round(y, 1),
                round(bar_width, 1),
                round(h, 1),
                label,
                fa_digits(count),
                round(x + bar_width / 2, 1),
                height - 12,
                label if index % every == 0 else "",
                round(x + bar_width / 2, 1),
                round(y - 3, 1),
                fa_digits(count) if count and len(bars) <= 24 else "",
            )
        )
    body = SafeString("".join(parts))
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'preserveAspectRatio="xMidYMid meet"><title>{}</title>{}</svg>',
        width,
        height,
        title,
        title,
        body,
    )


def per_jalali_year(days: Iterable[dt.date | dt.datetime | None]) -> list[tuple[str, int]]:
    """Counts per Solar Hijri year, every year from the first to the last, oldest first."""
    counts = Counter(jalali(day).year for day in days if day)
    if not counts:
        return []
    return [(fa_digits(str(year)), counts.get(year, 0)) for year in range(min(counts), max(counts) + 1)]


def per_jalali_month(days: Iterable[dt.date | dt.datetime | None]) -> list[tuple[str, int]]:
    """Counts per Solar Hijri month, every month from the first to the last, oldest first."""
    counts = Counter((j.year, j.month) for j in (jalali(day) for day in days if day))
    if not counts:
        return []
    (year, month), last = min(counts), max(counts)
    out = []
    while (year, month) <= last:
        out.append((f"{SOLAR_MONTHS[month - 1]} {fa_digits(str(year))}", counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
