"""Who is the subject of a reporting clause, and whom that subject relays.

Persian puts the subject first: «وزیر دفاع روسیه در این دیدار گفت», after
adverbs («همچنین», «روز دوشنبه»), an attribution («به گزارش ایرنا،») or a
phrase closed by a comma («در دیدار با شویگو، حسن‌اف گفت»). So the speaker
is the first noun phrase of the clause, not any name before the verb: in
«X، مشاور وزیر دفاع روسیه، گفت» the minister is a complement of X, and X
speaks. When that first phrase is nobody the archive knows, the speaker is
unknown — never another official named further on.

«X به نقل از Y گفت» and «X اعلام کرد که Y گفته است …» are relays: Y said
it, X passed it on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from archive.extract import lexicon, people
from archive.extract.mentions import Mention
from archive.extract.tokens import compact_norm
from archive.ingest.attribution import dateline_end

if TYPE_CHECKING:
    from archive.extract.statements import _Reader

# Words that open a phrase before the subject, closed by a comma («در دیدار با شویگو،»).
_LEADING_PREPOSITIONS = frozenset(
    compact_norm(w) for w in ("در", "با", "به", "از", "پس", "بعد", "طی", "ضمن", "پیش", "هنگام", "برای")
)
_DEMONSTRATIVES = frozenset(compact_norm(w) for w in ("این", "آن", "همین", "همان"))
_BE, _REPORT, _AND = compact_norm("به"), compact_norm("گزارش"), compact_norm("و")
# Kinds whose mention names someone the archive may or may not know.
PERSON_KINDS = frozenset({"name", "role", "title", "person", "unknown", "speaker", "pronoun"})
_MAX_SPEAKER_WORDS = 6


@dataclass
class Subject:
    """The speaker of a clause (None: elided, the last speaker again) and who relays them."""

    mention: Mention | None
    relayed_by: Mention | None = None


def _skip_openers(r: _Reader, k: int, hi: int) -> int:
    """The first word at or after `k` that is not a dateline, an adverb, an attribution or a quote."""
    if k < hi and (k == 0 or "\n" in r.body[r.tokens[k - 1].end : r.tokens[k].start]):
        # «ایروان- ارمن‌پرس- …» opens a paragraph: the place and the agency are no subject.
        start = r.tokens[k].start
        skipped = dateline_end(r.body[start:])
        if skipped:
            k = r.word_at(start + skipped)
    while k < hi:
        token = r.tokens[k]
        if r.inside(token.start, r.quote_spans):
            k += 1
            continue
        opener = r.w.subject_openers.match(r.tokens, k, hi)
        if opener:
            k = opener[0]
            continue
        if token.norm == _BE and k + 1 < hi and r.tokens[k + 1].norm == _REPORT:
            after = _after_comma(r, k, hi)
            if after is None:
                return k
            k = after
            continue
        return k
    return k


def _after_comma(r: _Reader, k: int, hi: int) -> int | None:
    """The first word after the next comma between words `k` and `hi`, if there is one."""
    for j in range(k + 1, hi):
        gap = r.body[r.tokens[j - 1].end : r.tokens[j].start]
        if "،" in gap or "," in gap:
            return j
    return None


def _mention_at(r: _Reader, k: int) -> Mention | None:
    for m in r.mentions:
        if m.i == k and m.kind in PERSON_KINDS:
            return m
        if m.i > k:
            break
    return None


def _after_preposition(r: _Reader, k: int, hi: int) -> Mention | None:
    """«در دیدار با شویگو حسن‌اف گفت» (no comma): a name right after another phrase's name."""
    heads = people.genitive_heads()
    for m in r.mentions:
        if m.i <= k or m.i >= hi or m.kind not in PERSON_KINDS:
            continue
        before = r.tokens[m.i - 1].norm
        if before in lexicon.PREPOSITIONS or before in heads:
            continue
        if any(o.j == m.i for o in r.mentions):  # the phrase before ends with a name: this one starts anew
            return m
    return None


def clause_subject(r: _Reader, clause_start: int, verb_start: int) -> Subject:
    """The subject of the clause from `clause_start` to the reporting verb at `verb_start`."""
    lo, hi = r.word_at(clause_start), r.word_at(verb_start)
    k = _skip_openers(r, lo, hi)
    if k >= hi:
        return Subject(None)
    mention = _mention_at(r, k)
    if mention is None and r.tokens[k].norm in _LEADING_PREPOSITIONS:
        after = _after_comma(r, k, hi)
        if after is not None:
            return clause_subject(r, r.tokens[after].start, verb_start)
        found = _after_preposition(r, k, hi)
        return _with_relay(r, Subject(found), hi) if found else Subject(None)
    if mention is None:
        after = _after_comma(r, k, hi)
        if after is not None and not people.looks_like_person(r.tokens, k, after, r.gaz, r.w):
            # «علی رغم فشارها، ژدانوف گفت»: a phrase closed by a comma, then the subject.
            return clause_subject(r, r.tokens[after].start, verb_start)
        mention = unknown_speaker(r, k, hi)
        if mention is None:
            return Subject(None)
    return _with_relay(r, Subject(mention), hi)


