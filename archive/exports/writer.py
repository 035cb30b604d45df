"""The one export writer every list uses: CSV, and JSON Lines for the articles' full text.

CSV: UTF-8 with a byte-order mark, stable snake_case headers, ISO dates plus
`*_jalali` columns, list values joined with " | ", formula-looking cells
neutralized, streamed in constant memory. JSONL: one UTF-8 JSON object per
line (no BOM: JSON readers refuse one), the same ISO and `*_jalali` dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import StreamingHttpResponse

from archive.dates import TEHRAN, jalali_day

LIST_SEPARATOR = " | "
# A spreadsheet runs a cell starting with these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


class _Echo:
    """A file-like object whose write() hands the line back to the generator."""

    def write(self, value: str) -> str:
        return value


def cell(value: Any) -> str:
    """One CSV cell: dates ISO 8601, lists joined, formulas neutralized."""
    if type(value) is str:  # most cells: straight to the formula check
        return "'" + value if looks_like_formula(value) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return iso(value)
    if isinstance(value, (list, tuple)):
        value = LIST_SEPARATOR.join(map(str, value))
    value = str(value)
    if looks_like_formula(value):
        return "'" + value
    return value


def iso(value: dt.date | dt.datetime | None) -> str | None:
    """ISO 8601: a day as it is, an instant in Tehran time with its offset."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(TEHRAN).isoformat()
    return value.isoformat()


def looks_like_formula(value: str) -> bool:
    """Whether a spreadsheet could run `value` as a formula.

    Spreadsheets fold compatibility forms before parsing: a fullwidth «＝SUM(1,2)»
    or a small «﹦» runs like «=», so the test is made on the NFKC form. Only
    the first few characters matter, and folding the whole cell would cost
    the export its speed on long bodies. Invisible format characters (a
    right-to-left mark, a ZWNJ) in front do not hide the sign either.
    """
    if not value or value[0].isalnum():
        # No letter or digit folds to a sign (tests/test_exports.py checks every
        # code point): most cells, Persian or Latin, are answered here.
        return False
    head = unicodedata.normalize("NFKC", value[:16])
    head = "".join(ch for ch in head if unicodedata.category(ch) != "Cf")
    return head.startswith(_FORMULA_START)


def as_is(value: Any) -> Any:
    """The cell of a value the archive wrote itself (an id, its own URL, an ASCII date): no check needed."""
    return value


@dataclass(frozen=True)
class Column:
    name: str
    value: Callable[[Any], Any]
    # How a value becomes its cell: `cell` for anything a person or a source wrote;
    # `as_is` or `iso` for what the archive wrote, which cannot start a formula.
    write: Callable[[Any], Any] = cell


@functools.lru_cache(maxsize=20_000)
def _jalali_day(day: dt.date) -> str:
    year, month, day_of_month = jalali_day(day)
    return f"{year:04d}/{month:02d}/{day_of_month:02d}"


def jalali_cell(value: dt.date | dt.datetime | None) -> str:
    """The Solar Hijri date (and Tehran time), ASCII digits; days are converted once each."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        local = value.astimezone(TEHRAN)
        return f"{_jalali_day(local.date())} {local.hour:02d}:{local.minute:02d}"
    return _jalali_day(value)


def dated_columns(name: str, value: Callable[[Any], Any]) -> list[Column]:
    """A date's two columns: `name` (ISO 8601) and `name_jalali` (Solar Hijri)."""
    return [
        Column(name, value, iso),  # None: the csv module writes an empty cell
        Column(f"{name}_jalali", lambda record: jalali_cell(value(record)), as_is),
    ]


def csv_rows(records: Iterable[Any], columns: list[Column]) -> Iterator[str]:
    """The CSV text, one line at a time, starting with the BOM and the header."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([c.name for c in columns])
    pairs = [(c.value, c.write) for c in columns]
    for record in records:
        yield writer.writerow([write(value(record)) for value, write in pairs])


# Bytes handed to the server at a time: a write per line cost a system call per row.
BLOCK_BYTES = 64 * 1024


def blocks(lines: Iterable[str], size: int = BLOCK_BYTES) -> Iterator[bytes]:
    """`lines` encoded as UTF-8 in blocks of about `size` bytes (a line is never split)."""
    pending: list[str] = []
    length = 0
    for line in lines:
        pending.append(line)
        length += len(line)
        if length >= size // 2:  # characters: Persian text is about two bytes a character
            yield "".join(pending).encode("utf-8")
            pending, length = [], 0
    if pending:
        yield "".join(pending).encode("utf-8")


def csv_response(records: Iterable[Any], columns: list[Column], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        blocks(csv_rows(records, columns)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def jsonl_response(records: Iterable[dict], filename: str) -> StreamingHttpResponse:
    """`records` as JSON Lines (one object a line), streamed in blocks as the CSV is."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    response = StreamingHttpResponse(
        blocks(dumps(record) + "\n" for record in records),
        content_type="application/x-ndjson; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
