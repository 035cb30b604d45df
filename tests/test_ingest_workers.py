"""A large import prepares articles in worker processes; the outcome must not depend on it."""

from __future__ import annotations

import shutil

import pytest

from archive.ingest import prepare
from archive.ingest.inputs import expand_paths
from archive.ingest.prepare import Prepared, Stream
from archive.models import Article, ArticleVia
from tests.ingest_helpers import FIXTURES, reprint, run_import, story, write_jsonl


@pytest.fixture
def folder(tmp_path):
    """Feeds, a page, .txt files (one with an impossible dateline date), JSONL: a bad line, a reprint."""
    for name in ("tasnim_defence.rss.xml", "defence_ministry.atom", "saved_page.html"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    title, body = story()
    (tmp_path / "a_story.txt").write_text(f"{title}\n{body}", encoding="utf-8")
    (tmp_path / "b_dated.txt").write_text(
        "خبر سرخط\nتهران- ایرنا- ۳۱ اسفند ۱۴۰۱ - به گزارش ایرنا، متن خبر با تاریخی که نیست.", encoding="utf-8"
    )
    for index in range(12):
        (tmp_path / f"c_{index:02d}.txt").write_text(
            f"خبر {index}\nبه گزارش خبرگزاری تسنیم به نقل از ایسنا، متن شمارهٔ {index}", encoding="utf-8"
        )
    write_jsonl(
        tmp_path / "d.jsonl",
        {"title": "بازنشر", "body": reprint(body), "url": "https://example.org/r", "via": ["ایرنا"]},
        {"title": "دیگر", "body": "متنی دیگر", "published_at": "1399/05/22"},
    )
    write_jsonl(tmp_path / "e_bad.jsonl", {"title": "درست", "body": "متن"}, "{broken")
    return tmp_path


def _outputs(folder, workers: int) -> list[tuple]:
    items = [item for item in expand_paths([folder]) if hasattr(item, "open")]
    out = []
    with Stream(items, workers) as stream:
        for item in items:
            for event in stream.file(item):
                if isinstance(event, Prepared):
                    a = event.article
                    out.append((event.file, event.line, a.title, a.title_key, a.body_key, a.fingerprint,
                                a.published_at, event.source, event.via, event.bands))  # fmt: skip
                else:
                    out.append((type(event).__name__, str(event)))
            out.append(("encoding", item.name, stream.encoding))
    return out


def test_workers_prepare_exactly_what_this_process_does(folder, monkeypatch):
    monkeypatch.setattr(prepare, "CHUNK", 3)  # many chunks, a few in flight: order must hold across them
    monkeypatch.setattr(prepare, "AHEAD", 2)
    alone = _outputs(folder, workers=0)
    assert any(kind == "Notice" for kind, *_ in alone) and any(kind == "Invalid" for kind, *_ in alone)
    assert _outputs(folder, workers=2) == alone


@pytest.mark.django_db
def test_an_import_with_workers_stores_what_one_without_does(folder, monkeypatch):
    monkeypatch.setattr(prepare, "CHUNK", 4)
    report = run_import(folder, workers=2)
    columns = ("title", "source__name", "published_at", "fingerprint")
    stored = sorted(Article.objects.values_list(*columns))
    stories = sorted(Article.objects.exclude(story=None).values_list("title", flat=True))
    via = ArticleVia.objects.count()
    summary = report.as_dict()
    Article.objects.all().delete()
    again = run_import(folder, workers=0)
    assert (
        sorted(Article.objects.values_list("title", "source__name", "published_at", "fingerprint")) == stored
    )
    assert sorted(Article.objects.exclude(story=None).values_list("title", flat=True)) == stories
    assert ArticleVia.objects.count() == via
    keep = ("files", "imported", "duplicates", "syndicated", "failed_files", "failures", "warnings")
    assert {k: summary[k] for k in keep} == {k: again.as_dict()[k] for k in keep}
    assert report.imported > 15 and report.syndicated == 1


@pytest.mark.django_db
@pytest.mark.parametrize("workers", [0, 2])
def test_a_large_file_failing_in_the_database_is_skipped_and_the_next_file_imported(
    tmp_path, monkeypatch, workers
):
    from django.db import IntegrityError

    from archive.ingest import routine

    write_jsonl(tmp_path / "a.jsonl", *({"title": f"الف {i}", "body": f"متن شمارهٔ {i}"} for i in range(7)))
    (tmp_path / "b.txt").write_text("ب\nمتن ب", encoding="utf-8")
    monkeypatch.setattr(routine, "LARGE_FILE", 10)
    monkeypatch.setattr(routine, "BATCH", 2)
    monkeypatch.setattr(prepare, "CHUNK", 2)
    real_store = routine.Importer.store

    def store(self, batch):
        if any(p.article.title == "الف 3" for p in batch):
            raise IntegrityError("simulated")
        return real_store(self, batch)

    monkeypatch.setattr(routine.Importer, "store", store)
    report = run_import(tmp_path, workers=workers)
    assert list(Article.objects.values_list("title", flat=True)) == ["ب"]
    assert [f.path.rsplit("/", 1)[-1] for f in report.failures] == ["a.jsonl"]
    assert (report.files, report.imported) == (2, 1)
