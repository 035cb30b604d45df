"""The editors' queues: mentions left unresolved, suggestions rejected."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from archive.models.articles import Article
from archive.models.people import Official


class MentionStatus(models.TextChoices):
    OPEN = "open", "در انتظار"
    RESOLVED = "resolved", "رسیدگی‌شده"
    DISMISSED = "dismissed", "کنار گذاشته"


class UnresolvedMention(models.Model):
    """A name or role in an article that the archive could not resolve, waiting for an editor.

    An editor creates the official from it, or links it to an existing
    official (the text becomes a new alias); nothing is dropped or guessed.
    """

    article = models.ForeignKey(
        Article, verbose_name="خبر", on_delete=models.CASCADE, related_name="unresolved_mentions"
    )
    start = models.PositiveIntegerField("آغاز بازه")
    end = models.PositiveIntegerField("پایان بازه")
    text = models.CharField("متن", max_length=300)
    # How the extractor read it: name, role, unknown (after a rank), speaker.
    kind = models.CharField("نوع", max_length=20, blank=True)
    context = models.TextField("پیرامون", blank=True)
    # The role written beside the name («وزیر دفاع ارمنستان»): the position an official made from it holds.
    role_text = models.CharField("سمت در متن", max_length=300, blank=True)
    role_title = models.CharField("عنوان سمت", max_length=200, blank=True)
    role_country = models.ForeignKey(
        "archive.Country",
        verbose_name="کشور سمت",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        "وضعیت", max_length=12, choices=MentionStatus.choices, default=MentionStatus.OPEN
    )
    official = models.ForeignKey(
        Official,
        verbose_name="مقام",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="مقامی که این نام به او اشاره دارد؛ با ذخیره، متن به نام‌های دیگر او افزوده می‌شود.",
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="رسیدگی‌کننده",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    resolved_at = models.DateTimeField("زمان رسیدگی", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("ورود به صف", auto_now_add=True)

    class Meta:
        ordering = ["status", "-created_at"]
        verbose_name = "نام ناشناخته"
        verbose_name_plural = "صف نام‌های ناشناخته"
        constraints = [
            models.UniqueConstraint(fields=["article", "start", "end"], name="unresolved_mention_once"),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="unresolved_status")]

    def __str__(self) -> str:
        return self.text


class RejectedSuggestion(models.Model):
    """A suggestion an editor turned down, so the article page stops offering it."""

    class Kind(models.TextChoices):
        STATEMENT = "statement", "گفته"
        MENTION = "mention", "نام"

    article = models.ForeignKey(
        Article, verbose_name="خبر", on_delete=models.CASCADE, related_name="rejected_suggestions"
    )
    kind = models.CharField("نوع", max_length=12, choices=Kind.choices)
    start = models.PositiveIntegerField("آغاز بازه")
    end = models.PositiveIntegerField("پایان بازه")
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ردکننده",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejected_at = models.DateTimeField("زمان رد", auto_now_add=True)

    class Meta:
        verbose_name = "پیشنهاد ردشده"
        verbose_name_plural = "پیشنهادهای ردشده"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "kind", "start", "end"], name="rejected_suggestion_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}–{self.end}"
