"""The floor: a bare Tantivy index of the same corpus, queried with no site around it.

What the search page could cost at best on this machine: an index the bench
builds itself, straight from the database's key columns (`title_key`,
`body_key`, split on whitespace as the keys already are; title boosted),
with fast fields for the source (published or cited) and the Solar Hijri
year, and the publication instant for date filters and the two date sorts.
Each query is: the top 20 with the exact count, the 20 stored documents
fetched (what snippets would need), and two terms facets (source, year).

It shares nothing with the product's engine but the query parser
(`archive.search.query`, the tree every engine compiles) and, for
fairness, the product's bound on prefix expansion (the most frequent terms
first, at most PREFIX_TERMS per prefix, PHRASE_PREFIX_TERMS for one ending a
phrase, QUERY_TERMS in all and no more than QUERY_POSTINGS postings a
document read by them; one term set per field). Phrases are matched by
position: the floor has no pairs fields (what they save is the difference).
`collapse=story` is not applied: the bare index has no stories.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jdatetime
import tantivy

from archive.dates import TEHRAN, parse_date_range
from archive.filters import SearchField
from archive.search.compile import most_read, term_counts
from archive.search.query import And, Node, Or, Phrase, Prefix, Term, parse, split_negations
from benchmarks.queries import Query

# Bump when the schema or what goes into a document changes: cached floors are keyed by it.
FLOOR_VERSION = 1
TITLE_BOOST = 10.0
PREFIX_TERMS = 50
PHRASE_PREFIX_TERMS = 16  # a prefix ending a phrase («وزیر دفا*»)
QUERY_TERMS = 128
QUERY_POSTINGS = 16  # the expanded terms' postings, per document of the index, in all
PAGE = 20
BATCH = 2000

Occur = tantivy.Occur
Q = tantivy.Query


def schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_unsigned_field("id", stored=True, fast=True)
    for name in ("title", "body"):
        b.add_text_field(name, stored=True, tokenizer_name="whitespace", index_option="position")
    b.add_unsigned_field("sources", indexed=True, fast=True)
    b.add_unsigned_field("year", indexed=True, fast=True)
    b.add_date_field("published", indexed=True, fast=True)
    return b.build()


SCHEMA = schema()


def solar_year(instant: dt.datetime) -> int:
    return jdatetime.date.fromgregorian(date=instant.astimezone(TEHRAN).date()).year


# ---------------------------------------------------------------------------
# Building


@dataclass
class FloorIndex:
    directory: Path
    index: tantivy.Index
    documents: int
    build_seconds: float

    @property
    def size_mb(self) -> float:
        return directory_mb(self.directory)

    def searcher(self) -> tantivy.Searcher:
        return self.index.searcher()


def directory_mb(path: Path) -> float:
    """Bytes on disk under `path`, in MB (0 when it does not exist)."""
    if not path.exists():
        return 0.0
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def read_through(*paths: Path) -> tuple[float, float]:
    """Every file under `paths` (or a path that is a file) read once into the OS cache; (MB, seconds).

    The cold pass keeps the OS page cache warm on purpose, as on a server that
    has been up a while (benchmarks/cold.py). At a million articles the index
    (1 GB), the floor (3 GB) and the corpus databases (12 GB each) no longer
    all fit beside each other in the page cache, and a query whose segments
    were evicted by the loader waited on the disk instead of the engine.
    """
    began, size = time.perf_counter(), 0
    for path in paths:
        files = [path] if path.is_file() else sorted(f for f in path.rglob("*") if f.is_file())
        for file in files:
            with file.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    size += len(chunk)
    return size / 1e6, time.perf_counter() - began


# The tables a page of results reads its rows from (`archive/views.py` `public_articles`).
PAGE_TABLES = ("archive_article", "archive_source", "archive_articlevia", "archive_article_countries")


def read_database_through() -> tuple[float, float]:
    """The tables a results page reads, read once into the OS page cache; (MB read, seconds).

    As the index is (`read_through`): at a million articles the 8 GB database
    did not stay in the page cache beside the loaders', and a page's 20 rows
    waited on the disk (32 ms a page on PostgreSQL). PostgreSQL reads them
    with `pg_prewarm` (its contrib extension, in "read" mode: into the
    operating system's cache, not its own buffers), TOAST tables included;
    SQLite reads its file.
    """
    from django.db import connection

    began = time.perf_counter()
    if connection.vendor == "sqlite":
        return read_through(Path(connection.settings_dict["NAME"]))[0], time.perf_counter() - began
    blocks = 0
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        for table in PAGE_TABLES:
            sql = "SELECT oid, reltoastrelid FROM pg_class WHERE relname = %s AND relkind = 'r'"
            cursor.execute(sql, [table])
            for oid, toast in cursor.fetchall():
                for relation in (oid, toast):
                    if relation:
                        cursor.execute("SELECT pg_prewarm(%s::regclass, 'read')", [relation])
                        blocks += cursor.fetchone()[0]
    return blocks * 8192 / 1e6, time.perf_counter() - began


def _rows(batch: int) -> Iterator[list[tuple]]:
    """Public articles by id, in lists of `batch`: (id, title_key, body_key, published_at, source ids)."""
    from archive.models import Article, ArticleVia

    last = 0
    base = Article.objects.filter(is_public=True).order_by("pk")
    while True:
        rows = list(
            base.filter(pk__gt=last).values_list("pk", "title_key", "body_key", "published_at", "source_id")[
                :batch
            ]
        )
        if not rows:
            return
        cited: dict[int, list[int]] = {}
        for article, source in ArticleVia.objects.filter(
            article_id__gte=rows[0][0], article_id__lte=rows[-1][0]
        ).values_list("article_id", "source_id"):
            cited.setdefault(article, []).append(source)
        yield [
            (pk, title, body, published, {s for s in (source, *cited.get(pk, ())) if s is not None})
            for pk, title, body, published, source in rows
        ]
        last = rows[-1][0]


def build(
    directory: Path, threads: int = 2, heap_mb: int = 256, progress: Callable[[int], None] | None = None
) -> FloorIndex:
    """Build the floor index of the current database's public articles in `directory` (replaced)."""
    began = time.perf_counter()
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    index = tantivy.Index(SCHEMA, path=str(directory), reuse=False)
    writer = index.writer(heap_size=heap_mb * 1_000_000, num_threads=threads)
    documents = 0
    for rows in _rows(BATCH):
        for pk, title, body, published, sources in rows:
            doc = tantivy.Document()
            doc.add_unsigned("id", pk)
            doc.add_text("title", title)
            doc.add_text("body", body)
            for source in sources:
                doc.add_unsigned("sources", source)
            if published is not None:
                doc.add_date("published", published)
                doc.add_unsigned("year", solar_year(published))
            writer.add_document(doc)
        documents += len(rows)
        if progress is not None:
            progress(len(rows))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    seconds = time.perf_counter() - began
    (directory / "floor.json").write_text(json.dumps({"documents": documents, "seconds": seconds}))
    return FloorIndex(directory, index, documents, seconds)


def open_or_build(directory: Path, key: str, **kwargs) -> tuple[FloorIndex, bool]:
    """The floor index in `directory` if it was built for corpus `key`, else a new one; (index, reused)."""
    stamp = directory / "floor.json"
    if stamp.exists():
        info = json.loads(stamp.read_text())
        if info.get("key") == f"{key}-floor{FLOOR_VERSION}":
            index = tantivy.Index.open(str(directory))
            return FloorIndex(directory, index, info["documents"], info["seconds"]), True
    floor = build(directory, **kwargs)
    info = json.loads(stamp.read_text())
    stamp.write_text(json.dumps({**info, "key": f"{key}-floor{FLOOR_VERSION}"}))
    return floor, False


# ---------------------------------------------------------------------------
# Querying


@dataclass
class FloorAnswer:
    ids: list[int]
    count: int
    facets: dict[str, list[tuple[int, int]]]
    cut: bool  # a prefix had more terms than the bound


class _Compiler:
    """A query tree as a Tantivy query over title (boosted) and body."""

    def __init__(self, searcher: tantivy.Searcher, tree: Node) -> None:
        self.searcher = searcher
        fixed, prefixes = term_counts(tree) if tree is not None else (0, 0)
        self.prefixes_left = prefixes
        self.budget = max(QUERY_TERMS - fixed, prefixes)
        self.postings = QUERY_POSTINGS * max(searcher.num_docs, 1)
        self.cut = False

    def fields(self, make: Callable[[str], tantivy.Query]) -> tantivy.Query:
        return Q.boolean_query(
            [(Occur.Should, Q.boost_query(make("title"), TITLE_BOOST)), (Occur.Should, make("body"))]
        )

    @staticmethod
    def phrase(name: str, keys: tuple[str, ...]) -> tantivy.Query:
        if len(keys) == 1:
            return Q.term_query(SCHEMA, name, keys[0])
        return Q.phrase_query(SCHEMA, name, list(keys))

    def expand(self, prefix: str, most: int) -> list[str]:
        allowed = min(most, max(1, self.budget // max(self.prefixes_left, 1)))
        self.prefixes_left -= 1
        counts: Counter[str] = Counter()
        for name in ("title", "body"):
            for term, n in self.searcher.terms_with_prefix(name, prefix, limit=allowed + 1):
                counts[term] += n
        readable = self.postings // max(self.prefixes_left + 1, 1)
        kept, read = most_read(counts, allowed, readable)
        self.cut = self.cut or len(counts) > len(kept)
        self.budget -= len(kept)
        self.postings -= read
        return kept

    def compile(self, node: Node) -> tantivy.Query:
        if isinstance(node, Term):
            return self.fields(lambda name: Q.term_query(SCHEMA, name, node.key))
        if isinstance(node, Phrase):
            return self.fields(lambda name: self.phrase(name, node.keys))
        if isinstance(node, Prefix):
            head = node.keys[:-1]
            terms = self.expand(node.keys[-1], PHRASE_PREFIX_TERMS if head else PREFIX_TERMS)
            if not terms:
                return Q.empty_query()
            if not head:
                return self.fields(lambda name: Q.term_set_query(SCHEMA, name, terms))
            return self.fields(
                lambda name: Q.boolean_query([(Occur.Should, self.phrase(name, (*head, t))) for t in terms])
            )
        if isinstance(node, Or):
            return Q.boolean_query([(Occur.Should, self.compile(c)) for c in node.children])
        if isinstance(node, And):
            return Q.boolean_query([(Occur.Must, self.compile(c)) for c in node.children])
        raise TypeError(f"cannot compile {node!r}")


def _filters(query: Query) -> list[tantivy.Query]:
    clauses = []
    source = query.param("source")
    if source:
        clauses.append(Q.term_query(SCHEMA, "sources", int(source)))
    start = end = None
    if query.param("date_from"):
        first, _last = parse_date_range(query.param("date_from"))
        start = dt.datetime.combine(first, dt.time(), tzinfo=TEHRAN)
    if query.param("date_to"):
        _first, last = parse_date_range(query.param("date_to"))
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=TEHRAN)
    if start or end:
        clauses.append(
            Q.range_query(SCHEMA, "published", tantivy.FieldType.Date, start, end, include_upper=end is None)
        )
    return clauses


def compile_query(searcher: tantivy.Searcher, query: Query) -> tuple[tantivy.Query | None, bool, bool]:
    """(Tantivy query or None for no match, ranked, cut) of a bench query with its filters."""
    # The search box's own cleaning first (it turns a ZWNJ into a space, for one), as the page does.
    typed = SearchField().clean(query.q)
    tree = parse(typed) if typed else None
    positive, negatives = split_negations(tree)
    cut = False
    if tree is None:
        main, ranked = Q.all_query(), False
        if query.q:  # typed, but nothing searchable
            return None, False, False
    else:
        compiler = _Compiler(searcher, tree)
        clauses = [(Occur.Must, compiler.compile(positive) if positive is not None else Q.all_query())]
        clauses += [(Occur.MustNot, compiler.compile(n)) for n in negatives]
        main = clauses[0][1] if len(clauses) == 1 else Q.boolean_query(clauses)
        ranked, cut = positive is not None, compiler.cut
    filters = _filters(query)
    if filters:
        main = Q.boolean_query(
            [(Occur.Must, main), *((Occur.Must, Q.const_score_query(f, 0.0)) for f in filters)]
        )
    return main, ranked, cut


FACETS = {
    "source": {"terms": {"field": "sources", "size": 10}},
    "year": {"terms": {"field": "year", "size": 100}},
}


def run(searcher: tantivy.Searcher, query: Query) -> FloorAnswer:
    """Top 20 in the query's order, the exact count, the 20 documents fetched, two terms facets."""
    compiled, ranked, cut = compile_query(searcher, query)
    if compiled is None:
        return FloorAnswer([], 0, {}, False)
    sort = query.param("sort") or ("relevance" if ranked else "newest")
    if sort == "relevance" and ranked:
        result = searcher.search(compiled, limit=PAGE, count=True)
    else:
        order = tantivy.Order.Asc if sort == "oldest" else tantivy.Order.Desc
        result = searcher.search(compiled, limit=PAGE, count=True, order_by_field="published", order=order)
    ids = [int(searcher.doc(address).get_first("id")) for _key, address in result.hits]
    found = searcher.aggregate(compiled, FACETS)
    facets = {
        name: [(int(b["key"]), int(b["doc_count"])) for b in found.get(name, {}).get("buckets", [])]
        for name in FACETS
    }
    return FloorAnswer(ids, result.count, facets, cut)
