"""Words typed apart: the phrase that ranks them side by side is asked once, with the same matches and scores.

«وزیر دفاع» is read as And(Or(وزیر, وزیردفاع, "وزیر دفاع"), Or(دفاع, …)); the
compiler takes the phrase out of both alternatives (the term «وزیر» already
matches whatever it matches) and adds it once, weighted twice, as an optional
clause (archive/search/compile.py `conjunction`). Compared here with the
query built the old way, each alternative compiled whole.
"""

from __future__ import annotations

import datetime as dt

import pytest
import tantivy

from archive.models import Article
from archive.search import build, engine
from archive.search.compile import compile_tree
from archive.search.query import And, Or, read
from archive.search.schema import ARTICLES, pair, schema_of
from tests.conftest import make_article

pytestmark = pytest.mark.django_db
START = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
QUERIES = ["وزیر دفاع", "بین المللی", "ژنرال باقری", "وزیر دفاع روسیه", "وزیر دفاع -ناتو"]
TEXTS = [
    ("وزیر دفاع روسیه به تهران رفت", "وزیر دفاع روسیه گفت همکاری بین المللی ادامه دارد."),
    ("دیدار در تهران", "وزیر امور خارجه و مسئولان دفاع دیدار کردند."),
    ("سخن وزیردفاع", "وزیردفاع درباره ناتو سخن گفت؛ ژنرال باقری هم بود."),
    ("همکاری بین‌المللی", "نشست بین‌المللی دفاع با حضور وزیر برگزار شد."),
    ("ژنرال باقری", "ژنرال محمد باقری از رزمایش بازدید کرد و وزیر دفاع هم آمد."),
    ("گزارش", "هیچ‌یک از این واژه‌ها اینجا نیست."),
]


@pytest.fixture
def searcher(search_index_dir):
    for i, (title, body) in enumerate(TEXTS * 3):
        make_article(f"{title} {i}", body, published_at=START + dt.timedelta(days=i))
    build.build_all()
    return engine.ready(ARTICLES).searcher()


def old_shape(tree, searcher) -> tantivy.Query:
    """The query as compiled before: every alternative whole, the phrase inside each."""
    kind = schema_of(ARTICLES)
    if not isinstance(tree, And):
        return compile_tree(tree, kind, searcher).query
    occurs = []
    for child in tree.children:
        if type(child).__name__ == "Not":
            occurs.append((tantivy.Occur.MustNot, compile_tree(child.child, kind, searcher).query))
        else:
            occurs.append((tantivy.Occur.Must, compile_tree(child, kind, searcher).query))
    return tantivy.Query.boolean_query(occurs)


def test_the_same_matches_in_the_same_order_with_the_same_scores(searcher):
    kind = schema_of(ARTICLES)
    for text in QUERIES:
        tree = read(text).tree
        new = compile_tree(tree, kind, searcher).query
        old = old_shape(tree, searcher)
        got, want = searcher.search(new, limit=100).hits, searcher.search(old, limit=100).hits
        assert [address for _, address in got] == [address for _, address in want], text
        assert all(abs(a - b) < 1e-3 for (a, _), (b, _) in zip(got, want, strict=True)), text
        assert (
            searcher.search(new, limit=1, count=True).count == searcher.search(old, limit=1, count=True).count
        )
        assert got, text


def test_the_phrase_is_asked_once_and_still_ranks_the_words_side_by_side_first(searcher):
    kind = schema_of(ARTICLES)
    tree = read("وزیر دفاع").tree
    assert all(isinstance(child, Or) for child in tree.children)  # the reading this is about
    new = compile_tree(tree, kind, searcher).query
    # Title and body: one phrase (a pair of the pairs fields) each, not one per alternative.
    phrase = pair("وزیر", "دفاع")
    assert repr(new).count(phrase) == 2
    assert repr(old_shape(tree, searcher)).count(phrase) == 4
    top = [address for _, address in searcher.search(new, limit=6).hits]
    ids = [int(i) for i in searcher.fast_field_values("id", top)]
    bodies = dict(Article.objects.filter(pk__in=ids).values_list("pk", "body"))
    # The three copies with the words side by side in title and body come first.
    assert all("وزیر دفاع" in bodies[pk] for pk in ids[:3])
    assert any("وزیر دفاع" not in bodies[pk] for pk in ids[3:])
