"""The archive's data model: sources, articles, officials, statements, events.

Constraints that the data needs are enforced by the database (check and unique
constraints here; the statement-span triggers in migration 0002), not only by forms.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from archive import text
from archive.dates import TEHRAN


class Versioned(models.Model):
    """A record with a version number, raised by every save.

    The admin sends the version it showed with the form and refuses a save
    whose version is no longer current (see `VersionedAdmin` in archive/admin.py), so
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


class SourceKind(models.TextChoices):
    AGENCY = "agency", "خبرگزاری"
    NEWSPAPER = "newspaper", "روزنامه"
    WEBSITE = "website", "وبگاه"
    MINISTRY = "ministry", "وزارتخانه"
    BROADCASTER = "broadcaster", "رسانهٔ دیداری و شنیداری"


class Source(models.Model):
    name = models.CharField("نام", max_length=200, unique=True)
    latin_name = models.CharField("نام لاتین", max_length=200, blank=True)
    kind = models.CharField("نوع", max_length=20, choices=SourceKind.choices, default=SourceKind.WEBSITE)
    country = models.ForeignKey(Country, verbose_name="کشور", null=True, blank=True, on_delete=models.PROTECT)
    website = models.URLField("وبگاه", blank=True)
    # The search key of the name, so «خبرگزاری تسنیم» typed with Arabic yeh or
    # without ZWNJ finds the same record when imports name their sources.
    name_key = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "منبع"
        verbose_name_plural = "منابع"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = text.search_key(self.name)
        super().save(*args, **kwargs)


class SourceAlias(models.Model):
    """Another name a source goes by in bylines («تسنیم», «Tasnim»); imports match it by search key."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField("نام", max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        verbose_name = "نام دیگر منبع"
        verbose_name_plural = "نام‌های دیگر منبع"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.key = text.search_key(self.name)
        super().save(*args, **kwargs)


class Story(models.Model):
    """One story reprinted by several outlets: its articles are syndicated copies of each other."""

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ماجرا"
        verbose_name_plural = "ماجراها"

    def __str__(self) -> str:
        return f"ماجرا {self.pk}"


class ReviewStatus(models.TextChoices):
    NEW = "new", "جدید"
    IN_REVIEW = "in_review", "در حال بررسی"
    ANNOTATED = "annotated", "حاشیه‌نویسی‌شده"


class ArticleQuerySet(models.QuerySet):
    def public(self) -> ArticleQuerySet:
        return self.filter(is_public=True)

    def search(self, query: str) -> ArticleQuerySet:
        """Articles matching the search syntax of `query`, annotated with `rank`."""
        from archive.search import search_articles

        return search_articles(self, query)


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
    fingerprint = models.CharField("اثر انگشت محتوا", max_length=40, unique=True, editable=False)
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


class OfficialQuerySet(models.QuerySet):
    def search(self, query: str) -> OfficialQuerySet:
        """Officials whose name or any alias matches `query`."""
        from archive.search import search_officials

        return search_officials(self, query)


class Official(Versioned):
    name = models.CharField("نام", max_length=200)
    latin_name = models.CharField("نام لاتین", max_length=200, blank=True)
    country = models.ForeignKey(Country, verbose_name="کشور", null=True, blank=True, on_delete=models.PROTECT)
    # Search key of the name and every alias, space-joined: what /officials/?q= matches.
    names_key = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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

    def position_on(self, day) -> Position | None:
        """The position this official held on `day`, if the archive knows it."""
        return next((p for p in self.positions.all() if p.covers(day)), None)


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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = "رویداد"
        verbose_name_plural = "رویدادها"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="event_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["kind", "-start"], name="event_kind_start")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archive:event-detail", args=[self.pk])

    def save(self, *args, **kwargs) -> None:
        self.title_key = text.search_key(f"{self.title} {self.place}")
        super().save(*args, **kwargs)


class StatementQuerySet(models.QuerySet):
    def search(self, query: str) -> StatementQuerySet:
        """Statements whose text matches `query`."""
        from archive.search import search_statements

        return search_statements(self, query)


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
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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
    def day(self):
        """The day it was said: `said_on`, else the article's publication day in Tehran."""
        if self.said_on:
            return self.said_on
        if self.article.published_at:
            return self.article.published_at.astimezone(TEHRAN).date()
        return None

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
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    resolved_at = models.DateTimeField("زمان رسیدگی", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

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

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="rejected_suggestions")
    kind = models.CharField(max_length=12)  # "statement" or "mention"
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "پیشنهاد ردشده"
        verbose_name_plural = "پیشنهادهای ردشده"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "kind", "start", "end"], name="rejected_suggestion_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.start}-{self.end}"
