"""Dates as Persian users type them: Solar Hijri or Gregorian, Persian or ASCII digits.

jdatetime does the calendar arithmetic; what is ours is recognising which
calendar a typed date is in (a year below 1700 is Solar Hijri: the archive's
Gregorian dates are all after 1900, its Solar Hijri ones before 1500) and
turning the result into timezone-aware datetimes.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import zoneinfo
from functools import lru_cache

import jdatetime

from archive.text import normalize_letters, to_ascii_digits

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")

_SEPARATORS = re.compile(r"\s*[/\-.\u066b\u2215]\s*")
_NUMERIC_DATE = re.compile(r"^(\d{4})(?:/(\d{1,2})(?:/(\d{1,2}))?)?$")
_SOLAR_HIJRI_LAST_YEAR = 1700


class DateError(ValueError):
    """A date that cannot exist or cannot be read; its message is Persian."""


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
    cleaned = _SEPARATORS.sub("/", to_ascii_digits(value or "").strip())
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
    following = to_gregorian(year + 1, 1, 1) if month == 12 else to_gregorian(year, month + 1, 1)
    return first, following - dt.timedelta(days=1)


def parse_date(value: str) -> dt.date:
    """One day, typed as Solar Hijri or Gregorian; raises DateError."""
    first, last = parse_date_range(value)
    if first != last:
        raise DateError(f"«{value}» یک روز مشخص نیست.")
    return first


_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_SOLAR_DATETIME = re.compile(
    r"^(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
)


def parse_datetime(value: str) -> dt.datetime:
    """A timezone-aware datetime from ISO 8601 or a Solar Hijri date (and time).

    A value with no zone is taken as Tehran time. Raises DateError.
    """
    cleaned = to_ascii_digits(str(value).strip())
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


# ---------------------------------------------------------------------------
# Dates as news text writes them: RFC 822 (feeds), written months in both calendars

SOLAR_MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
# Persian spellings of the Gregorian months, several per month as the press writes them.
GREGORIAN_MONTHS = (
    ("ژانویه", "ژانویهٔ"),
    ("فوریه", "فوریهٔ"),
    ("مارس",),
    ("آوریل",),
    ("مه", "مې", "می"),
    ("ژوئن",),
    ("ژوئیه", "جولای", "ژوییه"),
    ("اوت", "آگوست", "اگوست"),
    ("سپتامبر",),
    ("اکتبر",),
    ("نوامبر",),
    ("دسامبر",),
)


def _month_lookup() -> dict[str, tuple[str, int]]:
    # Keyed by the letter-normalized spelling, so «آگوست», «اگوست» and Arabic-yeh
    # spellings meet; normalize_letters is the archive's one letter normalizer.
    table = {normalize_letters(name): ("solar", number) for number, name in enumerate(SOLAR_MONTHS, 1)}
    for number, names in enumerate(GREGORIAN_MONTHS, 1):
        for name in names:
            table[normalize_letters(name)] = ("gregorian", number)
    return table


_MONTHS = _month_lookup()
_MONTH_ALTERNATION = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_WEEKDAYS = "شنبه|یکشنبه|یک شنبه|دوشنبه|دو شنبه|سه شنبه|سهشنبه|چهارشنبه|چهار شنبه|پنجشنبه|پنج شنبه|جمعه"
_TIME = r"(?:\s*(?:[،,\-–|]\s*)?(?:ساعت\s*)?(?P<hour>\d{1,2})[:٫](?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
# Matched against normalize_letters(text): ASCII digits, ZWNJ removed, yeh/kaf unified.
_WRITTEN_DATE = re.compile(
    rf"(?:(?:{_WEEKDAYS})\s*[،,]?\s*)?"
    rf"(?<!\d)(?P<day>\d{{1,2}})\s*(?P<month>{_MONTH_ALTERNATION})(?:\s*ماه)?\s*[،,]?\s*(?P<year>\d{{4}})(?!\d)"
    + _TIME
)
_NUMERIC_IN_TEXT = re.compile(
    r"(?<![\d/])(?P<year>1[34]\d\d|20\d\d)\s*[/\-.]\s*(?P<month>\d{1,2})\s*[/\-.]\s*(?P<day>\d{1,2})(?![\d/])"
    + _TIME
)
_RFC822 = re.compile(r"^(?:[a-z]{3},\s*)?\d{1,2}\s+[a-z]{3}\s+\d{2,4}\b", re.IGNORECASE)


def _combine(day: dt.date, hour: str | None, minute: str | None, second: str | None) -> dt.datetime:
    h, m, s = int(hour or 0), int(minute or 0), int(second or 0)
    try:
        return dt.datetime.combine(day, dt.time(h, m, s), tzinfo=TEHRAN)
    except ValueError as exc:
        raise DateError(f"ساعت {h}:{m:02d} وجود ندارد.") from exc


def _from_written(match: re.Match[str]) -> dt.datetime:
    calendar, month = _MONTHS[match["month"]]
    year, day = int(match["year"]), int(match["day"])
    if calendar == "solar" and year >= _SOLAR_HIJRI_LAST_YEAR:
        raise DateError(f"سال {year} برای ماه {SOLAR_MONTHS[month - 1]} وجود ندارد.")
    if calendar == "gregorian" and year < _SOLAR_HIJRI_LAST_YEAR:
        raise DateError(f"سال {year} برای ماه میلادی وجود ندارد.")
    return _combine(to_gregorian(year, month, day), match["hour"], match["minute"], match["second"])


def _from_numeric(match: re.Match[str]) -> dt.datetime:
    day = to_gregorian(int(match["year"]), int(match["month"]), int(match["day"]))
    return _combine(day, match["hour"], match["minute"], match["second"])


def parse_rfc822(value: str) -> dt.datetime:
    """An RFC 822 date as feeds write it («Wed, 12 Aug 2020 10:30:00 +0430»); no zone means Tehran."""
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError) as exc:
        raise DateError(f"«{value}» وجود ندارد یا خوانا نیست.") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=TEHRAN)


def parse_written_date(value: str) -> dt.datetime:
    """A date written with its month's name.

    «۲۲ مرداد ۱۳۹۹», «دوشنبه ۲۲ مرداد ماه ۱۳۹۹ ساعت ۱۰:۳۰», «۱۲ اوت ۲۰۲۰».

    The whole value must be the date. Tehran time. Raises DateError.
    """
    match = _WRITTEN_DATE.fullmatch(normalize_letters(value.strip()))
    if not match:
        raise DateError(f"«{value}» تاریخ درستی نیست.")
    return _from_written(match)


def find_date(text: str, within: int = 300) -> dt.datetime | None:
    """The first date written in the opening `within` characters of a text (its dateline), if any.

    Both written («۲۲ مرداد ۱۳۹۹ ساعت ۱۰:۳۰») and numeric Solar Hijri or
    Gregorian forms count. Raises DateError when the dateline names a date
    that cannot exist, so the caller reports it instead of guessing.
    """
    head = normalize_letters(text[:within])
    found = [m for m in (_WRITTEN_DATE.search(head), _NUMERIC_IN_TEXT.search(head)) if m]
    if not found:
        return None
    match = min(found, key=lambda m: m.start())
    return _from_written(match) if match.re is _WRITTEN_DATE else _from_numeric(match)


def parse_any_datetime(value: str) -> dt.datetime:
    """parse_datetime(), plus RFC 822 and dates written with month names; raises DateError."""
    cleaned = to_ascii_digits(str(value).strip())
    if _RFC822.match(cleaned):
        return parse_rfc822(cleaned)
    try:
        return parse_datetime(cleaned)
    except DateError as numeric_error:
        if not re.search(r"\d{4}", cleaned) or re.fullmatch(r"[\d\s/\-.:T+Z]+", cleaned):
            raise
        try:
            return parse_written_date(cleaned)
        except DateError as written_error:
            if "وجود ندارد" in str(written_error):
                raise
            raise numeric_error from None


@lru_cache(maxsize=1 << 16)
def jalali_day(day: dt.date) -> tuple[int, int, int]:
    """(year, month, day) of a Gregorian day in the Solar Hijri calendar.

    jdatetime converts in pure Python (about 10 µs); news falls on a few
    thousand days, so pages, exports and index documents convert each day once.
    """
    j = jdatetime.date.fromgregorian(date=day)
    return j.year, j.month, j.day


def jalali(value: dt.date | dt.datetime) -> jdatetime.date | jdatetime.datetime:
    """The Solar Hijri form of a date or (Tehran-local) datetime."""
    if isinstance(value, dt.datetime):
        return jdatetime.datetime.fromgregorian(datetime=value.astimezone(TEHRAN))
    return jdatetime.date.fromgregorian(date=value)