def _with_relay(r: _Reader, subject: Subject, hi: int) -> Subject:
    """«X به نقل از Y گفت»: Y speaks, X relays."""
    m = subject.mention
    k = m.j
    while k < hi:
        marker = r.w.relay_markers.match(r.tokens, k, hi)
        if marker:
            source = _mention_at(r, marker[0]) or unknown_speaker(r, marker[0], hi)
            if source is not None:
                return Subject(source, relayed_by=m)
            return Subject(None)
        k += 1
    return subject


def unknown_speaker(r: _Reader, lo: int, hi: int) -> Mention | None:
    """The subject at word `lo` that names no known official, as an unresolved mention.

    A person's name is kind "person" (for the queue); anything else that
    speaks («وزارت دفاع ترکیه», «این کارشناس») is kind "speaker".
    """
    tokens = r.tokens
    if lo >= hi or lo >= len(tokens):
        return None
    first = tokens[lo].norm
    if first in _DEMONSTRATIVES:
        # «این کارشناس», «آن مقام»: someone described, not the last official.
        end = lo + 1
        while (
            end < hi
            and end - lo < 3
            and tokens[end].joined
            and tokens[end].norm not in lexicon.NAME_STOPWORDS
        ):
            end += 1
        if end == lo + 1:
            return None
        return _add(r, lo, end, "speaker")
    if first in lexicon.NAME_STOPWORDS:
        return None
    end = lo
    starts = {m.i: m for m in r.mentions}
    while end < hi and end - lo < _MAX_SPEAKER_WORDS:
        token = tokens[end]
        if end > lo and end in starts and tokens[end - 1].norm in people.genitive_heads():
            # «سخنگوی وزیر دفاع روسیه»: the minister is part of who speaks, not the speaker.
            return _add(r, lo, starts[end].j, "speaker")
        if end > lo and (not token.joined or token.norm in lexicon.NAME_STOPWORDS or end in starts):
            break
        end += 1
    kind = "person" if people.looks_like_person(tokens, lo, end, r.gaz, r.w) else "speaker"
    return _add(r, lo, end, kind)


def _add(r: _Reader, lo: int, hi: int, kind: str) -> Mention:
    mention = Mention(lo, hi, r.tokens[lo].start, r.tokens[hi - 1].end, kind)
    r.mentions.append(mention)
    r.mentions.sort(key=lambda m: m.i)
    return mention


def resolve(mention: Mention, carry: int | None) -> int | None:
    """The official a subject mention stands for, or None when it is someone the archive does not know.

    A role written beside a name the archive does not know («وزیر دفاع
    روسیه، آندری بلوسوف» before Belousov is in the archive) is that person,
    not whoever the archive has in the post.
    """
    if mention.kind == "pronoun":
        return carry
    if mention.kind in {"role", "title"} and mention.apposition is not None:
        if mention.apposition.kind != "name":
            return None
        return mention.apposition.official_id
    if mention.kind in {"name", "role", "title"}:
        return mention.official_id
    return None


def narration_subject(r: _Reader, start: int, end: int) -> tuple[bool, int | None]:
    """(whether the sentence is about a person, who) for a sentence that reports no statement.

    Only a clear subject changes who «وی» means next: a known official, or a
    name, rank, role or given name the archive does not know (then nobody).
    «این دیدار …» or «ارتش …» change nothing.
    """
    lo, hi = r.word_at(start), r.word_at(end)
    k = _skip_openers(r, lo, hi)
    if k >= hi:
        return False, None
    mention = _mention_at(r, k)
    if mention is None and r.tokens[k].norm in _LEADING_PREPOSITIONS:
        after = _after_comma(r, k, hi)
        if after is None:
            return False, None
        k = _skip_openers(r, after, hi)
        mention = _mention_at(r, k) if k < hi else None
    if mention is None:
        if k < hi and r.tokens[k].norm in people.given_names():
            return True, None
        # «سپس نوبت به X رسید»: no person is the subject; the one person named is who the story is about.
        named = [m for m in r.mentions if lo <= m.i < hi and m.kind in PERSON_KINDS - {"pronoun", "speaker"}]
        unknown = people.unmarked_names(r.tokens, lo, hi, r.gaz, r.w, {m.i for m in named})
        if len(named) + unknown == 1 and named:
            return True, resolve(named[0], None)
        return (len(named) + unknown > 0), None
    if mention.kind == "pronoun":
        return False, None
    if _coordinated(r, mention, hi):
        return True, None  # «X و Y حضور داشتند»: «وی» next could be either
    return True, resolve(mention, None)


def _coordinated(r: _Reader, mention: Mention, hi: int) -> bool:
    """A subject joined to a second person by «و» («ژدانوف و حیدراف»)."""
    k = mention.j
    if k >= hi or r.tokens[k].norm != _AND:
        return False
    other = _mention_at(r, k + 1)
    return (other is not None and other.kind != "speaker") or (
        k + 1 < hi and r.tokens[k + 1].norm in people.given_names()
    )
