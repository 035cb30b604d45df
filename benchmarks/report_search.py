"""The search, index and CSV parts of docs/benchmarks.md: cold and warm pages, the floor, verdicts."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from benchmarks import server
from benchmarks.cold import PARTS, ColdFigure
from benchmarks.measure import percentile
from benchmarks.queries import CLASS_TITLES, CLASSES

RATIO_TARGET = 2.0
EXPORT_TARGET = 20_000.0
FLAT = 1.25  # the larger export's peak private memory within this factor of the smaller's


def cold_target_ms(articles: int) -> tuple[float, str]:
    """The cold p95 target for a corpus size, and what it is the target for."""
    if articles >= 1_000_000:
        return 150.0, "at 1,000,000"
    if articles >= 100_000:
        return 50.0, "at 100,000"
    return 50.0, "at 100,000 (this corpus is smaller)"


@dataclass
class ServerResult:
    """What gunicorn's one worker did: the query set once (cold), two CSV exports, one JSONL, its RssAnon."""

    idle_mb: float = 0.0
    queries_peak_mb: float = 0.0
    after_queries_mb: float = 0.0
    final_mb: float = 0.0
    statuses: list[int] = field(default_factory=list)
    page_ms: list[float] = field(default_factory=list)
    csv: list[server.CsvFigure] = field(default_factory=list)
    jsonl: list[server.CsvFigure] = field(default_factory=list)  # the full text of the larger CSV's search


def _ms(value: float) -> str:
    return f"{value:.1f}" if value == value else "—"


def verdict(value: float, target: float, higher_is_better: bool) -> str:
    if value != value:
        return "not measured"
    ok = value >= target if higher_is_better else value <= target
    margin = abs(value - target) / target * 100
    return f"met ({margin:.0f}% margin)" if ok else f"**missed** by {margin:.0f}%"


@dataclass
class Summary:
    cold: list[float]
    warm: list[float]
    floor: list[float]

    @classmethod
    def of(cls, figures: list[ColdFigure]) -> Summary:
        return cls(
            [f.cold_ms for f in figures],
            [ms for f in figures for ms in f.warm_ms],
            [f.floor_ms for f in figures if f.floor_ms == f.floor_ms],
        )

    @property
    def ratio(self) -> float:
        floor = percentile(self.floor, 95)
        return percentile(self.cold, 95) / floor if floor else float("nan")


def summary_rows(r) -> list[str]:
    """The Summary table's rows for one database."""
    out = []
    where = f"{r.vendor}, {r.articles:,} articles"
    if r.cold:
        s = Summary.of(r.cold)
        target, label = cold_target_ms(r.articles)
        p95 = percentile(s.cold, 95)
        out.append(
            f"| search page **cold** p95, {len(s.cold)} distinct queries ({where}; p50 "
            f"{_ms(percentile(s.cold, 50))}, max {_ms(max(s.cold))}) | {_ms(p95)} ms | ≤ {target:.0f} ms "
            f"{label} | {verdict(p95, target, False)} |"
        )
        out.append(
            f"| search page cold p95 ÷ bare Tantivy floor p95 ({where}; floor p95 "
            f"{_ms(percentile(s.floor, 95))} ms) | {s.ratio:.1f}× | ≤ {RATIO_TARGET:.0f}× | "
            f"{verdict(s.ratio, RATIO_TARGET, False)} |"
        )
        comparable = [f for f in r.cold if f.comparable]
        agree = sum(f.counts_agree for f in comparable)
        out.append(
            f"| the page's count = the floor's ({where}; queries the floor answers alike) | "
            f"{agree} of {len(comparable)} | all | {'met' if agree == len(comparable) else '**missed**'} |"
        )
        out.append(
            f"| search page warm p95, the same queries from the page cache ({where}) | "
            f"{_ms(percentile(s.warm, 95))} ms | — | reported |"
        )
    if r.api is not None and r.api.cold.samples:
        out.append(
            f"| API `/api/v1/articles/` **cold** p95, {len(r.api.cold.samples)} queries ({where}; p50 "
            f"{_ms(r.api.cold_p50)}; warm p50 {_ms(r.api.warm_p50)}, p95 {_ms(r.api.warm_p95)}) | "
            f"{_ms(r.api.cold_p95)} ms | ≤ {cold_target_ms(r.articles)[0]:.0f} ms (as the page) | "
            f"{verdict(r.api.cold_p95, cold_target_ms(r.articles)[0], False)} |"
        )
    if r.alerts is not None:
        out.append(
            f"| `send_alerts --rate daily`, {r.alerts.subscriptions:,} confirmed alerts ({where}; "
            f"{r.alerts.messages:,} messages, locmem mail) | {r.alerts.seconds:.1f} s | — | reported |"
        )
    if r.server and r.server.csv:
        big = r.server.csv[0]
        out.append(
            f"| CSV of a {big.rows:,}-row search through gunicorn ({where}) | {big.rate:,.0f} rows/s | "
            f"≥ {EXPORT_TARGET:,.0f}/s | {verdict(big.rate, EXPORT_TARGET, True)} |"
        )
        if len(r.server.csv) > 1:
            small = r.server.csv[1]
            ratio = big.peak_mb / small.peak_mb if small.peak_mb else float("nan")
            out.append(
                f"| worker's peak RssAnon, CSV of {big.rows:,} vs {small.rows:,} rows ({where}) | "
                f"{big.peak_mb:.0f} MB vs {small.peak_mb:.0f} MB ({ratio:.2f}×) | flat (< {FLAT}×) | "
                f"{'met' if ratio < FLAT else '**missed**'} |"
            )
    if r.server and r.server.jsonl:
        full = r.server.jsonl[0]
        out.append(
            f"| JSONL (full text and statements) of a {full.rows:,}-row search through gunicorn ({where}) | "
            f"{full.rate:,.0f} rows/s, worker's peak RssAnon {full.peak_mb:.0f} MB "
            f"(before {full.before_mb:.0f}) | — | reported |"
        )
    if r.index:
        rate = r.articles / r.index["rebuild_seconds"] if r.index.get("rebuild_seconds") else float("nan")
        out.append(
            f"| `rebuild_search_index` ({where}; {r.index['engine']}) | {rate:,.0f} articles/s "
            f"({r.index['rebuild_seconds']:.1f} s) | — | reported |"
        )
        out.append(
            f"| index size on disk, `SEARCH_INDEX_DIR` ({where}) | {r.index['size_mb']:,.0f} MB | — "
            "| reported |"
        )
    if r.server:
        out.append(
            f"| a gunicorn worker's private memory (RssAnon) after the query set ({where}) | "
            f"{r.server.after_queries_mb:.0f} MB (idle {r.server.idle_mb:.0f}, peak "
            f"{max([r.server.queries_peak_mb, *(c.peak_mb for c in r.server.csv + r.server.jsonl)]):.0f}) "
            "| — | reported |"
        )
    return out


