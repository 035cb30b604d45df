"""The import's bulk reads and writes, with PostgreSQL's faster paths where they pay.

An import of thousands of articles looks up tens of thousands of band keys,
URLs and fingerprints and writes sixteen band rows per article. On
PostgreSQL a lookup is one `= ANY(array)` query (one round trip, one plan,
instead of a statement per 900 values), and band rows go in with COPY
(psycopg 3's `cursor.copy`), which skips building and parsing an INSERT.
SQLite, in process, has no round trips to save: chunked IN lists under its
parameter limit and executemany.

COPY runs on psycopg's own cursor, whose errors are psycopg's, not Django's
DatabaseError; it runs inside Django's error wrapper so they come out as
Django's, and STORE_ERRORS names both kinds for callers that must catch
whatever storing raises.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import DatabaseError, DataError, IntegrityError, OperationalError, connection

from archive.models import Article, ArticleBand

try:
    import psycopg

    _DRIVER_ERRORS: tuple[type[Exception], ...] = (psycopg.Error,)
except ImportError:  # an install that never runs on PostgreSQL
    _DRIVER_ERRORS = ()

# What storing can raise when the database refuses a write.
STORE_ERRORS: tuple[type[Exception], ...] = (DatabaseError, *_DRIVER_ERRORS)

_QUERY_CHUNK = 900  # under SQLite's parameter limit

# SQLSTATE classes and codes (PostgreSQL appendix A), as an editor can act on them.
_SQLSTATE_REASONS = {
    "23505": "خبری با همین نشانی یا همین متن هم‌زمان در پایگاه داده ذخیره شد",
    "57014": "زمان کار پایگاه داده به سر رسید",
    "23": "مقداری قیدی از پایگاه داده را نقض می‌کند",
    "22": "پایگاه داده مقداری را نپذیرفت (نوع یا اندازه‌اش نادرست است)",
    "54": "مقداری از حدّی که پایگاه داده برای ستون یا نمایه‌اش دارد بزرگ‌تر است",
    "40": "کار هم‌زمان دیگری با این تراکنش برخورد کرد؛ دوباره اجرا کنید",
    "53": "پایگاه داده جا یا منبع کم آورد",
    "08": "ارتباط با پایگاه داده قطع شد",
}


def _sqlstate(exc: BaseException) -> str:
    driver = exc if getattr(exc, "sqlstate", None) else exc.__cause__
    return getattr(driver, "sqlstate", None) or ""


def is_record_error(exc: BaseException) -> bool:
    """Whether the database refused a value of one record (a constraint, a type, a size limit).

    Other errors (a lost connection, a full disk, a timeout, a deadlock) say
    nothing about any record: retrying record by record would only report
    every record as bad.
    """
    state = _sqlstate(exc)
    if state:
        return state[:2] in ("22", "23", "54")
    return isinstance(exc, IntegrityError | DataError)


def describe(exc: BaseException) -> str:
    """Why the database refused a write, in Persian, with the database's own first line quoted."""
    state = _sqlstate(exc)
    reason = _SQLSTATE_REASONS.get(state) or _SQLSTATE_REASONS.get(state[:2])
    if reason is None:  # SQLite has no SQLSTATE: Django's class says as much
        if isinstance(exc, IntegrityError):
            reason = _SQLSTATE_REASONS["23505" if "UNIQUE" in str(exc) else "23"]
        elif isinstance(exc, OperationalError):
            reason = "پایگاه داده در دسترس نبود یا قفل بود"
        else:
            reason = "پایگاه داده نوشتن را نپذیرفت"
    said = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
    return f"در پایگاه داده ذخیره نشد: {reason}. پیام پایگاه داده: «{said}»"


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def values_in(model, column: str, wanted: Iterable, *, select: tuple[str, ...]) -> list[tuple]:
    """Rows (`select` columns) of `model` whose `column` is one of `wanted`."""
    values = list(set(wanted))
    if not values:
        return []
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in select)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {columns} FROM {_table(model)} WHERE {quote(column)} = ANY(%s)", [values])
            return cursor.fetchall()
        rows: list[tuple] = []
        for start in range(0, len(values), _QUERY_CHUNK):
            chunk = values[start : start + _QUERY_CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT {columns} FROM {_table(model)} WHERE {quote(column)} IN ({marks})", chunk)
            rows += cursor.fetchall()
        return rows


def existing(field_name: str, values: Iterable[str]) -> set[str]:
    """Which of `values` some stored article has as `field_name` (url or fingerprint)."""
    return {row[0] for row in values_in(Article, field_name, values, select=(field_name,))}


def insert_articles(articles: list[Article]) -> None:
    """Insert new articles and set their ids: COPY on PostgreSQL, bulk_create elsewhere.

    On PostgreSQL the ids are taken from the table's sequence first (one
    query), then the rows are copied in with them; the values are those
    bulk_create would send (each field's pre_save and get_db_prep_save), and
    the database computes the rest (the search vector) as for an INSERT.
    """
    if not articles:
        return
    if connection.vendor != "postgresql":
        Article.objects.bulk_create(articles, batch_size=500)
        return
    fields = [f for f in Article._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    table = _table(Article)
    columns = ", ".join(quote(f.column) for f in [Article._meta.pk, *fields])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [Article._meta.db_table, Article._meta.pk.column, len(articles)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for pk, article in zip(ids, articles, strict=True):
                article.pk = pk
                copy.write_row(
                    [pk, *(f.get_db_prep_save(f.pre_save(article, True), connection) for f in fields)]
                )
    for article in articles:
        article._state.adding, article._state.db = False, connection.alias


def insert_bands(rows: list[tuple[int, int]]) -> None:
    """(article_id, key) rows into ArticleBand: COPY on PostgreSQL, executemany elsewhere.

    Sixteen rows per article: no model instances, since building one per row
    cost more than the rest of a batch's inserts together.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    table = _table(ArticleBand)
    columns = f"{quote('article_id')}, {quote('key')}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s)", rows)
