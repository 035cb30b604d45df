"""kill -9 while the index applies the log or rebuilds: after a restart it matches the database.

Real processes on a real database (a SQLite file, or the PostgreSQL test
database) and a real index directory; the test process only watches and kills.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import tantivy

from archive.search.schema import ARTICLES

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parent.parent
N = 3000

POPULATE = f"""
from archive import text
from archive.models import Article, fingerprint_of_keys
rows = []
for i in range({N}):
    title, body = f"خبر شماره {{i}}", f"متن خبر {{i}} درباره رزمایش"
    tk, bk = text.search_key(title), text.search_key(body)
    rows.append(Article(title=title, body=body, title_key=tk, body_key=bk,
                        key_version=text.KEY_VERSION, fingerprint=fingerprint_of_keys(tk, bk)))
Article.objects.bulk_create(rows, batch_size=1000)
"""

# Changes to every other article, by raw SQL, as an operator's psql would make them.
CHANGE = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("UPDATE archive_article SET is_public = %s WHERE id %% 2 = 0", [False])
    cursor.execute("UPDATE archive_article SET title_key = title_key || ' تازه' WHERE id %% 3 = 0", [])
"""

# What the index holds against what the database says, from a fresh process.
COMPARE = """
import json
from archive.models import Article
from archive.search import engine
from archive.search import ArticleFilters, search_articles
engine.catch_up = lambda opened, using="default": None  # what is on disk, not caught up here
public = search_articles("", ArticleFilters(), limit=10**6)
fresh = search_articles("تازه", ArticleFilters(public=None), limit=10**6)
print(json.dumps({
    "public_index": sorted(public.ids),
    "public_db": sorted(Article.objects.filter(is_public=True).values_list("pk", flat=True)),
    "fresh_index": sorted(fresh.ids),
    "fresh_db": sorted(Article.objects.filter(title_key__contains="تازه").values_list("pk", flat=True)),
}))
"""


def site_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Environment of a site with its own database (migrated) and index directory, for child processes.

    The PostgreSQL test database itself, or a SQLite file under `tmp_path`
    (an in-memory test database is no other process's to open).
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        s = connection.settings_dict
        url = f"postgresql://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    else:
        url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": url,
        "SEARCH_INDEX_DIR": str(tmp_path / "search"),
        **extra,
    }
    if connection.vendor == "sqlite":
        manage(env, "migrate", "--noinput", "-v0")
    return env


@pytest.fixture
def site(tmp_path):
    """Environment of a site with its own database and index directory, N articles indexed."""
    env = site_environment(tmp_path, SEARCH_COMMIT_EVERY="25")
    shell(env, POPULATE)
    manage(env, "sync_search_index")  # builds the missing indexes
    return env


def manage(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        **kwargs,
    )


def shell(env: dict, code: str) -> str:
    return manage(env, "shell", "-c", textwrap.dedent(code)).stdout


def start(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def directory(env: dict) -> Path:
    root = Path(env["SEARCH_INDEX_DIR"])
    return root / (root / f"{ARTICLES}.current").read_text().strip()


def stored_position(path: Path) -> int:
    index = tantivy.Index.open(str(path))
    schema = index.schema
    hits = index.searcher().search(tantivy.Query.term_query(schema, "meta", 1), 1).hits
    return index.searcher().doc(hits[0][1]).get_first("position")


def log_position(env: dict) -> int:
    return int(shell(env, "from archive.search import changelog; print(changelog.position())").split()[-1])


def assert_index_matches_database(env: dict) -> None:
    found = json.loads(shell(env, COMPARE).strip().splitlines()[-1])
    assert found["public_index"] == found["public_db"]
    assert found["fresh_index"] == found["fresh_db"]
    assert len(found["public_db"]) == N // 2 and found["fresh_db"]


def test_killed_while_applying_the_log(site):
    path = directory(site)
    before = stored_position(path)
    shell(site, CHANGE)
    target = log_position(site)
    process = start(site, "sync_search_index", "--kind", ARTICLES)
    try:
        deadline = time.monotonic() + 120
        # Killed after some intermediate commit and before the last one.
        while time.monotonic() < deadline and process.poll() is None and stored_position(path) == before:
            time.sleep(0.01)
        assert process.poll() is None, "the sync finished before it could be killed"
    finally:
        process.kill()
        process.wait()
    reached = stored_position(path)
    assert before < reached < target
    manage(site, "sync_search_index")
    assert stored_position(directory(site)) == target
    assert_index_matches_database(site)


def test_killed_while_rebuilding(site):
    old = directory(site)
    root = old.parent
    process = start(site, "rebuild_search_index", "--kind", ARTICLES)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(list(root.glob(f"{ARTICLES}-*"))) < 2:
            time.sleep(0.005)
        # Killed at once: its directory is there and its rows are being read (3,000 take about
        # a second; waiting even 0.1 s on a loaded machine let it reach the switch).
        assert process.poll() is None, "the rebuild finished before it could be killed"
    finally:
        process.kill()
        process.wait()
    assert directory(site) == old, "the rebuild switched before it was killed"  # the old index still serves
    shell(site, CHANGE)
    manage(site, "sync_search_index")
    assert_index_matches_database(site)
    manage(site, "rebuild_search_index", "--kind", ARTICLES)
    assert [p.name for p in root.glob(f"{ARTICLES}-*")] == [directory(site).name]  # the killed one is gone
    assert_index_matches_database(site)
