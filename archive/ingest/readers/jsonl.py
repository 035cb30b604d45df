"""`.jsonl`: one article per line (title, body; url, source, via, published_at, language)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from archive.dates import DateError, parse_any_datetime
from archive.ingest import limits
from archive.ingest.encoding import UTF8, UTF8_BOM, WINDOWS_1256, decode
from archive.ingest.readers.base import OpenedFile
from archive.ingest.records import ArticleRecord, ReadError
from archive.text import to_persian_digits

# The json module's messages (decoder.py and _json.c), as an editor can act on them; by prefix.
_JSON_MESSAGES = {
    "Expecting value": "مقداری که باید می‌آمد نیامده است",
    "Extra data": "پس از شیء JSON چیز دیگری آمده است (هر سطر یک شیء)",
    "Expecting property name enclosed in double quotes": 'نام فیلد باید میان دو نشانهٔ " باشد',
    "Expecting ':' delimiter": "دونقطه (:) پس از نام فیلد نیامده است",
    "Expecting ',' delimiter": "ویرگول (,) میان دو فیلد یا دو مقدار نیامده است",
    "Unterminated string": "رشته‌ای که اینجا آغاز شده بسته نشده است",
    "Invalid control character": "نویسهٔ کنترلی درون رشته",
    "Invalid \\uXXXX escape": "گریز ‎\\uXXXX نادرست",
    "Invalid \\escape": "گریز (\\) نادرست",
    "Illegal trailing comma": "ویرگول زائد پیش از بستن",
}


def _text_field(item: dict, name: str, line: int, required: bool = False) -> str | None:
    value = item.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ReadError(f"فیلد «{name}» لازم است و خالی است.", line)
        return None
    if not isinstance(value, str):
        raise ReadError(f"فیلد «{name}» باید متن باشد.", line)
    return value.strip()


def check_url(url: str | None, line: int | None) -> str | None:
    """The URL if it is http(s); raises ReadError otherwise (javascript: and friends stay out)."""
    if url and not url.lower().startswith(("http://", "https://")):
        raise ReadError(f"نشانی «{url[:80]}» با http:// یا https:// آغاز نمی‌شود.", line)
    return url


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
        published_at = parse_any_datetime(published) if published else None
    except DateError as exc:
        raise ReadError(f"تاریخ انتشار (published_at): {exc}", line) from exc
    return ArticleRecord(
        title=_text_field(item, "title", line, required=True),
        body=_text_field(item, "body", line, required=True),
        url=check_url(_text_field(item, "url", line), line),
        source=_text_field(item, "source", line),
        via=[v.strip() for v in via if v.strip()],
        published_at=published_at,
        language=_text_field(item, "language", line) or "fa",
        line=line,
    )


def json_error(exc: json.JSONDecodeError) -> str:
    """A JSON syntax error in Persian, with its column: «JSON نامعتبر در ستون ۴۰: نویسهٔ کنترلی درون رشته»."""
    what = next((fa for en, fa in _JSON_MESSAGES.items() if exc.msg.startswith(en)), "ساختار نادرست")
    return f"JSON نامعتبر در ستون {to_persian_digits(str(exc.colno))}: {what}."


def _parse(line: str, number: int) -> ArticleRecord:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ReadError(json_error(exc), number) from exc
    except RecursionError as exc:  # «[[[[…»: the decoder recurses per level
        raise ReadError("JSON نامعتبر: تودرتویی بیش از اندازه.", number) from exc
    except ValueError as exc:  # an integer of more digits than Python converts
        raise ReadError("JSON نامعتبر: عددی بیش از اندازه بلند دارد.", number) from exc
    return record_from_json(item, number)


def _lines(stream, limit: int) -> Iterator[bytes | None]:
    """The lines of `stream`, None in place of one longer than `limit` bytes (dropped unread)."""
    while raw := stream.readline(limit + 1):
        if len(raw) <= limit or raw.endswith(b"\n"):
            yield raw
            continue
        while (rest := stream.readline(limit)) and not rest.endswith(b"\n"):
            pass
        yield None


def read_jsonl(opened: OpenedFile) -> Iterator[ArticleRecord | ReadError]:
    """Records line by line (a large file is never held whole), a ReadError for each bad line.

    The encoding is settled per file: UTF-8 until a line is not, and then
    Windows-1256 only if no earlier line needed UTF-8 to be read. A line
    past IMPORT_MAX_DOCUMENT_BYTES is a bad line, dropped as it is read.
    """
    encoding = UTF8
    saw_non_ascii = False
    limit = limits.current().document_bytes
    for number, raw in enumerate(_lines(opened.stream, limit), start=1):
        if raw is None:
            yield ReadError(
                f"سطر بیش از {limits.size(limit)} است؛ یک خبر این اندازه نمی‌شود (IMPORT_MAX_DOCUMENT_BYTES).",
                number,
            )
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
            encoding = UTF8_BOM
        try:
            line = raw.decode("utf-8") if encoding != WINDOWS_1256 else raw.decode(WINDOWS_1256)
        except UnicodeDecodeError:
            if saw_non_ascii or encoding != UTF8:
                yield ReadError("این سطر با کدگذاری بقیهٔ پرونده خوانا نیست.", number)
                continue
            try:
                line, encoding = decode(raw)
            except ReadError as exc:
                yield ReadError(exc.reason, number)
                continue
        saw_non_ascii = saw_non_ascii or not raw.isascii()
        opened.encoding = encoding
        if not line.strip():
            continue
        try:
            yield _parse(line, number)
        except ReadError as exc:
            yield exc
    opened.encoding = encoding
