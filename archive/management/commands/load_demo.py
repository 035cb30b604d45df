"""`python manage.py load_demo`: the seed article, annotated by hand (idempotent).

The article is imported through the ordinary import routine; its sources,
officials, statements and events come from archive/fixtures/demo.json, whose
statement texts are located in the body to get their exact spans.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from archive import text
from archive.countries import COUNTRIES
from archive.dates import parse_datetime
from archive.ingest.readers import read_text, split_title_body
from archive.models import (
    Article,
    ArticleVia,
    Country,
    Event,
    Official,
    OfficialAlias,
    Position,
    ReviewStatus,
    Source,
    Statement,
    content_fingerprint,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def find_span(body: str, quoted: str, occurrence: int) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = body.find(quoted, start + 1)
        if start < 0:
            raise CommandError(f"demo.json quotes text that is not in the seed article: {quoted[:60]}")
    return start, start + len(quoted)


def upsert_source(spec: dict) -> Source:
    source = Source.objects.filter(name_key=text.search_key(spec["name"])).first() or Source(
        name=spec["name"]
    )
    source.latin_name = spec.get("latin_name", "")
    source.kind = spec.get("kind", source.kind)
    source.country_id = spec.get("country")
    source.website = spec.get("website", "")
    source.save()
    return source


def upsert_official(spec: dict) -> Official:
    official, _ = Official.objects.get_or_create(
        latin_name=spec["latin_name"], defaults={"name": spec["name"], "country_id": spec["country"]}
    )
    known = set(official.aliases.values_list("key", flat=True))
    for alias in spec["aliases"]:
        if text.search_key(alias) not in known:
            OfficialAlias(official=official, name=alias).save()
            known.add(text.search_key(alias))
    for position in spec["positions"]:
        Position.objects.get_or_create(
            official=official,
            title=position["title"],
            start=dt.date.fromisoformat(position["start"]),
            defaults={
                "organization": position.get("organization", ""),
                "country_id": position.get("country"),
                "end": dt.date.fromisoformat(position["end"]) if position.get("end") else None,
            },
        )
    official.refresh_names_key()
    return official


class Command(BaseCommand):
    help = "Load the demo article with its sources, officials, statements and events (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        spec = json.loads((FIXTURES / "demo.json").read_text(encoding="utf-8"))
        for code, name, latin in COUNTRIES:
            Country.objects.get_or_create(code=code, defaults={"name": name, "latin_name": latin})

        sources = {s["name"]: upsert_source(s) for s in spec["sources"]}
        officials = {o["key"]: upsert_official(o) for o in spec["officials"]}

        meta = spec["article"]
        title, body = split_title_body(read_text(FIXTURES / meta["file"]).replace("\r\n", "\n"))
        article = Article.objects.filter(fingerprint=content_fingerprint(title, body)).first()
        if article is None:
            article = Article(title=title, body=body)
        article.url = meta.get("url")
        article.source = sources[meta["source"]]
        article.published_at = parse_datetime(meta["published_at"])
        article.language = meta.get("language", "fa")
        article.review_status = ReviewStatus.ANNOTATED
        article.save()
        article.countries.set(meta["countries"])
        for position, name in enumerate(meta["via"]):
            ArticleVia.objects.update_or_create(
                article=article, source=sources[name], defaults={"position": position}
            )

        events = {}
        for e in spec["events"]:
            event, _ = Event.objects.update_or_create(
                title=e["title"],
                defaults={
                    "kind": e["kind"],
                    "start": dt.date.fromisoformat(e["start"]),
                    "end": dt.date.fromisoformat(e["end"]) if e.get("end") else None,
                    "place": e.get("place", ""),
                },
            )
            event.countries.set(e["countries"])
            event.officials.set([officials[k] for k in e["officials"]])
            event.articles.add(article)
            events[e["key"]] = event

        for s in spec["statements"]:
            start, end = find_span(body, s["text"], s.get("occurrence", 1))
            Statement.objects.update_or_create(
                article=article,
                start=start,
                end=end,
                defaults={
                    "official": officials[s["speaker"]],
                    "text": body[start:end],
                    "direct": s["direct"],
                    "attribution": s.get("attribution_text", ""),
                    "said_on": dt.date.fromisoformat(s["said_on"]) if s.get("said_on") else None,
                    "event": events.get(s.get("event")),
                },
            )
        self.stdout.write(
            f"نمونه بارگذاری شد: خبر {article.pk}، {article.statements.count()} گفته، {len(events)} رویداد."
        )
