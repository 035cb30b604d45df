"""Loading a generated corpus straight into the database, for the benchmarks and the load test.

Faster than the import routine on purpose: keys are computed in worker
processes and rows go in with bulk_create; the import itself is measured
separately, through the real routine.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import islice

from archive.countries import COUNTRIES
from benchmarks.corpus import OFFICIALS, PLACES, SOURCES, GeneratedArticle, article, articles, vocabulary

# One event per this many articles, reported by one to five of them.
EVENT_EVERY = 10
# Editors withdraw some articles; the public pages must filter them out.
WITHDRAWN_EVERY = 50
# Syndication: articles come in runs of STORY_SIZE, and every STORY_EVERY-th run is
# one story reprinted by STORY_SIZE outlets (20% of the corpus), so that
# `collapse=story` has stories to collapse. A reprint is what the import links
# into a story (archive/ingest/syndication.py): the first copy's title, text and
# quotes, with a line naming where it came from, by another outlet; its address,
# citations and date are its own.
STORY_SIZE = 4
STORY_EVERY = 5
# Bump when what the loader stores for a seed changes: cached corpora are keyed by it.
LOADER_VERSION = 3  # 3: a story's later copies are reprints of its first


def story_run(index: int) -> int | None:
    """The run of STORY_SIZE articles that article `index` belongs to, if that run is a story."""
    run = index // STORY_SIZE
    return run if run % STORY_EVERY == 0 else None


@dataclass
class LoadReport:
    articles: int
    statements: int
    events: int
    seconds: float
    # Peak private resident memory (RssAnon) of the loading process, sampled after each batch.
    peak_rss_mb: float = 0.0
    # Of `seconds`, the time the parent spent inserting (the rest: waiting for keyed batches).
    store_seconds: float = 0.0
    # (articles loaded, RssAnon in MB) after each batch: flat memory shows as a flat series.
    rss_samples: list[tuple[int, float]] = field(default_factory=list)

    def rss_at(self, share: float) -> float:
        """RssAnon after the batch that reached `share` (0–1) of the articles."""
        if not self.rss_samples:
            return 0.0
        wanted = share * self.rss_samples[-1][0]
        return next(mb for n, mb in self.rss_samples if n >= wanted)

    @property
    def rate(self) -> float:
        """Articles per second, generation and keys included."""
        return self.articles / self.seconds if self.seconds else 0.0


@dataclass
class _Keyed:
    item: GeneratedArticle
    keys: dict
    quote_keys: list[str]
    # LSH band keys of the body (near-duplicate detection), as the import stores them
    bands: list[int] = field(default_factory=list)


def _band_keys(body_key: str) -> list[int]:
    # The import stores these for every article so that later imports find
    # reprints; a corpus without them would make the import measure look cheap.
    try:
        from archive.ingest import syndication
    except ImportError:
        return []
    return syndication.band_keys(syndication.shingles(body_key))


def reprinted(item: GeneratedArticle, seed: int) -> GeneratedArticle:
    """`item` as the corpus stores it: a later copy of a story is a reprint of the story's first."""
    run = story_run(item.index)
    if run is None or item.index == run * STORY_SIZE:
        return item
    first = article(run * STORY_SIZE, seed)
    # Each copy from another outlet: the one after the first's by as many places as the copy's.
    outlets = [spec.name for spec in SOURCES]
    outlet = outlets[(outlets.index(first.source) + item.index - run * STORY_SIZE) % len(outlets)]
    return replace(
        item,
        source=outlet,
        title=first.title,
        body=f"{first.body}\n\nبه نقل از {first.source}",
        countries=first.countries,
        quotes=first.quotes,
    )


def _keyed_batch(task: tuple[int, int, int]) -> list[_Keyed]:
    """Generate a batch and compute every derived column (runs in a worker process)."""
    from archive.models import Article
    from archive.text import search_key

    seed, start, count = task
    out = []
    for item in (reprinted(generated, seed) for generated in articles(count, seed, start)):
        article = Article(title=item.title, body=item.body, url=item.url)
        article.refresh_keys()
        keys = {
            "title_key": article.title_key,
            "body_key": article.body_key,
            "key_version": article.key_version,
            "fingerprint": article.fingerprint,
        }
        quote_keys = [search_key(item.body[s:e]) for _o, s, e, _a in item.quotes]
        out.append(_Keyed(item, keys, quote_keys, _band_keys(article.body_key)))
    return out


