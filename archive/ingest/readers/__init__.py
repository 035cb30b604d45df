"""Readers: one per import format, each turning one file into ArticleRecords.

A reader never touches the database. It takes an OpenedFile, sets the
encoding it read the file with, and yields records, and a ReadError in place
of a line or item it cannot read (so one file reports all its bad lines); it
raises ReadError when the whole file is unreadable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from archive.ingest.encoding import decode
from archive.ingest.readers.base import OpenedFile
from archive.ingest.readers.feeds import read_feed
from archive.ingest.readers.html import read_html
from archive.ingest.readers.jsonl import read_jsonl, record_from_json
from archive.ingest.readers.txt import read_txt, split_title_body
from archive.ingest.records import ArticleRecord, ReadError

Reader = Callable[[OpenedFile], Iterator[ArticleRecord | ReadError]]

READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".jsonl": read_jsonl,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
    ".html": read_html,
    ".htm": read_html,
}


def read_text(path: Path) -> str:
    """A file's text, read as the import reads it (UTF-8, with or without BOM, or Windows-1256)."""
    return decode(path.read_bytes())[0]


__all__ = [
    "READERS",
    "ArticleRecord",
    "OpenedFile",
    "ReadError",
    "Reader",
    "read_text",
    "record_from_json",
    "split_title_body",
]
