"""The article list's search, end to end: each class of word forms is found, its neighbours are not.

Through the public page `/articles/?q=…` with the test client, whatever
engine and database run; the key-level classes are in tests/test_text_forms.py.
"""

from __future__ import annotations

import pytest

from tests.conftest import make_article

pytestmark = pytest.mark.django_db

ARTICLES = {
    "perfect_zwnj": "وزارت دفاع اعلام کرده‌اند که رزمایش آغاز شده‌است.",
    "perfect_space": "فرماندهان گفته اند که نیروها آماده اند.",
    "perfect_joined": "سخنگو گفت آنها کردهاند آنچه گفتهاند.",
    "copula": "مردم منطقه نگران‌اند و معتقدند که خطر جدی است.",
    "women": "زنان و کودکان از منطقه خارج شدند.",
    "witness": "شاهدان عینی از انفجار خبر دادند.",
    "man": "یک مرد جوان در مرز دستگیر شد.",
    "instrument": "نوازنده ساز می‌زد و کشت گندم آغاز شد.",
    "chiefs": "روسای ستاد مشترک با سازمان ملل در کشتی دیدار کردند.",
    "russian": "یک روس در بندر دیده شد.",
    "comparative": "این بزرگترین رزمایش و پیشرفته‌ترین موشک قوی‌تر است.",
    "daughter": "دختر او در دفتر روزنامه بر بستر بیماری بود.",
    "flourish": "این خبر خیییلی مهم بود.",
    "rare_letters": "وزير دفاع ڪشور ٻرنامه‌ای تازه داد.",
    "compound_apart": "کارگران وزارت خانه به کار خانه رفتند و عبد الله بازگشت.",
    "compound_joined": "سخنگوی وزارتخانه گفت عبدالله در کارخانه برمی‌گردد و باز گشت.",
    "verb_apart": "او بر می‌گردد.",
}


@pytest.fixture
def corpus() -> dict[int, str]:
    return {make_article(title=f"خبر {name}", body=body).pk: name for name, body in ARTICLES.items()}


def found(client, corpus: dict[int, str], query: str) -> set[str]:
    response = client.get("/articles/", {"q": query})
    assert response.status_code == 200
    return {corpus[article.pk] for article in response.context["page"].object_list}


class TestPerfectAndCopulaOnTheListPage:
    @pytest.mark.parametrize("query", ["کرده", "کرده‌اند", "کرده اند", "کردهاند"])
    def test_a_participle_finds_the_perfect_however_written(self, client, corpus, query):
        assert found(client, corpus, query) == {"perfect_zwnj", "perfect_joined"}

    @pytest.mark.parametrize("query", ["گفته", "گفته‌اند", "گفته اند"])
    def test_it_finds_the_perfect_written_with_a_space_and_joined(self, client, corpus, query):
        assert found(client, corpus, query) == {"perfect_space", "perfect_joined"}

    @pytest.mark.parametrize("query", ["اعلام کرده", '"اعلام کرده"', "«اعلام کرده‌اند»"])
    def test_a_phrase_finds_its_perfect(self, client, corpus, query):
        assert found(client, corpus, query) == {"perfect_zwnj"}

    @pytest.mark.parametrize("query", ["نگران", "معتقد", "نگران‌اند", "نگران اند", "نگرانند", "معتقدند"])
    def test_an_adjective_finds_it_with_the_copula(self, client, corpus, query):
        assert found(client, corpus, query) == {"copula"}

    def test_the_perfect_is_not_the_past(self, client, corpus):
        assert found(client, corpus, "کردند") == {"chiefs"}


class TestAnPluralsOnTheListPage:
    def test_a_singular_finds_its_an_plural_and_the_reverse(self, client, corpus):
        assert found(client, corpus, "زن") == {"women"}
        assert found(client, corpus, "کودک") == {"women"}
        assert found(client, corpus, "شاهد") == {"witness"}
        assert found(client, corpus, "شاهدان") == {"witness"}

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("مرد", {"man"}),
            ("مردم", {"copula"}),
            ("ساز", {"instrument"}),
            ("سازمان", {"chiefs"}),
            ("روس", {"russian"}),
            ("روسای", {"chiefs"}),
            ("کشت", {"instrument"}),
            ("کشتی", {"chiefs"}),
        ],
    )
    def test_it_does_not_conflate_neighbours(self, client, corpus, query, expected):
        assert found(client, corpus, query) == expected


class TestComparativesOnTheListPage:
    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("بزرگ", {"comparative"}),
            ("پیشرفته", {"comparative"}),
            ("قوی", {"comparative"}),
            ("بزرگتر", {"comparative"}),
        ],
    )
    def test_an_adjective_finds_its_comparative_and_superlative(self, client, corpus, query, expected):
        assert found(client, corpus, query) == expected

    @pytest.mark.parametrize("query", ["دخ", "دف", "بس"])
    def test_a_word_in_tar_is_not_an_adjective(self, client, corpus, query):
        assert found(client, corpus, query) == set()


class TestLettersOnTheListPage:
    def test_a_stretched_word_is_found_by_the_word(self, client, corpus):
        assert found(client, corpus, "خیلی") == {"flourish"}
        assert found(client, corpus, "خییییلی") == {"flourish"}

    @pytest.mark.parametrize("query", ["کشور", "برنامه", "وزیر"])
    def test_rare_letter_forms_are_found_by_the_plain_word(self, client, corpus, query):
        assert found(client, corpus, query) == {"rare_letters"}


class TestCompoundsOnTheListPage:
    @pytest.mark.parametrize("query", ["وزارتخانه", "وزارت‌خانه", "وزارت خانه"])
    def test_a_compound_is_found_however_joined(self, client, corpus, query):
        assert found(client, corpus, query) == {"compound_apart", "compound_joined"}

    @pytest.mark.parametrize("query", ["کارخانه", "کار خانه", "عبدالله", "عبد الله"])
    def test_a_compound_noun_and_name_are_found_however_joined(self, client, corpus, query):
        assert found(client, corpus, query) == {"compound_apart", "compound_joined"}

    @pytest.mark.parametrize("query", ["بازگشت", "باز گشت"])
    def test_a_separable_verb_is_found_however_joined(self, client, corpus, query):
        assert found(client, corpus, query) == {"compound_apart", "compound_joined"}

    @pytest.mark.parametrize("query", ["برمی‌گردد", "برمیگردد", "بر می گردد", "بر می‌گردد"])
    def test_a_verb_with_a_prefix_is_found_however_joined(self, client, corpus, query):
        assert found(client, corpus, query) == {"compound_joined", "verb_apart"}
