"""Template helpers for Persian pages: Solar Hijri dates and Persian digits."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django import template
from django.utils.html import format_html

from archive.dates import SOLAR_MONTHS, TEHRAN, jalali, jalali_day
from archive.text import to_persian_digits

register = template.Library()


@register.filter
def fa_digits(value: object) -> str:
    """The value as text with ASCII digits written as Persian digits."""
    if value is None:
        return ""
    if isinstance(value, int):
        value = f"{value:,}".replace(",", "٬")
    return to_persian_digits(str(value))


def jalali_text(value: dt.date | dt.datetime, with_time: bool = False, hour_word: bool = False) -> str:
    """«۲۲ مرداد ۱۳۹۹» (and «، ۱۰:۳۰», or «، ساعت ۱۰:۳۰» with `hour_word`, when asked), in Tehran time."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(TEHRAN)
        year, month, day = jalali_day(value.date())
    else:
        year, month, day = jalali_day(value)
    out = f"{day} {SOLAR_MONTHS[month - 1]} {year}"
    if with_time and isinstance(value, dt.datetime):
        out += f"، {'ساعت ' if hour_word else ''}{value.hour:02d}:{value.minute:02d}"
    return to_persian_digits(out)


@register.filter
def jdate(value: dt.date | dt.datetime | None, arg: str = "") -> str:
    """A <time> element: the Solar Hijri date in Persian digits, the Gregorian one on hover.

    `arg` "time" adds «، ۱۰:۳۰», "hour" adds «، ساعت ۱۰:۳۰» (the admin's style).
    """
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        iso = value.isoformat()
        gregorian = value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    else:
        iso = value.isoformat()
        gregorian = iso
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        iso,
        gregorian,
        jalali_text(value, arg in {"time", "hour"}, hour_word=arg == "hour"),
    )


@register.filter
def jalali_month(value: dt.date | dt.datetime | None) -> str:
    if not value:
        return ""
    j = jalali(value)
    return to_persian_digits(f"{SOLAR_MONTHS[j.month - 1]} {j.year}")


def with_params(params, changes: dict) -> str:
    """`params` (a QueryDict) with some keys replaced or removed, as "?a=b".

    Read as plain lists rather than through QueryDict.copy(), a deep copy:
    a search page makes some fifty of these links (its facets, its pages).
    """
    merged = dict(params.lists())
    for key, value in changes.items():
        if value in (None, ""):
            merged.pop(key, None)
        else:
            merged[key] = [str(value)]
    encoded = urlencode(merged, doseq=True)
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination keeps filters)."""
    return with_params(context["request"].GET, changes)