def ensure_reference_data() -> tuple[dict, list]:
    """Countries, the corpus's sources and officials (with aliases and positions), created if missing.

    Returns (sources by name, officials in the order of OFFICIALS).
    """
    from archive.models import Country, Official, OfficialAlias, Position, Source
    from archive.text import search_key

    Country.objects.bulk_create(
        [Country(code=code, name=name, latin_name=latin) for code, name, latin in COUNTRIES],
        ignore_conflicts=True,
    )
    sources = {}
    for spec in SOURCES:
        source = Source.objects.filter(name_key=search_key(spec.name)).first()
        if source is None:
            source = Source(
                name=spec.name, latin_name=spec.latin_name, kind=spec.kind, country_id=spec.country
            )
            source.website = f"https://{spec.domain}"
            source.save()
        sources[spec.name] = source
    officials = []
    for spec in OFFICIALS:
        official = Official.objects.filter(latin_name=spec.latin_name).first()
        if official is None:
            official = Official.objects.create(
                name=spec.name, latin_name=spec.latin_name, country_id=spec.country
            )
            names = {search_key(n): n for n in (spec.name, spec.last_name, spec.latin_name, *spec.spellings)}
            OfficialAlias.objects.bulk_create(
                OfficialAlias(official=official, name=name, key=key) for key, name in names.items()
            )
            Position.objects.create(
                official=official, title=spec.role, country_id=spec.country, start=dt.date(2015, 1, 1)
            )
            official.refresh_names_key()
        officials.append(official)
    return sources, officials


def _stories(batch: list[_Keyed], open_stories: dict) -> dict[int, object]:
    """The Story of each story run in `batch`, created once (a run may span two batches)."""
    from archive.models import Story

    runs = sorted({r for k in batch if (r := story_run(k.item.index)) is not None})
    new = [r for r in runs if r not in open_stories]
    for run, story in zip(new, Story.objects.bulk_create(Story() for _ in new), strict=True):
        open_stories[run] = story
    for run in [r for r in open_stories if runs and r < runs[0]]:
        del open_stories[run]  # runs are in order: an earlier one will not come back
    return open_stories


def _store(
    batch: list[_Keyed], sources: dict, officials: list, seed: int, open_stories: dict | None = None
) -> tuple[int, int]:
    """Insert one generated batch with its relations; returns (statements, events) added."""
    from archive.models import Article, ArticleVia, Event, EventKind, ReviewStatus, Statement

    stories = _stories(batch, {} if open_stories is None else open_stories)
    rows = [
        Article(
            title=k.item.title,
            body=k.item.body,
            url=k.item.url,
            source=sources[k.item.source],
            published_at=k.item.published_at,
            is_public=k.item.index % WITHDRAWN_EVERY != WITHDRAWN_EVERY - 1,
            review_status=ReviewStatus.ANNOTATED if k.item.quotes else ReviewStatus.NEW,
            story=stories.get(story_run(k.item.index)),
            **k.keys,
        )
        for k in batch
    ]
    Article.objects.bulk_create(rows)
    ArticleVia.objects.bulk_create(
        ArticleVia(article=row, source=sources[name], position=p)
        for row, k in zip(rows, batch, strict=True)
        for p, name in enumerate(k.item.via)
    )
    from archive import models

    if hasattr(models, "ArticleBand"):
        models.ArticleBand.objects.bulk_create(
            models.ArticleBand(article_id=row.pk, key=key)
            for row, k in zip(rows, batch, strict=True)
            for key in k.bands
        )
    Article.countries.through.objects.bulk_create(
        Article.countries.through(article_id=row.pk, country_id=code)
        for row, k in zip(rows, batch, strict=True)
        for code in k.item.countries
    )

    # Events: every EVENT_EVERY-th article reports one, and so do a few of the
    # articles after it; the quotes of the first are said at the event.
    events: dict[int, Event] = {}
    members: dict[int, list[int]] = {}
    kinds = [value for value, _label in EventKind.choices]
    for position, k in enumerate(batch):
        if k.item.index % EVENT_EVERY:
            continue
        rng = random.Random(seed * 7_919 + k.item.index)
        events[position] = Event(
            kind=rng.choice(kinds),
            title=k.item.title[:300],
            start=k.item.published_at.date(),
            place=rng.choice(PLACES),
        )
        members[position] = list(range(position, min(len(batch), position + rng.randint(1, 5))))
    Event.objects.bulk_create(events.values())
    Event.articles.through.objects.bulk_create(
        Event.articles.through(event_id=event.pk, article_id=rows[i].pk)
        for position, event in events.items()
        for i in members[position]
    )
    Event.officials.through.objects.bulk_create(
        Event.officials.through(event_id=event.pk, official_id=officials[o].pk)
        for position, event in events.items()
        for o in dict.fromkeys(q[0] for q in batch[position].item.quotes)
    )
    Event.countries.through.objects.bulk_create(
        Event.countries.through(event_id=event.pk, country_id=code)
        for position, event in events.items()
        for code in batch[position].item.countries
    )

    statements = [
        Statement(
            article=row,
            official=officials[official],
            text=k.item.body[start:end],
            text_key=key,
            direct=True,
            start=start,
            end=end,
            attribution=attribution[:200],
            said_on=k.item.published_at.date(),
            event=events.get(position),
        )
        for position, (row, k) in enumerate(zip(rows, batch, strict=True))
        for (official, start, end, attribution), key in zip(k.item.quotes, k.quote_keys, strict=True)
    ]
    Statement.objects.bulk_create(statements)
    return len(statements), len(events)


