"""Officials, the other names they go by and their dated positions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from archive import text
from archive.models.base import Country, Versioned


class OfficialQuerySet(models.QuerySet):
    def with_public_counts(self) -> OfficialQuerySet:
        """Officials annotated with `statement_count`: their statements in public articles."""
        from archive.models.statements import Statement  # statements.py imports this module

        # A correlated count rather than a JOIN + GROUP BY: the search engines rank
        # with functions (bm25) that cannot run inside an aggregate query.
        public_count = (
            Statement.objects.public()
            .filter(official=OuterRef("pk"))
            .order_by()
            .values("official")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(statement_count=Coalesce(Subquery(public_count), 0))

    def busiest(self, since: dt.datetime, limit: int = 5) -> OfficialQuerySet:
        """The `limit` officials with the most public statements published since `since`, as `recent`."""
        from archive.models.statements import Statement

        recent = Statement.objects.public().filter(article__published_at__gte=since)
        # Filtered before the count: only those statements are counted.
        return (
            self.filter(statements__in=recent)
            .annotate(recent=Count("statements"))
            .order_by("-recent", "name")[:limit]
        )


class Official(Versioned):
    name = models.CharField("نام", max_length=200)
    latin_name = models.CharField("نام لاتین", max_length=200, blank=True)
    country = models.ForeignKey(Country, verbose_name="کشور", null=True, blank=True, on_delete=models.PROTECT)
    # Search key of the name and every alias, space-joined: what /officials/?q= matches.
    names_key = models.TextField(editable=False, default="")
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)
    updated_at = models.DateTimeField("به‌روزرسانی", auto_now=True)

    objects = OfficialQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["names_key"])

    class Meta:
        ordering = ["name"]
        verbose_name = "مقام"
        verbose_name_plural = "مقام‌ها"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("archive:official-detail", args=[self.pk])

    def refresh_names_key(self, save: bool = True) -> None:
        names = [self.name, self.latin_name]
        if self.pk:
            names += list(self.aliases.values_list("name", flat=True))
        self.names_key = " | ".join(text.search_key(n) for n in names if n)
        if save and self.pk:
            Official.objects.filter(pk=self.pk).update(names_key=self.names_key)

    def save(self, *args, **kwargs) -> None:
        self.refresh_names_key(save=False)
        super().save(*args, **kwargs)

    def position_on(self, day: dt.date | None) -> Position | None:
        """The position this official held on `day`, if the archive knows it."""
        return held_on(self.positions.all(), day)


class OfficialAlias(models.Model):
    """A spelling of an official's name met in the news («حسن‌اف», «Zakir Hasanov»)."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField("نام", max_length=200)
    key = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name = "نام دیگر"
        verbose_name_plural = "نام‌های دیگر"
        constraints = [models.UniqueConstraint(fields=["official", "key"], name="alias_once_per_official")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.key = text.search_key(self.name)
        super().save(*args, **kwargs)
        self.official.refresh_names_key()


class Position(models.Model):
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField("عنوان", max_length=200)
    organization = models.CharField("سازمان", max_length=200, blank=True)
    country = models.ForeignKey(Country, verbose_name="کشور", null=True, blank=True, on_delete=models.PROTECT)
    start = models.DateField("از")
    end = models.DateField("تا", null=True, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name = "سمت"
        verbose_name_plural = "سمت‌ها"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="position_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["title", "country", "start"], name="position_lookup")]

    def covers(self, day) -> bool:
        """Whether the position was held on `day` (an open end means it still is)."""
        return day is not None and self.start <= day and (self.end is None or day <= self.end)

    def __str__(self) -> str:
        return f"{self.title} {self.organization}".strip()


def held_on(positions: Iterable[Position], day: dt.date | None) -> Position | None:
    """The first of `positions` that covers `day`, or None."""
    return next((p for p in positions if p.covers(day)), None)
