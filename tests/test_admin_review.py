"""The editors' workspace: suggestions on the article page, accept / edit / reject, the queue, review status.

Logged in as a member of the «ویراستاران» group, as editors are.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from archive.models import (
    Article,
    Official,
    RejectedSuggestion,
    ReviewStatus,
    Statement,
    UnresolvedMention,
)
from tests.conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("ed", password="a-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name="ویراستاران"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def fresh(demo) -> Article:
    """The seed article without its hand annotations, as an import leaves it."""
    demo.statements.all().delete()
    demo.review_status = ReviewStatus.NEW
    demo.save()
    return demo


def change_url(article: Article) -> str:
    return f"/admin/archive/article/{article.pk}/change/"


def suggestions_url(article: Article) -> str:
    return f"/admin/archive/article/{article.pk}/suggestions/"


def marked(html: str) -> str:
    """The marked body of the page, without the legend."""
    return html.split('class="sg-body"')[1].split("</form>")[0]


def first_statement(article: Article, client) -> tuple[int, int]:
    from archive import extract

    s = next(s for s in extract.suggest_for_article(article) if s.type == "statement")
    return s.start, s.end


def test_the_article_page_marks_suggested_statements_and_mentions_in_place(editor_client, fresh):
    html = editor_client.get(change_url(fresh)).content.decode()
    assert marked(html).count('class="sg-statement sg-suggested"') == 7
    assert 'class="sg-mention sg-resolved"' in marked(html)
    assert "archive/suggestions.js" in html and "archive/suggestions.css" in html
    # outside the change form: forms do not nest
    assert html.index('class="sg-form"') < html.index('id="article_form"')


def test_accepted_statements_stay_marked_and_link_to_their_record(editor_client, demo):
    html = editor_client.get(change_url(demo)).content.decode()
    assert marked(html).count('class="sg-statement sg-accepted"') == 7
    assert "sg-suggested" not in marked(html)
    statement = demo.statements.first()
    assert f"/admin/archive/statement/{statement.pk}/change/" in html


def test_accepting_a_statement_creates_it_with_its_span_speaker_and_editor(
    editor_client, editor, fresh, hasanov
):
    start, end = first_statement(fresh, editor_client)
    response = editor_client.post(suggestions_url(fresh), {"accept": f"statement:{start}:{end}"})
    assert response.status_code == 302
    statement = Statement.objects.get(article=fresh)
    assert (statement.start, statement.end, statement.official) == (start, end, hasanov)
    assert statement.text == fresh.body[start:end]
    assert statement.attribution == "وزیر دفاع جمهوری آذربایجان"
    assert statement.direct is True
    assert statement.created_by == editor
    fresh.refresh_from_db()
    assert fresh.review_status == ReviewStatus.IN_REVIEW


def test_rejecting_a_statement_hides_it_from_the_page(editor_client, fresh):
    start, end = first_statement(fresh, editor_client)
    editor_client.post(suggestions_url(fresh), {"reject": f"statement:{start}:{end}"})
    assert RejectedSuggestion.objects.filter(article=fresh, start=start, end=end).exists()
    html = editor_client.get(change_url(fresh)).content.decode()
    assert marked(html).count('class="sg-statement sg-suggested"') == 6
    assert not Statement.objects.exists()


def test_edit_opens_the_statement_form_filled_in_and_saving_returns_to_the_article(
    editor_client, fresh, hasanov
):
    start, end = first_statement(fresh, editor_client)
    html = editor_client.get(change_url(fresh)).content.decode()
    assert f"/admin/archive/statement/add/?article={fresh.pk}&amp;start={start}&amp;end={end}" in html
    url = (
        f"/admin/archive/statement/add/?article={fresh.pk}&start={start}&end={end}"
        f"&official={hasanov.pk}&_from_article=1"
    )
    form = editor_client.get(url).content.decode()
    assert f'value="{start}"' in form
    response = editor_client.post(
        url,
        {
            "article": fresh.pk,
            "official": hasanov.pk,
            "start": start,
            "end": end - 1,
            "text": "",
            "direct": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(change_url(fresh))
    assert Statement.objects.get().end == end - 1


def test_a_statement_without_a_known_speaker_cannot_be_accepted_blind(editor_client, demo):
    article = make_article(title="خبر", body="وزارت دفاع ترکیه اعلام کرد: رزمایش ماه آینده برگزار می‌شود.")
    from archive import extract

    s = next(s for s in extract.suggest_for_article(article) if s.type == "statement")
    assert s.official_id is None
    editor_client.post(suggestions_url(article), {"accept": f"statement:{s.start}:{s.end}"})
    assert not Statement.objects.filter(article=article).exists()


def test_an_unresolved_mention_goes_to_the_queue_and_becomes_an_alias(editor_client, editor, demo, shoigu):
    article = make_article(title="خبر", body="ژنرال سرگی کوژوگتویچ گفت: روسیه بی‌طرف است.")
    html = editor_client.get(change_url(article)).content.decode()
    assert 'class="sg-mention sg-unresolved"' in marked(html)
    editor_client.post(suggestions_url(article), {"accept": "mention:0:20"})
    mention = UnresolvedMention.objects.get()
    assert mention.text == "ژنرال سرگی کوژوگتویچ"
    response = editor_client.post(
        f"/admin/archive/unresolvedmention/{mention.pk}/change/", {"official": shoigu.pk, "status": "open"}
    )
    assert response.status_code == 302
    mention.refresh_from_db()
    assert mention.status == "resolved" and mention.resolved_by == editor
    assert shoigu.aliases.filter(name="سرگی کوژوگتویچ").exists()


def test_an_official_can_be_created_from_the_queue(editor_client, demo):
    article = make_article(title="خبر", body="سرلشکر محمد باقری در این نشست حضور داشت.")
    editor_client.post(suggestions_url(article), {"accept": "mention:0:17"})
    mention = UnresolvedMention.objects.get()
    editor_client.post(
        "/admin/archive/unresolvedmention/",
        {"action": "create_officials", "_selected_action": [mention.pk]},
    )
    assert Official.objects.filter(name="محمد باقری").exists()
    assert UnresolvedMention.objects.get().status == "resolved"


def test_a_forged_suggestion_is_refused_with_a_message(editor_client, fresh):
    response = editor_client.post(suggestions_url(fresh), {"accept": "statement:0:5"}, follow=True)
    assert "دیگر در میان پیشنهادهای" in response.content.decode()
    assert not Statement.objects.exists()


def test_the_suggestion_endpoint_takes_only_post(editor_client, fresh):
    assert editor_client.get(suggestions_url(fresh)).status_code == 403


# -- review workflow -------------------------------------------------------


def test_admin_actions_move_articles_through_the_review_statuses(editor_client, editor, fresh):
    for action, status in [
        ("mark_in_review", "in_review"),
        ("mark_annotated", "annotated"),
        ("mark_new", "new"),
    ]:
        editor_client.post("/admin/archive/article/", {"action": action, "_selected_action": [fresh.pk]})
        fresh.refresh_from_db()
        assert fresh.review_status == status
    assert fresh.annotated_by == editor and fresh.annotated_at is not None


def test_saving_an_article_as_annotated_records_who_and_when(staff_client, fresh):
    from django.contrib.auth import get_user_model

    html = staff_client.get(change_url(fresh)).content.decode()
    assert 'name="version"' in html
    fresh.refresh_from_db()
    data = {
        "title": fresh.title,
        "body": fresh.body,
        "language": "fa",
        "review_status": "annotated",
        "is_public": "on",
        "version": fresh.version,
        "via_links-TOTAL_FORMS": 0,
        "via_links-INITIAL_FORMS": 0,
        "statements-TOTAL_FORMS": 0,
        "statements-INITIAL_FORMS": 0,
        "Event_articles-TOTAL_FORMS": 0,
        "Event_articles-INITIAL_FORMS": 0,
    }
    response = staff_client.post(change_url(fresh), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    fresh.refresh_from_db()
    assert fresh.review_status == "annotated"
    assert fresh.annotated_by == get_user_model().objects.get(username="editor")


def test_the_needs_review_filter_lists_articles_not_yet_annotated(editor_client, demo):
    waiting = make_article(title="در انتظار بررسی", body="متن")
    html = editor_client.get("/admin/archive/article/?needs_review=yes").content.decode()
    assert waiting.title in html and demo.title not in html
    html = editor_client.get("/admin/archive/article/?needs_review=no").content.decode()
    assert demo.title in html and waiting.title not in html


# -- permissions -------------------------------------------------------------


def test_editors_can_work_the_queue_but_not_delete_officials_or_sources_or_manage_users(
    editor_client, shoigu
):
    assert editor_client.get("/admin/archive/unresolvedmention/").status_code == 200
    assert editor_client.get(f"/admin/archive/official/{shoigu.pk}/delete/").status_code == 403
    source = shoigu.statements.first().article.source
    assert editor_client.get(f"/admin/archive/source/{source.pk}/delete/").status_code == 403
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403


def test_a_user_without_the_editors_permissions_cannot_accept(client, django_user_model, fresh):
    user = django_user_model.objects.create_user("viewer", password="a-long-password-1", is_staff=True)
    client.force_login(user)
    start, end = first_statement(fresh, client)
    assert client.post(suggestions_url(fresh), {"accept": f"statement:{start}:{end}"}).status_code == 403
    assert not Statement.objects.exists()


# -- bounded queries ---------------------------------------------------------


@pytest.fixture
def fifty_statements(demo, shoigu) -> Article:
    sentence = "شویگو گفت: روسیه به تعهدات خود در منطقه پایبند است. "
    article = make_article(title="پنجاه گفته", body=sentence * 50)
    step = len(sentence)
    Statement.objects.bulk_create(
        Statement(
            article=article,
            official=shoigu,
            start=i * step + 11,
            end=(i + 1) * step - 1,
            text=sentence[11:-1],
            direct=True,
        )
        for i in range(50)
    )
    return article


def test_the_change_page_of_an_article_with_50_statements_runs_a_bounded_number_of_queries(
    staff_client, fifty_statements, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        response = staff_client.get(change_url(fifty_statements))
    assert response.status_code == 200
    assert response.content.decode().count("sg-accepted") >= 50


def test_the_statement_list_runs_a_bounded_number_of_queries(
    staff_client, fifty_statements, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        assert staff_client.get("/admin/archive/statement/").status_code == 200


# -- the suggestion endpoint refuses what it cannot use ------------------------


@pytest.mark.parametrize("object_id", ["abc", "1x", "-1", "99999999999999999999999"])
def test_the_suggestion_endpoint_is_a_404_for_an_id_that_is_not_one(editor_client, fresh, object_id):
    response = editor_client.post(
        f"/admin/archive/article/{object_id}/suggestions/", {"accept": "mention:0:20"}
    )
    assert response.status_code == 404


def test_accepting_a_mention_needs_the_add_permission_on_the_queue(client, django_user_model, demo):
    from django.contrib.auth.models import Permission

    article = make_article(title="خبر", body="ژنرال سرگی کوژوگتویچ گفت: روسیه بی‌طرف است.")
    user = django_user_model.objects.create_user("changer", password="a-long-password-1", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["change_article", "view_article"]))
    client.force_login(user)
    assert client.post(suggestions_url(article), {"accept": "mention:0:20"}).status_code == 403
    assert not UnresolvedMention.objects.exists()


def test_editors_may_queue_a_mention(editor):
    assert editor.has_perm("archive.add_unresolvedmention")
