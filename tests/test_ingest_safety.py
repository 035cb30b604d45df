"""Safety: encodings, broken files, a killed import, re-runs, --dry-run and --json."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError

from archive.models import Article, Source
from archive.text import search_key
from benchmarks import corpus
from tests.ingest_helpers import run_command, run_import, write_jsonl

ROOT = Path(__file__).resolve().parent.parent
N_BIG = 6000  # articles in the file the killed import is reading (~30 MB, well over LARGE_FILE)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "encode, encoding",
    [
        (lambda s: s.encode("utf-8"), "utf-8"),
        (lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"), "utf-8-sig"),
        # Windows-1256 has only the Arabic yeh and kaf, which is what such files carry.
        (lambda s: s.replace("ی", "ي").replace("ک", "ك").encode("cp1256"), "windows-1256"),
    ],
)
def test_it_reads_utf8_utf8_with_bom_and_windows_1256_and_says_which(tmp_path, encode, encoding):
    (tmp_path / "a.txt").write_bytes(
        encode("دیدار وزیران دفاع\r\nبه گزارش ایرنا، دو وزیر در مسکو دیدار کردند.")
    )
    report = run_import(tmp_path)
    assert report.ok and report.encodings == {encoding: 1}
    assert Article.objects.get().title_key == search_key("دیدار وزیران دفاع")
    assert Source.objects.get().name_key == search_key("ایرنا")


@pytest.mark.django_db
def test_a_windows_1256_jsonl_file_is_read_line_by_line(tmp_path):
    line = json.dumps({"title": "عنوان", "body": "متن فارسي"}, ensure_ascii=False)
    (tmp_path / "a.jsonl").write_bytes((line + "\n").encode("cp1256"))
    report = run_import(tmp_path)
    assert report.imported == 1 and report.encodings == {"windows-1256": 1}
    assert "windows-1256" in report.warnings[0].reason


@pytest.mark.django_db
def test_bytes_that_are_neither_utf8_nor_persian_are_reported(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x81\xff binary junk")
    report = run_import(tmp_path)
    assert report.imported == 0 and "UTF-8" in report.failures[0].reason


@pytest.mark.django_db
def test_a_broken_file_leaves_nothing_and_the_others_go_on(tmp_path):
    (tmp_path / "a_good.txt").write_text("خوب\nمتن خوب", encoding="utf-8")
    write_jsonl(tmp_path / "b_broken.jsonl", {"title": "درست", "body": "متن"}, "{broken", {"title": "بی‌متن"})
    (tmp_path / "c_feed.xml").write_text("<rss><channel><item>", encoding="utf-8")
    (tmp_path / "d_good.txt").write_text("خوب دیگر\nمتن دیگر", encoding="utf-8")
    report = run_import(tmp_path)
    assert sorted(Article.objects.values_list("title", flat=True)) == ["خوب", "خوب دیگر"]
    where = {(Path(f.path).name, f.line) for f in report.failures}
    assert {("b_broken.jsonl", 2), ("b_broken.jsonl", 3)} <= where
    assert any(name == "c_feed.xml" for name, _ in where)
    assert report.failed_files == 2


@pytest.mark.django_db
def test_a_file_that_fails_in_the_database_is_rolled_back_alone(tmp_path, monkeypatch):
    from archive.ingest import routine

    (tmp_path / "a.txt").write_text("یک\nمتن یک", encoding="utf-8")
    (tmp_path / "b.txt").write_text("دو\nمتن دو", encoding="utf-8")
    real_store = routine.Importer.store

    def store(self, batch):
        if any(p.file.endswith("b.txt") for p in batch):
            from django.db import IntegrityError

            real_store(self, batch)  # writes, then fails: the rollback must undo it
            raise IntegrityError("simulated")
        return real_store(self, batch)

    monkeypatch.setattr(routine.Importer, "store", store)
    report = run_import(tmp_path)
    assert list(Article.objects.values_list("title", flat=True)) == ["یک"]
    assert [Path(f.path).name for f in report.failures] == ["b.txt"]


@pytest.mark.django_db
def test_reimporting_everything_adds_nothing(tmp_path):
    (tmp_path / "a.txt").write_text("به گزارش ایرنا\nبه گزارش ایرنا، متن", encoding="utf-8")
    write_jsonl(
        tmp_path / "b.jsonl", {"title": "ت", "body": "م", "url": "https://example.org/x", "via": ["تسنیم"]}
    )
    first = run_import(tmp_path)
    counts = (Article.objects.count(), Source.objects.count())
    second = run_import(tmp_path)
    assert (first.imported, second.imported, second.duplicates) == (2, 0, 2)
    assert (Article.objects.count(), Source.objects.count()) == counts


@pytest.mark.django_db
def test_a_dry_run_reports_the_same_and_writes_nothing(tmp_path):
    write_jsonl(
        tmp_path / "a.jsonl", {"title": "یک", "body": "به نقل از تسنیم، متن"}, {"title": "دو", "body": "متن"}
    )
    dry = run_import(tmp_path, dry_run=True)
    assert (dry.imported, dry.sources_created, dry.dry_run) == (2, 1, True)
    assert Article.objects.count() == 0 and Source.objects.count() == 0
    real = run_import(tmp_path)
    assert real.imported == dry.imported


@pytest.mark.django_db
def test_the_command_prints_a_json_summary(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", {"title": "یک", "body": "متن"}, "{bad")
    with pytest.raises(CommandError):
        run_command(str(tmp_path), "--json")
    out, _ = run_command.last
    summary = json.loads(out)
    assert summary["imported"] == 0 and summary["failed_files"] == 1
    assert summary["failures"][0]["line"] == 2 and summary["failures"][0]["file"].endswith("a.jsonl")


@pytest.mark.django_db
def test_the_command_prints_the_summary_and_no_progress_bar_off_a_terminal(tmp_path):
    (tmp_path / "a.txt").write_text("یک\nمتن", encoding="utf-8")
    out, err = run_command(str(tmp_path))
    assert "خبرهای واردشده: ۱" in out and "it/s" not in err and "file/s" not in err


def _database_url(tmp_path: Path) -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        return f"postgresql://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    return f"sqlite:///{tmp_path / 'killed.sqlite3'}"


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_leaves_no_partial_file(tmp_path):
    """kill -9 in the middle of a large file: none of it is in the database; a re-run completes it."""
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": _database_url(tmp_path)}
    manage = [sys.executable, str(ROOT / "manage.py")]
    if "sqlite" in env["DATABASE_URL"]:
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    small = tmp_path / "a_small.jsonl"
    write_jsonl(small, {"title": "کوچک", "body": "متن کوچک"})
    big = tmp_path / "b_big.jsonl"
    with big.open("w", encoding="utf-8") as out:
        for item in corpus.articles(N_BIG, seed=7):
            out.write(json.dumps(item.record(), ensure_ascii=False) + "\n")
    process = subprocess.Popen([*manage, "import_articles", str(small), str(big)], env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        # Kill once the big file is under way: the small file is committed, the big one is not.
        while time.monotonic() < deadline and process.poll() is None and _count_articles(env) < 1:
            time.sleep(0.2)
        time.sleep(0.3)
        assert process.poll() is None, "the import finished before it could be killed; make the file larger"
    finally:
        process.kill()
        process.wait()
    assert _count_articles(env) == 1  # the small file only: nothing of the big one
    subprocess.run(
        [*manage, "import_articles", str(small), str(big)],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    assert _count_articles(env) == 1 + N_BIG


def _count_articles(env: dict) -> int:
    """Articles committed in the database of `env`, read with a connection of this process's own.

    Fast (a few milliseconds), so the kill lands while the big file is under way; the
    child's own `manage.py shell` took seconds on a loaded machine and the import
    could finish in between.
    """
    url = env["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        import sqlite3

        path = url.removeprefix("sqlite:///")
        if not os.path.exists(path):
            return -1
        with sqlite3.connect(path, timeout=30) as db:
            try:
                return db.execute("SELECT COUNT(*) FROM archive_article").fetchone()[0]
            except sqlite3.OperationalError:
                return -1
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        return db.execute("SELECT COUNT(*) FROM archive_article").fetchone()[0]
