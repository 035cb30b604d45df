"""The helper threads a search counts its facets on, beside the thread that ranks its page.

Tantivy releases the GIL while it searches and aggregates, so on two cores a
cold page waits for the longest of its parts rather than their sum. Each
part is submitted by the request's own thread, never by another helper: a
helper waiting on a helper could wait forever once every thread of the pool
waits.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

# Two parts of facets per request a worker serves at once (gunicorn's gthread
# worker runs 8), so that concurrent requests never queue behind one another's
# facets. A thread is only started when none is idle.
THREADS = 16
_pool: tuple[int, ThreadPoolExecutor] | None = None
_lock = threading.Lock()


def beside() -> ThreadPoolExecutor:
    """This process's helper threads.

    Made per process: a pool made before a server forks its workers has no thread in them.
    """
    global _pool
    with _lock:
        if _pool is None or _pool[0] != os.getpid():
            _pool = (os.getpid(), ThreadPoolExecutor(THREADS, thread_name_prefix="facets"))
        return _pool[1]
