"""Rewrite search keys made by older rules, then tidy the full-text index.

Articles whose key_version is not text.KEY_VERSION (all of them with --all)
get new title/body keys and fingerprint through Article.refresh_keys();
every other key made by text.search_key (statements' text_key, officials'
names_key, their aliases' and sources' keys, events' title_key) is
recomputed and written where it changed. Work goes in batches, each its own short transaction,
so the site keeps answering while the command runs: readers see old keys or
new ones, never a half-written index (the FTS5 triggers and PostgreSQL's
generated column follow each row as it is written). On SQLite the FTS5
tables are then checked, rebuilt if they disagree with their tables (or with
--all), and optimized.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, IntegrityError, connection, transaction
from tqdm import tqdm

from archive import text
from archive.models import Article, Event, Official, OfficialAlias, Source, SourceAlias, Statement

ARTICLE_FIELDS = ["url", "title_key", "body_key", "key_version", "fingerprint"]
FTS_TABLES = ("archive_article_fts", "archive_statement_fts", "archive_official_fts")


class Command(BaseCommand):
    help = "Rewrite search keys of an older key version and rebuild/optimize the full-text index."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="rewrite every key, not only outdated ones")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        everything = options["all"]
        self.batch_size = max(1, options["batch_size"])
        self.progress = options["verbosity"] > 0
        articles = (
            Article.objects.all() if everything else Article.objects.exclude(key_version=text.KEY_VERSION)
        )
        rewritten, duplicates = self.rewrite_articles(articles)
        statements = self.rewrite_keys(Statement.objects.all(), "text_key", lambda s: text.search_key(s.text))
        officials = self.rewrite_keys(Official.objects.all(), "names_key", _names_key)
        # Imports find sources and officials by these keys, and the event
        # list searches its titles: none may keep an older version's key.
        others = sum(
            self.rewrite_keys(queryset, field, make_key)
            for queryset, field, make_key in (
                (OfficialAlias.objects.all(), "key", lambda a: text.search_key(a.name)),
                (Source.objects.all(), "name_key", lambda s: text.search_key(s.name)),
                (SourceAlias.objects.all(), "key", lambda a: text.search_key(a.name)),
                (Event.objects.all(), "title_key", lambda e: text.search_key(f"{e.title} {e.place}")),
            )
        )
        if connection.vendor == "sqlite":
            self.tidy_fts(rebuild=everything)
        for pk in duplicates:
            self.stderr.write(
                f"article {pk}: same text as another article under the new key; fingerprint kept"
            )
        self.stdout.write(
            f"Rewrote keys of {rewritten} articles, {statements} statements, {officials} officials, "
            f"{others} aliases, sources and events (key version {text.KEY_VERSION})."
        )

    def batches(self, queryset, label: str):
        """Lists of rows by ascending id, each read just before it is written."""
        total = queryset.count()
        bar = tqdm(
            total=total, desc=label, unit="row", disable=not self.progress or not total, file=sys.stderr
        )
        last = 0
        while True:
            batch = list(queryset.filter(pk__gt=last).order_by("pk")[: self.batch_size])
            if not batch:
                break
            yield batch
            last = batch[-1].pk
            bar.update(len(batch))
        bar.close()

    def rewrite_articles(self, queryset) -> tuple[int, list[int]]:
        done = 0
        duplicates: list[int] = []
        # Only the columns refresh_keys() reads and writes: bodies are large.
        queryset = queryset.only("pk", "title", "body", "url", *ARTICLE_FIELDS)
        for batch in self.batches(queryset, "articles"):
            for article in batch:
                article.refresh_keys()
            try:
                with transaction.atomic():
                    Article.objects.bulk_update(batch, ARTICLE_FIELDS)
            except IntegrityError:
                # Two articles whose texts the new rules cannot tell apart:
                # write them one by one and keep the later one's old fingerprint.
                for article in batch:
                    try:
                        with transaction.atomic():
                            Article.objects.bulk_update([article], ARTICLE_FIELDS)
                    except IntegrityError:
                        fields = [f for f in ARTICLE_FIELDS if f != "fingerprint"]
                        with transaction.atomic():
                            Article.objects.bulk_update([article], fields)
                        duplicates.append(article.pk)
            done += len(batch)
        return done, duplicates

    def rewrite_keys(self, queryset, field: str, make_key) -> int:
        changed = 0
        for batch in self.batches(queryset, queryset.model._meta.verbose_name_plural):
            stale = []
            for obj in batch:
                key = make_key(obj)
                if getattr(obj, field) != key:
                    setattr(obj, field, key)
                    stale.append(obj)
            if stale:
                changed += self.write_keys(queryset.model, stale, field)
        return changed

    def write_keys(self, model, stale: list, field: str) -> int:
        """Write `field` of `stale` rows; one whose new key is taken by a twin keeps its old key."""
        try:
            with transaction.atomic():
                model.objects.bulk_update(stale, [field])
            return len(stale)
        except IntegrityError:
            pass
        # Two aliases the new rules cannot tell apart: the first keeps the key.
        written = 0
        for obj in stale:
            try:
                with transaction.atomic():
                    model.objects.bulk_update([obj], [field])
                written += 1
            except IntegrityError:
                self.stderr.write(f"{model._meta.model_name} {obj.pk}: same key as another; old key kept")
        return written

    def tidy_fts(self, *, rebuild: bool) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'archive_%_fts_%'"
            )
            triggers = {row[0] for row in cursor.fetchall()}
            for table in FTS_TABLES:
                missing = {f"{table}_{op}" for op in ("insert", "update", "delete")} - triggers
                if missing:
                    raise CommandError(
                        f"{', '.join(sorted(missing))} missing: the index would fall behind its table. "
                        "Re-create them (migration 0003_search_index) before rebuilding."
                    )
                needs_rebuild = rebuild
                if not needs_rebuild:
                    try:
                        # For an external-content table, rank 1 compares the index with the table.
                        cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
                    except DatabaseError:
                        needs_rebuild = True
                with transaction.atomic():
                    if needs_rebuild:
                        self.stdout.write(f"Rebuilding {table}…")
                        cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
                    cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


def _names_key(official: Official) -> str:
    stored = official.names_key
    official.refresh_names_key(save=False)
    key, official.names_key = official.names_key, stored
    return key
