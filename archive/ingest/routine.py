"""The one import routine: input files → readers → prepared articles → the database.

Every file is atomic: all its articles are stored, or none (a file with a bad
record imports nothing and is reported, the others go on). With
`skip_invalid` a file's bad records are left out and reported one by one
(file:record: reason) and its good ones are stored together; a record the
database itself refuses (a constraint, a type or a size limit, not a lost
connection) is then found by storing that file record by record. Small files are
stored many to a transaction, so ten thousand `.txt` files are not ten
thousand commits; a transaction commits whole files only, so an import
killed at any point (Ctrl-C, kill -9) leaves no file half imported. If a
batch fails in the database, it is rolled back and its files retried one by
one, so only the faulty file is lost. A large file is its own transaction,
stored in chunks as it is read, so memory stays flat however long it is.

Preparing an article (attribution, dates, search keys, MinHash bands) needs no
database and costs more than storing it, so a large import prepares in worker
processes while this process stores (archive.ingest.prepare); the outcome is
the same with or without them.

Re-importing adds nothing: an article is the same when its URL matches, or
else its content fingerprint (see Article.fingerprint) from the same source.
The same text from another outlet is a reprint, and a near-duplicate a copy:
both are imported and linked to their story (archive.ingest.syndication).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from contextlib import closing, nullcontext
from pathlib import Path

from django.db import transaction
from tqdm import tqdm

from archive import extract
from archive.ingest import rows, syndication
from archive.ingest.inputs import InputFile, Skipped, expand_paths
from archive.ingest.prepare import Prepared, Stream, worker_count
from archive.ingest.report import Failure, ImportReport, Invalid, Notice
from archive.ingest.sources import SourceResolver
from archive.models import Article, ArticleVia, Story
from archive.search.background import Follower, apply_now, can_follow

BATCH = 1000  # articles per bulk insert (and per transaction of small files)
LARGE_FILE = 4 * 1024 * 1024  # bytes; a larger file is stored in chunks as it is read
# Articles per run whose unknown names are queued as they are stored: an editor's import. Reading
# an article for names costs more than storing it; a bulk import leaves the rest to `manage.py suggest`.
QUEUE_AT_IMPORT = 200

__all__ = ["Failure", "ImportReport", "Importer", "import_files", "import_paths"]


class _FileRejected(Exception):
    pass


class Importer:
    """One import run. `run()` may be called once; its report is `self.report`."""

    def __init__(
        self,
        *,
        dry_run: bool = False,
        progress: bool = False,
        workers: int | None = None,
        skip_invalid: bool = False,
    ) -> None:
        self.dry_run = dry_run
        self.workers = workers  # processes preparing articles; None: decided by the size of the import
        self.progress = progress
        self.skip_invalid = skip_invalid  # leave bad records out instead of failing their file
        self.report = ImportReport(dry_run=dry_run, skip_invalid=skip_invalid)
        self.sources = SourceResolver()
        self.queued_articles = 0  # articles whose unknown names were queued (see _queue_mentions)
        self.follower: Follower | None = None  # applies committed batches to the index (set by run)

    # -- reading -------------------------------------------------------------
    def _split(
        self, outputs: Iterable[Prepared | Failure], part: ImportReport
    ) -> tuple[list[Prepared], list[Failure]]:
        prepared, failures = [], []
        for out in outputs:
            if isinstance(out, Prepared):
                prepared.append(out)
            elif isinstance(out, Notice):
                part.warnings.append(out)
            elif isinstance(out, Invalid) and self.skip_invalid:
                part.invalid.append(out)
            else:
                failures.append(out)
        if failures:  # the file is lost: the bad records it also has are part of why
            failures[:0], part.invalid = part.invalid, []
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
        workers = worker_count(items) if self.workers is None else self.workers
        # After worker_count (no workers fork beside a thread); the thread starts on the first batch.
        self.follower = Follower() if not self.dry_run and can_follow() else None
        bar = None
        try:
            # The workers are forked first: tqdm starts a monitor thread, and a fork should not copy threads.
            with Stream(items, workers) as stream:
                bar = tqdm(
                    total=len(items), unit="file", disable=not self.progress, dynamic_ncols=True, leave=False
                )
                self._run(items, stream, bar)
        except KeyboardInterrupt:
            # Ctrl-C: the transaction in progress was rolled back as the interrupt left it;
            # what is in the report was committed, and the summary says the run stopped.
            self.report.interrupted = True
        finally:
            if self.follower is not None:
                self.follower.close()  # what the run committed is searchable when it returns
        if bar is not None:
            bar.close()
        self.report.sources_created = self.sources.created
        for new, known in self.sources.alias_suggestions:
            self.report.warnings.append(
                Notice(new, None, f"«{new}» شاید همان «{known}» باشد؛ اگر هست، یکی را نام دیگر دیگری کنید.")
            )
        self.report.seconds = time.perf_counter() - began
        return self.report

    def _run(self, items: list[InputFile], stream: Stream, bar: tqdm) -> None:
        # A dry run is one transaction rolled back at the end; batches become savepoints inside it.
        with transaction.atomic() if self.dry_run else nullcontext():
            group: list[tuple[InputFile, list[Prepared], ImportReport]] = []
            pending = 0
            for item in items:
                if item.size > LARGE_FILE:
                    self._flush(group)
                    group, pending = [], 0
                    self._import_large(item, stream, bar)
                else:
                    part = ImportReport()
                    prepared, failures = self._split(stream.file(item), part)
                    if failures:
                        self.report.failures += failures
                        self.report.files += 1
                    else:
                        self._count_encoding(item, stream.encoding)
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

    def _count_encoding(self, item: InputFile, encoding: str | None) -> None:
        encoding = encoding or "utf-8"
        self.report.encodings[encoding] += 1
        if encoding not in ("utf-8", "us-ascii", "ascii"):
            self.report.warnings.append(Notice(item.name, None, f"با کدگذاری {encoding} خوانده شد."))

    def _flush(
        self, group: list[tuple[InputFile, list[Prepared], ImportReport]], one_by_one: bool = False
    ) -> None:
        if not group:
            return
        state = self.sources.snapshot()
        try:
            with transaction.atomic():
                if one_by_one:
                    part = self._store_each(group[0][0], group[0][1])
                else:
                    part = self.store([p for _, prepared, _ in group for p in prepared])
        except rows.STORE_ERRORS as exc:
            self.sources.restore(state)
            if len(group) > 1:
                for one in group:  # find the faulty file; the others are stored
                    self._flush([one])
            elif self.skip_invalid and not one_by_one and len(group[0][1]) > 1 and rows.is_record_error(exc):
                self._flush(group, one_by_one=True)  # find the faulty records; the others are stored
            else:
                self.report.files += 1
                self.report.failures.append(Failure(group[0][0].name, None, rows.describe(exc)))
            return
        for _, _, file_part in group:
            part.warnings[:0] = file_part.warnings
            part.invalid[:0] = file_part.invalid
        self.report.add(part)
        self.report.files += len(group)  # counted once their fate is sealed, so an interrupted run adds up
        self._apply_to_index()

    def _import_large(self, item: InputFile, stream: Stream, bar: tqdm) -> None:
        state = self.sources.snapshot()
        total = ImportReport()
        failures: list[Failure] = []
        try:
            with transaction.atomic():
                chunk: list[Prepared] = []
                # Closed at once if storing fails, so the stream skips to the next file.
                with closing(stream.file(item)) as outputs:
                    for out in outputs:
                        if isinstance(out, Failure):
                            if isinstance(out, Notice):
                                total.warnings.append(out)
                            elif isinstance(out, Invalid) and self.skip_invalid:
                                total.invalid.append(out)
                            else:
                                failures.append(out)
                            continue
                        if failures:
                            continue  # the file is lost; read on only to report every bad record
                        chunk.append(out)
                        if len(chunk) >= BATCH:
                            total.add(self._store_chunk(item, chunk))
                            chunk = []
                            bar.set_postfix(articles=self.report.imported + total.imported)
                if failures:
                    raise _FileRejected
                total.add(self._store_chunk(item, chunk))
        except _FileRejected:
            self.sources.restore(state)
            self.report.failures += total.invalid + failures
        except rows.STORE_ERRORS as exc:
            self.sources.restore(state)
            self.report.failures.append(Failure(item.name, None, rows.describe(exc)))
        else:
            self._count_encoding(item, stream.encoding)
            self.report.add(total)
            self._apply_to_index()
        self.report.files += 1

    def _apply_to_index(self) -> None:
        """Apply what the committed batch logged to the search index, so searches see it at once.

        On the follower's thread while the next batch is stored, when there is
        one (archive/search/background.py); else here, on this connection.
        Never waits: if another process is writing the index, it (or the next
        search) applies this batch too. Not in a dry run, which commits nothing.
        """
        if self.dry_run:
            return
        if self.follower is not None:
            self.follower.ask()
        else:
            apply_now()

    # -- storing ---------------------------------------------------------------
    def _store_chunk(self, item: InputFile, chunk: list[Prepared]) -> ImportReport:
        """A chunk of a large file; with skip_invalid, one the database refuses is stored record by record."""
        if not self.skip_invalid:
            return self.store(chunk)
        state = self.sources.snapshot()
        try:
            with transaction.atomic():  # a savepoint: a refused chunk leaves the file's transaction usable
                return self.store(chunk)
        except rows.STORE_ERRORS as exc:
            self.sources.restore(state)
            if not rows.is_record_error(exc):
                raise  # the database failed, not a record: the file fails whole
            return self._store_each(item, chunk)

    def _store_each(self, item: InputFile, prepared: list[Prepared]) -> ImportReport:
        """Store records one by one, each in a savepoint; each the database refuses is reported Invalid."""
        part = ImportReport()
        for p in prepared:
            state = self.sources.snapshot()
            try:
                with transaction.atomic():
                    part.add(self.store([p]))
            except rows.STORE_ERRORS as exc:
                self.sources.restore(state)
                if not rows.is_record_error(exc):
                    raise
                part.invalid.append(Invalid(item.name, p.line, rows.describe(exc)))
        return part

    def store(self, batch: list[Prepared]) -> ImportReport:
        """Store a batch inside the caller's transaction: skip duplicates, link copies, bulk insert."""
        part = ImportReport()
        for p in batch:  # a batch may be retried after a rollback: forget what the failed attempt set
            p.story, p.index_bands = None, p.bands
            p.article.pk = p.article.story_id = None
            p.article._state.adding = True
        for p in batch:  # before the duplicate check: the same text from another outlet is a reprint
            p.article.source_id = self.sources.resolve(p.source)
            ids = dict.fromkeys(self.sources.resolve(name) for name in p.via)
            p.via_ids = [i for i in ids if i and i != p.article.source_id]
        fresh = self._without_duplicates(batch, part)
        self._link_copies(fresh, part)
        rows.insert_articles([p.article for p in fresh])
        ArticleVia.objects.bulk_create(
            (
                ArticleVia(article_id=p.article.pk, source_id=source_id, position=position)
                for p in fresh
                for position, source_id in enumerate(p.via_ids)
            ),
            batch_size=2000,
        )
        rows.insert_bands([(p.article.pk, key) for p in fresh for key in p.index_bands])
        part.mentions_queued, part.queue_skipped = self._queue_mentions([p.article for p in fresh])
        part.imported = len(fresh)
        part.article_ids = [p.article.pk for p in fresh]
        return part

    def _queue_mentions(self, articles: list[Article]) -> tuple[int, int]:
        """(names queued, articles not read): unknown names go to the queue for the first QUEUE_AT_IMPORT."""
        read = articles[: max(0, QUEUE_AT_IMPORT - self.queued_articles)]
        self.queued_articles += len(read)
        return extract.queue_imported(read), len(articles) - len(read)

    def _without_duplicates(self, batch: list[Prepared], part: ImportReport) -> list[Prepared]:
        """The batch without what is already stored: the same URL, or the same text from the same outlet."""
        urls = [p.article.url for p in batch if p.article.url]
        known_urls = rows.existing("url", urls)
        known_texts = syndication.stored_texts(p.article.fingerprint for p in batch)
        fresh = []
        for p in batch:
            url, text = p.article.url, (p.article.fingerprint, p.article.source_id)
            if (url and url in known_urls) or text in known_texts:
                part.duplicates += 1
                continue
            known_texts.add(text)
            if url:
                known_urls.add(url)
            fresh.append(p)
        return fresh

    def _link_copies(self, fresh: list[Prepared], part: ImportReport) -> None:
        """Give each near-duplicate the Story of its copies (a new Story when none has one yet)."""
        stored = syndication.stored_candidates(k for p in fresh for k in p.bands)
        same_text = syndication.stored_copies(p.article.fingerprint for p in fresh)
        stored_info = syndication.stored_articles(
            {i for ids in stored.values() for i in ids} | {i for ids in same_text.values() for i in ids}
        )
        by_band: dict[int, list[int]] = {}
        by_text: dict[str, list[int]] = {}
        stored_updates: dict[int, object] = {}  # stored article id → the story it joins
        merged: list[tuple[object, int]] = []  # (story kept, stored story id folded into it)
        for index, p in enumerate(fresh):
            stories: list[object] = []
            loose_stored: list[int] = []
            loose_batch: list[int] = []
            # Verify only the candidates sharing the most bands: a story with a thousand copies
            # needs one of them to be joined, not a thousand comparisons.
            shared = Counter(a for k in p.bands for a in stored.get(k, ()))
            # The same text (another outlet's reprint) is a copy however short: it goes first.
            shared.update({a: len(p.bands) + 1 for a in same_text.get(p.article.fingerprint, ())})
            for article_id, _ in shared.most_common(syndication.MAX_CANDIDATES):
                other_shingles, story, other_text = stored_info[article_id]
                if syndication.is_copy(p.shingles, p.article.fingerprint, other_shingles, other_text):
                    story = stored_updates.get(article_id, story)
                    (stories.append(story) if story else loose_stored.append(article_id))
            shared = Counter(j for k in p.bands for j in by_band.get(k, ()))
            shared.update({j: len(p.bands) + 1 for j in by_text.get(p.article.fingerprint, ())})
            for other, _ in shared.most_common(syndication.MAX_CANDIDATES):
                q = fresh[other]
                if syndication.is_copy(p.shingles, p.article.fingerprint, q.shingles, q.article.fingerprint):
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
            by_text.setdefault(p.article.fingerprint, []).append(index)
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


def import_files(
    inputs: Iterable[InputFile | Skipped],
    *,
    dry_run: bool = False,
    progress: bool = False,
    workers: int | None = None,
    skip_invalid: bool = False,
) -> ImportReport:
    """Import input files (from expand_paths() or an upload) with one routine; see the module docstring.

    `workers`: processes preparing articles (None: two for a large import, none for a small one).
    `skip_invalid`: store each file's good records and report its bad ones, instead of failing the file.
    """
    importer = Importer(dry_run=dry_run, progress=progress, workers=workers, skip_invalid=skip_invalid)
    return importer.run(inputs)


def import_paths(paths: Iterable[str | Path], **options) -> ImportReport:
    """Import every file under `paths` (files, folders walked recursively, zip archives).

    Options as import_files().
    """
    return import_files(expand_paths(paths), **options)
