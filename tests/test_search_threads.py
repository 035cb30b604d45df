"""Facets counted on helper threads beside the ranking: the same answers at any concurrency, after a fork."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from archive.search import build, facetcounts, search_articles, threads
from tests.test_search_index import corpus

pytestmark = pytest.mark.django_db
__all__ = ["corpus"]  # the fixture

QUERIES = ["روسیه", "رزمایش", "روس*", "-رزمایش", "", "وزیر OR رزمایش"]


def answers() -> list[tuple]:
    out = []
    for query in QUERIES:
        hits = search_articles(query, facets=True)
        out.append((query, hits.ids, hits.count, hits.facets))
    return out


def in_a_thread(_) -> list[tuple]:
    try:
        return answers()
    finally:
        connection.close()  # each thread's own connection


@pytest.mark.django_db(transaction=True)  # committed: the threads' connections see the corpus
def test_many_threads_searching_at_once_get_what_one_gets(corpus):
    alone = answers()
    assert any(facets["source"] for *_, facets in alone)
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(in_a_thread, range(24)))
    assert all(result == alone for result in together)


def test_the_facets_are_counted_on_another_thread(corpus, monkeypatch):
    seen, both = [], threading.Barrier(2, timeout=10)
    counted = facetcounts.count_part

    def recording(*args, **kwargs):
        seen.append(threading.current_thread())
        both.wait()  # the two parts run at once, on two threads
        return counted(*args, **kwargs)

    monkeypatch.setattr(facetcounts, "count_part", recording)
    hits = search_articles("روسیه", facets=True)
    assert hits.facets["source"] and len(seen) == 2  # two parts, each on a helper thread
    assert threading.current_thread() not in seen and seen[0] is not seen[1]
    search_articles("روسیه")
    assert len(seen) == 2  # no facets asked, none counted


def test_the_page_is_returned_while_its_facets_are_still_counting(corpus, monkeypatch):
    # The view reads the page's rows and cuts its snippets meanwhile; it waits
    # for the facets only when it shows them.
    counted, release = facetcounts.count_part, threading.Event()

    def held(*args, **kwargs):
        assert release.wait(timeout=10)
        return counted(*args, **kwargs)

    monkeypatch.setattr(facetcounts, "count_part", held)
    hits = search_articles("روسیه", facets=True)  # would wait forever if the facets were awaited here
    assert hits.ids and hits.count == len(search_articles("روسیه", limit=1000).ids)
    assert not hits.counting.done()
    release.set()
    assert hits.facets == search_articles("روسیه", facets=True).facets and hits.facets["source"]


# Forking a process with threads is what this test is about.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")
def test_a_forked_process_gets_threads_of_its_own(corpus):
    # The parent's pool has an idle thread; a child that inherited the pool
    # would wait for that thread forever, since fork copies no thread.
    assert threads.beside().submit(lambda: 1).result(timeout=5) == 1
    build.build_all()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no database, only the helper threads
        try:
            ok = threads.beside().submit(lambda: os.getpid()).result(timeout=10) == os.getpid()
            os.write(write, b"ok" if ok else b"no")
        except BaseException:
            os.write(write, b"timeout")
        finally:
            os._exit(0)
    os.close(write)
    answer = os.read(read, 16)
    os.waitpid(pid, 0)
    assert answer == b"ok"
