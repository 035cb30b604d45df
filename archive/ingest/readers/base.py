"""The file a reader is handed: a name for reports, a binary stream, the encoding found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO


@dataclass
class OpenedFile:
    name: str  # a path, or "upload.zip/folder/a.txt", as reports show it
    stream: BinaryIO
    encoding: str | None = None  # set by the reader once it has decoded the file