def _in_order(pool, tasks: list[tuple[int, int, int]], window: int) -> Iterator[list[_Keyed]]:
    """`_keyed_batch` of each task, in order, with at most `window` batches made ahead.

    `Pool.imap` would let the workers run ahead of the inserts without bound:
    at a million articles, gigabytes of keyed batches waiting in the parent.
    """
    pending: deque = deque()
    queued = iter(tasks)
    for task in islice(queued, window):
        pending.append(pool.apply_async(_keyed_batch, (task,)))
    while pending:
        batch = pending.popleft().get()
        task = next(queued, None)
        if task is not None:
            pending.append(pool.apply_async(_keyed_batch, (task,)))
        yield batch


def _private_mb() -> float:
    """This process's RssAnon in MB (0 where /proc has none)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def load(n: int, seed: int = 1, batch: int = 2000, workers: int = 2, progress: bool = True) -> LoadReport:
    """Generate `n` articles into the current database, with sources, officials, statements and events.

    Keys come from `Article.refresh_keys()`, computed in `workers` forked
    processes (the key is the costly part); rows are inserted in order, one
    transaction per batch, so the same (n, seed) always gives the same rows.
    """
    import multiprocessing
    import time

    from django.db import connections, transaction
    from tqdm import tqdm

    started = time.perf_counter()
    with transaction.atomic():
        sources, officials = ensure_reference_data()
    vocabulary()  # built once, before forking, so workers inherit it
    tasks = [(seed, start, min(batch, n - start)) for start in range(0, n, batch)]
    report = LoadReport(articles=0, statements=0, events=0, seconds=0.0)
    open_stories: dict = {}
    pool = None
    if workers > 1 and len(tasks) > 1:
        # Forked workers must not share the parent's database socket.
        connections.close_all()
        pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        batches = _in_order(pool, tasks, 2 * workers) if pool else map(_keyed_batch, tasks)
        with tqdm(total=n, unit=" articles", disable=not progress, mininterval=2) as bar:
            for keyed in batches:
                began = time.perf_counter()
                with transaction.atomic():
                    statements, events = _store(keyed, sources, officials, seed, open_stories)
                report.store_seconds += time.perf_counter() - began
                report.articles += len(keyed)
                report.statements += statements
                report.events += events
                rss = _private_mb()
                report.peak_rss_mb = max(report.peak_rss_mb, rss)
                report.rss_samples.append((report.articles, rss))
                bar.update(len(keyed))
    finally:
        if pool:
            pool.close()
            pool.join()
    report.seconds = time.perf_counter() - started
    return report
