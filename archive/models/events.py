"""What happened: events, with the officials and articles involved."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from archive import text
from archive.models.articles import Article
from archive.models.base import Country, Versioned
from archive.models.people import Official


class EventKind(models.TextChoices):
    MEETING = "meeting", "دیدار"
    VISIT = "visit", "سفر"
    BORDER_CLASH = "border_clash", "درگیری مرزی"
    EXERCISE = "exercise", "رزمایش"
    ARMS_TRANSFER = "arms_transfer", "انتقال تسلیحات"
    AGREEMENT = "agreement", "توافق"
    DEPLOYMENT = "deployment", "استقرار"
    CASUALTY_REPORT = "casualty_report", "گزارش تلفات"
    PRESS_CONFERENCE = "press_conference", "نشست خبری"
    OTHER = "other", "دیگر"


class Event(Versioned):
    kind = models.CharField("نوع", max_length=20, choices=EventKind.choices, default=EventKind.OTHER)
    title = models.CharField("عنوان", max_length=300)
    start = models.DateField("آغاز")
    end = models.DateField("پایان", null=True, blank=True)
    place = models.CharField("مکان", max_length=200, blank=True)
    # Search key of the title and place: events are few, so `q` matches keyed
    # words against it directly rather than through a full-text index.
    title_key = models.TextField(editable=False, default="")
    countries = models.ManyToManyField(Country, verbose_name="کشورها", blank=True, related_name="events")
    officials = models.ManyToManyField(
        Official, verbose_name="مقام‌های حاضر", blank=True, related_name="events"
    )
    articles = models.ManyToManyField(Article, verbose_name="خبرها", blank=True, related_name="events")
    history = HistoricalRecords(excluded_fields=["title_key"])
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)
    updated_at = models.DateTimeField("به‌روزرسانی", auto_now=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = "رویداد"
        verbose_name_plural = "رویدادها"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="event_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "-start"], name="event_kind_start"),
            # The timeline's order and the event menu of every list page (the 30 latest): without
            # it, 100,000 events were sorted on each cold page (32 ms on PostgreSQL).
            models.Index(fields=["-start", "-id"], name="event_start_id"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archive:event-detail", args=[self.pk])

    def save(self, *args, **kwargs) -> None:
        self.title_key = text.search_key(f"{self.title} {self.place}")
        super().save(*args, **kwargs)


def _event_link_text(link) -> str:
    return str(link.event)


# The admin names each row of an article's events by its link record, which
# Django calls "Event_articles object (1)": the event's own title says more.
Event.articles.through.__str__ = _event_link_text
