"""Helpers shared by the tests/test_ingest_*.py files."""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.core.management import call_command

from archive.ingest.report import ImportReport
from archive.ingest.routine import import_paths

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def run_import(*paths, **options) -> ImportReport:
    """The routine itself, for tests that look at the report."""
    return import_paths([str(p) for p in paths], **options)


def run_command(*args: str) -> tuple[str, str]:
    """`import_articles` as an editor runs it; returns (stdout, stderr) and lets CommandError through."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *args, stdout=out, stderr=err)
    finally:
        run_command.last = (out.getvalue(), err.getvalue())
    return out.getvalue(), err.getvalue()


def write_jsonl(path: Path, *items) -> Path:
    path.write_text(
        "\n".join(i if isinstance(i, str) else json.dumps(i, ensure_ascii=False) for i in items) + "\n",
        encoding="utf-8",
    )
    return path


def story() -> tuple[str, str]:
    """The fixture story: (title, body), about 190 words."""
    title, body = (FIXTURES / "story.txt").read_text(encoding="utf-8").split("\n", 1)
    return title, body.strip()


def reprint(body: str) -> str:
    """The story as another outlet runs it: a new first line and three words changed."""
    lines = body.split("\n")
    lines[0] = (
        "به گزارش خبرگزاری ایرنا، وزیر دفاع جمهوری آذربایجان ذاکر حسن‌اف روز چهارشنبه "
        "در سفری رسمی به مسکو با همتای روس خود دیدار کرد."
    )
    text = "\n".join(lines)
    for old, new in (("تبادل نظر", "رایزنی"), ("استقبال", "قدردانی"), ("منظم", "پیاپی")):
        assert old in text
        text = text.replace(old, new, 1)
    return text
