"""What officials said: statements, each an exact span of an article's body."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from archive import text
from archive.dates import TEHRAN
from archive.models.articles import Article
from archive.models.base import Versioned
from archive.models.events import Event
from archive.models.people import Official


def statement_day(said_on: dt.date | None, published_at: dt.datetime | None) -> dt.date | None:
    """The day a statement was said: `said_on`, else its article's publication day in Tehran."""
    if said_on:
        return said_on
    if published_at:
        return published_at.astimezone(TEHRAN).date()
    return None


class StatementQuerySet(models.QuerySet):
    def public(self) -> StatementQuerySet:
        """Statements in public articles: all a reader may see."""
        return self.filter(article__is_public=True)

    def publication_days(self) -> models.QuerySet:
        """The publication instant of each statement's article, for counting them per year."""
        return self.order_by().values_list("article__published_at", flat=True)


class Statement(Versioned):
    """What an official said in one article; `start`/`end` index the article body."""

    article = models.ForeignKey(
        Article, verbose_name="خبر", on_delete=models.CASCADE, related_name="statements"
    )
    official = models.ForeignKey(
        Official, verbose_name="گوینده", on_delete=models.PROTECT, related_name="statements"
    )
    text = models.TextField(
        "متن گفته", blank=True, help_text="خالی بگذارید تا متن از بازهٔ آغاز و پایان در متن خبر خوانده شود."
    )
    text_key = models.TextField(editable=False, default="")
    direct = models.BooleanField("نقل قول مستقیم", default=True)
    start = models.PositiveIntegerField("آغاز بازه")
    end = models.PositiveIntegerField("پایان بازه")
    attribution = models.CharField(
        "گوینده در متن", max_length=200, blank=True, help_text="«وزیر دفاع روسیه»، «وی»، «ژنرال شویگو»…"
    )
    said_on = models.DateField("تاریخ گفته", null=True, blank=True)
    event = models.ForeignKey(
        Event,
        verbose_name="رویداد",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ثبت‌کننده",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
    )
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)
    updated_at = models.DateTimeField("به‌روزرسانی", auto_now=True)

    objects = StatementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["text_key"])

    class Meta:
        ordering = ["article", "start"]
        verbose_name = "گفته"
        verbose_name_plural = "گفته‌ها"
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="statement_span_not_empty"),
        ]
        indexes = [
            models.Index(fields=["official", "said_on"], name="statement_official_date"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def day(self) -> dt.date | None:
        """The day it was said: `said_on`, else the article's publication day in Tehran."""
        return statement_day(self.said_on, self.article.published_at)

    def clean(self) -> None:
        """The span must lie in the body and the text must be exactly what it covers."""
        if not self.article_id or self.start is None or self.end is None:
            return
        body = self.article.body
        if self.end <= self.start:
            raise ValidationError({"end": "پایان بازه باید پس از آغاز آن باشد."})
        if self.end > len(body):
            raise ValidationError({"end": f"پایان بازه از طول متن خبر ({len(body)} نویسه) بیشتر است."})
        if not self.text:
            self.text = body[self.start : self.end]
        elif self.text != body[self.start : self.end]:
            raise ValidationError({"text": "متن گفته با متن خبر در این بازه یکی نیست."})

    def save(self, *args, **kwargs) -> None:
        if not self.text and self.article_id and self.end:
            # An editor may give only the span: the quoted text is read from the body.
            self.text = self.article.body[self.start : self.end]
        self.text_key = text.search_key(self.text)
        super().save(*args, **kwargs)
