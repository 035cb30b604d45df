"""The article body as HTML with the suggestions marked in place, for the editors' page.

Statements (suggested or accepted) and mentions get different marks; each
open suggestion carries its accept / edit / reject controls. The body is
escaped piece by piece and never altered: concatenating the text of the
pieces gives the body back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from archive.extract.statements import Suggestion


@dataclass(frozen=True)
class Accepted:
    """A statement already in the archive, as the page needs it."""

    pk: int
    start: int
    end: int
    official_name: str
    url: str


def _mention_html(body: str, m: Suggestion, names: Mapping[int, str], rejected: set) -> str:
    text = body[m.start : m.end]
    if m.official_id is not None:
        return format_html(
            '<mark class="sg-mention sg-resolved" id="sg-m-{}" title="{}">{}</mark>',
            m.start,
            names.get(m.official_id, ""),
            text,
        )
    if ("mention", m.start, m.end) in rejected:
        return escape(text)
    return format_html(
        '<mark class="sg-mention sg-unresolved" id="sg-m-{}" title="ناشناخته">{}</mark>'
        '<span class="sg-actions">'
        '<button type="submit" name="accept" value="mention:{}:{}" class="sg-accept">به صف</button>'
        '<button type="submit" name="reject" value="mention:{}:{}" class="sg-reject">رد</button>'
        "</span>",
        m.start,
        text,
        m.start,
        m.end,
        m.start,
        m.end,
    )


def _with_mentions(
    body: str, start: int, end: int, mentions: list[Suggestion], names: Mapping[int, str], rejected: set
) -> str:
    parts, cursor = [], start
    for m in mentions:
        if m.start < cursor or m.end > end or m.start < start:
            continue
        parts.append(escape(body[cursor : m.start]))
        parts.append(_mention_html(body, m, names, rejected))
        cursor = m.end
    parts.append(escape(body[cursor:end]))
    return "".join(parts)


def edit_url(article_id: int, s: Suggestion) -> str:
    """The statement add form, filled in with this suggestion, to correct before saving."""
    params = {"article": article_id, "start": s.start, "end": s.end, "attribution": s.speaker_text[:200]}
    if s.official_id is not None:
        params["official"] = s.official_id
    if s.direct:
        params["direct"] = "on"
    params["_from_article"] = 1
    return reverse("admin:archive_statement_add") + "?" + urlencode(params)


def mark_suggestions(
    article_id: int,
    body: str,
    suggestions: Iterable[Suggestion],
    accepted: Iterable[Accepted],
    names: Mapping[int, str],
    rejected: set[tuple[str, int, int]],
) -> SafeString:
    """`body` escaped, with accepted statements, open suggestions and mentions marked.

    `names` maps official ids to names (for titles); `rejected` holds
    (kind, start, end) of suggestions an editor turned down, which are not
    offered again. A suggestion overlapping an accepted statement is not shown.
    """
    suggestions = list(suggestions)
    mentions = [s for s in suggestions if s.type == "mention"]
    blocks: list[tuple[int, int, str, object]] = [(a.start, a.end, "accepted", a) for a in accepted]
    taken = [(a.start, a.end) for a in accepted]
    for s in suggestions:
        if s.type != "statement" or ("statement", s.start, s.end) in rejected:
            continue
        if any(s.start < b and a < s.end for a, b in taken):
            continue
        blocks.append((s.start, s.end, "suggested", s))
        taken.append((s.start, s.end))
    blocks.sort(key=lambda b: (b[0], b[1]))

    parts: list[str] = []
    cursor = 0
    for start, end, state, item in blocks:
        if start < cursor or end > len(body):
            continue
        parts.append(_with_mentions(body, cursor, start, mentions, names, rejected))
        inner = _with_mentions(body, start, end, mentions, names, rejected)
        if state == "accepted":
            parts.append(
                format_html(
                    '<mark class="sg-statement sg-accepted" id="statement-{}">{}</mark>'
                    '<a class="sg-record" href="{}" title="گفتهٔ ثبت‌شده">✓ {}</a>',
                    item.pk,
                    mark_safe(inner),  # built from escaped pieces above
                    item.url,
                    item.official_name,
                )
            )
            cursor = end
            continue
        speaker = names.get(item.official_id, "") if item.official_id else "گوینده نامعلوم"
        if item.relayed_by:
            speaker = f"{speaker} (به نقل {item.relayed_by})"  # the relayer passed it on; the speaker said it
        parts.append(
            format_html(
                '<mark class="sg-statement sg-suggested{}" id="sg-s-{}" data-speaker="{}">{}</mark>'
                '<span class="sg-actions"><span class="sg-speaker">{} · {}</span>'
                '<button type="submit" name="accept" value="statement:{}:{}" class="sg-accept"{}>'
                "پذیرش</button>"
                '<a class="sg-edit" href="{}">ویرایش</a>'
                '<button type="submit" name="reject" value="statement:{}:{}" class="sg-reject">رد</button>'
                "</span>",
                "" if item.direct else " sg-paraphrase",
                item.start,
                f"sg-m-{item.speaker_start}" if item.speaker_start is not None else "",
                mark_safe(inner),  # built from escaped pieces above
                speaker,
                "نقل مستقیم" if item.direct else "نقل غیرمستقیم",
                item.start,
                item.end,
                "" if item.official_id else mark_safe(" disabled"),
                edit_url(article_id, item),
                item.start,
                item.end,
            )
        )
        cursor = end
    parts.append(_with_mentions(body, cursor, len(body), mentions, names, rejected))
    return mark_safe("".join(parts))  # every piece is escaped or built by format_html
