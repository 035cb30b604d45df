"""Each database constraint rejects bad data, whatever code path writes it."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError

from archive.models import Article, Event, Official, Position, Source, Statement
from tests.conftest import make_article

pytestmark = pytest.mark.django_db


def statement(
    article: Article, official: Official, start: int, end: int, text: str | None = None
) -> Statement:
    return Statement(
        article=article, official=official, start=start, end=end, text=text or article.body[start:end]
    )


def span(body: str, quote: str) -> tuple[int, int]:
    start = body.index(quote)
    return start, start + len(quote)


@pytest.fixture
def official() -> Official:
    o = Official(name="ذاکر حسن اف")
    o.save()
    return o


def test_it_rejects_a_second_article_with_the_same_url():
    make_article("یک", "متن یک", url="https://example.org/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article("دو", "متن دو", url="https://example.org/a")


def test_it_allows_many_articles_without_url():
    make_article("یک", "متن یک")
    make_article("دو", "متن دو", url="")
    assert Article.objects.filter(url__isnull=True).count() == 2


def test_it_rejects_a_blank_url_written_around_the_model():
    article = make_article("یک", "متن یک")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(url="")


def test_it_rejects_the_same_content_twice():
    make_article("عنوان", "همان متن")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article("عنوان", "همان  متن")  # differs only in spacing: same fingerprint


def test_it_accepts_a_statement_that_quotes_its_span(official):
    article = make_article("عنوان", "وزیر گفت: صلح پایدار است.")
    s = statement(article, official, *span(article.body, "صلح پایدار است."))
    s.save()
    assert s.text == "صلح پایدار است."


def test_it_rejects_a_statement_whose_span_runs_past_the_body(official):
    article = make_article("عنوان", "متن کوتاه")
    with pytest.raises(IntegrityError), transaction.atomic():
        statement(article, official, 2, 50, text="چیزی").save()


def test_it_rejects_a_statement_whose_text_is_not_at_its_span(official):
    article = make_article("عنوان", "وزیر گفت: صلح پایدار است.")
    with pytest.raises(IntegrityError), transaction.atomic():
        statement(article, official, *span(article.body, "صلح پایدار است."), text="جنگ پایدار است.").save()


def test_it_rejects_moving_a_statement_span_off_its_text(official):
    article = make_article("عنوان", "وزیر گفت: صلح پایدار است.")
    s = statement(article, official, *span(article.body, "صلح پایدار است."))
    s.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.filter(pk=s.pk).update(start=s.start + 1)


def test_it_rejects_an_empty_span(official):
    article = make_article("عنوان", "وزیر گفت: صلح.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.create(article=article, official=official, start=5, end=5, text="x")


def test_it_rejects_rewriting_a_body_under_a_statement(official):
    article = make_article("عنوان", "وزیر گفت: صلح پایدار است.")
    statement(article, official, *span(article.body, "صلح پایدار است.")).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(body="وزیر گفت: جنگ پایدار است.")


def test_it_allows_editing_a_body_away_from_statements(official):
    article = make_article("عنوان", "وزیر گفت: صلح پایدار است.")
    statement(article, official, *span(article.body, "صلح پایدار است.")).save()
    Article.objects.filter(pk=article.pk).update(body="وزیر گفت: صلح پایدار است. پایان.")
    assert Statement.objects.get().text == "صلح پایدار است."


def test_it_rejects_an_event_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            title="رزمایش", kind="exercise", start=dt.date(2020, 5, 2), end=dt.date(2020, 5, 1)
        )


def test_it_rejects_a_position_that_ends_before_it_starts(official):
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(
            official=official, title="وزیر دفاع", start=dt.date(2013, 10, 22), end=dt.date(2012, 1, 1)
        )


def test_it_refuses_to_delete_a_source_that_has_articles():
    source = Source(name="خبرگزاری تسنیم")
    source.save()
    make_article(source=source)
    with pytest.raises(ProtectedError):
        source.delete()
    assert Article.objects.count() == 1


def test_it_refuses_to_delete_an_official_who_has_statements(official):
    article = make_article("عنوان", "وزیر گفت: صلح پایدار است.")
    statement(article, official, *span(article.body, "صلح پایدار است.")).save()
    with pytest.raises(ProtectedError):
        official.delete()
    assert Statement.objects.count() == 1
