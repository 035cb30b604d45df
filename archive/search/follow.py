"""Applying the change log to an index: in order, idempotently, never waiting on a reader.

An index stores the last log position it applied in its meta document,
committed with the documents (archive/search/indexdir.py), so after any crash
the index and its position agree and applying again from there is safe:
every change re-reads its row from the database, deletes the document by its
id term and adds the row's current document (none if the row is gone).

Tantivy allows one writer per index. `sync` tries to take it and, if another
process holds it, leaves the changes in the log for that process or the next
caller: nothing waits for long, nothing is lost.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence

import tantivy
from django.conf import settings

from archive.models import Article, Event, Statement
from archive.search import changelog, indexdir
from archive.search.documents import BATCH, BUILDERS
from archive.search.indexdir import IndexBusy, OpenIndex
from archive.search.schema import ARTICLES, KINDS, OFFICIALS, STATEMENTS, schema_of

log = logging.getLogger(__name__)

# Log rows read per round trip. A long backlog (an import of 100,000
# articles) is committed every settings.SEARCH_COMMIT_EVERY changed documents,
# so the writer's memory stays bounded and a crash loses little work.
READ_CHUNK = 5000
# Past this many segments a writer stays to merge them: short-lived writers
# (one per editor's save) would otherwise leave one segment per commit.
MAX_SEGMENTS = 8

# Which log kinds change which index's documents (and how they expand).
RELEVANT = {
    ARTICLES: frozenset({"article", "event"}),
    STATEMENTS: frozenset({"statement", "article", "event", "official"}),
    OFFICIALS: frozenset({"official"}),
}


def writer_of(index: tantivy.Index, *, wait: float = 0.0, build: bool = False) -> tantivy.IndexWriter:
    """The index's writer, trying for up to `wait` seconds; IndexBusy if another process holds it."""
    heap = settings.SEARCH_BUILD_HEAP_MB if build else settings.SEARCH_WRITER_HEAP_MB
    threads = settings.SEARCH_BUILD_THREADS if build else 1
    deadline = time.monotonic() + wait
    while True:
        try:
            return index.writer(heap_size=heap * 1_000_000, num_threads=threads)
        except ValueError as exc:
            if "LockBusy" not in str(exc):
                raise
            if time.monotonic() >= deadline:
                raise IndexBusy(str(exc)) from exc
            time.sleep(0.02)


