"""No silent overwrite from the article list's inline editing, nor from a history revert."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from archive.models import Article
from tests.conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors(django_user_model):
    a, b = Client(), Client()
    a.force_login(django_user_model.objects.create_superuser("first", "f@example.org", "a-long-password-1"))
    b.force_login(django_user_model.objects.create_superuser("second", "s@example.org", "a-long-password-1"))
    return a, b


def changelist_post(client: Client, article: Article) -> dict:
    """The list's form as the browser would send it back: every field as rendered, one row changed."""
    html = client.get("/admin/archive/article/").content.decode()
    form = html.split('id="changelist-form"')[1].split("</form>")[0]
    data = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if kind and kind.group(1) == "checkbox":
            if "checked" in tag:
                data[name.group(1)] = "on"
            continue
        data[name.group(1)] = value.group(1) if value else ""
    for select in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, flags=re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select[1])
        data[select[0]] = chosen.group(1) if chosen else ""
    data["_save"] = "ذخیره"
    return data


def test_a_stale_row_of_the_list_is_refused_and_a_withdrawn_article_stays_withdrawn(editors):
    first, second = editors
    article = make_article("خبر مورد بحث", "متن خبر مورد بحث")
    form = changelist_post(first, article)  # the first editor loads the list: public, version 1
    assert any(key.endswith("-version") for key in form)

    # The second editor withdraws the article in the meantime.
    change = second.get(f"/admin/archive/article/{article.pk}/change/")
    assert change.status_code == 200
    withdrawn = Article.objects.get(pk=article.pk)
    withdrawn.is_public = False
    withdrawn.save()

    # The first editor changes only the review status of that row and saves the list.
    row = next(k.split("-")[1] for k, v in form.items() if k.endswith("-id") and v == str(article.pk))
    form[f"form-{row}-review_status"] = "in_review"
    response = first.post("/admin/archive/article/", form)
    assert response.status_code == 200  # the list comes back with the message, nothing saved
    assert "پس از آنکه آن را گشودید دوباره ذخیره شده است" in response.content.decode()
    stored = Article.objects.get(pk=article.pk)
    assert stored.is_public is False and stored.review_status != "in_review"


def test_a_fresh_row_of_the_list_still_saves(editors):
    first, _ = editors
    article = make_article("خبر دیگر", "متن خبر دیگر")
    form = changelist_post(first, article)
    row = next(k.split("-")[1] for k, v in form.items() if k.endswith("-id") and v == str(article.pk))
    form[f"form-{row}-review_status"] = "in_review"
    assert first.post("/admin/archive/article/", form).status_code == 302
    assert Article.objects.get(pk=article.pk).review_status == "in_review"


def test_the_revert_page_says_it_would_publish_a_withdrawn_article_again(editors):
    first, _ = editors
    article = make_article("خبر پس‌گرفته", "متن خبر پس‌گرفته")
    public_version = article.history.order_by("history_date").first()
    article.is_public = False
    article.save()
    page = first.get(f"/admin/archive/article/{article.pk}/history/{public_version.history_id}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "بازگرداندن به این نسخه این‌ها را تغییر می‌دهد" in html
    assert re.search(r"«عمومی»: اکنون «<bdi>خیر</bdi>» ← پس از بازگرداندن «<bdi>بله</bdi>»", html)
