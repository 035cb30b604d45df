"""How long `send_alerts --rate daily` takes for many subscriptions on the current database.

`time_send_alerts(subscriptions=1000)` makes that many confirmed alerts over
varied searches (words of the archive's own titles, alone, with a date range,
a source, or none), backdates their start so that the newest articles are new
to them, and times one `send_alerts --rate daily` with Django's in-memory mail backend. It leaves
the database as it found it (its subscriptions are deleted). Not wired into
`make bench`.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core import mail
from django.core.management import call_command
from django.db.models import Min
from django.test.utils import override_settings
from django.utils import timezone

from archive.alerts.models import Subscription
from archive.models import Article, ChangeKind, SearchChange, Source
from archive.search import changelog

BENCH_PREFIX = "bench-alerts-"


def leftovers():
    return Subscription.objects.filter(email__startswith=BENCH_PREFIX, email__endswith="@example.org")


@dataclass
class AlertsTiming:
    subscriptions: int
    seconds: float
    messages: int


def varied_queries(count: int, new_articles: int = 200) -> list[str]:
    """`count` query strings of the articles list, made from the words of the newest titles."""
    words = []
    for title in Article.objects.order_by("-id").values_list("title", flat=True)[:new_articles]:
        words += [w for w in title.split() if len(w) > 2]
    words = list(dict.fromkeys(words)) or ["خبر"]
    sources = list(Source.objects.values_list("pk", flat=True)[:20])
    queries = []
    for i in range(count):
        word = words[i % len(words)]
        shape = i % 5
        if shape == 0:
            params = {"q": word}
        elif shape == 1:
            params = {"q": f"{word} OR {words[(i * 7) % len(words)]}"}
        elif shape == 2:
            params = {"q": word, "date_from": "1390"}
        elif shape == 3 and sources:
            params = {"source": sources[i % len(sources)]}
        else:
            params = {}
        # Distinct per subscriber (one alert per address and search), the search itself shared.
        queries.append(urlencode(params))
    return queries


def time_send_alerts(subscriptions: int = 1000, new_articles: int = 200) -> AlertsTiming:
    """Seconds and messages of one `send_alerts --rate daily` over `subscriptions` new confirmed alerts.

    The newest `new_articles` articles (by id) count as entered after the
    alerts were confirmed, and the change log window covers them.
    """
    leftovers().delete()  # of a run killed before it cleaned up
    newest = list(Article.objects.order_by("-id").values_list("id", "created_at")[:new_articles])
    since = min((created for _, created in newest), default=timezone.now()) - dt.timedelta(seconds=1)
    # Just before the first log row of those articles: the window of the run covers them.
    first = SearchChange.objects.filter(
        kind=ChangeKind.ARTICLE, object_id__in=[pk for pk, _ in newest]
    ).aggregate(first=Min("seq"))["first"]
    position = (first or changelog.position() + 1) - 1
    made = Subscription.objects.bulk_create(
        Subscription(
            email=f"{BENCH_PREFIX}{i}@example.org",
            list_name="articles",
            query=query,
            client="bench",
            confirmed_at=since,
            position=position,
        )
        for i, query in enumerate(varied_queries(subscriptions, new_articles))
    )
    try:
        with override_settings(
            MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
        ):
            mail.outbox = []
            started = time.perf_counter()
            call_command("send_alerts", "--rate", "daily", stdout=io.StringIO())
            seconds = time.perf_counter() - started
            messages = len(mail.outbox)
        return AlertsTiming(len(made), seconds, messages)
    finally:
        Subscription.objects.filter(pk__in=[s.pk for s in made]).delete()
