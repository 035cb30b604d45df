"""The deployment files keep slow readers and floods off the workers (docs/deploy.md).

The scenario itself (8 clients reading exports at 4 kB/s while /healthz and a
search must answer within a second) is `manage.py loadtest --slow-clients`,
with its figures in docs/benchmarks.md; these tests hold the settings it measured.
"""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def gunicorn_settings(monkeypatch, **env) -> dict:
    for name in ("GUNICORN_WORKER_CLASS", "GUNICORN_THREADS", "GUNICORN_WORKER_CONNECTIONS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))


def test_gunicorn_runs_threads_so_a_slow_reader_holds_one_thread_not_a_worker(monkeypatch):
    conf = gunicorn_settings(monkeypatch)
    assert conf["worker_class"] == "gthread"
    assert conf["threads"] >= 4
    # A worker whose threads are all busy stops accepting: the others take new connections.
    assert conf["threads"] < conf["worker_connections"] <= 4 * conf["threads"]


def test_the_worker_model_can_be_chosen_from_the_environment(monkeypatch):
    conf = gunicorn_settings(monkeypatch, GUNICORN_WORKER_CLASS="sync", GUNICORN_THREADS="1")
    assert conf["worker_class"] == "sync" and conf["threads"] == 1


def nginx_conf() -> str:
    return (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")


def test_nginx_buffers_what_it_passes_on():
    conf = nginx_conf()
    assert "proxy_buffering off" not in conf
    assert conf.count("proxy_buffering on") >= 2  # the exports and everything else


def test_nginx_limits_searches_and_exports_per_client():
    conf = nginx_conf()
    zones = dict(re.findall(r"limit_req_zone\s+\S+\s+zone=(\w+):\S+\s+rate=(\S+);", conf))
    assert set(zones) == {"archive_search", "archive_export"}
    assert re.search(
        r"location ~ \^/\[a-z\]\+/export.*\{[^}]*limit_req zone=archive_export burst=\d+", conf, re.S
    )
    assert re.search(r"location / \{[^}]*limit_req zone=archive_search burst=\d+", conf, re.S)
    assert "limit_req_status 429;" in conf
    # Only a request with a non-empty q is counted as a search.
    assert re.search(r'map \$arg_q \$archive_search_client \{\s*""\s*"";', conf)


def test_the_wsgi_module_leaves_what_it_loaded_out_of_the_collectors_reach(tmp_path):
    """Loaded once before the workers fork (preload_app), the start-up objects are frozen (gc.freeze)."""
    script = (
        "import gc\n"
        "before = gc.get_freeze_count()\n"
        "import core.wsgi\n"
        "from django.urls import get_resolver\n"
        "resolver = get_resolver()\n"
        "print(before, gc.get_freeze_count(), any(o is resolver for o in gc.get_objects()))\n"
    )
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env["SEARCH_INDEX_DIR"] = str(tmp_path / "search")
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    before, frozen, resolver_tracked = out.stdout.split()
    assert int(frozen) > int(before) + 10_000
    assert resolver_tracked == "False"  # the URL resolver, made at start-up, is frozen, not collected
