"""No silent overwrite: every versioned record's form carries the version it
showed, and a save over a newer version is refused with what changed."""

from __future__ import annotations

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from archive.admin.history import PersianChangeHelper
from archive.admin.jalali import JalaliAdminMixin


def _short(value: object, limit: int = 80) -> str:
    value = "—" if value in (None, "") else str(value)
    return value if len(value) <= limit else value[:limit] + "…"


def conflict_message(instance, seen: int, current: int) -> str:
    """The Persian message for a save over a newer version: who saved, when, and which fields changed."""
    model = type(instance)
    history = model.history.filter(id=instance.pk)
    old = history.filter(version=seen).order_by("-history_date").first()
    new = history.filter(version=current).order_by("-history_date").first()
    name = model._meta.verbose_name
    lines = [f"این {name} پس از آنکه آن را گشودید دوباره ذخیره شده است (نسخهٔ {seen} ← نسخهٔ {current})."]
    if new is not None:
        who = new.history_user.get_username() if new.history_user else "کاربری دیگر"
        when = timezone.localtime(new.history_date).strftime("%Y-%m-%d %H:%M")
        lines.append(f"آخرین ذخیره: {who}، {when}.")
    if old is not None and new is not None:
        changes = [c for c in new.diff_against(old).changes if c.field not in {"version", "updated_at"}]
        for change in changes:
            label = model._meta.get_field(change.field).verbose_name
            lines.append(f"«{label}» از «{_short(change.old)}» به «{_short(change.new)}» تغییر کرده است.")
    lines.append(
        "ویرایش‌های شما از دست نرفته و در همین فرم مانده‌اند؛ آن‌ها را با تغییرهای تازه بسنجید "
        "و اگر هنوز درست‌اند دوباره ذخیره کنید."
    )
    return " ".join(lines)


class VersionedForm(forms.ModelForm):
    """A model form that refuses to save over a version newer than the one it showed."""

    version = forms.IntegerField(label="نسخه", widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.current_version: int | None = None
        if self.instance.pk:
            # The version now stored, not the instance's: a revert form shows
            # an old instance, and what it overwrites is the current record.
            self.initial["version"] = (
                type(self.instance)
                ._default_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if connection.in_atomic_block:
            rows = rows.select_for_update()  # the second of two saves waits here, then sees the first
        self.current_version = rows.values_list("version", flat=True).first()
        seen = cleaned.get("version")
        if seen is not None and self.current_version is not None and seen != self.current_version:
            # The form comes back with the editor's values and the current
            # version, so saving again after reading the message goes through.
            data = self.data.copy()
            data[self.add_prefix("version")] = self.current_version
            self.data = data
            raise ValidationError(
                conflict_message(self.instance, seen, self.current_version), code="conflict"
            )
        return cleaned


def revert_changes(model, object_id, version_id) -> list[dict[str, str]]:
    """Each field a revert to history record `version_id` would change: its label, now, after."""
    history = model.history.filter(id=object_id)
    target = history.filter(history_id=version_id).first()
    current = history.order_by("-history_date", "-history_id").first()
    if target is None or current is None or target.pk == current.pk:
        return []
    changes = [c for c in target.diff_against(current).changes if c.field not in {"version", "updated_at"}]
    out = []
    for change in changes:
        field = model._meta.get_field(change.field)
        show = getattr(field, "choices", None) and dict(field.flatchoices)
        now, then = change.old, change.new
        if isinstance(now, bool) or isinstance(then, bool):
            now, then = ("بله" if now else "خیر"), ("بله" if then else "خیر")
        elif show:
            now, then = show.get(now, now), show.get(then, then)
        out.append({"label": str(field.verbose_name), "now": _short(now), "then": _short(then)})
    return out


class VersionedAdmin(JalaliAdminMixin, SimpleHistoryAdmin):
    """History with revert (django-simple-history), optimistic concurrency, Jalali dates."""

    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        names = [f for _, opts in fieldsets for f in opts["fields"]]
        if "version" not in names:
            name, opts = fieldsets[0]
            fieldsets = [(name, {**opts, "fields": [*opts["fields"], "version"]}), *fieldsets[1:]]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        # «version» is the form's own field, not a model form field (the
        # model's is not editable), so it must not be asked of the model.
        fields = (
            kwargs["fields"] if "fields" in kwargs else flatten_fieldsets(self.get_fieldsets(request, obj))
        )
        if fields is not None:
            kwargs["fields"] = [f for f in fields if f != "version"]
        return super().get_form(request, obj, change, **kwargs)

    def get_changelist_form(self, request, **kwargs):
        # Editing in the list (review status, public flag) saves versioned
        # records too: each row carries the version it showed and a stale row
        # is refused with the same message, never saved over a newer version.
        kwargs.setdefault("form", VersionedForm)
        return super().get_changelist_form(request, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """The revert form, with what reverting changes in the record as it is now (public flag included)."""
        extra_context = {
            **(extra_context or {}),
            "revert_changes": revert_changes(self.model, object_id, version_id),
        }
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return PersianChangeHelper(self.model, historical_record)

    def save_model(self, request, obj, form, change):
        if getattr(form, "current_version", None) is not None:
            obj.version = form.current_version
        super().save_model(request, obj, form, change)
