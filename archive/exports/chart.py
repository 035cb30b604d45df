"""The matches-over-time series (archive/series.py) as CSV: one row per month or year."""

from __future__ import annotations

from archive.exports.writer import Column, dated_columns


def series_columns() -> list[Column]:
    """A period's bounds (ISO, Solar Hijri), its matches, all articles under the same filters, the share."""
    return [
        Column("period_jalali", lambda p: p.jalali),
        Column("granularity", lambda p: p.granularity),
        *dated_columns("period_start", lambda p: p.first_day),
        *dated_columns("period_end", lambda p: p.last_day),
        Column("matches", lambda p: p.matches),
        Column("all_articles", lambda p: p.total),
        Column("share", lambda p: None if p.share is None else round(p.share, 6)),
    ]
