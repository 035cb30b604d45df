"""`.html`: a saved news page; title and text from the page's own markup."""

from __future__ import annotations

import re
from collections.abc import Iterator

from archive.dates import DateError, parse_any_datetime
from archive.ingest.encoding import decode
from archive.ingest.limits import read_document
from archive.ingest.readers.base import OpenedFile
from archive.ingest.readers.htmltext import extract_page
from archive.ingest.readers.jsonl import check_url
from archive.ingest.records import ArticleRecord, ReadError

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*(windows-1256|cp1256)""", re.IGNORECASE)


def _decode(data: bytes) -> tuple[str, str]:
    # A page that declares Windows-1256 is read so, whatever the sniffing would say.
    if _CHARSET.search(data[:4096]):
        return data.decode("windows-1256", errors="replace"), "windows-1256"
    return decode(data)


def read_html(opened: OpenedFile) -> Iterator[ArticleRecord]:
    """One article per page: the <h1> (else og:title, else <title>) and the article's paragraphs."""
    content, opened.encoding = _decode(read_document(opened.stream, "صفحهٔ ‎.html"))
    page = extract_page(content)
    title = page.h1 or page.meta.get("og:title", "") or page.title
    if not title:
        raise ReadError("صفحه عنوان ندارد (نه <h1>، نه og:title، نه <title>).")
    if not page.body:
        raise ReadError("در صفحه متنی برای خبر پیدا نشد.")
    published_at = None
    if page.published:
        try:
            published_at = parse_any_datetime(page.published)
        except DateError as exc:
            raise ReadError(f"تاریخ صفحه: {exc}") from exc
    url = page.url if page.url.lower().startswith(("http://", "https://")) else None
    yield ArticleRecord(
        title=title,
        body=page.body,
        url=check_url(url, None),
        source=page.site_name or None,
        published_at=published_at,
        language=(page.language or "fa").split("-")[0].lower()[:8],
    )
