"""The archive's data model: sources, articles, officials, statements, events.

Constraints that the data needs are enforced by the database (check and unique
constraints in the models; the statement-span triggers in migration 0002), not
only by forms. One module per concern; everything is importable from here.
"""

from archive.alerts.models import AlertMessage, SentMatch, Subscription
from archive.models import lookups  # noqa: F401  (registers `any_of`)
from archive.models.articles import (
    Article,
    ArticleBand,
    ArticleQuerySet,
    ArticleVia,
    ReviewStatus,
    content_fingerprint,
    fingerprint_of_keys,
)
from archive.models.base import Country, Versioned
from archive.models.changes import ChangeKind, SearchChange, SearchIndexState
from archive.models.counts import archive_counts
from archive.models.editorial import MentionStatus, RejectedSuggestion, UnresolvedMention
from archive.models.events import Event, EventKind
from archive.models.people import Official, OfficialAlias, OfficialQuerySet, Position, held_on
from archive.models.sources import Source, SourceAlias, SourceKind, Story
from archive.models.statements import Statement, StatementQuerySet, statement_day

__all__ = [
    "AlertMessage",
    "Article",
    "ArticleBand",
    "ArticleQuerySet",
    "ArticleVia",
    "ChangeKind",
    "Country",
    "Event",
    "EventKind",
    "MentionStatus",
    "Official",
    "OfficialAlias",
    "OfficialQuerySet",
    "Position",
    "RejectedSuggestion",
    "ReviewStatus",
    "SearchChange",
    "SearchIndexState",
    "SentMatch",
    "Source",
    "SourceAlias",
    "SourceKind",
    "Statement",
    "StatementQuerySet",
    "Story",
    "Subscription",
    "UnresolvedMention",
    "Versioned",
    "archive_counts",
    "content_fingerprint",
    "fingerprint_of_keys",
    "held_on",
    "statement_day",
]
