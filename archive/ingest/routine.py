"""The one import routine: records from any reader → deduplicated articles.

Each file is one transaction: a file with any unreadable line imports nothing
and is reported; the other files go on. Re-importing a file adds nothing: an
article is the same when its URL matches, or else its content fingerprint.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction

from archive import text
from archive.ingest.readers import READERS, ArticleRecord, ReadError
from archive.models import Article, ArticleVia, Source, content_fingerprint


@dataclass
class Failure:
    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass
class ImportReport:
    files: int = 0
    imported: int = 0
    duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


class FileRejected(Exception):
    def __init__(self, failures: list[Failure]) -> None:
        super().__init__(failures)
        self.failures = failures


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Failure]]:
    """Files to import, folders walked recursively in name order; unknown types reported."""
    files: list[Path] = []
    failures: list[Failure] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*") if p.is_file())
            files += [p for p in candidates if p.suffix.lower() in READERS]
        elif path.is_file():
            if path.suffix.lower() in READERS:
                files.append(path)
            else:
                failures.append(Failure(str(path), None, f"نوع پرونده «{path.suffix}» پشتیبانی نمی‌شود."))
        else:
            failures.append(Failure(str(path), None, "چنین پرونده یا پوشه‌ای نیست."))
    return files, failures


def source_for(name: str | None, cache: dict[str, Source]) -> Source | None:
    """The Source of that name (matched by search key), created if new."""
    if not name:
        return None
    key = text.search_key(name)
    if key not in cache:
        source = Source.objects.filter(name_key=key).first()
        if source is None:
            source = Source(name=name)
            source.save()
        cache[key] = source
    return cache[key]


def import_records(path: Path, records: list[ArticleRecord], report: ImportReport) -> None:
    """Store one file's records inside the caller's transaction."""
    sources: dict[str, Source] = {}
    for record in records:
        article = Article(
            title=record.title,
            body=record.body,
            url=record.url,
            published_at=record.published_at,
            language=record.language,
        )
        article.refresh_keys()
        existing = Article.objects.filter(url=record.url) if record.url else Article.objects.none()
        if existing.exists() or Article.objects.filter(fingerprint=article.fingerprint).exists():
            report.duplicates += 1
            continue
        article.source = source_for(record.source, sources)
        try:
            with transaction.atomic():
                article.save()
        except IntegrityError as exc:
            raise FileRejected([Failure(str(path), record.line, f"خبر ذخیره نشد: {exc}")]) from exc
        ArticleVia.objects.bulk_create(
            ArticleVia(article=article, source=source_for(name, sources), position=index)
            for index, name in enumerate(dict.fromkeys(record.via))
        )
        report.imported += 1
        report.article_ids.append(article.pk)


def read_file(path: Path) -> list[ArticleRecord]:
    """Every record of a file, or FileRejected listing every line that failed."""
    records: list[ArticleRecord] = []
    failures: list[Failure] = []
    try:
        for item in READERS[path.suffix.lower()](path):
            if isinstance(item, ReadError):
                failures.append(Failure(str(path), item.line, item.reason))
            else:
                records.append(item)
    except ReadError as exc:
        failures.append(Failure(str(path), exc.line, exc.reason))
    if failures:
        raise FileRejected(failures)
    return records


def import_paths(paths: Iterable[str | Path]) -> ImportReport:
    """Import every file under `paths`, one transaction per file."""
    files, failures = expand_paths(paths)
    report = ImportReport(failures=failures)
    for path in files:
        report.files += 1
        counts = (report.imported, report.duplicates, len(report.article_ids))
        try:
            records = read_file(path)
            with transaction.atomic():
                import_records(path, records, report)
        except FileRejected as exc:
            report.failures.extend(exc.failures)
            report.imported, report.duplicates = counts[0], counts[1]
            del report.article_ids[counts[2] :]
    return report
