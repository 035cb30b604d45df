"""Phrases matched through the pairs fields find exactly the records the words stand side by side in.

A phrase of two words is one term of a pairs field, a longer one its pairs
checked by position, a phrase ending in a prefix the pairs that begin with
its last word (archive/search/compile.py). The truth here is the keys
themselves, read token by token in Python: nothing of Tantivy's.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest

from archive.models import Article, Official, OfficialAlias
from archive.search import build, engine, search_articles, search_officials
from archive.search.engine import ArticleFilters
from archive.search.schema import ARTICLES, pair, pairs
from tests.conftest import make_article

pytestmark = pytest.mark.django_db
START = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
# Few words, so that every pair, many triples, repeats («روسیه روسیه») and the
# trap of «a b x b c» (both pairs of «a b c», not the phrase) all occur.
WORDS = ["روسیه", "ایران", "موشک", "دریا", "مرز", "سفر", "نیرو", "پهپاد"]


@pytest.fixture
def keyed(search_index_dir):
    rng = random.Random(7)
    for i in range(150):
        title = " ".join(rng.choices(WORDS, k=3))
        body = " ".join(rng.choices(WORDS, k=rng.randrange(1, 14)))
        make_article(title, body, published_at=START + dt.timedelta(hours=i))
    build.build_all()
    return {
        pk: (title_key.split(), body_key.split())
        for pk, title_key, body_key in Article.objects.values_list("pk", "title_key", "body_key")
    }


def side_by_side(tokens: list[str], keys: tuple[str, ...], prefix: bool = False) -> bool:
    n = len(keys)
    for i in range(len(tokens) - n + 1):
        window = tokens[i : i + n]
        if window[:-1] == list(keys[:-1]) and (
            window[-1].startswith(keys[-1]) if prefix else window[-1] == keys[-1]
        ):
            return True
    return False


def truth(keyed, keys: tuple[str, ...], prefix: bool = False) -> set[int]:
    # Within one field: a phrase never runs from the title into the body.
    return {pk for pk, fields in keyed.items() if any(side_by_side(f, keys, prefix) for f in fields)}


def found(text: str) -> set[int]:
    hits = search_articles(text, limit=1000)
    assert hits.count == len(hits.ids)
    return set(hits.ids)


def test_a_two_word_phrase_finds_exactly_the_records_with_the_pair(keyed):
    for keys in itertools.product(WORDS, repeat=2):
        assert found(f'"{" ".join(keys)}"') == truth(keyed, keys), keys
    assert any(truth(keyed, keys) for keys in itertools.product(WORDS, repeat=2))


def test_a_longer_phrase_is_checked_by_position_not_only_by_its_pairs(keyed):
    rng = random.Random(3)
    triples = rng.sample(list(itertools.product(WORDS, repeat=3)), 60)
    traps = 0
    for keys in triples:
        want = truth(keyed, keys)
        both_pairs = {
            pk
            for pk, fields in keyed.items()
            if all(any(side_by_side(f, p) for f in fields) for p in (keys[:2], keys[1:]))
        }
        traps += len(both_pairs - want)
        assert found(f'"{" ".join(keys)}"') == want, keys
    assert traps > 0  # records holding both pairs of a triple but not the triple were met, and left out
    four = ("روسیه", "ایران", "موشک", "دریا")
    assert found(f'"{" ".join(four)}"') == truth(keyed, four)


def test_a_phrase_ending_in_a_prefix_takes_the_words_that_follow(keyed):
    # Words joined by a hyphen, the last cut short: «روسیه-ای*» (a phrase of whole words takes no prefix).
    for head, prefix in [("روسیه", "ای"), ("موشک", "در"), ("نیرو", "په"), ("روسیه ایران", "مو")]:
        keys = (*head.split(), prefix)
        want = truth(keyed, keys, prefix=True)
        assert want and found("-".join(keys) + "*") == want, keys


def test_words_typed_apart_match_alike_and_rank_the_pair_first(keyed):
    both = {pk for pk, fields in keyed.items() if all(any(w in f for f in fields) for w in ("موشک", "دریا"))}
    hits = search_articles("موشک دریا", limit=1000)
    assert set(hits.ids) == both
    # The words side by side in a title (their pair, boosted) come before every record without the pair.
    in_title = {pk for pk in both if side_by_side(keyed[pk][0], ("موشک", "دریا"))}
    apart = both - truth(keyed, ("موشک", "دریا"))
    rank = {pk: i for i, pk in enumerate(hits.ids)}
    assert in_title and apart and max(rank[pk] for pk in in_title) < min(rank[pk] for pk in apart)


def test_the_share_of_a_phrase_is_its_pairs_document_count(keyed):
    prepared = engine._prepare(ARTICLES, '"روسیه ایران"', ArticleFilters())
    assert prepared.share == pytest.approx(
        max(
            prepared.searcher.doc_freq(field, pair("روسیه", "ایران"))
            for field in ("title_pairs", "body_pairs")
        )
        / prepared.searcher.num_docs
    )


def test_no_pair_runs_from_one_of_an_officials_names_into_the_next(search_index_dir):
    official = Official.objects.create(name="سرگئی شویگو")
    OfficialAlias.objects.create(official=official, name="ژنرال باقری")
    official.save()
    build.build_all()
    assert search_officials('"سرگئی شویگو"').ids == [official.pk]
    assert search_officials('"ژنرال باقری"').ids == [official.pk]
    assert search_officials('"شویگو ژنرال"').ids == []
    assert pairs(official.names_key).count("|") == 2


def test_pairs_of_a_key():
    assert pairs("وزیر دفاع روسیه") == f"{pair('وزیر', 'دفاع')} {pair('دفاع', 'روسیه')}"
    assert pairs("تنها") == "" and pairs("") == ""