def _class_rows(figures: list[ColdFigure]) -> list[str]:
    out = []
    groups = [(CLASS_TITLES[k], [f for f in figures if f.query.kind == k]) for k, _t in CLASSES]
    groups.append(("**all**", figures))
    for title, group in groups:
        if not group:
            continue
        s = Summary.of(group)
        matches = statistics.median(f.matches for f in group)
        out.append(
            f"| {title} | {len(group)} | {matches:,.0f} | {_ms(percentile(s.cold, 50))} | "
            f"{_ms(percentile(s.cold, 95))} | {_ms(max(s.cold))} | {_ms(percentile(s.warm, 95))} | "
            f"{_ms(percentile(s.floor, 50))} | {_ms(percentile(s.floor, 95))} | {s.ratio:.1f}× |"
        )
    return out


def _parts_rows(figures: list[ColdFigure]) -> list[str]:
    out = []
    for kind, title in CLASSES:
        group = [f for f in figures if f.query.kind == kind]
        if not group:
            continue
        page = statistics.median(f.cold_ms for f in group)
        parts = {p: statistics.median(f.parts.get(p, 0.0) for f in group) for p in PARTS}
        rest = page - sum(parts.values())
        out.append(f"| {title} | {_ms(page)} | {' | '.join(_ms(parts[p]) for p in PARTS)} | {_ms(rest)} |")
    return out


