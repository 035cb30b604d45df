"""Admin dates are typed and shown in the Solar Hijri calendar, Persian digits; Gregorian accepted too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from archive.admin.jalali_fields import JalaliDateField, JalaliDateTimeField
from archive.dates import TEHRAN
from archive.models import Event, ReviewStatus
from tests.conftest import make_article

pytestmark = pytest.mark.django_db

SHAHRIVAR_3_1400 = dt.date(2021, 8, 25)


@pytest.mark.parametrize(
    "typed", ["۱۴۰۰/۰۶/۰۳", "1400/06/03", "1400/6/3", "1400-06-03", "2021-08-25", "۳ شهریور ۱۴۰۰"]
)
def test_a_date_field_reads_solar_hijri_and_gregorian_days(typed):
    assert JalaliDateField().clean(typed) == SHAHRIVAR_3_1400


@pytest.mark.parametrize(
    "typed",
    [
        "1400/06/03 10:30",
        "۱۴۰۰/۰۶/۰۳ ۱۰:۳۰",
        "۱۴۰۰/۰۶/۰۳، ساعت ۱۰:۳۰",
        "۳ شهریور ۱۴۰۰، ساعت ۱۰:۳۰",
        "2021-08-25T10:30",
        "2021-08-25T06:00Z",
    ],
)
def test_a_datetime_field_reads_solar_hijri_gregorian_and_iso(typed):
    assert JalaliDateTimeField().clean(typed) == dt.datetime(2021, 8, 25, 10, 30, tzinfo=TEHRAN)


@pytest.mark.parametrize("typed", ["1400/13/01", "1400/12/31", "دیروز", "2021-02-30"])
def test_an_impossible_date_is_refused_in_persian(typed):
    with pytest.raises(Exception) as caught:
        JalaliDateField().clean(typed)
    message = " ".join(caught.value.messages)
    assert "تاریخ" in message or "وجود ندارد" in message


def test_the_article_form_shows_its_date_in_solar_hijri_with_persian_digits(staff_client, demo):
    html = staff_client.get(f"/admin/archive/article/{demo.pk}/change/").content.decode()
    j = timezone.localtime(demo.published_at)
    assert 'class="vJalaliDateTime"' in html
    assert "published_at_0" not in html  # no Gregorian split date/time boxes
    assert "۱۳۹۹/۰۶/" in html, j


def test_an_event_is_saved_from_a_solar_hijri_start_and_a_gregorian_end(staff_client, demo):
    response = staff_client.post(
        "/admin/archive/event/add/",
        {"title": "رزمایش آزمایشی", "kind": "exercise", "start": "۱۴۰۰/۰۶/۰۳", "end": "2021-08-27"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title="رزمایش آزمایشی")
    assert (event.start, event.end) == (SHAHRIVAR_3_1400, dt.date(2021, 8, 27))


def test_a_statement_said_on_a_solar_hijri_day_is_saved(staff_client, demo, shoigu):
    statement = demo.statements.first()
    response = staff_client.post(
        f"/admin/archive/statement/{statement.pk}/change/",
        {
            "article": demo.pk,
            "official": statement.official_id,
            "start": statement.start,
            "end": statement.end,
            "text": statement.text,
            "direct": "on",
            "said_on": "1400/06/03",
            "version": statement.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    statement.refresh_from_db()
    assert statement.said_on == SHAHRIVAR_3_1400


def test_the_article_list_prints_solar_hijri_dates_with_the_hour(staff_client, demo):
    demo.published_at = dt.datetime(2024, 10, 22, 10, 30, tzinfo=TEHRAN)
    demo.save()
    html = staff_client.get("/admin/archive/article/").content.decode()
    assert "۱ آبان ۱۴۰۳، ساعت ۱۰:۳۰" in html
    assert "اکتبر" not in html


def test_the_date_filter_offers_this_solar_hijri_year_and_narrows_to_it(staff_client, demo):
    make_article("خبر امسال", published_at=timezone.now(), review_status=ReviewStatus.NEW)
    response = staff_client.get("/admin/archive/article/")
    spec = next(s for s in response.context["cl"].filter_specs if s.title == "تاریخ انتشار")
    choices = {c["display"]: c["query_string"] for c in spec.choices(response.context["cl"])}
    this_year = next(label for label in choices if str(label).startswith("امسال"))
    assert any(ch in this_year for ch in "۰۱۲۳۴۵۶۷۸۹")
    titles = [
        a.title
        for a in staff_client.get("/admin/archive/article/" + choices[this_year]).context["cl"].result_list
    ]
    assert titles == ["خبر امسال"]
