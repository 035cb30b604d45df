"""Reading and preparing: input files → records → articles with their keys, ready to store.

Preparing an article (attribution, dateline date, search keys, shingles,
MinHash bands) is pure Python work that needs no database, and it costs more
than storing. So on a large import it runs in worker processes while the main
process stores the previous batch and the database indexes it: on two cores
the three overlap instead of taking turns.

The workers only compute. Files are read, in order, by the main process;
results come back in the order the records were read, whatever worker made
them, so an import is the same with or without workers. At most AHEAD chunks
of records are in flight, so memory stays flat however many files there are.
"""

from __future__ import annotations

import datetime as dt
import errno
import lzma
import multiprocessing
import os
import signal
import threading
import time
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property

from archive import text
from archive.dates import DateError, find_date
from archive.ingest import syndication
from archive.ingest.attribution import source_and_via
from archive.ingest.checks import check_record
from archive.ingest.inputs import InputFile
from archive.ingest.readers import READERS, OpenedFile
from archive.ingest.records import ArticleRecord, ReadError
from archive.ingest.report import Failure, Invalid, Notice
from archive.models import Article, fingerprint_of_keys

CHUNK = 100  # records per task sent to a worker
AHEAD = 16  # chunks in flight: the workers prepare the next batch while one is stored
MIN_BYTES_FOR_WORKERS = 512 * 1024  # below this, starting processes costs more than it saves


@dataclass
class Prepared:
    """An article ready to store: keys computed, names of its sources still to resolve."""

    file: str
    line: int | None
    article: Article
    source: str | None
    via: list[str]
    bands: list[int]
    story: object | None = None  # Story id, new Story, or None
    index_bands: list[int] = field(default_factory=list)  # the bands stored for it (see _link_copies)
    via_ids: list[int] = field(default_factory=list)

    @cached_property
    def shingles(self) -> frozenset[int]:
        # Needed only to verify an LSH candidate, which few articles have: computed then, from the
        # body key, rather than sent back by every worker for every article.
        return syndication.shingles(self.article.body_key)


@dataclass
class EndOfFile:
    """Marks the end of a file's records in the stream; `encoding` is the one it was read with."""

    encoding: str | None


@dataclass
class _Keys:
    """What a worker computes for one record (the record itself stays in the main process)."""

    source: str | None
    via: list[str]
    published_at: dt.datetime | None
    title_key: str
    body_key: str
    bands: list[int]
    warning: str | None


def compute_keys(record: ArticleRecord) -> _Keys:
    """Attribution, date (from the dateline when the file gives none), keys and LSH bands of one record."""
    source, via = source_and_via(record.body, record.source, record.via)
    published_at, warning = record.published_at, None
    if published_at is None:
        try:
            published_at = find_date(record.body)
        except DateError as exc:
            # The file gave no date and the dateline's cannot exist: stored undated, and said so.
            warning = f"تاریخ سرخط: {exc} خبر بی‌تاریخ وارد شد."
    title_key, body_key = text.search_key(record.title), text.search_key(record.body)
    bands = syndication.band_keys(syndication.shingles(body_key))
    return _Keys(source, via, published_at, title_key, body_key, bands, warning)


def _with_keys(
    events: Iterable[tuple[str, object]], keys_of: Callable[[ArticleRecord], _Keys]
) -> Iterator[Prepared | Failure | EndOfFile]:
    """The events with each record replaced by its Prepared article (and a Notice after it when due)."""
    for name, event in events:
        if isinstance(event, ArticleRecord):
            computed = keys_of(event)
            yield assemble(event, computed, name)
            if computed.warning:
                yield Notice(name, event.line, computed.warning)
        else:
            yield event


def _compute_many(records: list[ArticleRecord]) -> list[_Keys]:
    return [compute_keys(record) for record in records]


def assemble(record: ArticleRecord, keys: _Keys, file: str) -> Prepared:
    article = Article(
        title=record.title,
        body=record.body,
        url=record.url or None,
        published_at=keys.published_at,
        language=record.language,
        title_key=keys.title_key,
        body_key=keys.body_key,
        key_version=text.KEY_VERSION,
        fingerprint=fingerprint_of_keys(keys.title_key, keys.body_key),
    )
    return Prepared(file, record.line, article, keys.source, keys.via, keys.bands)


# What a damaged file or zip member raises while it is read (a bad CRC, a cut-off stream, a disk error).
_DAMAGED = (OSError, EOFError, zipfile.BadZipFile, zlib.error, lzma.LZMAError)


_OS_REASONS = {
    errno.ENOENT: "پرونده در میانهٔ کار پاک یا جابه‌جا شد",
    errno.EACCES: "اجازهٔ خواندن آن نیست",
    errno.EISDIR: "پوشه است، نه پرونده",
    errno.EIO: "دیسک خطا داد",
}


