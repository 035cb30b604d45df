"""`.txt`: the first non-empty line is the title, the rest is the body."""

from __future__ import annotations

from collections.abc import Iterator

from archive.ingest.encoding import decode
from archive.ingest.limits import read_document
from archive.ingest.readers.base import OpenedFile
from archive.ingest.records import ArticleRecord, ReadError


def split_title_body(content: str) -> tuple[str, str]:
    """Title = the first non-empty line, stripped; body = everything after it, stripped."""
    lines = content.split("\n")
    for index, line in enumerate(lines):
        if line.strip():
            return line.strip(), "\n".join(lines[index + 1 :]).strip()
    return "", ""


def read_txt(opened: OpenedFile) -> Iterator[ArticleRecord]:
    """One article per file; the date and sources come later, from the body's opening."""
    content, opened.encoding = decode(read_document(opened.stream, "پروندهٔ ‎.txt"))
    title, body = split_title_body(content.replace("\r\n", "\n").replace("\r", "\n"))
    if not title:
        raise ReadError("پرونده خالی است.")
    if not body:
        raise ReadError("خبر متن ندارد: پس از سطر عنوان چیزی نیست.", line=1)
    yield ArticleRecord(title=title, body=body)
