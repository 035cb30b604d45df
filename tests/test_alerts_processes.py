"""`send_alerts` in real processes: two at once send each message once; one killed mid-run loses nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_pagecache_processes import ROOT, _database_url

pytestmark = pytest.mark.django_db(transaction=True)

SUBSCRIBERS = 12

SETUP = f"""
from archive.alerts.models import Subscription
from archive.alerts.subscribe import confirm
from archive.models import Article
for i in range({SUBSCRIBERS}):
    confirm(Subscription.objects.create(email=f"r{{i}}@example.org", list_name="articles", query="q=رزمایش"))
for i in range(3):
    Article.objects.create(title=f"رزمایش {{i}}", body=f"متن رزمایش {{i}}")
Article.objects.create(title="نشست", body="متن دیگر")
"""


@pytest.fixture
def archive_env(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": _database_url(tmp_path),
        "SEARCH_INDEX_DIR": str(tmp_path / "search"),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    from django.db import connection

    if connection.vendor == "sqlite":
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "shell", "-c", SETUP], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "sync_search_index"], env=env, check=True, cwd=ROOT, capture_output=True)
    return env, manage


def recipients(directory: Path) -> list[str]:
    found = []
    for path in directory.glob("*.log"):
        found += re.findall(r"^To: (\S+)$", path.read_text(), flags=re.M)
    return sorted(found)


def send_alerts(env, manage, mail_dir: Path, **popen):
    mail_dir.mkdir(exist_ok=True)
    env = {**env, "DJANGO_EMAIL_URL": f"file:///{mail_dir}", "ALERT_MAIL_DIR": str(mail_dir)}
    return subprocess.Popen(
        [*manage, "send_alerts", "--rate", "daily"], env=env, cwd=ROOT, stdout=subprocess.PIPE, **popen
    )


def test_two_runs_at_once_send_each_message_once(archive_env, tmp_path):
    env, manage = archive_env
    runs = [send_alerts(env, manage, tmp_path / f"mail-{i}") for i in range(2)]
    for process in runs:
        assert process.wait(timeout=120) == 0
    sent = recipients(tmp_path / "mail-0") + recipients(tmp_path / "mail-1")
    assert sorted(sent) == sorted(f"r{i}@example.org" for i in range(SUBSCRIBERS))


def test_a_run_killed_mid_send_loses_nothing_and_doubles_nothing(archive_env, tmp_path):
    env, manage = archive_env
    # A short lease, so that the test need not wait a quarter of an hour for it to lapse.
    crashing = {
        **env,
        "DJANGO_SETTINGS_MODULE": "tests.alert_crash_settings",
        "ALERTS_SEND_LEASE_SECONDS": "2",
    }
    killed = send_alerts(crashing, manage, tmp_path / "mail-killed")
    assert killed.wait(timeout=120) == -9
    deadline = time.monotonic() + 2.5
    before = recipients(tmp_path / "mail-killed")
    assert len(before) == 2  # two went out, the third was in hand when the process died
    # The message in hand is held for the lease; once it has lapsed, the next run sends it.
    time.sleep(max(0.0, deadline - time.monotonic()))
    later = send_alerts(env, manage, tmp_path / "mail-after")
    assert later.wait(timeout=120) == 0
    after = recipients(tmp_path / "mail-after")
    assert sorted(before + after) == sorted(f"r{i}@example.org" for i in range(SUBSCRIBERS))
    again = send_alerts(env, manage, tmp_path / "mail-again")
    assert again.wait(timeout=120) == 0
    assert recipients(tmp_path / "mail-again") == []
