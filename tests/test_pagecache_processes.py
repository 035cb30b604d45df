"""The page cache across processes: a server run with `make run`'s defaults sees another process's import."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "postgresql":
        db = connection.settings_dict  # the test database, which other processes can reach
        return f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"sqlite:///{tmp_path / 'archive.sqlite3'}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


@pytest.fixture
def server(tmp_path):
    # `make run`'s defaults: DJANGO_DEBUG=1, so the page cache is this process's own memory.
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": _database_url(tmp_path),
        "SEARCH_INDEX_DIR": str(tmp_path / "search-server"),
    }
    env.pop("DJANGO_CACHE_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    if connection.vendor == "sqlite":
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    port = _free_port()
    process = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(base + "/healthz")
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise
            time.sleep(0.2)
    try:
        yield base, env, manage
    finally:
        process.kill()
        process.wait()


def test_an_import_from_another_process_is_seen_at_once(server, tmp_path):
    base, env, manage = server
    word = "ناوچه‌موشک‌انداز"
    search = f"{base}/articles/?{urllib.parse.urlencode({'q': word})}"
    manifest = f"{base}/articles/export.manifest.json?{urllib.parse.urlencode({'q': word})}"
    assert "ناوچه تازه" not in _get(search)  # the empty result is now in the server's cache
    assert json.loads(_get(manifest))["row_count"] == 0
    home_before = _get(base + "/")

    feed = tmp_path / "new.jsonl"
    record = {"title": "ناوچه تازه", "body": f"یک {word} تازه به ناوگان پیوست.", "source": "خبرگزاری نمونه"}
    feed.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    import_env = {**env, "SEARCH_INDEX_DIR": str(tmp_path / "search-importer")}
    subprocess.run(
        [*manage, "import_articles", str(feed)], env=import_env, check=True, cwd=ROOT, capture_output=True
    )

    assert "ناوچه تازه" in _get(search)
    assert json.loads(_get(manifest))["row_count"] == 1
    assert _get(base + "/") != home_before  # the counts on the home page moved too
