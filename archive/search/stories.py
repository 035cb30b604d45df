"""`collapse=story`: one record per story, its lowest id among the matches.

Each story's first copy is marked in the index (`copy`, archive/search/documents.py);
`later_copies` turns a query into the records it leaves out.
"""

from __future__ import annotations

import tantivy

from archive.search import threads
from archive.search.compile import with_filters
from archive.search.schema import FIRST_COPY, LATER_COPY, schema_of

Occur = tantivy.Occur
Query = tantivy.Query

# Buckets Tantivy keeps per segment before merging them: above any number of stories.
_SEGMENT_SIZE = 1_000_000

# Tantivy refuses an aggregation of more buckets than this (and a terms aggregation
# asked for this many returns at most this many): past it, stories are counted by
# ranges of story ids, each below it.
_BUCKET_LIMIT = 65_000
_STORY_SPAN = 60_000


def _story_buckets(searcher, query) -> dict[int, int]:
    spec = {"stories": {"terms": {"field": "story", "size": _BUCKET_LIMIT, "segment_size": _SEGMENT_SIZE}}}
    return {int(b["key"]): int(b["doc_count"]) for b in searcher.aggregate(query, spec)["stories"]["buckets"]}


def _story_values(searcher, kind: str, query) -> dict[int, int]:
    """The stories of the records `query` matches (all in stories), with how many it matches in each."""
    found = _story_buckets(searcher, query)
    if len(found) < _BUCKET_LIMIT:
        return found
    top = searcher.search(query, limit=1, order_by_field="story", order=tantivy.Order.Desc).hits
    highest = int(searcher.fast_field_values("story", [top[0][1]])[0])
    schema = schema_of(kind).schema
    found = {}
    for low in range(0, highest + 1, _STORY_SPAN):
        within = Query.range_query(schema, "story", tantivy.FieldType.Unsigned, low, low + _STORY_SPAN - 1)
        found.update(_story_buckets(searcher, with_filters(query, [within])))
    return found


def later_copies(searcher, kind: str, query) -> tantivy.Query:
    """The records `query` matches that `collapse=story` leaves out: a story's copies after
    the lowest id among its matches (a query to exclude).

    Each story's lowest id is marked in the index (`copy`, archive/search/documents.py),
    so a story whose first copy `query` matches keeps it by that term. Only for a story
    whose first copy it misses (filtered out, withdrawn, or the words are only in a
    reprint) is the lowest matching id looked up: the stories of the later copies it
    matches, less those of the first copies it matches, then those copies by id.
    Over a million articles this takes a few terms aggregations instead of the lowest
    id of every story and a filter of tens of thousands of ids (120–300 ms → ~20).
    An exclusion, not a list of the records kept: a query kept to most of the index
    reads that list in step with its own (engine._filter_clauses).
    """
    schema = schema_of(kind).schema
    first, later = (Query.term_query(schema, "copy", value) for value in (FIRST_COPY, LATER_COPY))
    firsts = threads.beside().submit(_story_values, searcher, kind, with_filters(query, [first]))
    matched_later = with_filters(query, [later])
    unmatched = _story_values(searcher, kind, matched_later)
    for story in firsts.result():
        unmatched.pop(story, None)
    if not unmatched:
        return later
    stories = Query.term_set_query(schema, "story", list(unmatched))
    hits = searcher.search(
        with_filters(matched_later, [stories]),
        limit=sum(unmatched.values()),
        order_by_field="id",
        order=tantivy.Order.Asc,
    ).hits
    addresses = [address for _, address in hits]
    lowest: dict[int, int] = {}
    stories_of = searcher.fast_field_values("story", addresses)
    for story, pk in zip(stories_of, searcher.fast_field_values("id", addresses), strict=True):
        lowest.setdefault(int(story), int(pk))  # ascending ids: the first seen is the lowest
    ids = Query.term_set_query(schema, "id", list(lowest.values()))
    return Query.boolean_query([(Occur.Must, later), (Occur.MustNot, ids)])
