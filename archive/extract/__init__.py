"""Suggestions for editors: the officials an article mentions and the statements it reports.

`suggest(body, gazetteer, day)` is pure: it reads only its arguments, so it
is tested without a database. `Gazetteer.from_db()` loads what the archive
knows, `gazetteer_cache.current_gazetteer()` keeps it until officials change;
`suggest_for_article`, `queue_unresolved` and `queue_imported` are the
thin glue the admin, `manage.py suggest` and the import use.

Modules: `tokens` (words with spans, the phrase matcher over search keys),
`lexicon` (reporting verbs, honorifics, pronouns, titles) and
`lexicon_names` (what tells a name from other words), `gazetteer` (names,
titles, dated tenures), `gazetteer_cache` (the archive's, kept while
officials are unchanged), `mentions` and `people` (who is named, known or
not), `speakers` (who is a clause's subject, who relays whom),
`statements` and `interviews` (what was said).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from archive import text
from archive.extract.gazetteer import Gazetteer, Tenure
from archive.extract.mentions import words
from archive.extract.sentences import split_sentences
from archive.extract.statements import Suggestion, suggest
from archive.extract.tokens import tokenize

if TYPE_CHECKING:
    from archive.models import Article

__all__ = [
    "Gazetteer",
    "Suggestion",
    "Tenure",
    "article_day",
    "queue_imported",
    "queue_unresolved",
    "split_sentences",
    "strip_honorifics",
    "suggest",
    "suggest_for_article",
]


def article_day(article: Article) -> dt.date | None:
    """The local (Tehran) date the article was published, at which its roles resolve."""
    if article.published_at is None:
        return None
    return timezone.localtime(article.published_at).date()


def strip_honorifics(name: str) -> str:
    """The name without the ranks and honorifics written before it («ژنرال شویگو» → «شویگو»)."""
    tokens = tokenize(name)
    k = 0
    while k < len(tokens) and (found := words().honorifics.match(tokens, k)):
        k = found[0]
    if k == 0 or k >= len(tokens):
        return name.strip()
    return name[tokens[k].start :].strip()


def suggest_for_article(article: Article, gazetteer: Gazetteer | None = None) -> list[Suggestion]:
    """The suggestions for one article, against the archive's officials (or `gazetteer`)."""
    if gazetteer is None:
        from archive.extract.gazetteer_cache import current_gazetteer

        gazetteer = current_gazetteer()
    return suggest(article.body, gazetteer, article_day(article))


def _entries(article: Article, suggestions: list[Suggestion], countries: set[str]) -> list:
    """Queue entries for the unresolved mentions of an article, one per name (where it is first written)."""
    from archive.models import UnresolvedMention

    entries, seen = [], set()
    for s in suggestions:
        if not s.queued:
            continue
        key = text.search_key(strip_honorifics(s.text))
        # «صدری» after «فرهاد صدری»: the surname alone is the person already queued.
        if key in seen or any(k.endswith(" " + key) for k in seen):
            continue
        seen.add(key)
        entries.append(
            UnresolvedMention(
                article=article,
                start=s.start,
                end=s.end,
                text=s.text[:300],
                kind=s.via,
                context=article.body[max(0, s.start - 60) : s.end + 60],
                role_text=s.role_text[:300],
                role_title=s.role_title[:200],
                role_country_id=s.role_country if s.role_country in countries else None,
            )
        )
    return entries


def _country_codes() -> set[str]:
    from archive.models import Country

    return set(Country.objects.values_list("code", flat=True))


def queue_unresolved(article: Article, suggestions: list[Suggestion]) -> int:
    """Put the mentions that resolve to nobody in the editors' queue; returns how many were new.

    Idempotent: a name already queued (or already dealt with) for the same
    article, at the same span or written the same way elsewhere, is not
    queued again. An entry keeps the role written beside the name.
    """
    from archive.models import UnresolvedMention

    if not any(s.queued for s in suggestions):
        return 0
    queued = UnresolvedMention.objects.filter(article=article).values_list("start", "end", "text")
    spans = {(a, b) for a, b, _ in queued}
    names = {text.search_key(strip_honorifics(t)) for _, _, t in queued}
    new = [
        e
        for e in _entries(article, suggestions, _country_codes())
        if (e.start, e.end) not in spans and text.search_key(strip_honorifics(e.text)) not in names
    ]
    UnresolvedMention.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def queue_imported(articles: list[Article]) -> int:
    """Queue the unresolved mentions of articles just imported (none queued yet); returns how many.

    One gazetteer and one insert for the batch: the import calls this for
    each batch it stores, inside its transaction.
    """
    from archive.extract.gazetteer_cache import current_gazetteer
    from archive.models import UnresolvedMention

    if not articles:
        return 0
    gazetteer, countries = current_gazetteer(), _country_codes()
    new = [e for a in articles for e in _entries(a, suggest_for_article(a, gazetteer), countries)]
    UnresolvedMention.objects.bulk_create(new, batch_size=500)
    return len(new)
