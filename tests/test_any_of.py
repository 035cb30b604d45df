"""`__any_of`: the exports' id lists as one parameter (an array on PostgreSQL, a JSON text on SQLite)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Article, ArticleVia, Source
from tests.conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles() -> list[Article]:
    source = Source.objects.create(name="ایرنا")
    made = [make_article(f"خبر {i}", f"متن خبر شماره {i}") for i in range(5)]
    for article in made[:2]:
        ArticleVia.objects.create(article=article, source=source, position=0)
    return made


def test_it_selects_exactly_the_ids_given(articles):
    wanted = [articles[3].pk, articles[0].pk, articles[1].pk, 10**12]  # one that does not exist
    assert set(Article.objects.filter(pk__any_of=wanted).values_list("pk", flat=True)) == set(wanted[:3])
    assert not Article.objects.filter(pk__any_of=[]).exists()
    via = ArticleVia.objects.filter(article_id__any_of=[a.pk for a in articles])  # a foreign key
    assert sorted(via.values_list("article_id", flat=True)) == sorted(a.pk for a in articles[:2])


def test_a_long_list_is_one_parameter(articles):
    ids = [*range(10**9, 10**9 + 2500), articles[2].pk]
    with CaptureQueriesContext(connection) as queries:
        found = list(Article.objects.filter(pk__any_of=ids).values_list("pk", flat=True))
    assert found == [articles[2].pk]
    sql = queries.captured_queries[0]["sql"]
    assert ("= ANY(" if connection.vendor == "postgresql" else "json_each(") in sql
    assert " IN (%s" not in sql and " IN (?" not in sql
    # One parameter, not 2,501 placeholders each prepared by Django.
    query = Article.objects.filter(pk__any_of=ids).values_list("pk", flat=True).query
    _sql, params = query.get_compiler(connection=connection).as_sql()
    assert len(params) == 1


def test_it_keeps_the_ids_that_are_past_what_a_float_holds(articles):
    # JSON numbers above 2**53 would lose digits if read as reals: SQLite's json_each keeps integers exact.
    big = 2**62 + 1
    assert not Article.objects.filter(pk__any_of=[big, big - 2]).exists()
    Article.objects.filter(pk=articles[4].pk).update(id=big)
    assert list(Article.objects.filter(pk__any_of=[big - 2, big]).values_list("pk", flat=True)) == [big]
