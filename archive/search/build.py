"""Building an index from the database in a new directory, and switching to it.

The position of the log is read before the first row: every change after it
is applied once the rows are in, so a change made during the build (whose
row the build may or may not have read) is applied again and nothing is
missed. The old directory serves until the pointer is switched. A build
killed halfway leaves a directory no pointer names; the next build removes it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections

from archive.models import SearchIndexState
from archive.search import changelog, indexdir
from archive.search.documents import BUILDERS, MODELS, all_ids
from archive.search.follow import apply_log, commit, sync_index, writer_of
from archive.search.indexdir import IndexBusy, IndexMissing
from archive.search.schema import KINDS

log = logging.getLogger(__name__)

# A request that finds no index builds it before answering only when the
# archive is this small (a new install, the test suite); a larger one is built
# in a background thread of that process while pages say the index is being
# built (a million articles take minutes). Operators run rebuild_search_index.
REQUEST_BUILD_LIMIT = 20_000


@dataclass(frozen=True)
class Built:
    kind: str
    documents: int
    position: int
    seconds: float


def build(kind: str, using: str = "default", progress: Callable[[int], None] | None = None) -> Built:
    """Build `kind`'s index from the database in a new directory and switch to it.

    Raises IndexBusy when another process is building the same kind.
    """
    began = time.perf_counter()
    with indexdir.build_lock(kind):
        indexdir.remove_stale(kind)  # what a killed build left behind
        directory = indexdir.new_directory(kind)
        name = indexdir.index_name(directory)
        start = changelog.position(using=using)
        # Reported at once and as the build goes, so pruning keeps what it will need.
        changelog.report_applied(name, start)
        index = indexdir.create(kind, directory)
        writer = writer_of(index, build=True)
        documents = 0
        for ids in all_ids(kind, using):
            for _, doc in BUILDERS[kind](ids, using):
                writer.add_document(doc)
                documents += 1
            if progress is not None:
                progress(len(ids))
            if documents % 50_000 < len(ids):
                changelog.report_applied(name, start)
        commit(kind, writer, start)
        position = apply_log(kind, writer, start, using)
        writer.wait_merging_threads()
        indexdir.switch(kind, directory)
        _forget_replaced(kind, name)
    indexdir.forget(kind)
    # Changes committed between the last read of the log and the switch.
    position = sync_index(indexdir.open_current(kind), wait=5.0, using=using)
    seconds = time.perf_counter() - began
    log.info(
        "search index %s built: %d documents, log position %d, %.1f s", kind, documents, position, seconds
    )
    return Built(kind, documents, position, seconds)


def _forget_replaced(kind: str, current: str) -> None:
    """Drop the log positions of this host's replaced (or killed) builds of `kind`.

    Left in place they would hold the log's pruning back at their last
    position until they went stale, a week later.
    """
    prefix = indexdir.index_name(indexdir.root() / f"{kind}-")
    SearchIndexState.objects.using("default").filter(name__startswith=prefix).exclude(name=current).delete()


def build_all(using: str = "default") -> list[Built]:
    """Build every kind's index (see `build`)."""
    return [build(kind, using) for kind in KINDS]


_background: dict[str, threading.Thread] = {}


def recover(kind: str, reason: IndexMissing, using: str = "default") -> bool:
    """Rebuild a missing or unreadable index; True when it is ready now.

    Logged as an error when there was an index, since one only goes missing
    by accident (a deleted directory, a full disk); as a warning on a new
    install or host, whose first search builds it.
    """
    if indexdir.pointer(kind).exists():
        log.error("search index %s unusable (%s): rebuilding it", kind, reason)
    else:
        log.warning("search index %s not built yet: building it", kind)
    try:
        if MODELS[kind].objects.using(using).count() <= REQUEST_BUILD_LIMIT:
            build(kind, using)
            return True
    except IndexBusy:
        return False
    thread = _background.get(kind)
    if thread is None or not thread.is_alive():
        thread = threading.Thread(target=_build_quietly, args=(kind, using), daemon=True)
        _background[kind] = thread
        thread.start()
    return False


def _build_quietly(kind: str, using: str) -> None:
    try:
        build(kind, using)
    except IndexBusy:
        pass  # another process builds it
    except Exception:
        log.exception("search index %s: background build failed", kind)
    finally:
        connections.close_all()  # this thread's own connections
