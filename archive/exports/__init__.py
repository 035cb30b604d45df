"""Exports: the one writer every list uses (CSV, JSONL), the manifest, and each list's columns and rows.

`writer` (cells, the streamed CSV and JSONL), `manifest` (the JSON that
traces an export to its query), `rows` (what the row builders share),
one module per list: `articles`, `officials`, `statements`, `events`;
`fulltext` (the articles with their bodies and statements, as JSONL) and
`chart` (the matches-over-time series). A CSV column is added to its list's `*_columns`.
"""

from archive.exports.articles import ArticleRow, article_columns, article_records
from archive.exports.chart import series_columns
from archive.exports.events import event_columns, event_records
from archive.exports.fulltext import FULLTEXT_CHUNK_SIZE, article_texts
from archive.exports.manifest import manifest_response
from archive.exports.officials import official_columns, official_records
from archive.exports.rows import CHUNK_SIZE, page_url
from archive.exports.statements import StatementRow, statement_columns, statement_records
from archive.exports.writer import (
    LIST_SEPARATOR,
    Column,
    cell,
    csv_response,
    csv_rows,
    jalali_cell,
    jsonl_response,
)

__all__ = [
    "CHUNK_SIZE",
    "FULLTEXT_CHUNK_SIZE",
    "LIST_SEPARATOR",
    "ArticleRow",
    "Column",
    "StatementRow",
    "article_columns",
    "article_records",
    "article_texts",
    "cell",
    "csv_response",
    "csv_rows",
    "event_columns",
    "event_records",
    "jalali_cell",
    "jsonl_response",
    "manifest_response",
    "official_columns",
    "official_records",
    "page_url",
    "series_columns",
    "statement_columns",
    "statement_records",
]
