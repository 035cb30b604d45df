"""`fields=` and `omit=`: which of a record's fields a response holds.

Comma-separated top-level names; `fields` keeps only those, `omit` then
drops some. An unknown name is a Persian 400 that lists the known ones: a
misspelt field silently missing from a researcher's table is worse than an
error. Written here rather than taken from drf-flex-fields: that library
ignores unknown names and brings `expand`, which this API does not need; the
selection itself is DRF's documented pattern (dropping from `self.fields`).
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.exceptions import ValidationError

MAX_NAMES = 100


def _names(value: str | None) -> list[str]:
    if not value:
        return []
    return [name.strip() for name in value.split(",")[:MAX_NAMES] if name.strip()]


def selected_fields(serializer_class: type[serializers.Serializer], fields: str | None, omit: str | None):
    """The names to keep (None: all), after checking every name against `serializer_class`'s fields."""
    known = list(serializer_class().fields)
    wanted, dropped = _names(fields), _names(omit)
    unknown = [name for name in (*wanted, *dropped) if name not in known]
    if unknown:
        raise ValidationError(
            {
                "fields" if any(n in unknown for n in wanted) else "omit": [
                    f"فیلد ناشناخته: {'، '.join(unknown)}. فیلدهای این رکورد: {', '.join(known)}."
                ]
            }
        )
    if not wanted and not dropped:
        return None
    keep = wanted or known
    return frozenset(name for name in keep if name not in dropped)


class SelectableFieldsMixin:
    """A record serializer whose top-level fields follow `context["keep"]` (from `selected_fields`)."""

    def get_fields(self):
        fields = super().get_fields()
        keep = self.context.get("keep")
        top_level = self.parent is None or self.parent.parent is None  # the record, not one nested in it
        if keep is not None and top_level:
            fields = {name: field for name, field in fields.items() if name in keep}
        return fields
