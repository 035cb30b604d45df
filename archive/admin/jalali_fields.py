"""Date and date-time form fields for the admin, in the Solar Hijri calendar with Persian digits.

An editor types «۱۴۰۰/۰۶/۰۳», «1400/06/03 10:30», a Gregorian date or ISO 8601;
the box shows the stored value back as «۱۴۰۰/۰۶/۰۳ ۱۰:۳۰» (Tehran time). The
reading is archive/dates.py's, the same as the public site's date filters.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from archive import dates
from archive.text import to_persian_digits

# «۱۴۰۰/۰۶/۰۳، ساعت ۱۰:۳۰» reads as «۱۴۰۰/۰۶/۰۳ ۱۰:۳۰»: the words between date and time go.
_PASTED_WORDS = ("،", ",", "ساعت")


def jalali_input_text(value: dt.date | dt.datetime) -> str:
    """«۱۴۰۰/۰۶/۰۳», or «۱۴۰۰/۰۶/۰۳ ۱۰:۳۰» for a datetime (Tehran time).

    Seconds are written when there are any, so that saving a form unchanged
    does not change the time stored.
    """
    j = dates.jalali(value)
    text = f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    if isinstance(value, dt.datetime):
        text += f" {j.hour:02d}:{j.minute:02d}" + (f":{j.second:02d}" if j.second else "")
    return to_persian_digits(text)


class JalaliDateInput(forms.TextInput):
    """A text box for a day, showing it as «۱۴۰۰/۰۶/۰۳»."""

    placeholder = "۱۴۰۰/۰۶/۰۳"

    def __init__(self, attrs: dict | None = None) -> None:
        # dir=ltr keeps year/month/day in typing order whatever the editor types.
        defaults = {"class": "vJalaliDate", "placeholder": self.placeholder, "dir": "ltr", "size": 12}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return jalali_input_text(value)
        return super().format_value(value)


class JalaliDateTimeInput(JalaliDateInput):
    """A text box for a moment, showing it as «۱۴۰۰/۰۶/۰۳ ۱۰:۳۰» in Tehran time."""

    placeholder = "۱۴۰۰/۰۶/۰۳ ۱۰:۳۰"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__({"class": "vJalaliDateTime", "size": 18, **(attrs or {})})


def _typed(value: object) -> str:
    text = str(value)
    for word in _PASTED_WORDS:
        text = text.replace(word, " ")
    return " ".join(text.split())


class JalaliDateField(forms.DateField):
    """A day typed in either calendar, Persian or ASCII digits; errors are Persian."""

    widget = JalaliDateInput
    default_error_messages = {"invalid": "تاریخ را مانند ۱۴۰۰/۰۶/۰۳ یا 2021-08-25 بنویسید."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dates.parse_date(_typed(value))
        except dates.DateError as exc:
            try:  # «۳ شهریور ۱۴۰۰», as lists print it
                return dates.parse_written_date(str(value)).date()
            except dates.DateError:
                raise ValidationError(str(exc), code="invalid") from exc


class JalaliDateTimeField(forms.DateTimeField):
    """A moment typed as «1400/06/03 10:30» (either calendar) or ISO 8601; Tehran time unless zoned."""

    widget = JalaliDateTimeInput
    default_error_messages = {"invalid": "زمان را مانند ۱۴۰۰/۰۶/۰۳ ۱۰:۳۰ یا 2021-08-25T10:30 بنویسید."}

    def prepare_value(self, value):
        # The widget writes it in Tehran time; Django's would first make it a naive local time.
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return dt.datetime.combine(value, dt.time(), tzinfo=dates.TEHRAN)
        try:
            return dates.parse_datetime(_typed(value))
        except dates.DateError as exc:
            try:  # «۳ شهریور ۱۴۰۰، ساعت ۱۰:۳۰», as lists print it
                return dates.parse_written_date(str(value))
            except dates.DateError:
                raise ValidationError(str(exc), code="invalid") from exc