def search_sections(r) -> list[str]:
    """The cold/warm/floor tables, where the time goes, every query, the server and its CSV."""
    if not r.cold:
        return []
    figures: list[ColdFigure] = r.cold
    computed = sum(f.computed for f in figures)
    comparable = [f for f in figures if f.comparable]
    disagree = [f for f in comparable if not f.counts_agree]
    served = sum(f.warm_served for f in figures)
    cut = [f for f in figures if f.floor_cut]
    out = [
        "### Search, cold and warm (`/articles/?…`, facets and snippets), and the bare floor, milliseconds",
        "",
        f"Each query requested once on an empty page cache ({computed} of {len(figures)} pages were "
        f"computed, not served), then {len(figures[0].warm_ms)} times from the cache "
        f"({served} of {len(figures)} served every time). Floor: the same query on the bare Tantivy "
        "index right after its cold page. Matches as the floor counts them; the count each page showed "
        f"equals the floor's for {len(comparable) - len(disagree)} of the {len(comparable)} queries the "
        "floor answers alike (all but collapse=story and prefixes cut to the bound)"
        + (
            ": **"
            + "; ".join(f"`{f.query.label}` page {f.page_count} vs floor {f.matches}" for f in disagree[:8])
            + "**."
            if disagree
            else "."
        ),
        "",
        "| class | queries | matches (median) | cold p50 | cold p95 | cold max | warm p95 | floor p50 "
        "| floor p95 | cold/floor (p95) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        *_class_rows(figures),
        "",
    ]
    if r.browse:
        out += [
            f"Without a query (`/articles/`, newest first, facets over every public article, page cache "
            f"and facet totals cleared before each, as on the first page after a write): "
            f"median {_ms(r.browse.timing.median)} ms, "
            f"p95 {_ms(r.browse.timing.p95)} ms.",
            "",
        ]
    if r.research:
        out += ["| research page | median | p95 |", "| --- | --- | --- |"]
        out += [f"| {label} | {_ms(t.median)} | {_ms(t.p95)} |" for label, t in r.research]
        out.append("")
    out += [
        "#### Where the cold time goes (medians per request, ms)",
        "",
        "SQL is timed per statement on the connection, by its shape; index is the time in the product's "
        "Tantivy calls (`archive.search.engine`: ids, count, facets); snippets and template are the view's "
        "calls to `snippet()` and `render()`; the rest is other Python (middleware, FilterSet, parsing, "
        "pagination).",
        "",
        "| class | page | " + " | ".join(f"{p}" for p in PARTS) + " | rest |",
        "| --- | --- | " + " | ".join("---" for _ in PARTS) + " | --- |",
        *_parts_rows(figures),
        "",
        "#### Every query",
        "",
        "| class | query | matches (floor) | page shows | cold | warm (median) | floor |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for f in figures:
        label = f.query.label.replace("|", "\\|")
        if len(label) > 90:
            label = label[:87] + "…"
        note = " (prefixes cut)" if f.floor_cut else ""
        note += f" ({len(f.notes)} note{'s' if len(f.notes) > 1 else ''})" if f.notes else ""
        out.append(
            f"| {CLASS_TITLES[f.query.kind]} | `{label}` | {f.matches:,}{note} | "
            f"{'—' if f.page_count is None else f'{f.page_count:,}'} | {_ms(f.cold_ms)} | "
            f"{_ms(statistics.median(f.warm_ms) if f.warm_ms else float('nan'))} | {_ms(f.floor_ms)} |"
        )
    out.append("")
    if cut:
        out += [
            f"{len(cut)} queries had prefixes with more terms than the bound "
            f"({', '.join(sorted({CLASS_TITLES[f.query.kind] for f in cut}))}): "
            "the floor kept the most frequent terms of each, as the product's engine does.",
            "",
        ]
    noted = [f for f in figures if f.notes]
    if noted:
        distinct = sorted({n for f in noted for n in f.notes})
        out += [
            f"{len(noted)} pages showed a Persian note under their count; the distinct notes:",
            "",
            *(f"- «{n}»" for n in distinct[:10]),
            "",
        ]
    out += _server_section(r)
    return out


def _server_section(r) -> list[str]:
    srv: ServerResult | None = r.server
    if not srv:
        return []
    errors = sum(status != 200 for status in srv.statuses)
    out = [
        "### Through gunicorn (1 worker, production settings, HTTP over the loopback)",
        "",
        f"The same {len(srv.page_ms)} queries once each on the worker's empty page cache: p50 "
        f"{_ms(percentile(srv.page_ms, 50))} ms, p95 {_ms(percentile(srv.page_ms, 95))} ms, max "
        f"{_ms(max(srv.page_ms) if srv.page_ms else float('nan'))} ms; {errors} not 200.",
        f"The worker's private memory (RssAnon, read from /proc by the bench): {srv.idle_mb:.0f} MB idle "
        f"after start, peak {srv.queries_peak_mb:.0f} MB during the queries, {srv.after_queries_mb:.0f} MB "
        f"after them, {srv.final_mb:.0f} MB after the exports.",
        "",
    ]
    if srv.csv:
        out += [
            "| CSV export (`/articles/export.csv?…`) | rows | seconds | rows/s | MB | worker RssAnon before "
            "| peak while streaming |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        out += [
            f"| {c.label} | {c.rows:,} | {c.seconds:.1f} | {c.rate:,.0f} | {c.megabytes:.0f} | "
            f"{c.before_mb:.0f} MB | {c.peak_mb:.0f} MB |"
            for c in srv.csv
        ]
        out += [
            f"| JSONL (`/articles/export.jsonl?…`), {c.label} | {c.rows:,} | {c.seconds:.1f} | "
            f"{c.rate:,.0f} | {c.megabytes:.0f} | {c.before_mb:.0f} MB | {c.peak_mb:.0f} MB |"
            for c in srv.jsonl
        ]
        out.append("")
    return out


def index_lines(r) -> list[str]:
    """The corpus section's lines on the product's index and the floor's."""
    out = []
    if r.index:
        sync = (
            f"; `sync_search_index` after the import runs {r.index['sync_seconds']:.1f} s"
            if "sync_seconds" in r.index
            else ""
        )
        out.append(
            f"- Search engine: {r.index['engine']}. "
            f"`rebuild_search_index` took {r.index['rebuild_seconds']:.1f} s "
            f"({r.articles / r.index['rebuild_seconds']:,.0f} articles/s); `SEARCH_INDEX_DIR` holds "
            f"{r.index['size_mb']:,.0f} MB{sync}."
        )
        if r.index.get("rebuild_output"):
            out.append(f"  Its report: «{' '.join(r.index['rebuild_output'].split())[:400]}»")
    if r.floor:
        how = "reused from an earlier run" if r.floor["reused"] else "built in this run"
        out.append(
            f"- Bare Tantivy floor: {r.floor['documents']:,} public articles, {r.floor['size_mb']:,.0f} MB, "
            f"built in {r.floor['seconds']:.1f} s ({how})."
        )
    if r.index and r.index.get("warmed"):
        out.append(
            f"- Before the cold pass, the index, the floor and the tables a page reads its rows from "
            f"(articles, sources, their links; `pg_prewarm` on PostgreSQL) were read once into the "
            f"operating system's page cache ({r.index['warmed']}), as on a server that has been up a while."
        )
    return out


METHOD = [
    "- **Cold** (`benchmarks/cold.py`): about 80 distinct queries (`benchmarks/queries.py`), their words "
    "taken from the generator's Zipf-ranked vocabulary by rank band, so frequencies are known in advance; "
    "each requested once through Django's test client (the whole stack, `DEBUG` off) after every "
    "configured cache was emptied and any functools memo of the search code (`archive.search`, "
    "`facets`, `filters`, `views`, `pagecache`) was cleared; a page counts as computed when it filed "
    "itself in the cache. Per-token analyzer caches, the lexicon, open index files and the OS page "
    "cache stay warm, as on a server that has been up for a while.",
    "- **Warm**: the same query again, 3 times, straight after its cold request, from the page cache.",
    "- **Floor** (`benchmarks/floor.py`): a Tantivy index the bench builds itself from `title_key` and "
    "`body_key` (whitespace tokenizer, title boosted 10×, fast fields for sources (published or cited), "
    "Solar Hijri year and the publication instant); each query is the top 20 in the page's order with "
    "the exact count, the 20 stored documents fetched, and two terms facets (source, year), prefixes "
    "bounded as the product bounds them; `collapse=story` is not applied. Timed once per query, right "
    "after its cold page.",
    "- **gunicorn**: one worker with the production settings and its own empty page cache; the query set "
    "once, then the CSV of the search nearest 100,000 rows and of one a tenth its size, and the JSONL "
    "(full text) of the larger, each streamed to the end; the worker's `RssAnon` is sampled every 50 ms "
    "from the bench process.",
]


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:,.0f} min" if seconds >= 90 else f"{seconds:,.0f} s"


