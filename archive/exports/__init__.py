"""Exports: the one CSV writer every list uses, the manifest, and each list's columns and rows.

`writer` (cells, the streamed CSV), `manifest` (the JSON that traces an
export to its query), `rows` (what the row builders share),
and one module per list: `articles`, `officials`, `statements`, `events`.
A CSV column is added to its list's `*_columns`.
"""

from archive.exports.articles import ArticleRow, article_columns, article_records
from archive.exports.events import event_columns, event_records
from archive.exports.manifest import manifest_response
from archive.exports.officials import official_columns, official_records
from archive.exports.rows import CHUNK_SIZE, page_url
from archive.exports.statements import StatementRow, statement_columns, statement_records
from archive.exports.writer import LIST_SEPARATOR, Column, cell, csv_response, csv_rows, jalali_cell

__all__ = [
    "CHUNK_SIZE",
    "LIST_SEPARATOR",
    "ArticleRow",
    "Column",
    "StatementRow",
    "article_columns",
    "article_records",
    "cell",
    "csv_response",
    "csv_rows",
    "event_columns",
    "event_records",
    "jalali_cell",
    "manifest_response",
    "official_columns",
    "official_records",
    "page_url",
    "statement_columns",
    "statement_records",
]
