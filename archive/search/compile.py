"""A parsed query tree (`archive.search.query`) compiled to a Tantivy query, at bounded cost.

Key tokens are matched as whole terms of the key fields (title and body for
articles, the title clause boosted), phrases within one field, so a phrase
never runs from the title into the body. A phrase of two words is one term
of the field's pairs (archive/search/schema.py): over a million articles
«"شورای امنیت"» matched by positions took 96–158 ms a page on its own, the
pair ~25. A longer phrase requires each of its pairs and is checked by
position only where they all are. A phrase ending in a prefix («وزیر دفا*»)
takes the most frequent words that follow its last word and begin with the
prefix, from the pairs' own dictionary. A prefix is expanded
through the index's term dictionary to its most frequent terms: at most
MAX_PREFIX_TERMS per prefix (PHRASE_PREFIX_TERMS ending a phrase) and
MAX_QUERY_TERMS for the whole query, shared among its prefixes, and no more
of them than MAX_QUERY_POSTINGS postings a document read in all (the cost of
a term set is its postings, not its terms). What was cut is said in Persian
notes for the page.

An expanded word prefix matches as one term set per field, which scores a
constant (the field's boost) instead of BM25 per term: a union of 128 scored
terms over 100,000 articles took 60 ms, the term set 15 ms. A phrase ending
in a prefix stays a disjunction of phrases, so it is capped lower.

A query made of word prefixes alone (`موشک*`, `ab* OR cd*`) has no BM25
score at all: it is scored in tiers, the first text field's boost for a
match in that field (an article's title), 1 otherwise, and `Compiled.tiers`
names the clause that splits them. Relevance with ties newest first is then
each tier in date order, which the index answers directly
(archive/search/ordering.py `tiered_page`); ranking tens of thousands of
equal scores by date took 90 ms a page at 100,000 articles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import tantivy

from archive import text
from archive.search.query import And, Node, Not, Or, Phrase, Prefix, Term, split_negations
from archive.search.schema import PAIR, KindSchema, pair, pairs_of

MAX_PREFIX_TERMS = 50
PHRASE_PREFIX_TERMS = 16
MAX_QUERY_TERMS = 128
# What the expanded terms of a query's prefixes may read in all: this many times
# the index's documents, in postings (a term set reads every posting of its
# terms). 32 two-letter prefixes OR'd kept 128 of their most frequent terms,
# ~40 postings a document, and took 650 ms over a million articles.
MAX_QUERY_POSTINGS = 16

Occur = tantivy.Occur
Query = tantivy.Query


@dataclass
class Compiled:
    """What a tree compiles to: `query` (None: matches nothing), whether it ranks, notes."""

    query: tantivy.Query | None
    ranked: bool
    notes: list[str] = field(default_factory=list)
    # A query scored in tiers only (word prefixes alone): the clauses that split its matches
    # into tiers of one score each, highest first (none: one tier). None: a BM25 score.
    tiers: tuple[tantivy.Query, ...] | None = None
    # The share of the index it is estimated to match, from the term dictionary alone
    # (terms taken as independent): how its facets are best counted (archive/search/facetcounts.py).
    share: float = 1.0
    # Whether every match must have its positions checked (a phrase it requires or excludes):
    # matching then costs more than reading the facets' columns (facetcounts.parts).
    positional: bool = False


def most_read(counts: Counter[str], most: int, readable: int) -> tuple[list[str], int]:
    """The most frequent of `counts` (term → postings), at most `most`, within `readable`
    postings (the first always), and the postings they read."""
    kept, read = [], 0
    for term, n in counts.most_common(most):
        if kept and read + n > readable:
            break
        kept.append(term)
        read += n
    return kept, read


def everything() -> tantivy.Query:
    """Every record of an index (the meta document has no id)."""
    return Query.exists_query("id")


def term_counts(node: Node) -> tuple[int, int]:
    """(terms outside prefixes, number of prefixes) in a tree; the bound on a query's cost splits by them."""
    if isinstance(node, Term):
        return 1, 0
    if isinstance(node, Phrase):
        return len(node.keys), 0
    if isinstance(node, Prefix):
        return len(node.keys) - 1, 1
    if isinstance(node, Not):
        return term_counts(node.child)
    terms = prefixes = 0
    for child in node.children:
        t, p = term_counts(child)
        terms, prefixes = terms + t, prefixes + p
    return terms, prefixes


