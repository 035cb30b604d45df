"""The query rules every page shares, each in one queryset method."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from archive.models import Article, Official, Statement, archive_counts

pytestmark = pytest.mark.django_db


def withdraw_one_statement_of(official: Official) -> None:
    Article.objects.filter(pk=official.statements.first().article_id).update(is_public=False)


def test_public_statements_leave_out_withdrawn_articles(shoigu):
    before = Statement.objects.public().count()
    withdraw_one_statement_of(shoigu)
    assert Statement.objects.public().count() < before
    assert not Statement.objects.public().filter(article__is_public=False).exists()


def test_officials_count_only_their_public_statements(shoigu):
    public = Statement.objects.public().filter(official=shoigu).count()
    assert Official.objects.with_public_counts().get(pk=shoigu.pk).statement_count == public
    withdraw_one_statement_of(shoigu)
    assert Official.objects.with_public_counts().get(pk=shoigu.pk).statement_count < public


def test_the_busiest_officials_count_recent_public_statements(shoigu, hasanov):
    Article.objects.update(published_at=timezone.now())
    month_ago = timezone.now() - dt.timedelta(days=30)
    busiest = {o.pk: o.recent for o in Official.objects.busiest(since=month_ago)}
    assert busiest[shoigu.pk] == Statement.objects.filter(official=shoigu).count()
    assert list(Official.objects.busiest(since=timezone.now() + dt.timedelta(days=1))) == []


def test_the_archive_counts_only_what_readers_see(demo):
    counts = archive_counts()
    Article.objects.filter(pk=demo.pk).update(is_public=False)
    after = archive_counts()
    assert after["articles"] == counts["articles"] - 1
    assert after["statements"] == 0 and counts["statements"] == demo.statements.count()
