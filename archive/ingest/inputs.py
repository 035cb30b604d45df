"""What an import reads: files named on the command line, folders walked, zip archives opened.

Everything becomes an InputFile (a name for reports, a way to open it, its
size), so the command and the admin upload feed the routine the same way.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from archive.ingest.readers import READERS

# A zip may not unpack to more than this: an upload is a folder of articles, not a zip bomb.
MAX_ZIP_BYTES = 2 * 1024**3


@dataclass
class InputFile:
    name: str
    open: Callable[[], BinaryIO]
    size: int

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix.lower()


@dataclass
class Skipped:
    """A file not read: its type is not one the import knows, or it cannot be opened."""

    name: str
    reason: str
    # A path the editor named (missing, or of an unknown type) is a failure; a stray file in a folder is not.
    failure: bool = False


def _skip_quietly(name: str) -> bool:
    # Editors' folders carry these; they are not articles and not worth a line in the report.
    parts = PurePosixPath(name).parts
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def from_zip(archive: zipfile.ZipFile, label: str) -> Iterator[InputFile | Skipped]:
    """The members of a zip archive, in name order, as input files named «label/member»."""
    members = sorted((m for m in archive.infolist() if not m.is_dir()), key=lambda m: m.filename)
    if sum(m.file_size for m in members) > MAX_ZIP_BYTES:
        yield Skipped(label, "پروندهٔ zip بیش از ۲ گیگابایت باز می‌شود؛ آن را چند بخش کنید.", failure=True)
        return
    for member in members:
        name = f"{label}/{member.filename}"
        if _skip_quietly(member.filename):
            continue
        if PurePosixPath(member.filename).suffix.lower() not in READERS:
            yield Skipped(name, f"نوع پرونده «{PurePosixPath(member.filename).suffix}» پشتیبانی نمی‌شود.")
            continue
        yield InputFile(name, lambda m=member: archive.open(m), member.file_size)


def _from_file(path: Path, named: bool) -> Iterator[InputFile | Skipped]:
    suffix = path.suffix.lower()
    if suffix == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            yield Skipped(str(path), f"پروندهٔ zip خوانا نیست: {exc}", failure=True)
            return
        yield from from_zip(archive, str(path))
    elif suffix in READERS:
        yield InputFile(str(path), lambda: path.open("rb"), path.stat().st_size)
    elif named or not _skip_quietly(path.name):
        yield Skipped(str(path), f"نوع پرونده «{suffix or path.name}» پشتیبانی نمی‌شود.", failure=named)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[InputFile | Skipped]:
    """Files to import, folders walked recursively in name order.

    Unknown types and missing paths come out as Skipped.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not _skip_quietly(str(child.relative_to(path))):
                    yield from _from_file(child, named=False)
        elif path.is_file():
            yield from _from_file(path, named=True)
        else:
            yield Skipped(str(path), "چنین پرونده یا پوشه‌ای نیست.", failure=True)