def _chunks(values: Sequence[int], size: int = BATCH) -> Iterable[Sequence[int]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def affected_ids(kind: str, changes: dict[str, set[int]], using: str = "default") -> set[int]:
    """The ids of `kind`'s documents that the logged `changes` (log kind → ids) touch.

    An event change reaches its articles and statements; an article change its
    statements (their public flag, date and source are the article's) and the
    other articles of its story (which of them is the first copy may change);
    an official change its own document and its statements (the speaker's country).
    """
    if kind == OFFICIALS:
        return set(changes.get("official", ()))
    if kind == ARTICLES:
        ids = set(changes.get("article", ()))
        for events in _chunks(sorted(changes.get("event", ()))):
            ids.update(
                Event.articles.through.objects.using(using)
                .filter(event_id__in=events)
                .values_list("article_id", flat=True)
            )
        return ids | story_copies(ids, using)
    ids = set(changes.get("statement", ()))
    for log_kind, column in (("article", "article_id"), ("event", "event_id"), ("official", "official_id")):
        for chunk in _chunks(sorted(changes.get(log_kind, ()))):
            ids.update(
                Statement.objects.using(using).filter(**{f"{column}__in": chunk}).values_list("pk", flat=True)
            )
    return ids


def story_copies(ids: set[int], using: str = "default") -> set[int]:
    """Every article of the stories that the articles `ids` are now in.

    The story a changed article left is not looked up: its documents keep
    their flags, so it has no first copy or still has the right one, and a
    story without a first copy is still collapsed exactly, only by its ids
    (`stories.later_copies`). Two first copies cannot arise: an article
    entering a story re-flags all of that story.
    """
    stories: set[int] = set()
    for chunk in _chunks(sorted(ids)):
        stories.update(
            Article.objects.using(using)
            .filter(pk__in=chunk, story__isnull=False)
            .values_list("story_id", flat=True)
        )
    copies: set[int] = set()
    for chunk in _chunks(sorted(stories)):
        copies.update(Article.objects.using(using).filter(story_id__in=chunk).values_list("pk", flat=True))
    return copies


def replace_documents(
    kind: str, writer: tantivy.IndexWriter, ids: Iterable[int], using: str = "default"
) -> int:
    """Delete `ids` from the index and add the current document of those still in the database."""
    count = 0
    schema = schema_of(kind).schema
    for chunk in _chunks(sorted(ids)):
        # By query, not delete_documents_by_term: the bindings turn a Python int
        # into a signed term, which never equals an unsigned field's term.
        writer.delete_documents_by_query(tantivy.Query.term_set_query(schema, "id", list(chunk)))
        for _, doc in BUILDERS[kind](chunk, using):
            writer.add_document(doc)
        count += len(chunk)
    return count


def commit(kind: str, writer: tantivy.IndexWriter, position: int) -> None:
    """Commit pending changes together with the meta document recording `position`."""
    writer.delete_documents_by_query(tantivy.Query.term_query(schema_of(kind).schema, "meta", 1))
    writer.add_document(indexdir.meta_document(position))
    writer.commit()


def apply_log(kind: str, writer: tantivy.IndexWriter, start: int, using: str = "default") -> int:
    """Apply the log after `start`, to its end, through `writer`; the new position.

    Commits every SEARCH_COMMIT_EVERY changed documents and at the end, each time with
    the position reached, so a crash at any point resumes from a commit.
    """
    position = start
    pending = 0
    relevant = RELEVANT[kind]
    every = max(1, settings.SEARCH_COMMIT_EVERY)
    while True:
        changes = changelog.changes_after(position, min(READ_CHUNK, every), using=using)
        if not changes:
            break
        grouped: dict[str, set[int]] = defaultdict(set)
        for _, log_kind, object_id in changes:
            if log_kind in relevant:
                grouped[log_kind].add(object_id)
        position = changes[-1][0]
        pending += replace_documents(kind, writer, affected_ids(kind, grouped, using), using)
        if pending >= every:
            commit(kind, writer, position)
            pending = 0
    if position != start:
        commit(kind, writer, position)
    return position


def sync_index(opened: OpenIndex, *, wait: float = 0.0, using: str = "default") -> int:
    """Bring one open index up to the end of the log; its position. IndexBusy if another writes."""
    opened.index.reload()
    known = indexdir.meta_position(opened.kind, opened.index.searcher()) or 0
    if known >= changelog.position(using=using):
        return known  # nothing to apply: no writer taken
    with opened.lock:  # one writer per process and index; threads of one worker take turns
        writer = writer_of(opened.index, wait=wait)
        # Read the position under the writer lock: the last writer may have moved it.
        opened.index.reload()
        start = indexdir.meta_position(opened.kind, opened.index.searcher()) or 0
        position = apply_log(opened.kind, writer, start, using)
        if position != start:
            opened.index.reload()
            if opened.index.searcher().num_segments > MAX_SEGMENTS:
                writer.wait_merging_threads()
                opened.index.reload()
        del writer
    # A directory replaced by a rebuild meanwhile is no one's to report.
    if indexdir.current_directory(opened.kind) == opened.directory:
        changelog.report_applied(opened.name, position)
    return position


def sync(kind: str | None = None, *, wait: float = 0.0, using: str = "default") -> dict[str, int | None]:
    """Apply the log to `kind`'s index (all kinds when None); each kind's new position.

    A kind whose writer another process holds is left to it and reported as
    None; so is a kind without an index (archive/search/build.py makes one).
    """
    out: dict[str, int | None] = {}
    for name in KINDS if kind is None else (kind,):
        try:
            out[name] = sync_index(indexdir.open_current(name), wait=wait, using=using)
        except IndexBusy:
            out[name] = None
        except indexdir.IndexMissing as exc:
            # Whoever searches it next rebuilds it (archive/search/build.py).
            log.info("search index not synced: %s", exc)
            out[name] = None
    return out
