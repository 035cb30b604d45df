"""What an import reads: files named on the command line, folders walked, zip archives opened.

Everything becomes an InputFile (a name for reports, a way to open it, its
size), so the command and the admin upload feed the routine the same way.
Each is held to its bound as it is read (archive.ingest.limits): a file as
named or uploaded to IMPORT_MAX_FILE_BYTES, refused before it is opened when
its size is known; a zip member to IMPORT_MAX_MEMBER_BYTES and the members of
one zip together to IMPORT_MAX_ZIP_BYTES, counted as they decompress, since a
zip's header says what the archive claims, not what it holds.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from archive.ingest import limits
from archive.ingest.readers import READERS
from archive.ingest.records import ReadError


@dataclass
class InputFile:
    """A file to import. `open()` gives its bytes, already held to its bound."""

    name: str
    open: Callable[[], BinaryIO]
    # Bytes: a hint for planning (workers, chunked storing) that never exceeds what open() yields.
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


def too_large(size: int) -> str | None:
    """Why a file of `size` bytes is refused unread, or None when it is within IMPORT_MAX_FILE_BYTES."""
    bound = limits.current().file_bytes
    if size <= bound:
        return None
    return (
        f"پرونده {limits.size(size)} است و بیشینهٔ یک پرونده {limits.size(bound)}؛ "
        "آن را چند پرونده کنید (IMPORT_MAX_FILE_BYTES)."
    )


def bounded_file(opener: Callable[[], BinaryIO]) -> Callable[[], BinaryIO]:
    """`opener` with its stream held to IMPORT_MAX_FILE_BYTES (a file may grow after it was measured)."""
    bound = limits.current().file_bytes
    refusal = f"پرونده بیش از {limits.size(bound)} است؛ آن را چند پرونده کنید (IMPORT_MAX_FILE_BYTES)."
    return lambda: limits.bounded(opener(), bound, refusal)


def one_file(name: str, opener: Callable[[], BinaryIO], size: int) -> InputFile | Skipped:
    """A plain file (on disk or uploaded) of a known `size`: refused unread when too large, else bounded."""
    refusal = too_large(size)
    if refusal:
        return Skipped(name, refusal, failure=True)
    return InputFile(name, bounded_file(opener), size)


def _archive_size(archive: zipfile.ZipFile) -> int:
    # ZipFile seeks before every read, so measuring its file moves nothing it relies on.
    return archive.fp.seek(0, io.SEEK_END) if archive.fp is not None else 0


def _member_opener(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: limits.Budget):
    bound = limits.current().member_bytes
    refusal = (
        f"این عضو zip بیش از {limits.size(bound)} باز می‌شود؛ بیشینهٔ هر عضو همین است "
        "(IMPORT_MAX_MEMBER_BYTES)."
    )

    def open_member() -> BinaryIO:
        try:
            return limits.bounded(archive.open(member), bound, refusal, budget)
        except NotImplementedError as exc:  # a compression method zipfile does not read
            raise ReadError("روش فشرده‌سازی این عضو zip پشتیبانی نمی‌شود.") from exc

    return open_member


def from_zip(archive: zipfile.ZipFile, label: str) -> Iterator[InputFile | Skipped]:
    """The members of a zip archive, in name order, as input files named «label/member».

    The archive itself is held to IMPORT_MAX_FILE_BYTES; its members are
    counted as they are read (see the module docstring).
    """
    refusal = too_large(_archive_size(archive))
    if refusal:
        yield Skipped(label, refusal, failure=True)
        return
    total = limits.current().zip_bytes
    budget = limits.Budget(
        total,
        f"پروندهٔ zip بیش از {limits.size(total)} باز می‌شود؛ آن را چند بخش کنید (IMPORT_MAX_ZIP_BYTES).",
    )
    members = sorted((m for m in archive.infolist() if not m.is_dir()), key=lambda m: m.filename)
    for member in members:
        name = f"{label}/{member.filename}"
        if _skip_quietly(member.filename):
            continue
        if PurePosixPath(member.filename).suffix.lower() not in READERS:
            yield Skipped(name, f"نوع پرونده «{PurePosixPath(member.filename).suffix}» پشتیبانی نمی‌شود.")
            continue
        if member.flag_bits & 0x1:
            yield Skipped(name, "این عضو zip رمز دارد و خوانده نمی‌شود.", failure=True)
            continue
        # zipfile never yields more than the header's size, so it is a safe upper bound for planning.
        yield InputFile(name, _member_opener(archive, member, budget), member.file_size)


def open_zip(source, label: str) -> Iterator[InputFile | Skipped]:
    """A zip file (a path or an uploaded file) as input files; an unreadable zip is one Skipped."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, EOFError):
        yield Skipped(label, "پروندهٔ zip خوانا نیست: خراب است یا zip نیست.", failure=True)
        return
    yield from from_zip(archive, label)


def _from_file(path: Path, named: bool) -> Iterator[InputFile | Skipped]:
    suffix = path.suffix.lower()
    if suffix == ".zip":
        yield from open_zip(path, str(path))
    elif suffix in READERS:
        yield one_file(str(path), lambda: path.open("rb"), path.stat().st_size)
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
