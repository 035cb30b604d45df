"""What an import did, for the command's summary, its --json output and the admin page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from archive.text import to_persian_digits

# A feed's records are its items; a JSONL file's (and a .txt's) are lines.
_ITEM_SUFFIXES = {".xml", ".rss", ".atom"}


@dataclass
class Failure:
    """Something not imported: the file, the record (1-based: a line or a feed's item) if known, and why."""

    path: str
    line: int | None
    reason: str

    @property
    def unit(self) -> str:
        """What `line` counts in this file: "item" for a feed, "line" otherwise."""
        return "item" if PurePosixPath(self.path).suffix.lower() in _ITEM_SUFFIXES else "line"

    @property
    def place(self) -> str:
        """The record in words, for people: «سطر ۳», «مورد ۲» (empty for a whole file)."""
        if not self.line:
            return ""
        return f"{'مورد' if self.unit == 'item' else 'سطر'} {to_persian_digits(str(self.line))}"

    def __str__(self) -> str:
        # file:record, as compilers write it, so editors and grep can jump to it.
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"

    def as_dict(self) -> dict:
        return {"file": self.path, "line": self.line, "unit": self.unit, "reason": self.reason}


class Notice(Failure):
    """Something imported with a caveat (an impossible dateline date left out, a legacy encoding)."""


class Invalid(Failure):
    """One record that cannot be imported. It fails its file, unless the import skips invalid records."""


@dataclass
class ImportReport:
    files: int = 0
    imported: int = 0
    duplicates: int = 0
    syndicated: int = 0  # imported articles linked to a story as a copy of another
    mentions_queued: int = 0  # names the archive does not know, put in the editors' queue
    queue_skipped: int = 0  # articles of a bulk import not read for names (see routine.QUEUE_AT_IMPORT)
    sources_created: int = 0
    failures: list[Failure] = field(default_factory=list)
    warnings: list[Failure] = field(default_factory=list)  # imported, but something was left out
    skipped: list[Failure] = field(default_factory=list)  # files of a type the import does not read
    # Bad records left out of files that were imported without them (skip_invalid only).
    invalid: list[Failure] = field(default_factory=list)
    skip_invalid: bool = False
    encodings: Counter = field(default_factory=Counter)  # files read per encoding
    article_ids: list[int] = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0
    # Stopped by Ctrl-C: the figures are what was committed before it; the rest was rolled back.
    interrupted: bool = False

    @property
    def ok(self) -> bool:
        return not self.failures and not self.interrupted

    @property
    def failed_files(self) -> int:
        return len({f.path for f in self.failures})

    def add(self, part: ImportReport) -> None:
        """Count a committed part (a batch or a file) into this report."""
        self.imported += part.imported
        self.duplicates += part.duplicates
        self.syndicated += part.syndicated
        self.mentions_queued += part.mentions_queued
        self.queue_skipped += part.queue_skipped
        self.warnings += part.warnings
        self.invalid += part.invalid
        self.article_ids += part.article_ids

    def as_dict(self) -> dict:
        """The summary as JSON-ready data (`import_articles --json`)."""
        return {
            "dry_run": self.dry_run,
            "skip_invalid": self.skip_invalid,
            "interrupted": self.interrupted,
            "files": self.files,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "syndicated": self.syndicated,
            "mentions_queued": self.mentions_queued,
            "queue_skipped": self.queue_skipped,
            "sources_created": self.sources_created,
            "failed_files": self.failed_files,
            "failures": [f.as_dict() for f in self.failures],
            "warnings": [f.as_dict() for f in self.warnings],
            "skipped": [f.as_dict() for f in self.skipped],
            "invalid": [f.as_dict() for f in self.invalid],
            "encodings": dict(self.encodings),
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.imported / self.seconds, 1) if self.seconds else None,
        }

    def summary_lines(self) -> list[str]:
        """The closing summary in Persian, one fact per line."""

        def n(value: int) -> str:
            return to_persian_digits(f"{value:,}").replace(",", "٬")

        lines = [
            ("آزمایشی (چیزی ذخیره نشد) — " if self.dry_run else "")
            + f"پرونده‌ها: {n(self.files)} · خبرهای واردشده: {n(self.imported)} · "
            f"تکراری: {n(self.duplicates)} · نسخه‌های بازنشرشده پیوندخورده: {n(self.syndicated)} · "
            f"خطا: {n(len(self.failures))}",
        ]
        if self.interrupted:
            lines.insert(
                0,
                "وارد کردن با Ctrl-C متوقف شد: شمارهٔ زیر همان است که پیش از توقف ذخیره شد؛ "
                "پروندهٔ نیمه‌کاره ذخیره نشد و اجرای دوباره بقیه را وارد می‌کند.",
            )
        if self.invalid:
            lines.append(f"خبرهای نامعتبرِ کنارگذاشته (پرونده‌شان بی آن‌ها وارد شد): {n(len(self.invalid))}")
        if self.sources_created:
            lines.append(f"منبع تازه: {n(self.sources_created)}")
        if self.mentions_queued:
            lines.append(f"نام‌های ناشناخته در صف ویراستاران: {n(self.mentions_queued)}")
        if self.queue_skipped:
            lines.append(
                f"نام‌های {n(self.queue_skipped)} خبر دیگر به صف نرفت؛ "
                "`manage.py suggest` با شناسهٔ خبرها صف را پر می‌کند."
            )
        if self.encodings:
            used = "، ".join(f"{name}: {n(count)}" for name, count in sorted(self.encodings.items()))
            lines.append(f"کدگذاری پرونده‌ها: {used}")
        if self.skipped:
            lines.append(f"پرونده‌های کنارگذاشته (نوع ناشناخته): {n(len(self.skipped))}")
        return lines