def _damaged(exc: BaseException) -> str:
    if isinstance(exc, zipfile.BadZipFile | zlib.error | lzma.LZMAError | EOFError):
        return "پرونده خراب است و تا پایان خوانده نشد (فشرده‌سازی یا CRC نادرست)."
    reason = _OS_REASONS.get(getattr(exc, "errno", None), "خطای دیسک یا دسترسی")
    return f"پرونده خوانده نشد: {reason}."


def read_file(item: InputFile) -> Iterator[ArticleRecord | Failure | EndOfFile]:
    """A file's records (checked), then EndOfFile.

    An Invalid stands in place of each bad record (the file may go on without
    it, see --skip-invalid), a Failure in place of the rest of a file that
    cannot be read on (damaged, past its bound, not the format it claims).
    """
    opened = None
    try:
        opened = OpenedFile(item.name, item.open())
        with opened.stream:
            for record in READERS[item.suffix](opened):
                if isinstance(record, ReadError):
                    yield Invalid(item.name, record.line, record.reason)
                    continue
                try:
                    check_record(record)
                except ReadError as exc:
                    yield Invalid(item.name, exc.line, exc.reason)
                    continue
                yield record
    except ReadError as exc:
        yield Failure(item.name, exc.line, exc.reason)
    except _DAMAGED as exc:
        yield Failure(item.name, None, _damaged(exc))
    yield EndOfFile(opened.encoding if opened else None)


def _worker_start(parent: int) -> None:
    # Ctrl-C is the main process's to handle: it stops the pool. And a worker
    # whose parent was killed (kill -9) has nothing left to do: it leaves.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def worker_count(items: list[InputFile]) -> int:
    """Workers worth starting for these inputs: none for a small import, else one per core (at most 2).

    None either in a process that runs other threads (a threaded web server
    handling an upload): forking copies one thread, and a lock another held
    at that moment would never be released in the child.
    """
    if sum(item.size for item in items) < MIN_BYTES_FOR_WORKERS or threading.active_count() > 1:
        return 0
    return min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


class Stream:
    """Every input file's records, read in order and prepared ahead (by workers when there are any).

    `file(item)` yields one file's Prepared articles, its Failures and Notices,
    and must be called for each item in the order given; a caller that stops
    early (a database error mid-file) has the rest of that file skipped.
    """

    def __init__(self, items: list[InputFile], workers: int = 0) -> None:
        self.items = items
        self.pool = None
        if workers > 0:
            # Load the key rules' word lists and the MinHash permutations once, here, so the
            # workers inherit them instead of each building its own.
            text.search_key("آماده")
            syndication.band_keys(frozenset(range(3)))
            # Fork: the workers inherit the loaded code and never touch the parent's
            # database connection (they compute only, and leave with os._exit). A worker
            # that dies (out of memory) fails the import with BrokenProcessPool, not a hang.
            self.pool = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_worker_start,
                initargs=(os.getpid(),),
            )
        self._events = self._prepared(self._read_all())

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> Stream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read_all(self) -> Iterator[tuple[str, ArticleRecord | Failure | EndOfFile]]:
        for item in self.items:
            for event in read_file(item):
                yield item.name, event

    def _prepared(self, events: Iterable[tuple[str, object]]) -> Iterator[Prepared | Failure | EndOfFile]:
        """The events with each record replaced by its Prepared article (and a Notice after it when due)."""
        if self.pool is None:  # no read-ahead: each record is prepared as it is read
            yield from _with_keys(events, compute_keys)
            return
        in_flight: deque[tuple[list, object]] = deque()
        chunk: list[tuple[str, object]] = []
        records = 0

        def submit(chunk: list[tuple[str, object]]) -> None:
            batch = [event for _name, event in chunk if isinstance(event, ArticleRecord)]
            in_flight.append((chunk, self.pool.submit(_compute_many, batch) if batch else None))

        def drain_one() -> Iterator[Prepared | Failure | EndOfFile]:
            chunk, result = in_flight.popleft()
            keys = iter(result.result() if result is not None else ())
            yield from _with_keys(chunk, lambda _record: next(keys))

        for name, event in events:
            chunk.append((name, event))
            if isinstance(event, ArticleRecord):
                records += 1
            if records >= CHUNK or len(chunk) >= 4 * CHUNK:
                submit(chunk)
                chunk, records = [], 0
                if len(in_flight) >= AHEAD:
                    yield from drain_one()
        if chunk:
            submit(chunk)
        while in_flight:
            yield from drain_one()

    def file(self, item: InputFile) -> Iterator[Prepared | Failure]:
        """One file's outputs; sets `self.encoding` to the file's encoding once it is read to the end."""
        self.encoding = None
        ended = False
        try:
            for event in self._events:
                if isinstance(event, EndOfFile):
                    self.encoding, ended = event.encoding, True
                    return
                yield event
        finally:
            if not ended:  # the caller stopped early: skip to the next file
                for event in self._events:
                    if isinstance(event, EndOfFile):
                        self.encoding = event.encoding
                        break
