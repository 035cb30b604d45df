"""The article body as HTML with each statement's span marked in place."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from archive.models import Statement


def mark_statements(body: str, statements: Iterable[Statement]) -> SafeString:
    """Escape `body` and wrap each statement's [start, end) in a <mark> linked to its speaker.

    Spans that overlap an earlier one are left unmarked rather than nested
    wrongly; the body text itself is never altered.
    """
    parts: list[str] = []
    cursor = 0
    for statement in sorted(statements, key=lambda s: (s.start, s.end)):
        if statement.start < cursor or statement.end > len(body):
            continue
        parts.append(escape(body[cursor : statement.start]))
        parts.append(
            format_html(
                '<mark class="statement" id="statement-{}" data-official="{}">{}'
                '<a class="speaker" href="{}">{}</a></mark>',
                statement.pk,
                statement.official_id,
                body[statement.start : statement.end],
                statement.official.get_absolute_url(),
                statement.official.name,
            )
        )
        cursor = statement.end
    parts.append(escape(body[cursor:]))
    return mark_safe("".join(parts))  # every part above is escaped or built by format_html
