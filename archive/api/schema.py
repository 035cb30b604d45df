"""What the OpenAPI schema says of the lists' filters that drf-spectacular cannot guess.

The FilterSets apply most parameters themselves (`method="filter_noop"`: the
index does the filtering), so no model field tells the parameter's type: an
id filter's type is its queryset's primary key (an integer, a country's
two-letter code), a date is text in either calendar.
"""

from __future__ import annotations

import django_filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from archive.filters import JalaliDateFilter

DATE_HELP = (
    "تاریخ خورشیدی یا میلادی، با رقم فارسی یا لاتین؛ سال یا ماه تنها یعنی همهٔ آن (۱۳۹۹، ۱۳۹۹/۰۵، 2020-08-12)"
)


class ArchiveFilterExtension(DjangoFilterExtension):
    priority = 1  # before drf-spectacular's own

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if isinstance(filter_field, JalaliDateFilter):
            return [self._parameter(field_name, filter_field, OpenApiTypes.STR, DATE_HELP)]
        if isinstance(filter_field, django_filters.ModelChoiceFilter):
            pk = filter_field.queryset.model._meta.pk
            kind = OpenApiTypes.INT if pk.get_internal_type().endswith("AutoField") else OpenApiTypes.STR
            return [self._parameter(field_name, filter_field, kind, "شناسهٔ رکورد")]
        return super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)

    @staticmethod
    def _parameter(name: str, filter_field, kind, help_text: str) -> dict:
        return build_parameter_type(
            name=name,
            required=False,
            location=OpenApiParameter.QUERY,
            description=f"{filter_field.label}: {help_text}",
            schema=build_basic_type(kind),
        )
