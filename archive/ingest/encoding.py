"""Reading bytes as text: UTF-8, UTF-8 with a byte-order mark, or Windows-1256.

Windows-1256 is what older Persian sites and Windows editors save. It maps
almost every byte to some character, so a file is only taken as Windows-1256
when the result reads like Persian text; anything else is reported, not guessed.
"""

from __future__ import annotations

import re

from archive.ingest.records import ReadError
from archive.text import to_persian_digits

UTF8 = "utf-8"
UTF8_BOM = "utf-8-sig"
WINDOWS_1256 = "windows-1256"

# Controls other than tab, newline and carriage return never occur in real text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_LETTER = re.compile(r"[^\W\d_]")


def decode(data: bytes) -> tuple[str, str]:
    """The text of `data` and the encoding it was read with; raises ReadError naming both tried."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode(UTF8_BOM), UTF8_BOM
        except UnicodeDecodeError as exc:
            at = to_persian_digits(str(exc.start))
            raise ReadError(f"پرونده با نشانهٔ UTF-8 آغاز می‌شود اما UTF-8 نیست (بایت {at}).") from exc
    try:
        return data.decode(UTF8), UTF8
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode(WINDOWS_1256)
    except UnicodeDecodeError:
        text = ""
    if text and _looks_persian(text):
        return text, WINDOWS_1256
    at = to_persian_digits(str(utf8_error.start))
    raise ReadError(
        f"پرونده نه UTF-8 است (بایت {at}) و نه متن فارسی با Windows-1256؛ آن را با کدگذاری UTF-8 ذخیره کنید."
    )


def _looks_persian(text: str) -> bool:
    if _CONTROL.search(text):
        return False
    letters = len(_LETTER.findall(text))
    return letters > 0 and len(_ARABIC_LETTER.findall(text)) / letters >= 0.5
