"""Loading a generated corpus straight into the database, for the benchmarks and the load test.

Faster than the import routine on purpose: keys are computed in worker
processes and rows go in with bulk_create; the import itself is measured
separately, through the real routine.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from archive.countries import COUNTRIES
from benchmarks.corpus import OFFICIALS, PLACES, SOURCES, GeneratedArticle, articles, vocabulary

# One event per this many articles, reported by one to five of them.
EVENT_EVERY = 10
# Editors withdraw some articles; the public pages must filter them out.
WITHDRAWN_EVERY = 50


@dataclass
class LoadReport:
    articles: int
    statements: int
    events: int
    seconds: float

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


def _keyed_batch(task: tuple[int, int, int]) -> list[_Keyed]:
    """Generate a batch and compute every derived column (runs in a worker process)."""
    from archive.models import Article
    from archive.text import search_key

    seed, start, count = task
    out = []
    for item in articles(count, seed, start):
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


def _store(batch: list[_Keyed], sources: dict, officials: list, seed: int) -> tuple[int, int]:
    """Insert one generated batch with its relations; returns (statements, events) added."""
    from archive.models import Article, ArticleVia, Event, EventKind, ReviewStatus, Statement

    rows = [
        Article(
            title=k.item.title,
            body=k.item.body,
            url=k.item.url,
            source=sources[k.item.source],
            published_at=k.item.published_at,
            is_public=k.item.index % WITHDRAWN_EVERY != WITHDRAWN_EVERY - 1,
            review_status=ReviewStatus.ANNOTATED if k.item.quotes else ReviewStatus.NEW,
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
    pool = None
    if workers > 1 and len(tasks) > 1:
        # Forked workers must not share the parent's database socket.
        connections.close_all()
        pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        batches = pool.imap(_keyed_batch, tasks) if pool else map(_keyed_batch, tasks)
        with tqdm(total=n, unit=" articles", disable=not progress, mininterval=2) as bar:
            for keyed in batches:
                with transaction.atomic():
                    statements, events = _store(keyed, sources, officials, seed)
                report.articles += len(keyed)
                report.statements += statements
                report.events += events
                bar.update(len(keyed))
    finally:
        if pool:
            pool.close()
            pool.join()
    report.seconds = time.perf_counter() - started
    return report
