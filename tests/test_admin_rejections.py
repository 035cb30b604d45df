"""A rejected suggestion stays visible and can be brought back: on the article page and in its own list."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from archive import extract
from archive.models import Article, RejectedSuggestion, ReviewStatus
from tests.test_admin_review import change_url, marked, suggestions_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    """Logged in as a member of the «ویراستاران» group, as editors are."""
    user = django_user_model.objects.create_user("ed", password="a-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name="ویراستاران"))
    client.force_login(user)
    return client


@pytest.fixture
def fresh(demo) -> Article:
    """The seed article without its statements: every statement is a suggestion."""
    demo.statements.all().delete()
    demo.review_status = ReviewStatus.NEW
    demo.save()
    return demo


def reject_first(client, article) -> RejectedSuggestion:
    s = next(s for s in extract.suggest_for_article(article) if s.type == "statement")
    client.post(suggestions_url(article), {"reject": f"statement:{s.start}:{s.end}"})
    return RejectedSuggestion.objects.get(article=article, start=s.start, end=s.end)


def test_the_article_page_lists_its_rejected_suggestions_with_their_words(editor_client, fresh):
    rejection = reject_first(editor_client, fresh)
    html = editor_client.get(change_url(fresh)).content.decode()
    assert "پیشنهادهای ردشده (۱)" in html
    assert fresh.body[rejection.start : rejection.end][:40] in html
    assert f'name="restore" value="{rejection.pk}"' in html


def test_restoring_from_the_article_page_offers_the_suggestion_again(editor_client, fresh):
    rejection = reject_first(editor_client, fresh)
    before = marked(editor_client.get(change_url(fresh)).content.decode()).count("sg-suggested")
    response = editor_client.post(suggestions_url(fresh), {"restore": rejection.pk})
    assert response.status_code == 302 and response["Location"].endswith("#sg-rejected")
    assert not RejectedSuggestion.objects.exists()
    after = marked(editor_client.get(change_url(fresh)).content.decode()).count("sg-suggested")
    assert after == before + 1


def test_restoring_another_articles_rejection_does_nothing(editor_client, fresh):
    from tests.conftest import make_article

    other = make_article("دیگر", "متن دیگر")
    rejection = RejectedSuggestion.objects.create(article=other, kind="statement", start=0, end=4)
    editor_client.post(suggestions_url(fresh), {"restore": rejection.pk})
    assert RejectedSuggestion.objects.filter(pk=rejection.pk).exists()


def test_the_rejections_list_shows_the_words_and_restores_by_action(editor_client, fresh):
    rejection = reject_first(editor_client, fresh)
    html = editor_client.get("/admin/archive/rejectedsuggestion/").content.decode()
    assert fresh.body[rejection.start : rejection.end][:40] in html
    assert "گفته" in html and "ed" in html
    response = editor_client.post(
        "/admin/archive/rejectedsuggestion/",
        {"action": "restore", "_selected_action": [rejection.pk], "index": 0},
    )
    assert response.status_code == 302
    assert not RejectedSuggestion.objects.exists()


def test_rejections_are_not_added_or_edited_by_hand(editor_client, fresh):
    rejection = reject_first(editor_client, fresh)
    assert editor_client.get("/admin/archive/rejectedsuggestion/add/").status_code == 403
    page = editor_client.get(f"/admin/archive/rejectedsuggestion/{rejection.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
