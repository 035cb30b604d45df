"""How much an import reads, and the streams that hold it to that.

Five bounds, each a setting (core/settings.py, README «Import formats»):
a file as named or uploaded, a zip member as it decompresses, a whole zip
as it decompresses, a document parsed whole (a `.txt`, a saved page, a
feed, one JSONL line) and an article's body. Past a bound the file (or the
line, or the record) is refused with a Persian message saying which bound
and how to get under it; nothing is read whole before it is known to fit,
so memory stays flat whatever the input claims to be.

Sizes are counted on the bytes actually read: a zip header's sizes are the
archive's word, and a zip bomb lies.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings

from archive.ingest.records import ReadError
from archive.text import to_persian_digits


@dataclass(frozen=True)
class Limits:
    file_bytes: int
    member_bytes: int
    zip_bytes: int
    document_bytes: int
    body_chars: int


def current() -> Limits:
    """The bounds in force (read at each import, so a test's override_settings applies)."""
    return Limits(
        file_bytes=settings.IMPORT_MAX_FILE_BYTES,
        member_bytes=settings.IMPORT_MAX_MEMBER_BYTES,
        zip_bytes=settings.IMPORT_MAX_ZIP_BYTES,
        document_bytes=settings.IMPORT_MAX_DOCUMENT_BYTES,
        body_chars=settings.IMPORT_MAX_BODY_CHARS,
    )


def number(value: int) -> str:
    """An integer in Persian digits with the Persian thousands separator («۱٬۰۰۰٬۰۰۰»)."""
    return to_persian_digits(f"{value:,}").replace(",", "٬")


def size(value: int) -> str:
    """A byte count as an editor reads it: «۲۰۰ مگابایت», «۲ گیگابایت», «۵۱۲ کیلوبایت»."""
    for unit, name in ((1024**3, "گیگابایت"), (1024**2, "مگابایت"), (1024, "کیلوبایت")):
        if value >= unit:
            amount = value / unit
            shown = f"{amount:.0f}" if amount >= 10 or amount == int(amount) else f"{amount:.1f}"
            return f"{to_persian_digits(shown).replace('.', '٫')} {name}"
    return f"{number(value)} بایت"


class TooLarge(ReadError):
    """A file, member or document past its bound: the whole file is refused."""


class Budget:
    """Bytes left for a group of streams (the members of one zip), shared as they are read."""

    def __init__(self, total: int, refusal: str) -> None:
        self.left = total
        self.refusal = refusal

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise TooLarge(self.refusal)


class _Counted(io.RawIOBase):
    def __init__(self, inner: BinaryIO, limit: int, refusal: str, budget: Budget | None) -> None:
        self.inner, self.limit, self.refusal, self.budget = inner, limit, refusal, budget
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.inner.read(len(buffer))
        self.count += len(data)
        if self.count > self.limit:
            raise TooLarge(self.refusal)
        if self.budget is not None:
            self.budget.spend(len(data))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.inner.close()
        super().close()


def bounded(stream: BinaryIO, limit: int, refusal: str, budget: Budget | None = None) -> BinaryIO:
    """`stream`, raising TooLarge(`refusal`) once more than `limit` bytes have come out of it.

    Buffered, so readers can iterate lines and read as from any file.
    """
    return io.BufferedReader(_Counted(stream, limit, refusal, budget), buffer_size=256 * 1024)


def read_document(stream: BinaryIO, kind: str) -> bytes:
    """The whole of a stream that a reader must parse at once, refused past IMPORT_MAX_DOCUMENT_BYTES.

    At most one byte more than the bound is read, so a huge file costs no
    more memory than a file at the bound. `kind` names the format for the
    message («پروندهٔ ‎.txt»).
    """
    limit = current().document_bytes
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(
            f"{kind} بیش از {size(limit)} است و یکجا خوانده نمی‌شود؛ "
            "آن را چند پرونده کنید یا خبرها را در ‎.jsonl بدهید (سطربه‌سطر خوانده می‌شود)."
        )
    return data
