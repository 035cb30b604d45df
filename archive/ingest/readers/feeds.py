"""RSS 2.0 and Atom feeds (`.xml`, `.rss`, `.atom`), parsed by feedparser.

feedparser is handed the bytes, never a string: given a string that looks
like a URL it would fetch it, and the import must never touch the network.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import feedparser

from archive.dates import DateError, parse_any_datetime
from archive.ingest.limits import read_document
from archive.ingest.readers.base import OpenedFile
from archive.ingest.readers.htmltext import html_to_text
from archive.ingest.readers.jsonl import check_url
from archive.ingest.records import ArticleRecord, ReadError
from archive.text import to_persian_digits

# «خبرگزاری تسنیم | اخبار دفاعی» → «خبرگزاری تسنیم»: a channel title often adds its section.
_TITLE_SECTION = re.compile(r"\s+[|\-–—:]\s+.*$")


def _source_name(title: str) -> str | None:
    name = _TITLE_SECTION.sub("", html_to_text(title or "")).strip()
    return name or None


def _entry_record(entry, number: int, channel: str | None, language: str) -> ArticleRecord:
    title = html_to_text(entry.get("title", "")).replace("\n", " ").strip()
    if not title:
        raise ReadError("این خبر عنوان ندارد.", number)
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else entry.get("summary", "")
    body = html_to_text(html)
    if not body:
        raise ReadError("این خبر متن ندارد.", number)
    raw_date = entry.get("published") or entry.get("updated") or entry.get("dc_date")
    try:
        published_at = parse_any_datetime(raw_date) if raw_date else None
    except DateError as exc:
        raise ReadError(f"تاریخ خبر: {exc}", number) from exc
    item_source = entry.get("source", {}).get("title") if entry.get("source") else None
    return ArticleRecord(
        title=title,
        body=body,
        url=check_url((entry.get("link") or "").strip() or None, number),
        source=_source_name(item_source) if item_source else channel,
        published_at=published_at,
        language=language,
        line=number,
    )


def _why_unreadable(exc: BaseException | None) -> str:
    # The XML parser's own message is English; its line number is what an editor needs.
    line = getattr(exc, "getLineNumber", lambda: None)()
    if line:
        return f"XML در سطر {to_persian_digits(str(line))} درست نیست."
    return "قالبش شناخته نشد."


def read_feed(opened: OpenedFile) -> Iterator[ArticleRecord | ReadError]:
    """One record per item (RSS) or entry (Atom); `line` is the item's number in the feed."""
    data = read_document(opened.stream, "خوراک RSS/Atom")
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version") or (parsed.bozo and not parsed.entries):
        raise ReadError(f"خوراک RSS یا Atom نیست: {_why_unreadable(parsed.get('bozo_exception'))}")
    opened.encoding = (parsed.get("encoding") or "utf-8").lower()
    channel = _source_name(parsed.feed.get("title", ""))
    language = (parsed.feed.get("language") or "fa").split("-")[0].lower()[:8]
    for number, entry in enumerate(parsed.entries, start=1):
        try:
            yield _entry_record(entry, number, channel, language)
        except ReadError as exc:
            yield exc
