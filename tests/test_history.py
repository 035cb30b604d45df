"""History and revert (django-simple-history): who changed what and when, field by field."""

from __future__ import annotations

import pytest

from archive.models import Article, Event, Official, Statement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Article, Statement, Official, Event])
def test_every_editorial_record_keeps_a_history(demo, model):
    record = model.objects.first()
    assert record.history.count() >= 1


def test_a_change_through_the_admin_records_who_made_it_and_which_fields_changed(staff_client, shoigu):
    url = f"/admin/archive/official/{shoigu.pk}/change/"
    html = staff_client.get(url).content.decode()
    assert 'name="version"' in html
    response = staff_client.post(
        url,
        {
            "name": "سرگئی کوژوگتویچ شویگو",
            "latin_name": shoigu.latin_name,
            "country": "RU",
            "version": shoigu.version,
            "aliases-TOTAL_FORMS": 0,
            "aliases-INITIAL_FORMS": 0,
            "positions-TOTAL_FORMS": 0,
            "positions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    newest, before = shoigu.history.all()[:2]
    assert newest.history_user.username == "editor"
    changed = {c.field for c in newest.diff_against(before).changes}
    assert "name" in changed
    page = staff_client.get(f"/admin/archive/official/{shoigu.pk}/history/").content.decode()
    assert "editor" in page


def test_a_revert_from_the_admin_brings_the_old_values_back(staff_client, shoigu):
    original = shoigu.history.earliest("history_date")
    shoigu.name = "نامی اشتباه"
    shoigu.save()
    url = f"/admin/archive/official/{shoigu.pk}/history/{original.history_id}/"
    form = staff_client.get(url).content.decode()
    assert "سرگئی شویگو" in form
    response = staff_client.post(
        url,
        {
            "name": original.name,
            "latin_name": original.latin_name,
            "country": original.country_id,
            "version": Official.objects.get(pk=shoigu.pk).version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    shoigu.refresh_from_db()
    assert shoigu.name == "سرگئی شویگو"
    # the revert is itself a new version, never an old number again
    assert (
        shoigu.version
        == shoigu.history.first().version
        == max(shoigu.history.values_list("version", flat=True))
    )


def test_the_article_history_leaves_out_the_derived_search_columns(demo):
    fields = {f.name for f in demo.history.model._meta.get_fields()}
    assert "body" in fields and "review_status" in fields
    assert "body_key" not in fields and "title_key" not in fields


def test_a_statement_change_is_recorded_with_its_old_text(demo):
    statement = demo.statements.first()
    statement.direct = False
    statement.save()
    newest, before = statement.history.all()[:2]
    assert before.direct is True and newest.direct is False


def test_the_history_page_shows_labels_and_solar_hijri_times_not_raw_codes(staff_client, demo):
    demo.review_status = "in_review"
    demo.save()
    demo.review_status = "annotated"
    demo.is_public = False
    demo.save()
    page = staff_client.get(f"/admin/archive/article/{demo.pk}/history/").content.decode()
    assert "in_review" not in page and "annotated" not in page.replace("annotated_", "")
    assert "در حال بررسی&nbsp;&larr;&nbsp;حاشیه‌نویسی‌شده" in page
    assert "بله&nbsp;&larr;&nbsp;خیر" in page
    assert "، ساعت " in page and "None" not in page


def test_the_revert_page_names_the_app_and_records_in_persian(staff_client, demo):
    demo.title = demo.title + " (ویرایش)"
    demo.save()
    oldest = demo.history.order_by("history_date").first()
    page = staff_client.get(f"/admin/archive/article/{demo.pk}/history/{oldest.history_id}/").content.decode()
    crumbs = page.split('class="breadcrumbs"')[1].split("</ol>")[0]
    assert "Archive" not in crumbs and "Historical" not in crumbs
    assert "خبرها" in crumbs and "بازگرداندن" in crumbs
