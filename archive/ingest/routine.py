"""The one import routine: input files → readers → prepared articles → the database.

Every file is atomic: all its articles are stored, or none (a file with a bad
line imports nothing and is reported, the others go on). Small files are
stored many to a transaction, so ten thousand `.txt` files are not ten
thousand commits; a transaction commits whole files only, so an import
killed at any point (Ctrl-C, kill -9) leaves no file half imported. If a
batch fails in the database, it is rolled back and its files retried one by
one, so only the faulty file is lost. A large file is its own transaction,
stored in chunks as it is read, so memory stays flat however long it is.

Re-importing adds nothing: an article is the same when its URL matches, or
else its content fingerprint (see Article.fingerprint). A near-duplicate is
imported and linked to its copies through a Story (archive.ingest.syndication).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, connection, transaction
from tqdm import tqdm

from archive import text
from archive.dates import DateError, find_date
from archive.ingest import syndication
from archive.ingest.attribution import source_and_via
from archive.ingest.inputs import InputFile, Skipped, expand_paths
from archive.ingest.readers import READERS, OpenedFile
from archive.ingest.records import ArticleRecord, ReadError
from archive.ingest.report import Failure, ImportReport, Notice
from archive.ingest.sources import SourceResolver
from archive.models import Article, ArticleBand, ArticleVia, Story, fingerprint_of_keys

BATCH = 1000  # articles per bulk insert (and per transaction of small files)
LARGE_FILE = 4 * 1024 * 1024  # bytes; a larger file is stored in chunks as it is read
_QUERY_CHUNK = 900

__all__ = ["Failure", "ImportReport", "Importer", "import_files", "import_paths"]


@dataclass
class Prepared:
    """An article ready to store: keys computed, names of its sources still to resolve."""

    file: str
    line: int | None
    article: Article
    source: str | None
    via: list[str]
    shingles: frozenset[bytes]
    bands: list[int]
    story: object | None = None  # Story id, new Story, or None
    index_bands: list[int] = field(default_factory=list)  # the bands stored for it (see _link_copies)
    via_ids: list[int] = field(default_factory=list)


class _FileRejected(Exception):
    pass


def check_record(record: ArticleRecord) -> None:
    """Raise ReadError for what the database would refuse, naming it for the editor."""
    max_title = Article._meta.get_field("title").max_length
    if len(record.title) > max_title:
        raise ReadError(f"عنوان {len(record.title)} نویسه است؛ بیشینه {max_title}.", record.line)
    if record.url and len(record.url) > Article._meta.get_field("url").max_length:
        raise ReadError("نشانی بیش از اندازه بلند است.", record.line)
    if "\x00" in record.title or "\x00" in record.body:
        raise ReadError("متن نویسهٔ NUL دارد؛ پرونده خراب است.", record.line)


def prepare(record: ArticleRecord, file: str, warnings: list[Notice]) -> Prepared:
    """Attribution, date (from the dateline when the file gives none), keys and shingles of one record."""
    source, via = source_and_via(record.body, record.source, record.via)
    published_at = record.published_at
    if published_at is None:
        try:
            published_at = find_date(record.body)
        except DateError as exc:
            # The file gave no date and the dateline's cannot exist: stored undated, and said so.
            warnings.append(Notice(file, record.line, f"تاریخ سرخط: {exc} خبر بی‌تاریخ وارد شد."))
    title_key, body_key = text.search_key(record.title), text.search_key(record.body)
    article = Article(
        title=record.title,
        body=record.body,
        url=record.url or None,
        published_at=published_at,
        language=record.language,
        title_key=title_key,
        body_key=body_key,
        key_version=text.KEY_VERSION,
        fingerprint=fingerprint_of_keys(title_key, body_key),
    )
    shingle_set = syndication.shingles(body_key)
    return Prepared(file, record.line, article, source, via, shingle_set, syndication.band_keys(shingle_set))


class Importer:
    """One import run. `run()` may be called once; its report is `self.report`."""

    def __init__(self, *, dry_run: bool = False, progress: bool = False) -> None:
        self.dry_run = dry_run
        self.progress = progress
        self.report = ImportReport(dry_run=dry_run)
        self.sources = SourceResolver()

    # -- reading -------------------------------------------------------------
    def read(self, item: InputFile) -> Iterator[Prepared | Failure]:
        """The file's prepared articles, a Failure in place of each bad line or of the whole file."""
        opened = OpenedFile(item.name, item.open())
        warnings: list[Notice] = []
        try:
            with opened.stream:
                for record in READERS[item.suffix](opened):
                    if isinstance(record, ReadError):
                        yield Failure(item.name, record.line, record.reason)
                        continue
                    try:
                        check_record(record)
                    except ReadError as exc:
                        yield Failure(item.name, exc.line, exc.reason)
                        continue
                    yield prepare(record, item.name, warnings)
                    yield from warnings
                    warnings.clear()
        except ReadError as exc:
            yield Failure(item.name, exc.line, exc.reason)
        except (OSError, EOFError) as exc:
            yield Failure(item.name, None, f"پرونده خوانده نشد: {exc}")
        if opened.encoding:
            self._encoding = opened.encoding

    def _split(self, item: InputFile, part: ImportReport) -> tuple[list[Prepared], list[Failure]]:
        prepared, failures = [], []
        for out in self.read(item):
            if isinstance(out, Prepared):
                prepared.append(out)
            elif isinstance(out, Notice):
                part.warnings.append(out)
            else:
                failures.append(out)
        return prepared, failures

    # -- the run ---------------------------------------------------------------
    def run(self, inputs: Iterable[InputFile | Skipped]) -> ImportReport:
        """Import every input; failures are reported, never raised."""
        began = time.perf_counter()
        items: list[InputFile] = []
        for entry in inputs:
            if isinstance(entry, Skipped):
                target = self.report.failures if entry.failure else self.report.skipped
                target.append(Failure(entry.name, None, entry.reason))
            else:
                items.append(entry)
        bar = tqdm(total=len(items), unit="file", disable=not self.progress, dynamic_ncols=True, leave=False)
        # A dry run is one transaction rolled back at the end; batches become savepoints inside it.
        with transaction.atomic() if self.dry_run else nullcontext():
            group: list[tuple[InputFile, list[Prepared], ImportReport]] = []
            pending = 0
            for item in items:
                self.report.files += 1
                self._encoding = None
                if item.size > LARGE_FILE:
                    self._flush(group)
                    group, pending = [], 0
                    self._import_large(item, bar)
                else:
                    part = ImportReport()
                    prepared, failures = self._split(item, part)
                    if failures:
                        self.report.failures += failures
                    else:
                        self._count_encoding(item)
                        group.append((item, prepared, part))
                        pending += len(prepared)
                if pending >= BATCH:
                    self._flush(group)
                    group, pending = [], 0
                bar.update(1)
                bar.set_postfix(articles=self.report.imported, refresh=False)
            self._flush(group)
            if self.dry_run:
                transaction.set_rollback(True)
        bar.close()
        self.report.sources_created = self.sources.created
        self.report.seconds = time.perf_counter() - began
        return self.report

    def _count_encoding(self, item: InputFile) -> None:
        encoding = self._encoding or "utf-8"
        self.report.encodings[encoding] += 1
        if encoding not in ("utf-8", "us-ascii", "ascii"):
            self.report.warnings.append(Notice(item.name, None, f"با کدگذاری {encoding} خوانده شد."))

    def _flush(self, group: list[tuple[InputFile, list[Prepared], ImportReport]]) -> None:
        if not group:
            return
        state = self.sources.snapshot()
        try:
            with transaction.atomic():
                part = self.store([p for _, prepared, _ in group for p in prepared])
        except DatabaseError as exc:
            self.sources.restore(state)
            if len(group) == 1:
                self.report.failures.append(
                    Failure(group[0][0].name, None, f"در پایگاه داده ذخیره نشد: {exc}")
                )
            else:
                for one in group:  # find the faulty file; the others are stored
                    self._flush([one])
            return
        for _, _, file_part in group:
            part.warnings[:0] = file_part.warnings
        self.report.add(part)

    def _import_large(self, item: InputFile, bar: tqdm) -> None:
        state = self.sources.snapshot()
        total = ImportReport()
        failures: list[Failure] = []
        try:
            with transaction.atomic():
                chunk: list[Prepared] = []
                for out in self.read(item):
                    if isinstance(out, Failure):
                        if isinstance(out, Notice):
                            total.warnings.append(out)
                        else:
                            failures.append(out)
                        continue
                    if failures:
                        continue  # the file is lost; read on only to report every bad line
                    chunk.append(out)
                    if len(chunk) >= BATCH:
                        total.add(self.store(chunk))
                        chunk = []
                        bar.set_postfix(articles=self.report.imported + total.imported)
                if failures:
                    raise _FileRejected
                total.add(self.store(chunk))
        except _FileRejected:
            self.sources.restore(state)
            self.report.failures += failures
        except DatabaseError as exc:
            self.sources.restore(state)
            self.report.failures.append(Failure(item.name, None, f"در پایگاه داده ذخیره نشد: {exc}"))
        else:
            self._count_encoding(item)
            self.report.add(total)

    # -- storing ---------------------------------------------------------------
    def store(self, batch: list[Prepared]) -> ImportReport:
        """Store a batch inside the caller's transaction: skip duplicates, link copies, bulk insert."""
        part = ImportReport()
        for p in batch:  # a batch may be retried after a rollback: forget what the failed attempt set
            p.story, p.index_bands = None, p.bands
            p.article.pk = p.article.story_id = None
            p.article._state.adding = True
        fresh = self._without_duplicates(batch, part)
        for p in fresh:
            p.article.source_id = self.sources.resolve(p.source)
            ids = dict.fromkeys(self.sources.resolve(name) for name in p.via)
            p.via_ids = [i for i in ids if i and i != p.article.source_id]
        self._link_copies(fresh, part)
        Article.objects.bulk_create([p.article for p in fresh], batch_size=500)
        ArticleVia.objects.bulk_create(
            (
                ArticleVia(article_id=p.article.pk, source_id=source_id, position=position)
                for p in fresh
                for position, source_id in enumerate(p.via_ids)
            ),
            batch_size=2000,
        )
        _insert_bands([(p.article.pk, key) for p in fresh for key in p.index_bands])
        part.imported = len(fresh)
        part.article_ids = [p.article.pk for p in fresh]
        return part

    def _without_duplicates(self, batch: list[Prepared], part: ImportReport) -> list[Prepared]:
        urls = [p.article.url for p in batch if p.article.url]
        fingerprints = [p.article.fingerprint for p in batch]
        known_urls = _existing("url", urls)
        known_fingerprints = _existing("fingerprint", fingerprints)
        fresh = []
        for p in batch:
            url, fingerprint = p.article.url, p.article.fingerprint
            if (url and url in known_urls) or fingerprint in known_fingerprints:
                part.duplicates += 1
                continue
            known_fingerprints.add(fingerprint)
            if url:
                known_urls.add(url)
            fresh.append(p)
        return fresh

    def _link_copies(self, fresh: list[Prepared], part: ImportReport) -> None:
        """Give each near-duplicate the Story of its copies (a new Story when none has one yet)."""
        stored = syndication.stored_candidates(k for p in fresh for k in p.bands)
        stored_info = syndication.stored_articles({i for ids in stored.values() for i in ids})
        by_band: dict[int, list[int]] = {}
        stored_updates: dict[int, object] = {}  # stored article id → the story it joins
        merged: list[tuple[object, int]] = []  # (story kept, stored story id folded into it)
        for index, p in enumerate(fresh):
            stories: list[object] = []
            loose_stored: list[int] = []
            loose_batch: list[int] = []
            # Verify only the candidates sharing the most bands: a story with a thousand copies
            # needs one of them to be joined, not a thousand comparisons.
            shared = Counter(a for k in p.bands for a in stored.get(k, ()))
            for article_id, _ in shared.most_common(syndication.MAX_CANDIDATES):
                other_shingles, story = stored_info[article_id]
                if syndication.jaccard(p.shingles, other_shingles) >= syndication.THRESHOLD:
                    story = stored_updates.get(article_id, story)
                    (stories.append(story) if story else loose_stored.append(article_id))
            shared = Counter(j for k in p.bands for j in by_band.get(k, ()))
            for other, _ in shared.most_common(syndication.MAX_CANDIDATES):
                q = fresh[other]
                if syndication.jaccard(p.shingles, q.shingles) >= syndication.THRESHOLD:
                    (stories.append(q.story) if q.story else loose_batch.append(other))
            if stories or loose_stored or loose_batch:
                story = stories[0] if stories else Story()
                for other_story in {id(s): s for s in stories[1:]}.values():
                    if other_story is story or other_story == story:
                        continue
                    for q in fresh[:index]:
                        if q.story is other_story or q.story == other_story:
                            q.story = story
                    if isinstance(other_story, int):
                        merged.append((story, other_story))
                p.story = story
                for other in loose_batch:
                    fresh[other].story = story
                for article_id in loose_stored:
                    stored_updates[article_id] = story
                part.syndicated += 1
                # A band a copy shares with its story is already indexed by an earlier copy; storing it
                # again would only lengthen the candidate lists of a much-reprinted story.
                p.index_bands = [k for k in p.bands if not stored.get(k) and not by_band.get(k)]
            for key in p.index_bands:
                by_band.setdefault(key, []).append(index)
        new_stories = {id(s): s for s in [p.story for p in fresh] + list(stored_updates.values())}
        unsaved = [s for s in new_stories.values() if isinstance(s, Story)]
        Story.objects.bulk_create(unsaved)
        for p in fresh:
            if p.story is not None:
                p.article.story_id = p.story.pk if isinstance(p.story, Story) else p.story
        by_story: dict[int, list[int]] = {}
        for article_id, story in stored_updates.items():
            by_story.setdefault(story.pk if isinstance(story, Story) else story, []).append(article_id)
        for story_id, ids in by_story.items():
            Article.objects.filter(pk__in=ids).update(story_id=story_id)
        for kept, folded in merged:
            Article.objects.filter(story_id=folded).update(
                story_id=kept.pk if isinstance(kept, Story) else kept
            )


def _insert_bands(rows: list[tuple[int, int]]) -> None:
    # Sixteen rows per article: plain executemany, since building a model instance
    # per row cost more than the rest of the batch's inserts together.
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(ArticleBand._meta.db_table)} ({quote('article_id')}, {quote('key')}) "
        "VALUES (%s, %s)"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _existing(field_name: str, values: list[str]) -> set[str]:
    found: set[str] = set()
    values = list(set(values))
    for start in range(0, len(values), _QUERY_CHUNK):
        chunk = values[start : start + _QUERY_CHUNK]
        found.update(
            Article.objects.filter(**{f"{field_name}__in": chunk}).values_list(field_name, flat=True)
        )
    return found


def import_files(
    inputs: Iterable[InputFile | Skipped], *, dry_run: bool = False, progress: bool = False
) -> ImportReport:
    """Import input files (from expand_paths() or an upload) with one routine; see the module docstring."""
    return Importer(dry_run=dry_run, progress=progress).run(inputs)


def import_paths(
    paths: Iterable[str | Path], *, dry_run: bool = False, progress: bool = False
) -> ImportReport:
    """Import every file under `paths` (files, folders walked recursively, zip archives)."""
    return import_files(expand_paths(paths), dry_run=dry_run, progress=progress)
