"""The bench's corpus caches: which database a measure runs on, and which corpus it holds.

A corpus is loaded once per size and seed (a million articles take most of
an hour) and kept: var/bench-<N>.sqlite3, or a PostgreSQL database. Its
record (table bench_corpus) says what it was built from, so that a cache
is reused only while the generator, the loader, the key rules and the
migrations it was built under still hold.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dj_database_url
from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, connections

from archive import text
from benchmarks import corpus, loading

# Used only when the site itself is not on SQLite; otherwise the bench takes the
# site's own SQLite engine and options (core/settings.py), so the figures are the site's.
SQLITE_ENGINE = "core.sqlite"
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
META_TABLE = "bench_corpus"


def migration_digests() -> dict[str, str]:
    """Each archive migration's name and a digest of its text."""
    folder = Path(apps.get_app_config("archive").path) / "migrations"
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:12] for path in sorted(folder.glob("0*.py"))
    }


def corpus_key(n: int, seed: int) -> str:
    """What a cached corpus's rows depend on: size, seed, generator, loader and key rules."""
    return f"n{n}-seed{seed}-gen{corpus.GENERATOR_VERSION}-load{loading.LOADER_VERSION}-key{text.KEY_VERSION}"


def corpus_matches(meta: dict[str, Any] | None, n: int, seed: int) -> bool:
    """Whether a cached corpus (its meta record) is the one `n` and `seed` make, under today's schema.

    Its migrations must be today's, text for text: a committed migration
    edited in place (a trigger added to 0008) must not leave a corpus with the
    old schema. Migrations added since are fine: `migrate` applies them to the
    cache as it would to a deployed archive, so a million-article corpus
    (an hour to load) survives a new table.
    """
    if not meta or meta.get("key") != corpus_key(n, seed):
        return False
    today = migration_digests()
    return all(today.get(name) == digest for name, digest in meta.get("migrations", {}).items()) and bool(
        meta.get("migrations")
    )


def database_settings(url: str) -> dict[str, Any]:
    """A complete DATABASES entry for `url`, with the site's SQLite options."""
    entry = dj_database_url.parse(url, conn_max_age=0)
    if entry["ENGINE"] == "django.db.backends.sqlite3":
        site = settings.DATABASES["default"]
        if connections["default"].vendor == "sqlite":
            entry["ENGINE"], entry["OPTIONS"] = site["ENGINE"], dict(site.get("OPTIONS", {}))
        else:
            entry["ENGINE"], entry["OPTIONS"] = SQLITE_ENGINE, dict(SQLITE_OPTIONS)
    return connections.configure_settings({"default": entry})["default"]


@contextmanager
def use_database(url: str) -> Iterator[None]:
    """Point the default connection at `url` for the block; the site's database is refused."""
    entry = database_settings(url)
    site = settings.DATABASES["default"]
    if entry["ENGINE"] == site["ENGINE"] and str(entry["NAME"]) == str(site["NAME"]):
        raise CommandError(f"The benchmark will not run on the site's database ({site['NAME']}).")
    old_connection = connections["default"]
    old_connection.close()
    connections.settings["default"] = settings.DATABASES["default"] = entry
    del connections["default"]
    try:
        yield
    finally:
        connections["default"].close()
        connections.settings["default"] = settings.DATABASES["default"] = site
        connections["default"] = old_connection


def read_meta() -> dict[str, Any] | None:
    """The corpus record of the current database, or None when it has none."""
    with connection.cursor() as cursor:
        if META_TABLE not in connection.introspection.table_names(cursor):
            return None
        cursor.execute(f"SELECT info FROM {META_TABLE}")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def write_meta(info: dict[str, Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (info TEXT NOT NULL)")
        cursor.execute(f"DELETE FROM {META_TABLE}")
        cursor.execute(f"INSERT INTO {META_TABLE} (info) VALUES (%s)", [json.dumps(info)])


def sqlite_meta(path: Path) -> dict[str, Any] | None:
    """The corpus record of a SQLite file, read without Django (None if absent or unreadable)."""
    if not path.exists():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute(f"SELECT info FROM {META_TABLE}").fetchone()
    except sqlite3.Error:
        return None
    return json.loads(row[0]) if row else None


def remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
