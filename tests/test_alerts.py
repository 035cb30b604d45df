"""E-mail alerts: asked for on a search page, confirmed by a signed link, sent by `send_alerts`."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from archive.alerts.models import Subscription
from archive.alerts.sending import run
from archive.alerts.subscribe import confirm
from archive.alerts.tokens import make_token, read_token
from archive.models import Article
from tests.conftest import make_article

pytestmark = pytest.mark.django_db

ALERT_URL = "/alerts/new/articles/"


def ask(client, query: str = "q=رزمایش", email: str = "reader@example.org", rate: str = "daily", **extra):
    return client.post(f"{ALERT_URL}?{query}", {"email": email, "rate": rate}, **extra)


def link_in(message, name: str) -> str:
    return re.search(rf"http://[^\s]+/alerts/{name}/[^\s/]+/", message.body).group(0)


def confirmed(
    query: str = "q=رزمایش", email: str = "reader@example.org", name: str = "articles"
) -> Subscription:
    subscription = Subscription.objects.create(email=email, list_name=name, query=query, client="test")
    confirm(subscription)
    subscription.refresh_from_db()
    return subscription


def send(rate: str = "daily") -> list:
    mail.outbox.clear()
    call_command("send_alerts", "--rate", rate, stdout=io.StringIO())
    return list(mail.outbox)


def test_asking_mails_a_confirmation_link_and_nothing_else(client):
    response = ask(client)
    assert response.status_code == 302 and response["Location"] == reverse("alerts:requested")
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "رزمایش" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and 'dir="rtl"' in html and 'lang="fa"' in html
    subscription = Subscription.objects.get()
    assert (
        subscription.confirmed_at is None and subscription.query == "q=%D8%B1%D8%B2%D9%85%D8%A7%DB%8C%D8%B4"
    )
    make_article("رزمایش بزرگ", "متن رزمایش")
    assert send() == []  # not confirmed: no alert


def test_the_confirmation_link_asks_for_a_click_then_starts_the_alert(client):
    ask(client)
    url = link_in(mail.outbox[0], "confirm")
    page = client.get(url)
    assert page.status_code == 200 and "تأیید" in page.content.decode()
    assert Subscription.objects.get().confirmed_at is None  # a mail scanner's GET confirms nothing
    done = client.post(url)
    assert done.status_code == 200 and "اطلاع‌رسانی تأیید شد" in done.content.decode()
    assert Subscription.objects.get().confirmed_at is not None


def test_a_new_matching_article_makes_one_message_and_a_second_run_none():
    subscription = confirmed()
    article = make_article("رزمایش مشترک در مرز", "متن خبر رزمایش", published_at=timezone.now())
    make_article("نشست وزیران", "متن دیگری")
    [message] = send()
    assert message.to == [subscription.email]
    assert article.title in message.body and article.get_absolute_url() in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    assert 'dir="rtl"' in html and article.title in html
    assert send() == []


def test_the_message_gives_solar_hijri_dates_and_the_search_page():
    confirmed()
    make_article("رزمایش", "متن رزمایش", published_at=dt.datetime(2020, 8, 25, 8, tzinfo=dt.UTC))
    [message] = send()
    assert "۴ شهریور ۱۳۹۹" in message.body
    assert "/articles/?q=%D8%B1%D8%B2%D9%85%D8%A7%DB%8C%D8%B4&sort=newest" in message.body


def test_a_non_matching_article_makes_no_message():
    confirmed()
    make_article("نشست وزیران", "گفت‌وگو دربارهٔ همکاری")
    assert send() == []


def test_a_withdrawn_article_never_appears_until_republished_and_then_once():
    confirmed()
    article = make_article("رزمایش پنهان", "متن رزمایش", is_public=False)
    assert send() == []
    article.is_public = True
    article.save()
    [message] = send()
    assert "رزمایش پنهان" in message.body
    article.title = "رزمایش پنهان (ویرایش)"
    article.save()
    assert send() == []  # an edit is not news


def test_an_article_withdrawn_between_planning_and_sending_is_left_out():
    subscription = confirmed()
    article = make_article("رزمایش", "متن رزمایش")
    from archive.alerts.matches import Candidates
    from archive.alerts.sending import plan
    from archive.search import changelog

    planned = plan(subscription, Candidates(upto=changelog.position()))
    assert planned is not None
    Article.objects.filter(pk=article.pk).update(is_public=False)
    assert send() == []


def test_a_late_import_with_an_old_date_is_new_and_an_old_article_edited_is_not():
    old = make_article("رزمایش ۲۰۱۹", "متن رزمایش", published_at=dt.datetime(2019, 1, 1, tzinfo=dt.UTC))
    confirmed()
    old.body = "متن رزمایش، ویرایش‌شده"
    old.save()
    late = make_article("رزمایش دیرآمده", "متن رزمایش", published_at=dt.datetime(2018, 1, 1, tzinfo=dt.UTC))
    [message] = send()
    assert late.title in message.body and "۲۰۱۹" not in message.body.split("\n\n", 2)[-1].split("صفحهٔ")[0]
    assert old.get_absolute_url() not in message.body


def test_weekly_alerts_wait_for_the_weekly_run():
    confirmed()
    Subscription.objects.update(rate="weekly")
    make_article("رزمایش", "متن رزمایش")
    assert send("daily") == []
    assert len(send("weekly")) == 1


def test_a_statement_alert_lists_new_statements(demo):
    confirmed(query="", name="statements")
    statement = demo.statements.first()
    statement.text = demo.body[statement.start : statement.end]
    article = make_article("گزارش تازه", demo.body)
    statement.pk = None
    statement.article = article
    statement.save()
    [message] = send()
    assert f"#statement-{statement.pk}" in message.body


def test_unsubscribing_works_without_login_and_stops_the_alerts(client):
    subscription = confirmed()
    make_article("رزمایش", "متن رزمایش")
    [message] = send()
    url = link_in(message, "unsubscribe")
    # The token carries the second it was signed, so it is read back rather than made again.
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert url.endswith(reverse("alerts:unsubscribe", args=[token]))
    assert read_token(token, "unsubscribe") == subscription
    assert client.get(url).status_code == 200
    assert Subscription.objects.exists()
    # The one-click POST of RFC 8058 comes without cookie or CSRF token.
    client.handler.enforce_csrf_checks = True
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "لغو شد" in response.content.decode()
    assert not Subscription.objects.exists()
    make_article("رزمایش دیگر", "متن رزمایش")
    assert send() == []


def test_an_expired_confirmation_link_is_refused_in_persian(client, settings):
    ask(client)
    url = link_in(mail.outbox[0], "confirm")
    settings.ALERTS_CONFIRM_MAX_AGE = dt.timedelta(seconds=-1)
    response = client.post(url)
    assert response.status_code == 400 and "کهنه" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None


@pytest.mark.parametrize("token", ["x", "a" * 5000, "WzEsImFiYyJd:1tX:abc", "..", "%00"])
def test_bad_tokens_get_a_persian_page(client, token):
    for name in ("confirm", "unsubscribe"):
        response = client.post(f"/alerts/{name}/{token}/")
        assert response.status_code == 400
        assert "این پیوند درست نیست" in response.content.decode()


def test_a_confirm_token_does_not_unsubscribe(client):
    subscription = confirmed()
    response = client.post(reverse("alerts:unsubscribe", args=[make_token(subscription, "confirm")]))
    assert response.status_code == 400
    assert Subscription.objects.exists()


@pytest.mark.parametrize(
    "email",
    [
        "not-an-address",
        "",
        "a@b",
        "x" * 300 + "@example.org",
        "reader@example.org\r\nBcc: x@y.z",
        "<script>@x.org",
    ],
)
def test_a_bad_address_gets_a_persian_message(client, email):
    response = ask(client, email=email)
    assert response.status_code == 400
    assert "نشانی ایمیل" in response.content.decode()
    assert not Subscription.objects.exists() and mail.outbox == []


def test_a_huge_query_string_gets_a_persian_message(client):
    response = ask(client, query="q=" + "موشک%20" * 3000)
    assert response.status_code == 400 and "بیش از اندازه بلند" in response.content.decode()
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("query", ["date_from=۱۴۰۰/۱۳/۴۰", "source=abc", "sort=sideways"])
def test_an_invalid_filter_gets_a_persian_message(client, query):
    response = ask(client, query=query)
    assert response.status_code == 400 and "پالایش" in response.content.decode()


def test_a_list_without_alerts_is_refused(client):
    assert client.get("/alerts/new/officials/").status_code == 400
    assert client.get("/alerts/new/nothing/").status_code == 400


def test_the_same_request_twice_in_a_day_mails_once(client):
    ask(client)
    response = ask(client)
    assert response.status_code == 429 and "امروز" in response.content.decode()
    assert len(mail.outbox) == 1


def test_an_address_holds_a_limited_number_of_alerts(client, settings):
    settings.ALERTS_MAX_PER_ADDRESS = 2
    assert ask(client, "q=الف", REMOTE_ADDR="10.0.0.1").status_code == 302
    assert ask(client, "q=ب", REMOTE_ADDR="10.0.0.2").status_code == 302
    response = ask(client, "q=پ", REMOTE_ADDR="10.0.0.3")
    assert response.status_code == 429 and "بیشترین شمار" in response.content.decode()
    assert Subscription.objects.count() == 2 and len(mail.outbox) == 2


def test_a_client_address_makes_a_limited_number_of_requests(client, settings):
    settings.ALERTS_MAX_PER_CLIENT = 2
    for i in range(2):
        assert ask(client, email=f"r{i}@example.org").status_code == 302
    response = ask(client, email="r9@example.org")
    assert response.status_code == 429 and "نشانی اینترنتی" in response.content.decode()
    assert ask(client, email="r9@example.org", REMOTE_ADDR="10.9.9.9").status_code == 302


def test_the_form_page_describes_the_search(client):
    response = client.get(f"{ALERT_URL}?q=رزمایش&date_from=1399&page=3")
    html = response.content.decode()
    assert response.status_code == 200 and 'method="post"' in html
    assert "رزمایش" in html and "از تاریخ" in html and "۱۳۹۹" in html


def test_staff_see_subscriptions_in_the_admin(staff_client):
    confirmed()
    response = staff_client.get(reverse("admin:archive_subscription_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "reader@example.org" in html and "اشتراک‌های اطلاع‌رسانی" in html and "روزانه" in html


def test_run_reports_what_it_sent():
    confirmed()
    confirmed(email="other@example.org")
    make_article("رزمایش", "متن رزمایش")
    mail.outbox.clear()
    report = run("daily")
    assert (report.planned, report.sent, report.failed) == (2, 2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["other@example.org", "reader@example.org"]


def test_pruning_the_change_log_keeps_what_a_confirmed_alert_still_reads():
    from archive.search import changelog

    confirmed()
    first = make_article("رزمایش یکم", "متن رزمایش")
    second = make_article("رزمایش دوم", "متن رزمایش")
    # Every index has applied the whole log: without the alerts' hold, pruning would take both rows.
    changelog.report_applied("every-index", changelog.position())
    changelog.prune()
    [message] = send()
    assert first.title in message.body and second.title in message.body
