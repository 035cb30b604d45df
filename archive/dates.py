"""Dates as Persian users type them: Solar Hijri or Gregorian, Persian or ASCII digits.

jdatetime does the calendar arithmetic; what is ours is recognising which
calendar a typed date is in (a year below 1700 is Solar Hijri: the archive's
Gregorian dates are all after 1900, its Solar Hijri ones before 1500) and
turning the result into timezone-aware datetimes.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import jdatetime

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_SEPARATORS = re.compile(r"\s*[/\-.\u066b\u2215]\s*")
_NUMERIC_DATE = re.compile(r"^(\d{4})(?:/(\d{1,2})(?:/(\d{1,2}))?)?$")
_SOLAR_HIJRI_LAST_YEAR = 1700


class DateError(ValueError):
    """A date that cannot exist or cannot be read; its message is Persian."""


def ascii_digits(value: str) -> str:
    return value.translate(_DIGITS)


def to_gregorian(year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of a Solar Hijri or Gregorian (year, month, day)."""
    try:
        if year < _SOLAR_HIJRI_LAST_YEAR:
            return jdatetime.date(year, month, day).togregorian()
        return dt.date(year, month, day)
    except (ValueError, OverflowError) as exc:
        raise DateError(f"تاریخ {year}/{month}/{day} وجود ندارد.") from exc


def parse_date_range(value: str) -> tuple[dt.date, dt.date]:
    """The first and last Gregorian day that a typed date covers.

    «۱۳۹۹» covers the whole Solar Hijri year, «2020/8» the whole month,
    «1399/05/22» one day. Raises DateError with a Persian message otherwise.
    """
    cleaned = _SEPARATORS.sub("/", ascii_digits(value or "").strip())
    match = _NUMERIC_DATE.match(cleaned)
    if not match:
        raise DateError(f"«{value}» تاریخ درستی نیست؛ مثلاً ۱۳۹۹/۰۵/۲۲ یا 2020-08-12 بنویسید.")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if day is not None:
        one = to_gregorian(year, month, day)
        return one, one
    if month is None:
        first = to_gregorian(year, 1, 1)
        last = to_gregorian(year + 1, 1, 1) - dt.timedelta(days=1)
        return first, last
    if not 1 <= month <= 12:
        raise DateError(f"ماه {month} وجود ندارد.")
    first = to_gregorian(year, month, 1)
    if month == 12:
        following = to_gregorian(year + 1, 1, 1)
    else:
        following = to_gregorian(year, month + 1, 1)
    return first, following - dt.timedelta(days=1)


def parse_date(value: str) -> dt.date:
    """One day, typed as Solar Hijri or Gregorian; raises DateError."""
    first, last = parse_date_range(value)
    if first != last:
        raise DateError(f"«{value}» یک روز مشخص نیست.")
    return first


_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_SOLAR_DATETIME = re.compile(r"^(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def parse_datetime(value: str) -> dt.datetime:
    """A timezone-aware datetime from ISO 8601 or a Solar Hijri date (and time).

    A value with no zone is taken as Tehran time. Raises DateError.
    """
    cleaned = ascii_digits(str(value).strip())
    if _ISO_DATETIME.match(cleaned) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
        try:
            parsed = dt.datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
        except ValueError as exc:
            raise DateError(f"«{value}» تاریخ درستی نیست.") from exc
        if parsed.year < _SOLAR_HIJRI_LAST_YEAR:
            return parse_datetime(cleaned.replace("-", "/", 2))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=TEHRAN)
    match = _SOLAR_DATETIME.match(cleaned)
    if not match:
        raise DateError(f"«{value}» تاریخ درستی نیست.")
    year, month, day = (int(g) for g in match.group(1, 2, 3))
    hour, minute, second = (int(g or 0) for g in match.group(4, 5, 6))
    day_value = to_gregorian(year, month, day)
    try:
        return dt.datetime.combine(day_value, dt.time(hour, minute, second), tzinfo=TEHRAN)
    except ValueError as exc:
        raise DateError(f"ساعت {hour}:{minute} وجود ندارد.") from exc


def jalali(value: dt.date | dt.datetime) -> jdatetime.date | jdatetime.datetime:
    """The Solar Hijri form of a date or (Tehran-local) datetime."""
    if isinstance(value, dt.datetime):
        return jdatetime.datetime.fromgregorian(datetime=value.astimezone(TEHRAN))
    return jdatetime.date.fromgregorian(date=value)
