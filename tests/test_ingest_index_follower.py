"""An import's batches are applied to the search index on a thread of its own while the next is stored.

Real files imported by a real process, on a real database (a SQLite file, or
the PostgreSQL test database) with its own index directory; the child reports
which thread applied each batch and what the index held when the import returned.
"""

from __future__ import annotations

import json

import pytest

from archive.search import background
from tests.test_search_crash_safety import manage, shell, site_environment

pytestmark = pytest.mark.django_db(transaction=True)

FILES = 60

# Small batches, so that one import commits many; each apply records the thread it ran on.
IMPORT = """
import json, threading
from archive.ingest import routine
from archive.search import changelog, follow, search_articles, ArticleFilters
routine.BATCH = 5
applied = []
real_sync = follow.sync
def recording(*args, **kwargs):
    result = real_sync(*args, **kwargs)
    applied.append({"thread": threading.current_thread().name, "positions": result})
    return result
follow.sync = recording
report = routine.import_paths([FOLDER])
found = search_articles("گزارش", ArticleFilters(), limit=1000)
print(json.dumps({
    "imported": report.imported,
    "applied": applied,
    "found": found.count,
    "log": changelog.position(),
}))
"""


@pytest.fixture
def site(tmp_path):
    env = site_environment(tmp_path)
    manage(env, "sync_search_index")  # the empty indexes
    folder = tmp_path / "files"
    folder.mkdir()
    for i in range(FILES):
        (folder / f"{i:03d}.txt").write_text(
            f"گزارش شماره {i} از مرز\n\nمتن گزارش {i}: نیروهای مرزبانی رزمایش {i} را برگزار کردند.\n",
            encoding="utf-8",
        )
    return env, folder


def test_batches_are_applied_on_the_follower_thread_and_all_of_them_before_the_import_returns(site):
    env, folder = site
    out = json.loads(shell(env, f"FOLDER = {str(folder)!r}\n" + IMPORT).strip().splitlines()[-1])
    assert out["imported"] == FILES
    threads = [a["thread"] for a in out["applied"]]
    # Twelve batches of five: the follower applied some of them while the import went on, and
    # the import itself applied only the rest once it was done (one call, not one per batch).
    assert "search-log-follower" in threads
    assert threads.count("MainThread") == 1 and threads[-1] == "MainThread"
    # Everything the import committed was searchable when it returned, at the log's end.
    assert out["found"] == FILES
    assert all(position == out["log"] for position in out["applied"][-1]["positions"].values())


@pytest.mark.django_db  # the test's transaction: what the import stores is seen by this connection only
def test_inside_a_transaction_the_import_applies_each_batch_itself(tmp_path, monkeypatch):
    # Another connection would not see the batches: no thread, and each batch is searchable
    # as soon as it is stored, on the import's own connection.
    from archive.ingest import routine
    from archive.search import search_articles

    assert not background.can_follow()
    monkeypatch.setattr(routine, "BATCH", 2)
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(f"گزارش {i}\n\nمتن گزارش مرزی {i}\n", encoding="utf-8")
    seen = []
    real = background.apply_now

    def recording(using="default"):
        real(using)
        seen.append(search_articles("گزارش").count)

    monkeypatch.setattr(routine, "apply_now", recording)
    report = routine.import_paths([tmp_path])
    assert report.imported == 4
    assert seen == [2, 4]  # each batch applied, here, as it was stored
