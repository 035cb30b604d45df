"""Where each kind's index lives on disk, and switching to a rebuilt one.

Under ``settings.SEARCH_INDEX_DIR`` (default ``var/search/``) each kind has
directories ``<kind>-<stamp>`` and a pointer file ``<kind>.current`` naming
the one in use. A rebuild fills a new directory while the old one serves,
then replaces the pointer with `os.replace` (atomic: a reader sees the old
name or the new one, never half of either) and removes the directories no
pointer names. Processes notice the switch by the pointer's inode.

A directory that is missing, unreadable, of another schema version or
without its meta document is reported as `IndexMissing`; the caller rebuilds.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import tantivy
from django.conf import settings

from archive.search.schema import SCHEMA_VERSION, schema_of

log = logging.getLogger(__name__)


class IndexMissing(Exception):
    """The kind has no usable index directory (never built, deleted or corrupt)."""


class IndexBusy(Exception):
    """Another process holds the lock this operation needs; try again later."""


def root() -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


def pointer(kind: str) -> Path:
    return root() / f"{kind}.current"


def new_directory(kind: str) -> Path:
    """A fresh, empty directory for a build of `kind`."""
    path = root() / f"{kind}-{time.time_ns()}-{os.getpid()}"
    path.mkdir(parents=True)
    return path


def current_directory(kind: str) -> Path | None:
    """The directory the pointer names, or None when there is no pointer."""
    try:
        name = pointer(kind).read_text().strip()
    except FileNotFoundError:
        return None
    return root() / name if name else None


def switch(kind: str, directory: Path) -> None:
    """Point `kind` at `directory` atomically and remove the directories nothing points at."""
    target = pointer(kind)
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    with open(temporary, "w") as f:
        f.write(directory.name)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, target)
    remove_stale(kind)


def remove_stale(kind: str) -> None:
    """Delete `kind`'s directories other than the current one.

    Only called with the build lock held, so no build is filling one of them.
    A process still reading an old directory keeps its open files (POSIX) and
    moves to the new one at its next request.
    """
    current = current_directory(kind)
    for path in root().glob(f"{kind}-*"):
        if path.is_dir() and path != current:
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def build_lock(kind: str) -> Iterator[None]:
    """Held while `kind` is being built: one build at a time per index root, never waiting.

    Raises IndexBusy when another process builds. An flock is released by the
    kernel when its holder dies, so a killed build never blocks the next.
    """
    root().mkdir(parents=True, exist_ok=True)
    with open(root() / f"{kind}.build.lock", "w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexBusy(f"{kind}: another process is building the index") from exc
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def index_name(directory: Path) -> str:
    """How this directory reports its position to the change log: host and path."""
    return f"{socket.gethostname()}:{directory.resolve()}"[:200]


@dataclass
class OpenIndex:
    """An index directory opened by this process, with its reader."""

    kind: str
    directory: Path
    index: tantivy.Index
    inode: int
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def name(self) -> str:
        return index_name(self.directory)

    def searcher(self) -> tantivy.Searcher:
        return self.index.searcher()


def meta_position(kind: str, searcher: tantivy.Searcher) -> int | None:
    """The change-log position stored in the index's meta document, None if it has none."""
    return meta_field(kind, searcher, "position")


def meta_field(kind: str, searcher: tantivy.Searcher, name: str) -> int | None:
    """A field of the meta document (the only document with a `meta` term)."""
    query = tantivy.Query.term_query(schema_of(kind).schema, "meta", 1)
    hits = searcher.search(query, limit=1, count=False).hits
    if not hits:
        return None
    value = searcher.doc(hits[0][1]).get_first(name)
    return int(value) if value is not None else None


def meta_document(position: int) -> tantivy.Document:
    """The meta document recording `position`, to be added in the commit that reaches it."""
    doc = tantivy.Document()
    doc.add_unsigned("meta", 1)
    doc.add_unsigned("position", position)
    doc.add_unsigned("schema_version", SCHEMA_VERSION)
    return doc


def open_directory(kind: str, directory: Path) -> tantivy.Index:
    """Open `directory` as `kind`'s index, or raise IndexMissing saying why not."""
    if not (directory / "meta.json").exists():
        raise IndexMissing(f"{kind}: {directory} has no index")
    try:
        index = tantivy.Index.open(str(directory))
        index.config_reader(reload_policy="Manual")
        searcher = index.searcher()
        version = meta_field(kind, searcher, "schema_version")
    except (ValueError, OSError) as exc:
        raise IndexMissing(f"{kind}: {directory} cannot be read ({exc})") from exc
    if version != SCHEMA_VERSION:
        raise IndexMissing(f"{kind}: {directory} has schema version {version}, not {SCHEMA_VERSION}")
    return index


_open: dict[tuple[str, str], OpenIndex] = {}
_open_lock = threading.Lock()


def open_current(kind: str) -> OpenIndex:
    """This process's open index of `kind`, reopened when the pointer was switched.

    Costs one stat() when nothing changed. Raises IndexMissing.
    """
    key = (str(root()), kind)
    try:
        inode = os.stat(pointer(kind)).st_ino
    except FileNotFoundError as exc:
        raise IndexMissing(f"{kind}: no index under {root()}") from exc
    opened = _open.get(key)
    if opened is not None and opened.inode == inode and opened.directory.exists():
        return opened
    with _open_lock:
        directory = current_directory(kind)
        if directory is None:
            raise IndexMissing(f"{kind}: no index under {root()}")
        opened = OpenIndex(kind, directory, open_directory(kind, directory), inode)
        _open[key] = opened
        return opened


def forget(kind: str | None = None) -> None:
    """Drop this process's open indexes (of `kind`, or all): the next use reopens them."""
    with _open_lock:
        for key in [k for k in _open if kind is None or k[1] == kind]:
            del _open[key]


def create(kind: str, directory: Path) -> tantivy.Index:
    """A new, empty index of `kind` in `directory`."""
    index = tantivy.Index(schema_of(kind).schema, path=str(directory), reuse=False)
    index.config_reader(reload_policy="Manual")
    return index