class _Compiler:
    def __init__(self, kind: KindSchema, searcher: tantivy.Searcher, prefixes: int, fixed: int) -> None:
        self.kind = kind
        self.searcher = searcher
        self.prefixes_left = prefixes
        self.budget = max(MAX_QUERY_TERMS - fixed, prefixes)
        self.postings = MAX_QUERY_POSTINGS * max(searcher.num_docs, 1)
        self.notes: list[str] = []
        self.scored = False  # a BM25-scored clause (a term or a phrase) was compiled
        self.prefix_terms: list[str] = []  # the expansions of the single-word prefixes
        # Each expanded prefix's terms' document counts, by (the word before it, if any; the prefix).
        self.expanded: dict[tuple[tuple[str, ...], str], list[int]] = {}
        self.positional = False  # a phrase every match is checked against was compiled

    def fields(self, make) -> tantivy.Query:
        """One clause per key field (boosted as the schema says), any of which may match."""
        clauses = []
        for name, boost in self.kind.text_fields:
            query = make(name)
            clauses.append((Occur.Should, Query.boost_query(query, boost) if boost != 1.0 else query))
        return clauses[0][1] if len(clauses) == 1 else Query.boolean_query(clauses)

    def phrase(self, name: str, keys: tuple[str, ...]) -> tantivy.Query:
        """`keys` side by side in the key field `name`: a term, a pair, or pairs checked by position."""
        if len(keys) == 1:
            return Query.term_query(self.kind.schema, name, keys[0])
        field = pairs_of(name)
        adjacent = [Query.term_query(self.kind.schema, field, pair(a, b)) for a, b in pairwise(keys)]
        if len(adjacent) == 1:
            return adjacent[0]
        # «a b c» holds a_b and b_c, which «a b x b c» holds too: the positions decide, scoring nothing.
        self.positional = True
        exact = Query.const_score_query(Query.phrase_query(self.kind.schema, name, list(keys)), 0.0)
        return Query.boolean_query([*((Occur.Must, q) for q in adjacent), (Occur.Must, exact)])

    def expand(self, prefix: str, most: int, after: str | None = None) -> list[str]:
        """The most frequent words of the key fields starting with `prefix`, within the budget;
        with `after`, the most frequent of them that follow the word `after` (from the pairs)."""
        allowed = min(most, max(1, self.budget // max(self.prefixes_left, 1)))
        self.prefixes_left -= 1
        counts: Counter[str] = Counter()
        widest: Counter[str] = Counter()  # in the field where the term is most frequent
        for name, _ in self.kind.text_fields:
            field, start = (name, prefix) if after is None else (pairs_of(name), pair(after, prefix))
            for term, n in self.searcher.terms_with_prefix(field, start, limit=allowed + 1):
                term = term if after is None else term.partition(PAIR)[2]
                counts[term] += n
                widest[term] = max(widest[term], n)
        # Then as many of them as the postings left to this prefix allow (the first always).
        readable = self.postings // max(self.prefixes_left + 1, 1)
        kept, read = most_read(counts, allowed, readable)
        self.expanded[(() if after is None else (after,), prefix)] = [widest[term] for term in kept]
        self.budget -= len(kept)
        self.postings -= read
        if len(counts) > len(kept):
            self.notes.append(
                f"واژه‌هایی که با «{prefix}» آغاز می‌شوند بسیارند: تنها "
                f"{text.to_persian_digits(str(len(kept)))} واژهٔ پربسامدتر جست‌وجو شد."
            )
        return kept

    def compile(self, node: Node) -> tantivy.Query:
        if isinstance(node, Term):
            self.scored = True
            return self.fields(lambda name: Query.term_query(self.kind.schema, name, node.key))
        if isinstance(node, Phrase):
            self.scored = True
            return self.fields(lambda name: self.phrase(name, node.keys))
        if isinstance(node, Prefix):
            head = node.keys[:-1]
            self.scored = self.scored or bool(head)
            terms = (
                self.expand(node.keys[-1], PHRASE_PREFIX_TERMS, after=head[-1])
                if head
                else self.expand(node.keys[-1], MAX_PREFIX_TERMS)
            )
            if not terms:
                return Query.empty_query()
            if not head:
                self.prefix_terms.extend(terms)
                return self.fields(lambda name: Query.term_set_query(self.kind.schema, name, terms))
            return self.fields(
                lambda name: Query.boolean_query(
                    [(Occur.Should, self.phrase(name, (*head, term))) for term in terms]
                )
            )
        if isinstance(node, Or):
            return Query.boolean_query([(Occur.Should, self.compile(c)) for c in node.children])
        if isinstance(node, And):
            return self.conjunction(node)
        raise TypeError(f"cannot compile {node!r}")

    def conjunction(self, node: And) -> tantivy.Query:
        """`node`'s children all required; a phrase a sibling term implies only adds to the score.

        Words typed apart («وزیر دفاع») are read as And(Or(وزیر, وزیردفاع,
        "وزیر دفاع"), Or(دفاع, وزیردفاع, "وزیر دفاع")): the phrase ranks the two
        words side by side first, but it matches nothing the term «وزیر» beside
        it does not, and checking its positions in every match cost ten times the
        terms (25 of 28 ms at 100,000 articles). Such a phrase leaves the
        alternatives and is asked once, as an optional clause weighted by the
        number of alternatives it left: the same matches, the same scores.
        """
        clauses, bonus = [], Counter()
        for child in node.children:
            if isinstance(child, Or):
                terms = {c.key for c in child.children if isinstance(c, Term)}
                implied = [c for c in child.children if isinstance(c, Phrase) and terms & set(c.keys)]
                kept = [c for c in child.children if c not in implied]
                bonus.update(implied)
                child = kept[0] if len(kept) == 1 else Or(tuple(kept))
            clauses.append((Occur.Must, self.compile(child)))
        required_positions = self.positional
        for phrase, times in bonus.items():
            query = self.compile(phrase)
            self.positional = required_positions  # optional: only the page's ranking reads its positions
            clauses.append((Occur.Should, Query.boost_query(query, float(times)) if times > 1 else query))
        return Query.boolean_query(clauses)

    def share(self, node: Node) -> float:
        """The share of the index `node` is estimated to match (after it was compiled)."""
        if isinstance(node, Term):
            return self.term_share(node.key)
        if isinstance(node, Phrase):
            if len(node.keys) == 1:
                return self.term_share(node.keys[0])
            return min(self.pair_share(a, b) for a, b in pairwise(node.keys))
        if isinstance(node, Prefix):
            total = max(self.searcher.num_docs, 1)
            head = node.keys[:-1]
            tail = _any(n / total for n in self.expanded.get((head[-1:], node.keys[-1]), []))
            # The tail's counts are those of its pairs with the last word of the head.
            return min([*(self.pair_share(a, b) for a, b in pairwise(head)), tail])
        if isinstance(node, Not):
            return 1.0 - self.share(node.child)
        if isinstance(node, Or):
            return _any(self.share(c) for c in node.children)
        return _all(self.share(c) for c in node.children)

    def term_share(self, key: str) -> float:
        return self.field_share(lambda name: (name, key))

    def pair_share(self, first: str, second: str) -> float:
        return self.field_share(lambda name: (pairs_of(name), pair(first, second)))

    def field_share(self, term) -> float:
        """The share of the widest of the key fields' documents holding `term(name)` (field, text)."""
        total = max(self.searcher.num_docs, 1)
        return min(1.0, max(self.searcher.doc_freq(*term(name)) for name, _ in self.kind.text_fields) / total)


def _all(shares) -> float:
    product = 1.0
    for share in shares:
        product *= share
    return product


def _any(shares) -> float:
    return 1.0 - _all(1.0 - share for share in shares)


def compile_tree(tree: Node | None, kind: KindSchema, searcher: tantivy.Searcher) -> Compiled:
    """The Tantivy query of `tree` over `kind`'s key fields.

    None (nothing searchable) matches nothing; exclusions only match every
    record except the excluded, unranked (the caller orders them by date).
    """
    positive, negatives = split_negations(tree)
    if positive is None and not negatives:
        return Compiled(None, ranked=False)
    fixed, prefixes = term_counts(tree) if tree is not None else (0, 0)
    compiler = _Compiler(kind, searcher, prefixes, fixed)
    tiers = None
    if positive is None:
        matched = everything()
    else:
        matched = compiler.compile(positive)
        if not compiler.scored:
            matched, tiers = _in_tiers(matched, kind, compiler.prefix_terms)
    clauses = [(Occur.Must, matched)]
    clauses += [(Occur.MustNot, compiler.compile(n)) for n in negatives]
    query = clauses[0][1] if len(clauses) == 1 else Query.boolean_query(clauses)
    share = (1.0 if positive is None else compiler.share(positive)) * _all(
        1.0 - compiler.share(n) for n in negatives
    )
    return Compiled(
        query,
        ranked=positive is not None,
        notes=compiler.notes,
        tiers=tiers,
        share=share,
        positional=compiler.positional,
    )


def _in_tiers(
    matched: tantivy.Query, kind: KindSchema, terms: list[str]
) -> tuple[tantivy.Query, tuple[tantivy.Query, ...]]:
    """A query of prefixes alone, scored 1, plus the first field's boost less 1 for a match there."""
    flat = Query.const_score_query(matched, 1.0)
    (first, boost), *others = kind.text_fields
    if not others or boost <= 1.0 or not terms:
        return flat, ()
    leading = Query.term_set_query(kind.schema, first, sorted(set(terms)))
    scored = Query.boolean_query(
        [(Occur.Must, flat), (Occur.Should, Query.const_score_query(leading, boost - 1.0))]
    )
    return scored, (leading,)


def with_filters(
    query: tantivy.Query, clauses: Sequence[tantivy.Query], excluded: Sequence[tantivy.Query] = ()
) -> tantivy.Query:
    """`query` kept to the records matching every one of `clauses` and none of `excluded`."""
    if not clauses and not excluded:
        return query
    # Filters must match but add nothing to the score.
    return Query.boolean_query(
        [
            (Occur.Must, query),
            *((Occur.Must, Query.const_score_query(c, 0.0)) for c in clauses),
            *((Occur.MustNot, c) for c in excluded),
        ]
    )
