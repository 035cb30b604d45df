"""The admin page «Import articles»: uploaded files or a zip, the same routine, the same summary."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import Article
from tests.ingest_helpers import FIXTURES

pytestmark = pytest.mark.django_db
URL = "/admin/archive/article/import/"


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_the_article_list_links_to_the_import_page(staff_client):
    page = staff_client.get(reverse("admin:archive_article_changelist")).content.decode()
    assert URL in page and "ورود خبرها" in page


def test_it_imports_uploaded_files_and_shows_the_summary(staff_client):
    files = [
        upload("a.txt", "عنوان یک\nبه گزارش ایرنا، متن یک".encode()),
        upload("feed.xml", (FIXTURES / "tasnim_defence.rss.xml").read_bytes()),
    ]
    response = staff_client.post(URL, {"files": files})
    page = response.content.decode()
    assert response.status_code == 200
    assert Article.objects.count() == 4
    assert "خبرهای واردشده: ۴" in page


def test_it_imports_a_zip_and_lists_failures_with_their_line(staff_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("good/a.txt", "عنوان\nمتن")
        archive.writestr("bad.jsonl", '{"title": "ت", "body": "م"}\n{oops\n')
    response = staff_client.post(URL, {"files": [upload("batch.zip", buffer.getvalue())]})
    page = response.content.decode()
    assert Article.objects.count() == 1
    assert "batch.zip/bad.jsonl" in page and "JSON" in page


def test_a_dry_run_from_the_admin_writes_nothing(staff_client):
    response = staff_client.post(URL, {"files": [upload("a.txt", "عنوان\nمتن".encode())], "dry_run": "on"})
    assert "آزمایشی" in response.content.decode()
    assert Article.objects.count() == 0


def test_it_refuses_users_who_may_not_add_articles(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="a-long-password-1", is_staff=True)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page
