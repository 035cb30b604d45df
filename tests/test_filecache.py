"""The file page cache stays within its byte budget and never takes the database's last free space."""

from __future__ import annotations

import os
import time

import pytest

from core import filecache
from core.filecache import BoundedFileCache


def bounded(tmp_path, **options) -> BoundedFileCache:
    return BoundedFileCache(str(tmp_path / "cache"), {"OPTIONS": {"MAX_ENTRIES": 20_000, **options}})


def page(n: int, size: int = 50_000) -> bytes:
    return os.urandom(size)  # incompressible, as the cache compresses what it keeps


def test_it_keeps_the_files_within_the_byte_budget(tmp_path):
    cache = bounded(tmp_path, MAX_BYTES=1_000_000)
    for n in range(100):  # 5 MB of pages
        cache.set(f"page-{n}", page(n))
    assert cache.size() <= 1_000_000 + 60_000  # the budget, give or take the page being written
    assert cache.get("page-99") is not None


def test_the_least_recently_written_go_first(tmp_path):
    cache = bounded(tmp_path, MAX_BYTES=600_000)
    for n in range(10):
        cache.set(f"page-{n}", page(n))
        past = time.time() - 1000 + n  # written in this order, a second apart
        os.utime(cache._key_to_file(f"page-{n}"), (past, past))
    for n in range(10, 14):
        cache.set(f"page-{n}", page(n))
    kept = [n for n in range(14) if cache.get(f"page-{n}") is not None]
    assert kept == sorted(kept) and kept[-1] == 13 and 0 not in kept


def test_a_cull_is_not_repeated_at_every_write(tmp_path, monkeypatch):
    cache = bounded(tmp_path, MAX_BYTES=10_000_000)
    scans = []
    real = cache._entries
    monkeypatch.setattr(cache, "_entries", lambda: scans.append(1) or real())
    for n in range(50):
        cache.set(f"page-{n}", page(n, 1000))
    assert len(scans) <= 1  # the first write (no scan yet), then only when the estimate is over


def test_other_workers_writes_are_seen_within_the_scan_interval(tmp_path, monkeypatch):
    one, two = bounded(tmp_path, MAX_BYTES=400_000), bounded(tmp_path, MAX_BYTES=400_000)
    for n in range(6):
        one.set(f"one-{n}", page(n))
    monkeypatch.setattr(filecache, "SCAN_SECONDS", 0.0)
    for n in range(6):
        two.set(f"two-{n}", page(n))
    assert two.size() <= 400_000 + 60_000


def test_it_writes_nothing_while_the_databases_disk_is_low(tmp_path, monkeypatch):
    database = tmp_path / "db" / "archive.sqlite3"
    database.parent.mkdir()
    cache = bounded(tmp_path, MIN_FREE_PERCENT=10, GUARD_PATHS=[str(database)])
    seen = []

    def share(path):
        seen.append(path)
        return 0.05 if path == str(database.parent) else 0.5  # the database's directory: not created yet

    monkeypatch.setattr(filecache, "free_share", share)
    cache.set("page", b"x")
    assert cache.get("page") is None
    assert str(database.parent) in seen
    assert not cache.add("other", b"y") or cache.get("other") is None


def test_it_writes_again_once_there_is_room(tmp_path, monkeypatch):
    cache = bounded(tmp_path, MIN_FREE_PERCENT=10)
    free = {"share": 0.01}
    monkeypatch.setattr(filecache, "free_share", lambda path: free["share"])
    monkeypatch.setattr(filecache, "DISK_CHECK_SECONDS", 0.0)
    cache.set("page", b"x")
    assert cache.get("page") is None
    free["share"] = 0.5
    cache.set("page", b"x")
    assert cache.get("page") == b"x"


def test_the_real_disk_has_room_here(tmp_path):
    assert 0 < filecache.free_share(str(tmp_path)) <= 1
    assert bounded(tmp_path, MIN_FREE_PERCENT=0).disk_has_room()
    assert not bounded(tmp_path, MIN_FREE_PERCENT=100.1).disk_has_room()


def test_production_settings_use_it_for_the_file_cache(monkeypatch):
    from core.settings import cache_from_url

    monkeypatch.setenv("DJANGO_CACHE_MAX_MB", "64")
    config = cache_from_url("file:///srv/archive/var/cache")
    assert config["BACKEND"] == "core.filecache.BoundedFileCache"
    assert config["OPTIONS"]["MAX_BYTES"] == 64 * 1024 * 1024
    assert config["OPTIONS"]["MIN_FREE_PERCENT"] == 10


@pytest.mark.django_db
def test_the_page_cache_works_through_it(client, settings, tmp_path):
    from django.core.cache import caches

    settings.CACHES = {
        "default": {"BACKEND": "core.filecache.BoundedFileCache", "LOCATION": str(tmp_path / "pages")}
    }
    assert isinstance(caches["default"], BoundedFileCache)
    assert client.get("/articles/").status_code == 200
    assert client.get("/articles/").status_code == 200
    assert any(name.endswith(".djcache") for name in os.listdir(tmp_path / "pages"))
