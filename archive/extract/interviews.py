"""Interviews: answers laid out after labels, «سوال: … پاسخ: …», «س: … ج: …», «خبرنگار: … / نام: …».

An interview has no reporting verbs: who speaks is said by the label before
each turn. A turn labelled as a question is the interviewer's and is no
statement; a turn labelled «پاسخ»/«ج» is the interviewee's, named in the
lead («… در گفت‌وگو با X», «X در گفت‌وگو با خبرگزاری …»); a turn labelled
with a name is that person's. Each sentence of an answer is one statement.
Paragraphs without a label continue the turn before them while the
interview goes on. When the lead names nobody the archive knows, answers
are suggested with an unknown speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from archive.extract import speakers
from archive.extract.speakers import Subject
from archive.extract.tokens import compact_norm

if TYPE_CHECKING:
    from archive.extract.sentences import _Sentence
    from archive.extract.statements import _Reader

QUESTION_LABELS = frozenset(compact_norm(w) for w in ("سوال", "سؤال", "پرسش", "س", "خبرنگار", "خبرنگار ما"))
ANSWER_LABELS = frozenset(compact_norm(w) for w in ("پاسخ", "جواب", "ج"))
# A label: one to three words at the start of a line, or after a question
# mark on the same line («… ؟ ج: …»), then a colon.
_LABEL_WORD = r"[^\s:،.؟?!«»\"]+"
_LABEL = re.compile(
    rf"(?:^|(?<=\n)|(?<=[؟?]\s))[ \t\u00a0]*(?P<label>{_LABEL_WORD}(?:[ \u200c]{_LABEL_WORD}){{0,2}})[ \t]*:"
)
_INTERVIEW_WORDS = ("گفت‌وگو با", "گفتگو با", "گفت و گو با", "مصاحبه با", "گفت‌وگوی اختصاصی با")
_MIN_TURNS = 2


@dataclass
class _Turn:
    label_start: int
    label: str  # its letters, compared with the label lists
    start: int  # after the colon
    end: int
    text: str = ""
    question: bool = False


@dataclass
class Interview:
    """The spans the interview's turns cover; the sentence reader leaves them alone."""

    spans: list[tuple[int, int]] = field(default_factory=list)

    def covers(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.spans)


def _turns(body: str) -> list[_Turn]:
    matches = list(_LABEL.finditer(body))
    turns = []
    for index, m in enumerate(matches):
        line_end = body.find("\n", m.end())
        line_end = len(body) if line_end < 0 else line_end
        following = matches[index + 1].start("label") if index + 1 < len(matches) else len(body)
        end = min(line_end, following)
        turns.append(_Turn(m.start("label"), compact_norm(m["label"]), m.end(), end, body[m.end() : end]))
    return turns


def _mark_questions(turns: list[_Turn]) -> bool:
    """Mark the interviewer's turns; False when the labels are no interview layout."""
    labels = {t.label for t in turns}
    if labels & QUESTION_LABELS:
        for t in turns:
            t.question = t.label in QUESTION_LABELS
        return any(not t.question for t in turns)
    if len(labels) != 2:
        return False
    # «تسنیم: …؟ / آکار: …»: the label whose turns end in a question mark asks.
    asking = {label for label in labels if all(_ends_with_question(t) for t in turns if t.label == label)}
    if len(asking) != 1:
        return False
    for t in turns:
        t.question = t.label in asking
    return True


def _ends_with_question(turn: _Turn) -> bool:
    return turn.text.rstrip().endswith(("؟", "?"))


def _has_verb(r: _Reader, turn: _Turn) -> bool:
    """«ژدانوف گفت: …» is a reporting clause, not a label."""
    lo, hi = r.word_at(turn.label_start), r.word_at(turn.start)
    return any(r.w.verbs.match(r.tokens, k, hi) for k in range(lo, hi))


def _interviewee(r: _Reader, lead_end: int) -> Subject:
    """Who answers: the one the lead says the interview is with, or its subject."""
    lead = r.body[:lead_end]
    for phrase in _INTERVIEW_WORDS:
        at = lead.find(phrase)
        if at < 0:
            continue
        after = at + len(phrase)
        k = r.word_at(after)
        named = next((m for m in r.mentions if m.i == k and m.kind in speakers.PERSON_KINDS), None)
        if named is not None:
            return Subject(named)
        # «X در گفت‌وگو با خبرگزاری …»: the sentence's subject answers.
        sentence_start = max(lead.rfind(".", 0, at), lead.rfind("\n", 0, at)) + 1
        subject = speakers.clause_subject(r, sentence_start, at)
        if subject.mention is not None:
            return subject
    return Subject(None)


def _answer_speaker(r: _Reader, turn: _Turn, interviewee: Subject) -> Subject:
    if turn.label in ANSWER_LABELS:
        return interviewee
    k = r.word_at(turn.label_start)
    named = next((m for m in r.mentions if m.i == k and m.kind in speakers.PERSON_KINDS), None)
    if named is not None:
        return Subject(named)
    stop = r.word_at(turn.start)
    return Subject(speakers.unknown_speaker(r, k, stop))


def read(r: _Reader, sentences: list[_Sentence]) -> Interview:
    """Find the interview turns of the body and suggest each answer's sentences as statements."""
    turns = [t for t in _turns(r.body) if not _has_verb(r, t)]
    if len(turns) < _MIN_TURNS or not _mark_questions(turns) or not any(t.question for t in turns):
        return Interview()
    # The interview begins with its first question; a «نام: …» before it is the lead's.
    turns = turns[next(k for k, t in enumerate(turns) if t.question) :]
    interview = Interview()
    interviewee = _interviewee(r, turns[0].label_start)
    for index, turn in enumerate(turns):
        # Unlabelled paragraphs continue the turn while another turn follows.
        end = turns[index + 1].label_start if index + 1 < len(turns) else turn.end
        interview.spans.append((turn.label_start, end))
        if turn.question:
            continue
        subject = _answer_speaker(r, turn, interviewee)
        if subject.mention is None:
            r.carry = None  # the lead names nobody: the answers are nobody's the archive knows
        for s in sentences:
            start, stop = max(s.start, turn.start), min(s.end, end)
            if start < stop:
                r.emit(start, stop, True, subject, via="interview")
    return interview
