"""What the archive holds, in numbers: the home page's figures."""

from __future__ import annotations

from archive.models.articles import Article
from archive.models.events import Event
from archive.models.people import Official
from archive.models.sources import Source
from archive.models.statements import Statement


def archive_counts() -> dict[str, int]:
    """How many public articles and statements, and how many officials, events and sources."""
    return {
        "articles": Article.objects.public().count(),
        "officials": Official.objects.count(),
        "statements": Statement.objects.public().count(),
        "events": Event.objects.count(),
        "sources": Source.objects.count(),
    }
