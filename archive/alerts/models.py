"""A saved search and what has been mailed for it (registered with the archive app)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class Rate(models.TextChoices):
    DAILY = "daily", "روزانه"
    WEEKLY = "weekly", "هفتگی"


class FollowedList(models.TextChoices):
    ARTICLES = "articles", "خبرها"
    STATEMENTS = "statements", "گفته‌ها"


def new_key() -> str:
    return secrets.token_urlsafe(24)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def pending(self) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=True)

    def expired(self, now: dt.datetime | None = None) -> SubscriptionQuerySet:
        """Requests never confirmed whose link has expired."""
        now = now or timezone.now()
        return self.pending().filter(requested_at__lt=now - settings.ALERTS_CONFIRM_MAX_AGE)

    def holding(self, email: str, now: dt.datetime | None = None) -> SubscriptionQuerySet:
        """What counts against an address's limit: confirmed alerts and requests still open."""
        now = now or timezone.now()
        live = models.Q(confirmed_at__isnull=False) | models.Q(
            requested_at__gte=now - settings.ALERTS_CONFIRM_MAX_AGE
        )
        return self.filter(live, email__iexact=email)


class Subscription(models.Model):
    email = models.EmailField("نشانی ایمیل", max_length=254)
    list_name = models.CharField("فهرست", max_length=16, choices=FollowedList.choices)
    query = models.CharField("جست‌وجو", max_length=2000, blank=True, help_text="رشتهٔ پرس‌وجوی صفحهٔ فهرست")
    rate = models.CharField("بسامد", max_length=8, choices=Rate.choices, default=Rate.DAILY)
    key = models.CharField(max_length=40, unique=True, default=new_key, editable=False)
    client = models.CharField("درخواست‌کننده (درهم‌شده)", max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)
    requested_at = models.DateTimeField("فرستادن پیوند تأیید", default=timezone.now)
    confirmed_at = models.DateTimeField("تأیید", null=True, blank=True)
    # The change log's position up to which this alert has been looked at (archive/alerts/matches.py).
    position = models.BigIntegerField("جای دفتر تغییرها", default=0, editable=False)
    last_sent_at = models.DateTimeField("آخرین نامه", null=True, blank=True, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "اشتراک اطلاع‌رسانی"
        verbose_name_plural = "اشتراک‌های اطلاع‌رسانی"
        constraints = [
            models.UniqueConstraint(fields=["email", "list_name", "query"], name="alert_once_per_search"),
        ]
        indexes = [models.Index(fields=["rate", "confirmed_at"], name="alert_rate_confirmed")]

    def __str__(self) -> str:
        return f"{self.email} · {self.get_list_name_display()} · {self.get_rate_display()}"


class AlertMessage(models.Model):
    """One message planned for a subscription: the ids it lists, and whether it has gone out.

    Planned and recorded in one transaction with the subscription's new
    position, sent afterwards by whichever run claims it (archive/alerts/sending.py).
    """

    subscription = models.ForeignKey(
        Subscription, verbose_name="اشتراک", on_delete=models.CASCADE, related_name="messages"
    )
    item_ids = models.JSONField("شناسه‌ها", default=list)
    more = models.PositiveIntegerField("موارد بیشتر", default=0)
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)
    claimed_until = models.DateTimeField("در دست فرستادن تا", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("کوشش‌ها", default=0)
    sent_at = models.DateTimeField("فرستاده شد", null=True, blank=True)

    class Meta:
        verbose_name = "نامهٔ اطلاع‌رسانی"
        verbose_name_plural = "نامه‌های اطلاع‌رسانی"
        indexes = [models.Index(fields=["sent_at", "claimed_until"], name="alert_message_unsent")]

    def __str__(self) -> str:
        return f"{self.subscription_id}: {len(self.item_ids)}"


class SentMatch(models.Model):
    """A record an alert has listed: never listed again for that subscription."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    message = models.ForeignKey(AlertMessage, on_delete=models.CASCADE, related_name="matches")

    class Meta:
        verbose_name = "مورد فرستاده"
        verbose_name_plural = "موارد فرستاده"
        constraints = [
            models.UniqueConstraint(fields=["subscription", "object_id"], name="alert_match_once"),
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id}: {self.object_id}"
