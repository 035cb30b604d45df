"""What a reader hands to the import routine: ArticleRecord, or a ReadError in its place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class ReadError(ValueError):
    """A line, item or file that cannot be read; `line` is 1-based, None for the whole file."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass
class ArticleRecord:
    """One article as a file gives it, before attribution, dating and de-duplication."""

    title: str
    body: str
    url: str | None = None
    source: str | None = None
    via: list[str] = field(default_factory=list)
    published_at: dt.datetime | None = None  # aware
    language: str = "fa"
    # 1-based line (JSONL) or item number (feeds), for reports.
    line: int | None = None
