"""A file cache bounded in bytes that gives way to the database when the disk runs low.

Django's FileBasedCache bounds the number of entries only (20,000 pages of
up to 1 MB each is 20 GB) and writes whatever the disk holds left, in `var/`
beside the SQLite database: a crawler walking distinct URLs could fill the
disk the database needs. `BoundedFileCache`:

- keeps the files under `MAX_BYTES` (and `MAX_ENTRIES`): past either, the
  least recently written entries go first, down to 90% of the budget, so a
  cull is not repeated at the next write;
- writes nothing while a guarded disk (the cache's own, the SQLite
  database's, any in `GUARD_PATHS`) has less than `MIN_FREE_PERCENT` free: a
  page not kept is computed again, a database that cannot grow stops the archive.

Counting every file at every write (as Django's `_cull` does) costs a scan
of the directory per page; here each process adds up what it wrote and scans
when that estimate passes the budget, or every `SCAN_SECONDS` (to see what
the other workers wrote). The budget can therefore be passed by what the
workers write in that time, not more.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterable

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

SCAN_SECONDS = 10.0
DISK_CHECK_SECONDS = 1.0
LOW_WATER = 0.9  # a cull leaves this share of the budget


def free_share(path: str) -> float:
    """The share (0–1) of the disk holding `path` that is free; 1.0 if it cannot be told."""
    try:
        usage = shutil.disk_usage(path)
    except OSError:
        return 1.0
    return usage.free / usage.total if usage.total else 1.0


class BoundedFileCache(FileBasedCache):
    """FileBasedCache with a byte budget (oldest out first) and a floor of free disk space."""

    def __init__(self, dir: str, params: dict) -> None:
        super().__init__(dir, params)
        options = params.get("OPTIONS", {})
        self.max_bytes = int(options.get("MAX_BYTES", 256 * 1024 * 1024))
        self.min_free = float(options.get("MIN_FREE_PERCENT", 10)) / 100
        self.guarded = [self._dir, *(str(p) for p in options.get("GUARD_PATHS", ()))]
        self._lock = threading.Lock()  # gthread workers: several threads per process
        self._scanned_bytes = 0
        self._written_since_scan = 0
        self._scanned_at = 0.0
        self._disk_ok = True
        self._disk_checked_at = 0.0

    # -- the floor of free disk space --------------------------------------

    def disk_has_room(self) -> bool:
        """Whether every guarded disk has at least MIN_FREE_PERCENT free (checked at most once a second)."""
        now = time.monotonic()
        if now - self._disk_checked_at >= DISK_CHECK_SECONDS:
            self._disk_ok = all(free_share(path) >= self.min_free for path in self._existing(self.guarded))
            self._disk_checked_at = now
        return self._disk_ok

    @staticmethod
    def _existing(paths: Iterable[str]) -> Iterable[str]:
        # A database file not created yet: its directory's disk is the one it will fill.
        for path in paths:
            while path and not os.path.exists(path):
                parent = os.path.dirname(path)
                if parent == path:
                    break
                path = parent
            if path:
                yield path

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        if not self.disk_has_room():
            return  # not kept: the page is computed again; the database keeps its disk
        super().set(key, value, timeout, version)

    # -- the byte budget ---------------------------------------------------

    def _write_content(self, file, timeout, value) -> None:
        super()._write_content(file, timeout, value)
        with self._lock:
            self._written_since_scan += file.tell()

    def _cull(self) -> None:
        """Before a write: if the files may be over budget, drop the least recently written ones."""
        with self._lock:
            estimate = self._scanned_bytes + self._written_since_scan
            due = time.monotonic() - self._scanned_at >= SCAN_SECONDS
            if estimate <= self.max_bytes and not due:
                return
            entries = self._entries()
            total = sum(size for _, size, _ in entries)
            if total > self.max_bytes or len(entries) >= self._max_entries:
                entries.sort(key=lambda entry: entry[2])  # oldest write first
                keep_bytes = self.max_bytes * LOW_WATER
                keep_count = int(self._max_entries * LOW_WATER)
                count = len(entries)
                for path, size, _ in entries:
                    if total <= keep_bytes and count <= keep_count:
                        break
                    if self._delete(path):
                        total -= size
                        count -= 1
            self._scanned_bytes = total
            self._written_since_scan = 0
            self._scanned_at = time.monotonic()

    def _entries(self) -> list[tuple[str, int, float]]:
        """(path, bytes, time written) of every cache file."""
        entries = []
        try:
            with os.scandir(self._dir) as scan:
                for entry in scan:
                    if not entry.name.endswith(self.cache_suffix):
                        continue
                    try:
                        stat = entry.stat()
                    except FileNotFoundError:  # removed by another worker meanwhile
                        continue
                    entries.append((entry.path, stat.st_size, stat.st_mtime))
        except FileNotFoundError:
            pass
        return entries

    def size(self) -> int:
        """The bytes the cache's files hold now (a scan)."""
        return sum(size for _, size, _ in self._entries())
