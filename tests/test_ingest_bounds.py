"""Every field is checked before it is stored, alike on both databases; a database error fails one file."""

import json
import random
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from archive.ingest import rows
from archive.models import Article, Source
from tests.ingest_helpers import run_command, run_import, write_jsonl

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="a limit only PostgreSQL has")


def _failure(report, name: str):
    return next(f for f in report.failures if Path(f.path).name == name)


def test_a_language_longer_than_its_column_is_a_record_error(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", {"title": "ت", "body": "م", "language": "x" * 50})
    (tmp_path / "b.txt").write_text("خوب\nمتن خوب", encoding="utf-8")
    report = run_import(tmp_path)
    failure = _failure(report, "a.jsonl")
    assert failure.line == 1
    assert failure.reason == "زبان (language) ۵۰ نویسه است و بیشینه ۸ نویسه."
    assert list(Article.objects.values_list("title", flat=True)) == ["خوب"]


@pytest.mark.parametrize(
    "field, value, reason",
    [
        ("title", "ع" * 501, "عنوان (title) ۵۰۱ نویسه است و بیشینه ۵۰۰ نویسه."),
        ("url", "https://example.org/" + "a" * 990, "نشانی (url) ۱٬۰۱۰ نویسه است و بیشینه ۱٬۰۰۰ نویسه."),
        ("source", "منبع" * 60, "منبع (source) ۲۴۰ نویسه است و بیشینه ۲۰۰ نویسه."),
        ("via", ["تسنیم", "ن" * 201], "به نقل از (via) ۲۰۱ نویسه است و بیشینه ۲۰۰ نویسه."),
        ("source", "ایرنا\x00", "منبع (source) نویسهٔ NUL دارد"),
        ("title", "عنوان \ud800", "عنوان (title) نیم‌جفت جانشین یونیکد"),
    ],
)
def test_each_field_is_held_to_what_its_column_stores(tmp_path, field, value, reason):
    # ASCII escapes, as a JSON writer sends a lone surrogate («\ud800»).
    write_jsonl(tmp_path / "a.jsonl", json.dumps({"title": "ت", "body": "م", field: value}))
    report = run_import(tmp_path)
    assert report.failures[0].reason.startswith(reason)
    assert Article.objects.count() == 0 and Source.objects.count() == 0


def test_a_source_name_is_no_longer_cut_to_fit_silently(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", {"title": "ت", "body": "م", "source": "ن" * 200})
    assert run_import(tmp_path).ok
    assert Source.objects.get().name == "ن" * 200


def test_a_body_longer_than_the_setting_is_a_record_error(tmp_path, settings):
    settings.IMPORT_MAX_BODY_CHARS = 1000
    write_jsonl(tmp_path / "a.jsonl", {"title": "ت", "body": "م" * 1001}, {"title": "ک", "body": "م" * 1000})
    report = run_import(tmp_path, skip_invalid=True)
    assert [str(f) for f in report.invalid] == [
        f"{tmp_path / 'a.jsonl'}:1: متن (body) ۱٬۰۰۱ نویسه است و بیشینه ۱٬۰۰۰ نویسه."
    ]
    assert list(Article.objects.values_list("title", flat=True)) == ["ک"]


def _unindexable_url() -> str:
    """Within the url column's 1,000 characters, but 4-byte characters past PostgreSQL's btree row limit."""
    rng = random.Random(2)  # random, so the index entry does not compress under the limit
    return "https://example.org/" + "".join(chr(rng.randint(0x1F300, 0x1FAFF)) for _ in range(980))


@on_postgresql
def test_a_value_postgresql_refuses_in_copy_fails_its_file_and_the_others_import(tmp_path):
    write_jsonl(tmp_path / "a_refused.jsonl", {"title": "ت", "body": "نشانی بلند", "url": _unindexable_url()})
    (tmp_path / "b_good.txt").write_text("خوب\nمتن خوب", encoding="utf-8")
    report = run_import(tmp_path)
    failure = _failure(report, "a_refused.jsonl")
    assert failure.reason.startswith("در پایگاه داده ذخیره نشد: مقداری از حدّی که پایگاه داده")
    assert "index row size" in failure.reason  # the database's own words, quoted
    assert list(Article.objects.values_list("title", flat=True)) == ["خوب"]


@on_postgresql
def test_the_command_reports_a_refused_copy_instead_of_a_traceback(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", {"title": "ت", "body": "نشانی بلند", "url": _unindexable_url()})
    with pytest.raises(Exception) as raised:
        run_command(str(tmp_path / "a.jsonl"))
    assert type(raised.value).__name__ == "CommandError"
    assert "در پایگاه داده ذخیره نشد" in run_command.last[1]


def test_a_url_stored_by_another_import_meanwhile_fails_only_its_file(tmp_path, monkeypatch):
    """A real unique violation: the check for known URLs runs, then another import stores the same URL."""
    write_jsonl(tmp_path / "a_raced.jsonl", {"title": "ت", "body": "نسخهٔ ما", "url": "https://example.org/x"})
    (tmp_path / "b_good.txt").write_text("خوب\nمتن خوب", encoding="utf-8")
    Article.objects.create(
        title="دیگری", body="نسخهٔ دیگری", url="https://example.org/x", fingerprint="f" * 40
    )
    real_existing = rows.existing
    monkeypatch.setattr(
        rows, "existing", lambda field, values: set() if field == "url" else real_existing(field, values)
    )
    report = run_import(tmp_path)
    assert _failure(report, "a_raced.jsonl").reason.startswith(
        "در پایگاه داده ذخیره نشد: خبری با همین نشانی یا همین متن هم‌زمان در پایگاه داده ذخیره شد."
    )
    assert sorted(Article.objects.values_list("title", flat=True)) == ["خوب", "دیگری"]


@on_postgresql
def test_the_admin_upload_stores_the_good_file_beside_one_postgresql_refuses(staff_client):
    refused = json.dumps({"title": "ت", "body": "نشانی بلند", "url": _unindexable_url()}).encode()
    response = staff_client.post(
        "/admin/archive/article/import/",
        {
            "files": [
                SimpleUploadedFile("bad.jsonl", refused),
                SimpleUploadedFile("good.txt", "خوب\nمتن".encode()),
            ]
        },
    )
    assert response.status_code == 200
    assert list(Article.objects.values_list("title", flat=True)) == ["خوب"]
    page = response.content.decode()
    assert "bad.jsonl" in page and "در پایگاه داده ذخیره نشد" in page


def test_the_admin_upload_stores_the_good_file_beside_a_bad_one(staff_client):
    bad = json.dumps({"title": "ت", "body": "م", "language": "x" * 50}).encode()
    response = staff_client.post(
        "/admin/archive/article/import/",
        {
            "files": [
                SimpleUploadedFile("bad.jsonl", bad),
                SimpleUploadedFile("good.txt", "خوب\nمتن".encode()),
            ]
        },
    )
    assert response.status_code == 200
    assert list(Article.objects.values_list("title", flat=True)) == ["خوب"]
    assert "زبان (language) ۵۰ نویسه است و بیشینه ۸ نویسه." in response.content.decode()


def _raised_by(sql: str) -> Exception:
    from django.db import transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except rows.STORE_ERRORS as exc:
        return exc
    raise AssertionError(f"{sql!r} did not fail")


@on_postgresql
def test_only_a_refused_value_is_taken_for_a_bad_record():
    """Real errors: a refused value is one record's fault; a timeout is the database's, and fails the file."""
    refused = _raised_by("SELECT 'x'::varchar(1)::char(2)::int")
    timeout = _raised_by("SET LOCAL statement_timeout = 1; SELECT pg_sleep(1)")
    assert rows.is_record_error(refused) and not rows.is_record_error(timeout)
    assert "زمان کار پایگاه داده به سر رسید" in rows.describe(timeout)
