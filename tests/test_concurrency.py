"""No silent overwrite: the second of two editors who save the same record is stopped and loses nothing."""

from __future__ import annotations

import pytest

from archive.models import Official

pytestmark = pytest.mark.django_db


def official_form(official: Official, name: str, version: int) -> dict:
    return {
        "name": name,
        "latin_name": official.latin_name,
        "country": "RU",
        "version": version,
        "aliases-TOTAL_FORMS": 0,
        "aliases-INITIAL_FORMS": 0,
        "positions-TOTAL_FORMS": 0,
        "positions-INITIAL_FORMS": 0,
    }


@pytest.fixture
def two_editors(client, django_user_model):
    from django.test import Client

    first = django_user_model.objects.create_superuser("first", "f@example.org", "a-long-password-1")
    second = django_user_model.objects.create_superuser("second", "s@example.org", "a-long-password-1")
    a, b = Client(), Client()
    a.force_login(first)
    b.force_login(second)
    return a, b


def test_every_save_raises_the_version(shoigu):
    before = shoigu.version
    shoigu.save()
    assert Official.objects.get(pk=shoigu.pk).version == before + 1


def test_the_second_editor_gets_a_persian_message_with_what_changed_and_keeps_their_edit(two_editors, shoigu):
    first, second = two_editors
    url = f"/admin/archive/official/{shoigu.pk}/change/"
    seen = shoigu.version  # both opened the page at this version
    assert first.post(url, official_form(shoigu, "سرگئی شویگو (ویرایش یکم)", seen)).status_code == 302

    response = second.post(url, official_form(shoigu, "سرگئی شویگو (ویرایش دوم)", seen))
    assert response.status_code == 200
    html = response.content.decode()
    assert "پس از آنکه آن را گشودید دوباره ذخیره شده است" in html
    assert "first" in html  # who saved in between
    assert "ویرایش یکم" in html  # what they changed
    assert 'value="سرگئی شویگو (ویرایش دوم)"' in html  # the second editor's text is still in the form
    assert Official.objects.get(pk=shoigu.pk).name == "سرگئی شویگو (ویرایش یکم)"


def test_after_reading_the_message_the_second_editor_can_save_on_purpose(two_editors, shoigu):
    first, second = two_editors
    url = f"/admin/archive/official/{shoigu.pk}/change/"
    seen = shoigu.version
    first.post(url, official_form(shoigu, "یکم", seen))
    conflict = second.post(url, official_form(shoigu, "دوم", seen))
    current = conflict.context["adminform"].form["version"].value()
    assert int(current) == Official.objects.get(pk=shoigu.pk).version
    assert second.post(url, official_form(shoigu, "دوم", current)).status_code == 302
    assert Official.objects.get(pk=shoigu.pk).name == "دوم"


def test_an_article_saved_twice_from_the_same_version_is_refused_the_second_time(two_editors, demo):
    first, second = two_editors
    url = f"/admin/archive/article/{demo.pk}/change/"
    data = {
        "title": demo.title,
        "body": demo.body,
        "language": "fa",
        "review_status": "annotated",
        "is_public": "on",
        "version": demo.version,
        "via_links-TOTAL_FORMS": 0,
        "via_links-INITIAL_FORMS": 0,
        "statements-TOTAL_FORMS": 0,
        "statements-INITIAL_FORMS": 0,
        "Event_articles-TOTAL_FORMS": 0,
        "Event_articles-INITIAL_FORMS": 0,
    }
    assert first.post(url, {**data, "title": "عنوان یکم"}).status_code == 302
    response = second.post(url, {**data, "title": "عنوان دوم"})
    assert response.status_code == 200
    assert "عنوان یکم" in response.content.decode()
    demo.refresh_from_db()
    assert demo.title == "عنوان یکم"
