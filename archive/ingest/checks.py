"""What a record must be before it is stored, checked the same way on every database.

PostgreSQL refuses a value longer than its column, a NUL character or text
that is not valid Unicode; SQLite stores all three without a word. So every
field is checked here against the model field that stores it, before any
database sees it: the same record fails the same way, with the same Persian
reason, on both. Bounds come from the models (max_length) and from the
import's settings (the body), never from a second list that could drift.
"""

from __future__ import annotations

import re

from archive.ingest import limits
from archive.ingest.records import ArticleRecord, ReadError
from archive.ingest.sources import name_key
from archive.models import Article, Source

# NUL is refused by PostgreSQL; lone surrogates (a JSON «\ud800») cannot be encoded as UTF-8 at all.
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")

# The record's text fields: where each is stored, and how the editor knows it.
_LABELS = {
    "title": "عنوان (title)",
    "body": "متن (body)",
    "url": "نشانی (url)",
    "source": "منبع (source)",
    "via": "به نقل از (via)",
    "language": "زبان (language)",
}


def _max_length(model, field: str) -> int | None:
    return model._meta.get_field(field).max_length


def _bounds() -> dict[str, int | None]:
    source = min(_max_length(Source, "name"), _max_length(Source, "name_key"))
    return {
        "title": _max_length(Article, "title"),
        "body": limits.current().body_chars,
        "url": _max_length(Article, "url"),
        "source": source,
        "via": source,
        "language": _max_length(Article, "language"),
    }


def _check_text(field: str, value: str, bound: int | None, line: int | None) -> None:
    label = _LABELS[field]
    bad = _UNSTORABLE.search(value)
    if bad:
        what = "نویسهٔ NUL" if bad.group() == "\x00" else "نیم‌جفت جانشین یونیکد (مثلاً ‎\\ud800)"
        raise ReadError(f"{label} {what} دارد که متن درست نیست؛ پرونده خراب است.", line)
    if bound is not None and len(value) > bound:
        raise ReadError(
            f"{label} {limits.number(len(value))} نویسه است و بیشینه {limits.number(bound)} نویسه.", line
        )


def check_record(record: ArticleRecord) -> None:
    """Raise ReadError for the first field the database would refuse (or silently keep too long)."""
    bounds = _bounds()
    values: list[tuple[str, str | None]] = [
        ("title", record.title),
        ("body", record.body),
        ("url", record.url),
        ("source", record.source),
        ("language", record.language),
        *(("via", name) for name in record.via),
    ]
    for field, value in values:
        if value:
            _check_text(field, value, bounds[field], record.line)
    # A source is stored with its search key, which normalization can make longer than the name.
    for field, value in [("source", record.source), *(("via", name) for name in record.via)]:
        if value and len(name_key(value)) > bounds[field]:
            raise ReadError(
                f"{_LABELS[field]} پس از یکسان‌سازی بیش از {limits.number(bounds[field])} نویسه می‌شود.",
                record.line,
            )
