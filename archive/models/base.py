"""Shared by every model: optimistic versions, countries."""

from __future__ import annotations

from django.db import models


class Versioned(models.Model):
    """A record with a version number, raised by every save.

    The admin sends the version it showed with the form and refuses a save
    whose version is no longer current (see `VersionedAdmin` in archive/admin/concurrency.py), so
    two editors never silently overwrite each other.
    """

    version = models.PositiveIntegerField("نسخه", default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.version = (self.version or 0) + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"version"}
        super().save(*args, **kwargs)


class Country(models.Model):
    code = models.CharField("کد", max_length=2, primary_key=True)
    name = models.CharField("نام", max_length=100)
    latin_name = models.CharField("نام لاتین", max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "کشور"
        verbose_name_plural = "کشورها"

    def __str__(self) -> str:
        return self.name
