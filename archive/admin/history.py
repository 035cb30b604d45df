"""The history pages' changes as an editor reads them: display values, not raw codes.

django-simple-history lists a change as `وضعیت بررسی: in_review → annotated`;
through its context-helper hook the values become what the admin shows
elsewhere: «در حال بررسی ← حاشیه‌نویسی‌شده», «بله»/«خیر», Jalali dates.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from simple_history.template_utils import HistoricalRecordContextHelper

from archive.templatetags.persian import jalali_text

EMPTY = "—"


def shown(field: models.Field, value: object) -> object:
    """`value` of `field` as the admin shows it: a choice's label, «بله»/«خیر», a Jalali date, or «—»."""
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "بله" if value else "خیر"
    if isinstance(value, dt.date):
        return jalali_text(value, with_time=isinstance(value, dt.datetime), hour_word=True)
    return value


class PersianChangeHelper(HistoricalRecordContextHelper):
    """simple-history's formatting of one version's changes, with `shown()` values."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            return super().prepare_delta_change_value(change, value)
        return shown(field, value)
