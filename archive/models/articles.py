"""Articles, the sources they cite and the MinHash bands that find their reprints."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from archive import text
from archive.models.base import Country, Versioned
from archive.models.sources import Source, Story


class ReviewStatus(models.TextChoices):
    NEW = "new", "جدید"
    IN_REVIEW = "in_review", "در حال بررسی"
    ANNOTATED = "annotated", "حاشیه‌نویسی‌شده"


class ArticleQuerySet(models.QuerySet):
    def public(self) -> ArticleQuerySet:
        return self.filter(is_public=True)


def content_fingerprint(title: str, body: str) -> str:
    """A digest of the article's search key: the same text however it was typed."""
    return fingerprint_of_keys(text.search_key(title), text.search_key(body))


def fingerprint_of_keys(title_key: str, body_key: str) -> str:
    """content_fingerprint() from keys already computed (the import computes each key once)."""
    return hashlib.sha256((title_key + "\n" + body_key).encode()).hexdigest()[:40]


class Article(Versioned):
    title = models.CharField("عنوان", max_length=500)
    body = models.TextField("متن", help_text="متن همان‌گونه که منتشر شده؛ هرگز بازنویسی نمی‌شود.")
    url = models.URLField("نشانی", max_length=1000, null=True, blank=True)
    source = models.ForeignKey(
        Source,
        verbose_name="منبع",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    via = models.ManyToManyField(
        Source,
        verbose_name="به نقل از",
        through="ArticleVia",
        blank=True,
        related_name="cited_in",
    )
    published_at = models.DateTimeField("تاریخ انتشار", null=True, blank=True)
    language = models.CharField("زبان", max_length=8, default="fa")
    countries = models.ManyToManyField(Country, verbose_name="کشورها", blank=True, related_name="articles")
    review_status = models.CharField(
        "وضعیت بررسی", max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.NEW
    )
    is_public = models.BooleanField("عمومی", default=True)
    # Unique per source: the same text from another outlet is a reprint, kept and linked to its story.
    fingerprint = models.CharField("اثر انگشت محتوا", max_length=40, db_index=True, editable=False)
    # Set by the import when a near-duplicate of another article arrives (archive.ingest.syndication).
    story = models.ForeignKey(
        Story,
        verbose_name="ماجرا",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    title_key = models.TextField(editable=False, default="")
    body_key = models.TextField(editable=False, default="")
    key_version = models.PositiveSmallIntegerField(editable=False, default=0)
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)
    updated_at = models.DateTimeField("به‌روزرسانی", auto_now=True)
    annotated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="حاشیه‌نویس",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    annotated_at = models.DateTimeField("زمان حاشیه‌نویسی", null=True, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()
    # Derived search columns are left out: they are recomputed on every save.
    history = HistoricalRecords(excluded_fields=["title_key", "body_key", "key_version"])

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "خبر"
        verbose_name_plural = "خبرها"
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=Q(url__isnull=False), name="article_url_unique_when_present"
            ),
            # An absent URL is NULL, never "", so uniqueness cannot trip on blanks.
            models.CheckConstraint(condition=~Q(url=""), name="article_url_not_blank"),
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
            models.UniqueConstraint(fields=["fingerprint", "source"], name="article_text_once_per_source"),
            # NULLs are distinct in a unique index: articles without a source get their own.
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=Q(source__isnull=True),
                name="article_text_once_without_source",
            ),
        ]
        indexes = [
            models.Index(fields=["is_public", "-published_at"], name="article_public_date"),
            models.Index(fields=["source", "-published_at"], name="article_source_date"),
            models.Index(fields=["review_status"], name="article_review_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archive:article-detail", args=[self.pk])

    def syndicated_copies(self) -> ArticleQuerySet:
        """The public copies of this article's story published by others (none when it has no story)."""
        if not self.story_id:
            return Article.objects.none()
        return (
            Article.objects.public()
            .filter(story_id=self.story_id)
            .exclude(pk=self.pk)
            .select_related("source")
            .order_by("published_at", "id")
        )

    def clean(self) -> None:
        """The published body is never rewritten under an existing statement."""
        if self.pk and self.body:
            broken = [s for s in self.statements.all() if self.body[s.start : s.end] != s.text]
            if broken:
                message = (
                    f"این تغییر بازهٔ {len(broken)} گفتهٔ ثبت‌شده را به هم می‌زند؛ نخست آن گفته‌ها را اصلاح کنید."
                )
                raise ValidationError({"body": message})

    def refresh_keys(self) -> None:
        """Recompute the derived search columns from the title and body."""
        self.url = self.url or None
        self.title_key = text.search_key(self.title)
        self.body_key = text.search_key(self.body)
        self.key_version = text.KEY_VERSION
        self.fingerprint = fingerprint_of_keys(self.title_key, self.body_key)

    def save(self, *args, **kwargs) -> None:
        self.refresh_keys()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {
                "url",
                "title_key",
                "body_key",
                "key_version",
                "fingerprint",
            }
        super().save(*args, **kwargs)


class ArticleVia(models.Model):
    """One source an article cites, in the order the article names them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="via_links")
    source = models.ForeignKey(Source, verbose_name="منبع", on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField("ترتیب", default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = "به نقل از"
        verbose_name_plural = "به نقل از"
        constraints = [models.UniqueConstraint(fields=["article", "source"], name="article_via_once")]

    def __str__(self) -> str:
        return str(self.source)


class ArticleBand(models.Model):
    """One LSH band of an article's MinHash: articles sharing a band are near-duplicate candidates.

    Kept in the database so an import finds copies among everything imported
    before without loading every signature into memory.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    key = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = "باند LSH"
        verbose_name_plural = "باندهای LSH"

    def __str__(self) -> str:
        return f"{self.article_id}:{self.key}"