def duration_lines(r, sizes: tuple[int, ...] = (100_000, 1_000_000)) -> list[str]:
    """This run's phases, and what a run at each of `sizes` should take at the same rates.

    Loading, `rebuild_search_index` and the floor grow with the corpus; the
    import runs do not (they import the same files whatever the corpus); the
    search passes grow with the matches, less than linearly: counted as they
    were here, so the figure is a lower bound for them.
    """
    phases = r.phase_seconds
    if not phases:
        return []
    load_rate = r.load.get("load_rate") or 0.0
    index = phases.get("index", 0.0)
    floor_build = r.floor.get("seconds", 0.0) if r.floor else 0.0
    fixed = phases.get("imports", 0.0) + phases.get("search", 0.0) + phases.get("server", 0.0)
    out = [
        "### How long a run takes",
        "",
        "This run: "
        + ", ".join(f"{name} {_minutes(seconds)}" for name, seconds in phases.items())
        + (
            f"; loading the corpus took {_minutes(r.load['load_seconds'])} when it was built"
            if load_rate
            else ""
        )
        + ". At the same rates (on a machine as busy as this one was):",
        "",
        "| corpus | loading (first run only) | `rebuild_search_index` | floor (first run only) "
        "| imports, search, server | first run | later runs |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for size in sizes:
        scale = size / r.articles
        load = size / load_rate if load_rate else float("nan")
        first = load + index * scale + floor_build * scale + fixed
        later = index * scale + fixed
        out.append(
            f"| {size:,} | {_minutes(load)} | {_minutes(index * scale)} | {_minutes(floor_build * scale)} "
            f"| ≥ {_minutes(fixed)} | ≥ {_minutes(first)} | ≥ {_minutes(later)} |"
        )
    out.append("")
    return out
