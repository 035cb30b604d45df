"""The admin's dates in the Solar Hijri calendar: form fields, list columns, read-only fields, date filters.

`JalaliAdminMixin` goes on every ModelAdmin and inline of the archive: its
date and date-time fields get the Jalali form fields (archive/admin/jalali_fields.py),
and the lists and read-only fields that Django would print as «23 اکتبر 2024»
print «۱ آبان ۱۴۰۳، ساعت ۱۰:۳۰» instead (with the Gregorian time on hover).
Booleans in lists get a Persian alternative text (Django's icons say "True").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import admin
from django.db import models
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html

from archive import dates
from archive.admin.jalali_fields import (
    JalaliDateField,
    JalaliDateInput,
    JalaliDateTimeField,
    JalaliDateTimeInput,
)
from archive.templatetags.persian import jdate
from archive.text import to_persian_digits

# Display functions are set on the admin as «<field>_fa»: Persian display of a date or a yes/no.
PERSIAN_SUFFIX = "_fa"

JALALI_FORMFIELDS = {
    models.DateTimeField: {"form_class": JalaliDateTimeField, "widget": JalaliDateTimeInput},
    models.DateField: {"form_class": JalaliDateField, "widget": JalaliDateInput},
}


def jalali_column(field: models.Field) -> Callable[[models.Model], str]:
    """A display function for `field`: its value as a Solar Hijri <time>, sortable by the field."""
    with_time = isinstance(field, models.DateTimeField)

    def show(obj: models.Model) -> str:
        value = getattr(obj, field.name)
        # «—» for none: a read-only field would print a display function's None as "None".
        return jdate(value, "hour" if with_time else "") if value else "—"

    show.__name__ = field.name + PERSIAN_SUFFIX
    return admin.display(description=field.verbose_name, ordering=field.name, empty_value="—")(show)


def boolean_column(field: models.Field) -> Callable[[models.Model], str]:
    """Django's yes/no icon, with «بله»/«خیر» for its text instead of "True"/"False"."""

    def show(obj: models.Model) -> str:
        value = getattr(obj, field.name)
        if value is None:
            return "—"
        name, text = ("yes", "بله") if value else ("no", "خیر")
        return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{name}.svg"), text)

    show.__name__ = field.name + PERSIAN_SUFFIX
    return admin.display(description=field.verbose_name, ordering=field.name)(show)


def _date_fields(model: type[models.Model]) -> dict[str, models.Field]:
    return {f.name: f for f in model._meta.concrete_fields if isinstance(f, models.DateField)}


class JalaliAdminMixin:
    """For ModelAdmins and inlines: Jalali form fields, list columns and read-only fields."""

    def __init__(self, *args, **kwargs) -> None:
        self.formfield_overrides = {**JALALI_FORMFIELDS, **getattr(self, "formfield_overrides", {})}
        super().__init__(*args, **kwargs)
        # The columns live on the instance under «<field>_fa», where the
        # admin's lookup_field() finds display functions named in a list.
        for name, field in _date_fields(self.model).items():
            setattr(self, name + PERSIAN_SUFFIX, jalali_column(field))
        for field in self.model._meta.concrete_fields:
            if isinstance(field, models.BooleanField):
                setattr(self, field.name + PERSIAN_SUFFIX, boolean_column(field))

    def _jalali_name(self, name, editable: frozenset = frozenset()):
        if isinstance(name, str) and name not in editable and hasattr(self, name + PERSIAN_SUFFIX):
            return name + PERSIAN_SUFFIX
        return name

    def get_list_display(self, request):
        editable = frozenset(getattr(self, "list_editable", ()))
        return [self._jalali_name(n, editable) for n in super().get_list_display(request)]

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        return links if links is None else [self._jalali_name(n) for n in links]

    def _readonly_dates(self, request, obj=None) -> set[str]:
        dated = _date_fields(self.model)
        return {n for n in super().get_readonly_fields(request, obj) if n in dated}

    def get_readonly_fields(self, request, obj=None):
        dated = self._readonly_dates(request, obj)
        fields = super().get_readonly_fields(request, obj)
        return [f"{n}{PERSIAN_SUFFIX}" if n in dated else n for n in fields]

    def get_fieldsets(self, request, obj=None):
        dated = self._readonly_dates(request, obj)

        def swap(names):
            if isinstance(names, list | tuple):
                return type(names)(swap(n) for n in names)
            return f"{names}{PERSIAN_SUFFIX}" if names in dated else names

        fieldsets = super().get_fieldsets(request, obj)
        return [(title, {**opts, "fields": swap(opts["fields"])}) for title, opts in fieldsets]


class JalaliDateFilter(admin.DateFieldListFilter):
    """Django's date filter, with the Solar Hijri month, year and last year instead of the Gregorian."""

    def __init__(self, field, request, params, model, model_admin, field_path) -> None:
        super().__init__(field, request, params, model, model_admin, field_path)
        today = timezone.localdate()
        j = dates.jalali(today)
        month_start = dates.to_gregorian(j.year, j.month, 1)
        next_month = dates.to_gregorian(j.year + (j.month == 12), j.month % 12 + 1, 1)
        year_start = dates.to_gregorian(j.year, 1, 1)
        last_year = dates.to_gregorian(j.year - 1, 1, 1)
        next_year = dates.to_gregorian(j.year + 1, 1, 1)
        as_bound = self._bound(field)
        since, until = self.lookup_kwarg_since, self.lookup_kwarg_until
        any_date, today_link, week = self.links[:3]

        def between(first: dt.date, after: dt.date) -> dict:
            return {since: as_bound(first), until: as_bound(after)}

        self.links = (
            ("هر زمانی", any_date[1]),
            ("امروز", today_link[1]),
            ("هفت روز گذشته", week[1]),
            ("این ماه", between(month_start, next_month)),
            (to_persian_digits(f"امسال ({j.year})"), between(year_start, next_year)),
            (to_persian_digits(f"پارسال ({j.year - 1})"), between(last_year, year_start)),
            *self.links[5:],  # «بدون تاریخ» / «دارای تاریخ» for a field that may be empty
        )

    @staticmethod
    def _bound(field: models.Field) -> Callable[[dt.date], object]:
        if isinstance(field, models.DateTimeField):
            return lambda day: timezone.make_aware(dt.datetime.combine(day, dt.time()))
        return lambda day: day
