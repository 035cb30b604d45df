"""The editors' workspace: staff only, article page with its inlines."""

import pytest

from archive.models import Statement

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_the_login_page(client, demo):
    response = client.get(f"/admin/archive/article/{demo.pk}/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_article_change_page_has_statement_and_event_inlines(staff_client, demo):
    response = staff_client.get(f"/admin/archive/article/{demo.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "statements-TOTAL_FORMS" in html
    assert 'name="statements-TOTAL_FORMS" value="7"' in html
    assert "Event_articles-TOTAL_FORMS" in html


def test_the_official_change_page_has_alias_and_position_inlines(staff_client, shoigu):
    html = staff_client.get(f"/admin/archive/official/{shoigu.pk}/change/").content.decode()
    assert "aliases-TOTAL_FORMS" in html
    assert "positions-TOTAL_FORMS" in html


@pytest.mark.parametrize("model", ["article", "official", "statement", "event", "source", "country"])
def test_every_list_opens(staff_client, demo, model):
    assert staff_client.get(f"/admin/archive/{model}/").status_code == 200


def test_a_statement_whose_text_is_not_at_its_span_is_refused_with_a_message(staff_client, demo, shoigu):
    response = staff_client.post(
        "/admin/archive/statement/add/",
        {
            "article": demo.pk,
            "official": shoigu.pk,
            "start": 0,
            "end": 10,
            "text": "چیز دیگری",
            "direct": "on",
        },
    )
    assert response.status_code == 200
    assert "یکی نیست" in response.content.decode()
    assert Statement.objects.count() == 7


def test_a_statement_given_only_its_span_reads_its_text_from_the_body(staff_client, demo, shoigu):
    response = staff_client.post(
        "/admin/archive/statement/add/",
        {"article": demo.pk, "official": shoigu.pk, "start": 0, "end": 12, "text": "", "direct": "on"},
    )
    assert response.status_code == 302
    assert Statement.objects.get(start=0, end=12).text == demo.body[:12]


def test_editors_can_annotate_but_not_delete_articles(client, demo, django_user_model):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("ed", password="a-long-password-1", is_staff=True)
    editor.groups.add(Group.objects.get(name="ویراستاران"))
    client.force_login(editor)
    assert client.get(f"/admin/archive/article/{demo.pk}/change/").status_code == 200
    assert client.get("/admin/archive/statement/add/").status_code == 200
    assert client.get(f"/admin/archive/article/{demo.pk}/delete/").status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403
