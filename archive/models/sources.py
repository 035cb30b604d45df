"""Where news comes from: sources, their other names, stories reprinted by several."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from archive import text
from archive.models.base import Country


class SourceKind(models.TextChoices):
    AGENCY = "agency", "خبرگزاری"
    NEWSPAPER = "newspaper", "روزنامه"
    WEBSITE = "website", "وبگاه"
    MINISTRY = "ministry", "وزارتخانه"
    BROADCASTER = "broadcaster", "رسانهٔ دیداری و شنیداری"


class SourceQuerySet(models.QuerySet):
    def with_public_counts(self) -> SourceQuerySet:
        """Sources annotated with `article_count`: the public articles that published or cite them.

        What a reader can reach through the source filter (which matches both);
        withdrawn articles count for nothing, so a source only they name has 0.
        """
        from archive.models.articles import Article, ArticleVia  # articles.py imports this module

        def counted(queryset) -> Coalesce:
            # Correlated counts, as for officials: no JOIN fan-out between the two relations.
            n = queryset.filter(source=OuterRef("pk")).order_by().values("source").annotate(n=Count("pk"))
            return Coalesce(Subquery(n.values("n")), 0)

        return self.annotate(
            article_count=counted(Article.objects.public())
            + counted(ArticleVia.objects.filter(article__is_public=True))
        )


class Source(models.Model):
    name = models.CharField("نام", max_length=200, unique=True)
    latin_name = models.CharField("نام لاتین", max_length=200, blank=True)
    kind = models.CharField("نوع", max_length=20, choices=SourceKind.choices, default=SourceKind.WEBSITE)
    country = models.ForeignKey(Country, verbose_name="کشور", null=True, blank=True, on_delete=models.PROTECT)
    website = models.URLField("وبگاه", blank=True)
    # The search key of the name, so «خبرگزاری تسنیم» typed with Arabic yeh or
    # without ZWNJ finds the same record when imports name their sources.
    name_key = models.CharField(max_length=200, db_index=True, editable=False)

    objects = SourceQuerySet.as_manager()

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
