"""`__any_of`: the exports' id lists as one array parameter on PostgreSQL, Django's IN elsewhere."""

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


def test_a_long_list_is_one_array_on_postgresql_and_in_elsewhere(articles):
    ids = [*range(10**9, 10**9 + 2500), articles[2].pk]
    with CaptureQueriesContext(connection) as queries:
        found = list(Article.objects.filter(pk__any_of=ids).values_list("pk", flat=True))
    assert found == [articles[2].pk]
    sql = queries.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and " IN (" not in sql
    else:
        assert " IN (" in sql
