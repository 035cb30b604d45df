"""Readers: one per import format, each turning a file into ArticleRecords.

A reader never touches the database. It yields records, and a ReadError in
place of a line it cannot read (so one file reports all its bad lines); it
raises ReadError when the whole file is unreadable.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archive.dates import DateError, parse_datetime


class ReadError(ValueError):
    """A line or file that cannot be read; `line` is 1-based, None for the whole file."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass
class ArticleRecord:
    title: str
    body: str
    url: str | None = None
    source: str | None = None
    via: list[str] = field(default_factory=list)
    published_at: object | None = None  # an aware datetime
    language: str = "fa"
    line: int | None = None


def read_text(path: Path) -> str:
    """The file's text, UTF-8 with or without a byte-order mark."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"پرونده UTF-8 نیست (بایت {exc.start}).") from exc


def split_title_body(content: str) -> tuple[str, str]:
    """Title = the first non-empty line, stripped; body = everything after it, stripped."""
    lines = content.split("\n")
    for index, line in enumerate(lines):
        if line.strip():
            return line.strip(), "\n".join(lines[index + 1 :]).strip()
    return "", ""


def read_txt(path: Path) -> Iterator[ArticleRecord]:
    title, body = split_title_body(read_text(path).replace("\r\n", "\n"))
    if not title:
        raise ReadError("پرونده خالی است.")
    if not body:
        raise ReadError("خبر متن ندارد: پس از سطر عنوان چیزی نیست.", line=1)
    yield ArticleRecord(title=title, body=body)


def _text_field(item: dict, name: str, line: int, required: bool = False) -> str | None:
    value = item.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ReadError(f"فیلد «{name}» لازم است و خالی است.", line)
        return None
    if not isinstance(value, str):
        raise ReadError(f"فیلد «{name}» باید متن باشد.", line)
    return value.strip()


def record_from_json(item: object, line: int) -> ArticleRecord:
    """One JSONL object as a record; raises ReadError naming the faulty field."""
    if not isinstance(item, dict):
        raise ReadError("هر سطر باید یک شیء JSON باشد.", line)
    via = item.get("via") or []
    if isinstance(via, str):
        via = [via]
    if not isinstance(via, list) or not all(isinstance(v, str) for v in via):
        raise ReadError("فیلد «via» باید فهرستی از نام منابع باشد.", line)
    published = _text_field(item, "published_at", line)
    try:
        published_at = parse_datetime(published) if published else None
    except DateError as exc:
        raise ReadError(f"published_at: {exc}", line) from exc
    url = _text_field(item, "url", line)
    if url and not url.lower().startswith(("http://", "https://")):
        raise ReadError(f"نشانی «{url[:80]}» با http:// یا https:// آغاز نمی‌شود.", line)
    return ArticleRecord(
        title=_text_field(item, "title", line, required=True),
        body=_text_field(item, "body", line, required=True),
        url=url,
        source=_text_field(item, "source", line),
        via=[v.strip() for v in via if v.strip()],
        published_at=published_at,
        language=_text_field(item, "language", line) or "fa",
        line=line,
    )


def read_jsonl(path: Path) -> Iterator[ArticleRecord | ReadError]:
    """Records, and a ReadError in place of each line that cannot be read, so every bad line is reported."""
    for number, raw in enumerate(read_text(path).splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            yield record_from_json(json.loads(raw), number)
        except json.JSONDecodeError as exc:
            yield ReadError(f"JSON نامعتبر: {exc.msg} (ستون {exc.colno}).", number)
        except ReadError as exc:
            yield exc


READERS = {".txt": read_txt, ".jsonl": read_jsonl}
