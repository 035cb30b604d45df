"""What the search engine must do, on every deployment: the same queries find the same rows.

`EngineContract` states it once; `TestSQLite` and `TestPostgreSQL` inherit
it, and the one that does not match the database under test is skipped (run
the suite with DATABASE_URL=postgresql://… for the other). Both run the one
engine, the Tantivy index fed from that database; an engine added one day
(OpenSearch) gets a class of its own here.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.models import Article, Official, OfficialAlias, Source, Statement
from archive.search import (
    NEWEST,
    OLDEST,
    ArticleFilters,
    Hits,
    search_articles,
    search_officials,
    search_statements,
)

ARTICLES = {
    "visit": ("سفر وزیر دفاع روسیه به ایران", "شویگو درباره همکاری‌های بین‌المللی و موشک‌های دوربرد سخن گفت."),
    "exercise": ("رزمایش مشترک", "نیروهای روسیه و ایران در رزمایش بین المللی شرکت کردند. هيئت نظامي آمد."),
    "chiefs": ("نشست روسای ستاد", "روسای ستاد مشترک درباره امنیت مرزی گفت‌وگو کردند. مردم منطقه نگران‌اند."),
    "russian": ("گزارش مرزبانی", "یک روس در مرز دستگیر شد. مرد جوان ساز می‌زد."),
    "un": ("سازمان ملل", "سازمان ملل درباره درگیری‌ها بیانیه داد و از جنگنده F-16 گفت."),
    "hasanov_joined": ("دیدار با حسن‌اف", "دیدار در باکو برگزار شد."),
    "hasanov_apart": (
        "بیانیه آذربایجان",
        "ذاکر حسن اف وزیر دفاع آذربایجان در سال ۱۳۹۹ گفت که مُوشَک‌ها آماده‌اند.",
    ),
    "drone_title": ("پهپاد تازه", "نمایش در نمایشگاه."),
    "drone_body": ("نمایشگاه", "نمایش پهپاد و پهپاد دیگر و باز هم پهپاد در نمایشگاه."),
}


@pytest.mark.django_db
class EngineContract:
    @pytest.fixture(autouse=True)
    def corpus(self, db) -> None:
        self.tass = Source.objects.create(name="تاس")
        self.ids: dict[str, int] = {}
        start = dt.datetime(2020, 8, 1, tzinfo=dt.UTC)
        for i, (name, (title, body)) in enumerate(ARTICLES.items()):
            article = Article.objects.create(
                title=title,
                body=body,
                source=self.tass if i % 2 else None,
                published_at=start + dt.timedelta(days=i),
            )
            self.ids[name] = article.pk
        self.names = {pk: name for name, pk in self.ids.items()}

    def found(self, query: str, **filters) -> set[str]:
        hits = search_articles(query, ArticleFilters(**{"public": None, **filters}), limit=100)
        assert hits.count == len(hits.ids)
        return {self.names[pk] for pk in hits.ids}

    # -- operators ---------------------------------------------------------

    def test_it_finds_a_word(self):
        assert self.found("رزمایش") == {"exercise"}

    def test_every_word_must_match(self):
        assert self.found("روسیه ایران") == {"visit", "exercise"}
        assert self.found("روسیه رزمایش") == {"exercise"}

    def test_it_finds_an_exact_phrase(self):
        assert self.found('"وزیر دفاع"') == {"visit", "hasanov_apart"}
        assert self.found('"دفاع وزیر"') == set()

    def test_a_phrase_does_not_run_from_title_into_body(self):
        assert self.found('"ایران شویگو"') == set()

    def test_it_finds_alternatives(self):
        assert self.found("رزمایش OR سازمان") == {"exercise", "un"}

    def test_it_excludes_words(self):
        assert self.found("روسیه -رزمایش") == {"visit"}

    def test_an_exclusion_only_query_gives_everything_else_newest_first(self):
        assert self.found("-روسیه") == set(ARTICLES) - {"visit", "exercise"}
        ids = search_articles("-روسیه", ArticleFilters(public=None)).ids
        assert ids == sorted(ids, key=lambda pk: Article.objects.get(pk=pk).published_at, reverse=True)

    def test_it_finds_a_prefix(self):
        assert self.found("رزما*") == {"exercise"}
        assert self.found("نمایشگا*") == {"drone_title", "drone_body"}

    @pytest.mark.parametrize("query", ["***", '"', "-", "OR", "؟،"])
    def test_nothing_searchable_finds_nothing(self, query):
        hits = search_articles(query, facets=True)
        assert hits.count == 0 and hits.ids == [] and all(v == [] for v in hits.facets.values())

    # -- how words are typed ---------------------------------------------------

    @pytest.mark.parametrize("query", ["هیئت", "هیأت", "هیات", "هيئت"])
    def test_it_unifies_hamza_and_arabic_yeh(self, query):
        assert self.found(query) == {"exercise"}

    def test_it_unifies_arabic_kaf_and_yeh(self):
        assert self.found("نظامي") == self.found("نظامی") == {"exercise"}
        assert self.found("مشترك") == {"exercise", "chiefs"}

    @pytest.mark.parametrize("query", ["بین‌المللی", "بینالمللی", "بین المللی"])
    def test_it_finds_a_word_with_zwnj_without_it_or_with_a_space(self, query):
        assert self.found(query) == {"visit", "exercise"}

    @pytest.mark.parametrize("query", ["حسن‌اف", "حسناف", "حسن اف"])
    def test_it_finds_a_name_however_it_is_joined(self, query):
        assert self.found(query) == {"hasanov_joined", "hasanov_apart"}

    def test_it_ignores_diacritics(self):
        assert self.found("موشک") == {"visit", "hasanov_apart"}
        assert self.found("مُوشَک") == {"visit", "hasanov_apart"}

    @pytest.mark.parametrize("query", ["1399", "۱۳۹۹", "١٣٩٩"])
    def test_it_unifies_digits(self, query):
        assert self.found(query) == {"hasanov_apart"}

    def test_latin_is_case_insensitive(self):
        assert self.found("f-16") == self.found("F16") | self.found("F-16") == {"un"}

    # -- words that must stay apart ---------------------------------------------

    def test_heads_are_not_russians(self):
        assert self.found("روس") == {"russian"}
        assert self.found("روسای") == {"chiefs"}

    def test_people_are_not_a_man(self):
        assert self.found("مرد") == {"russian"}
        assert self.found("مردم") == {"chiefs"}

    def test_an_organization_is_not_an_instrument(self):
        assert self.found("ساز") == {"russian"}
        assert self.found("سازمان") == {"un"}

    # -- ranking and composition ---------------------------------------------------

    def test_a_title_match_ranks_above_a_body_match(self):
        assert search_articles("پهپاد").ids == [self.ids["drone_title"], self.ids["drone_body"]]

    def test_filters_sorts_and_counts_compose(self):
        assert self.found("روسیه", source=self.tass.pk) == {"exercise"}
        assert search_articles("روسیه", sort=OLDEST).ids == [self.ids["visit"], self.ids["exercise"]]
        assert search_articles("روسیه", sort=NEWEST, limit=1).ids == [self.ids["exercise"]]
        assert search_articles("روسیه", limit=1).count == 2

    def test_it_searches_public_articles_only_by_default(self):
        Article.objects.filter(pk=self.ids["visit"]).update(is_public=False)
        assert {self.names[pk] for pk in search_articles("روسیه").ids} == {"exercise"}
        assert self.found("روسیه") == {"visit", "exercise"}

    def test_it_paginates(self):
        query = "نمایش OR روسیه OR سازمان"
        pages = [search_articles(query, offset=offset, limit=2) for offset in (0, 2, 4)]
        assert [p.count for p in pages] == [5, 5, 5]
        assert [len(p.ids) for p in pages] == [2, 2, 1]
        assert len({pk for p in pages for pk in p.ids}) == 5

    def test_more_words_narrow(self):
        assert self.found("روسیه رزمایش") == {"exercise"}

    def test_it_follows_edits(self):
        article = Article.objects.get(pk=self.ids["un"])
        article.title = "شورای امنیت"
        article.save()
        assert self.found("شورای") == {"un"}
        Article.objects.filter(pk=self.ids["un"]).delete()
        assert self.found("سازمان") == set()

    def test_facets_count_the_search_results(self):
        from archive.facets import labelled

        hits = search_articles("روسیه", facets=True)
        facets, count = labelled(hits.facets), hits.count
        assert count == 2
        assert facets["source"] == [{"value": self.tass.pk, "label": "تاس", "count": 1}]
        # 2020-08-01 and 2020-08-02 are in the Solar Hijri year 1399.
        assert facets["year"] == [{"value": 1399, "label": "۱۳۹۹", "count": 2}]
        assert facets["country"] == facets["official"] == facets["kind"] == []

    # -- statements and officials ---------------------------------------------------

    def test_it_searches_statements(self):
        article = Article.objects.get(pk=self.ids["visit"])
        official = Official.objects.create(name="سرگئی شویگو", latin_name="Sergei Shoigu")
        start = article.body.index("همکاری")
        Statement.objects.create(
            article=article, official=official, text=article.body[start:], start=start, end=len(article.body)
        )
        assert search_statements("بین المللی").count == 1
        (found,) = search_statements("موشک").ids
        assert Statement.objects.get(pk=found).official == official
        assert search_statements("روسیه").count == 0

    @pytest.mark.parametrize("query", ["شویگو", "Shoigu", "shoygu", "ژنرال شویگو", "سرگئی"])
    def test_it_finds_an_official_by_any_name(self, query):
        shoigu = Official.objects.create(name="سرگئی شویگو", latin_name="Sergei Shoigu")
        OfficialAlias(official=shoigu, name="Shoygu").save()
        Official.objects.create(name="ذاکر حسن‌اف", latin_name="Zakir Hasanov")
        assert search_officials(query).ids == [shoigu.pk]

    # -- hostile input ----------------------------------------------------------------

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.text(max_size=120))
    def test_any_text_gives_hits(self, query):
        for search in (search_articles, search_statements, search_officials):
            hits = search(query, limit=50)
            assert isinstance(hits, Hits)
            assert len(hits.ids) == min(hits.count, 50)

    def test_a_long_hostile_query_is_answered(self):
        query = ('"NEAR( title: -* OR ' + "'; DROP TABLE archive_article; --" + " روسیه\x00") * 150
        assert search_articles(query[:5000]).count >= 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the database under test is not SQLite")
class TestSQLite(EngineContract):
    pass


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database under test is not PostgreSQL")
class TestPostgreSQL(EngineContract):
    pass
