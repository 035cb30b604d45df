"""The change log that every derived thing (search index, page cache) follows.

Rows are appended by database triggers (migration 0008), in the same
transaction as the write they record, so nothing the admin, an import, a
queryset ``update()``, raw SQL or an operator's ``psql`` changes can be
missed. Nothing in Python writes here; readers only ever ask "what changed
after position N?".
"""

from __future__ import annotations

from django.db import models


class ChangeKind(models.TextChoices):
    ARTICLE = "article", "خبر"
    STATEMENT = "statement", "گفته"
    OFFICIAL = "official", "مقام"
    # An event's own row is not indexed: a change to it reaches the documents
    # of the articles that report it and of the statements made at it.
    EVENT = "event", "رویداد"
    # In no search document: logged so that the pages showing them (cached under the
    # log's position) follow a rename (migration 0015). A country's rows carry id 0.
    SOURCE = "source", "منبع"
    COUNTRY = "country", "کشور"


class SearchChange(models.Model):
    """One write that changed (or may have changed) a search document."""

    seq = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=16, choices=ChangeKind.choices)
    object_id = models.BigIntegerField()

    class Meta:
        verbose_name = "تغییر"
        verbose_name_plural = "دفتر تغییرها"

    def __str__(self) -> str:
        return f"{self.seq}: {self.kind} {self.object_id}"


class SearchIndexState(models.Model):
    """How far one search index directory (one per host and kind) has applied the log.

    Kept on the primary so that the log can be pruned of rows every index has
    applied, including those of hosts that follow a read replica.
    """

    name = models.CharField(max_length=200, primary_key=True)
    position = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "وضعیت نمایه"
        verbose_name_plural = "وضعیت نمایه‌ها"

    def __str__(self) -> str:
        return f"{self.name} @ {self.position}"
