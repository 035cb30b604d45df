"""Zip archives and big files: each held to its bound as it is read, refused with a reason, memory flat."""

import json
import struct
import time
import tracemalloc
import zipfile

import pytest

from archive.models import Article
from tests.ingest_helpers import run_import, write_jsonl

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def _bomb(
    path, member: str, size: int, line: bytes = "آ".encode() * 511 + b"\n", head: str = "عنوان\n"
) -> None:
    """A small zip whose one member decompresses to `size` bytes of Persian text, written in pieces."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, archive.open(member, "w") as out:
        out.write(head.encode())
        piece = line * (MB // len(line))
        for _ in range(size // len(piece)):
            out.write(piece)


def test_a_small_zip_of_a_huge_txt_is_refused_quickly_in_flat_memory(tmp_path):
    _bomb(tmp_path / "bomb.zip", "huge.txt", 150 * MB)
    (tmp_path / "good.txt").write_text("خوب\nمتن خوب", encoding="utf-8")
    assert (tmp_path / "bomb.zip").stat().st_size < 1 * MB
    tracemalloc.start()
    began = time.perf_counter()
    try:
        report = run_import(tmp_path / "bomb.zip", tmp_path / "good.txt", dry_run=True)
        seconds = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert seconds < 10
    assert peak < 80 * MB  # the 20 MB document bound and its copies; it was 3.1 GB
    failure = report.failures[0]
    assert failure.path.endswith("bomb.zip/huge.txt")
    assert failure.reason.startswith("پروندهٔ ‎.txt بیش از ۲۰ مگابایت است و یکجا خوانده نمی‌شود")
    assert report.imported == 1


def test_a_zip_member_past_its_bound_is_refused_as_it_decompresses(tmp_path, settings):
    settings.IMPORT_MAX_MEMBER_BYTES = 2 * MB
    line = (json.dumps({"title": "ت", "body": "م" * 400}, ensure_ascii=False) + "\n").encode()
    _bomb(tmp_path / "a.zip", "big.jsonl", 3 * MB, line=line, head="")
    report = run_import(tmp_path / "a.zip")
    assert report.failures[0].reason.startswith("این عضو zip بیش از ۲ مگابایت باز می‌شود")
    assert Article.objects.count() == 0


def test_a_zip_is_judged_by_what_it_holds_not_by_what_its_header_claims(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", "عنوان\nمتن")
    _lie_about_sizes(tmp_path / "a.zip", claimed=4_000_000_000)  # «4 GB»: refused unread before
    report = run_import(tmp_path / "a.zip")
    assert report.ok, report.failures
    assert Article.objects.get().title == "عنوان"


def _lie_about_sizes(path, claimed: int) -> None:
    """Rewrite the member's uncompressed size in the central directory (zipfile reads that one)."""
    data = bytearray(path.read_bytes())
    at = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, at + 24, claimed)
    path.write_bytes(bytes(data))


def test_a_zip_whose_header_understates_a_member_is_reported_not_raised(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", "عنوان\n" + "متن " * 10_000)
    _lie_about_sizes(tmp_path / "a.zip", claimed=100)  # zipfile stops there and finds the CRC wrong
    report = run_import(tmp_path / "a.zip")
    assert report.failures[0].reason == "پرونده خراب است و تا پایان خوانده نشد (فشرده‌سازی یا CRC نادرست)."


def test_the_members_of_one_zip_share_a_bound(tmp_path, settings):
    settings.IMPORT_MAX_ZIP_BYTES = 3 * MB
    with zipfile.ZipFile(tmp_path / "a.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("a.jsonl", "b.jsonl"):  # 2.1 MB each
            line = json.dumps({"title": name, "body": "م " * 100_000}, ensure_ascii=False) + "\n"
            archive.writestr(name, "".join(line.replace(name, f"{name} {i}") for i in range(7)))
    report = run_import(tmp_path / "a.zip")
    assert [f.path.rsplit("/", 1)[1] for f in report.failures] == ["b.jsonl"]
    assert report.failures[0].reason.startswith("پروندهٔ zip بیش از ۳ مگابایت باز می‌شود")
    assert Article.objects.count() == 7


def test_a_file_past_its_bound_is_refused_unread(tmp_path, settings):
    settings.IMPORT_MAX_FILE_BYTES = MB
    write_jsonl(tmp_path / "big.jsonl", *({"title": f"ت{i}", "body": "م" * 1000} for i in range(600)))
    report = run_import(tmp_path / "big.jsonl")
    assert report.failures[0].reason.startswith("پرونده ۱٫۲ مگابایت است و بیشینهٔ یک پرونده ۱ مگابایت؛")
    assert Article.objects.count() == 0


def test_a_jsonl_line_past_the_document_bound_is_a_bad_line_dropped_unread(tmp_path, settings):
    settings.IMPORT_MAX_DOCUMENT_BYTES = 64 * 1024
    write_jsonl(
        tmp_path / "a.jsonl",
        {"title": "یک", "body": "متن"},
        {"title": "بلند", "body": "م" * 100_000},
        {"title": "سه", "body": "متن سه"},
    )
    report = run_import(tmp_path / "a.jsonl", skip_invalid=True)
    assert [(f.line, f.reason) for f in report.invalid] == [
        (2, "سطر بیش از ۶۴ کیلوبایت است؛ یک خبر این اندازه نمی‌شود (IMPORT_MAX_DOCUMENT_BYTES).")
    ]
    assert sorted(Article.objects.values_list("title", flat=True)) == ["سه", "یک"]


@pytest.mark.parametrize("suffix, kind", [(".html", "صفحهٔ ‎.html"), (".xml", "خوراک RSS/Atom")])
def test_pages_and_feeds_past_the_document_bound_are_refused(tmp_path, settings, suffix, kind):
    settings.IMPORT_MAX_DOCUMENT_BYTES = 64 * 1024
    (tmp_path / f"a{suffix}").write_text("<p>" + "متن " * 20_000 + "</p>", encoding="utf-8")
    report = run_import(tmp_path / f"a{suffix}")
    assert report.failures[0].reason.startswith(f"{kind} بیش از ۶۴ کیلوبایت است")


def test_an_encrypted_member_is_reported(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
        archive.writestr("a.txt", "عنوان\nمتن")
        archive.writestr("b.txt", "عنوان دو\nمتن دو")
    data = bytearray((tmp_path / "a.zip").read_bytes())
    at = data.rfind(b"PK\x01\x02")  # the last member's central record: set its «encrypted» flag
    struct.pack_into("<H", data, at + 8, 0x1)
    (tmp_path / "a.zip").write_bytes(bytes(data))
    report = run_import(tmp_path / "a.zip")
    assert [(f.path.rsplit("/", 1)[1], f.reason) for f in report.failures] == [
        ("b.txt", "این عضو zip رمز دارد و خوانده نمی‌شود.")
    ]
    assert report.imported == 1
