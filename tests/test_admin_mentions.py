"""The queue of unknown names: an official made from an entry in one step, with the position its role names.

Linking an entry to an official makes its name an alias and its role a
position held on the article's date.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group

from archive.dates import parse_datetime
from archive.ingest.routine import import_paths
from archive.models import Official, Position, UnresolvedMention
from tests.conftest import make_article
from tests.ingest_helpers import FIXTURES

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_user("ed", password="a-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name="ویراستاران"))
    client.force_login(user)
    return client


def entry(text: str) -> UnresolvedMention:
    return UnresolvedMention.objects.select_related("article").get(text=text)


def change_url(mention: UnresolvedMention) -> str:
    return f"/admin/archive/unresolvedmention/{mention.pk}/change/"


def form(mention: UnresolvedMention, **fields) -> dict:
    data = {
        "status": mention.status,
        "role_title": mention.role_title,
        "role_country": mention.role_country_id or "",
    }
    data["official"] = ""
    return {**data, **fields}


@pytest.fixture
def imported():
    import_paths([str(FIXTURES / "queue")])


def test_the_entry_page_offers_to_make_the_official_with_its_role(editor_client, imported):
    html = editor_client.get(change_url(entry("داوید تونویان"))).content.decode()
    assert 'name="_create_official"' in html and "وزیر دفاع ارمنستان" in html


def test_one_step_makes_the_official_with_country_alias_and_the_position_of_the_article_date(
    editor_client, imported
):
    mention = entry("داوید تونویان")
    response = editor_client.post(change_url(mention), form(mention, _create_official="1"))
    official = Official.objects.get(name="داوید تونویان")
    assert response.status_code == 302 and response["Location"].endswith(f"/official/{official.pk}/change/")
    assert official.country_id == "AM"
    (position,) = official.positions.all()
    assert (position.title, position.country_id) == ("وزیر دفاع", "AM")
    mention.refresh_from_db()
    assert mention.status == "resolved" and mention.official == official


def test_the_new_official_is_found_by_the_next_suggestions(editor_client, imported):
    from archive import extract

    mention = entry("داوید تونویان")
    editor_client.post(change_url(mention), form(mention, _create_official="1"))
    later = make_article(
        title="ب", body="وزیر دفاع ارمنستان گفت: مرز آرام است.", published_at=mention.article.published_at
    )
    statement = next(s for s in extract.suggest_for_article(later) if s.type == "statement")
    assert statement.official_id == Official.objects.get(name="داوید تونویان").pk


def test_linking_a_role_to_an_official_creates_the_position(editor_client, imported):
    official = Official.objects.create(name="هایک آراکلیان")
    mention = entry("رئیس ستاد کل نیروهای مسلح ارمنستان")
    editor_client.post(change_url(mention), form(mention, official=official.pk))
    (position,) = official.positions.all()
    assert (position.title, position.country_id) == ("رئیس ستاد کل نیروهای مسلح", "AM")
    assert not official.aliases.exists()  # a role is no name


def test_linking_a_name_with_a_role_adds_the_alias_and_the_position_once(editor_client, imported):
    official = Official.objects.create(name="داوید تونویان", country_id="AM")
    Position.objects.create(official=official, title="وزیر دفاع", country_id="AM", start=dt.date(2020, 1, 1))
    mention = entry("داوید تونویان")
    editor_client.post(change_url(mention), form(mention, official=official.pk))
    assert official.positions.count() == 1  # already held on the article's date


def test_the_action_makes_officials_with_their_positions(editor_client, imported):
    mention = entry("داوید تونویان")
    editor_client.post(
        "/admin/archive/unresolvedmention/", {"action": "create_officials", "_selected_action": [mention.pk]}
    )
    assert Position.objects.filter(
        official__name="داوید تونویان", title="وزیر دفاع", country_id="AM"
    ).exists()


def test_a_position_starts_on_the_article_date(editor_client):
    article = make_article(
        title="الف",
        body="ساموئل هاروتیونیان، وزیر امور خارجه ارمنستان، گفت: ایروان آماده است.",
        published_at=parse_datetime("2024-03-05T10:00:00+03:30"),
    )
    from archive import extract

    extract.queue_unresolved(article, extract.suggest_for_article(article))
    mention = entry("ساموئل هاروتیونیان")
    editor_client.post(change_url(mention), form(mention, _create_official="1"))
    position = Position.objects.get(official__name="ساموئل هاروتیونیان")
    assert (position.title, position.start) == ("وزیر امور خارجه", dt.date(2024, 3, 5))
