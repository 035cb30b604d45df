"""Who is reported as saying what: statement spans and their speakers.

The body is read sentence by sentence. In each, a reporting verb («گفت»,
«اظهار داشت», «تأکید کرد» …) followed by a colon, a «quote» or «که» opens a
statement; «به گفته X، …» and «… با بیان اینکه X، …» are paraphrases. The
speaker is the subject of the clause before the verb: a name, a role, a
pronoun (carried over from the last resolved speaker), or nothing at all
(elision: the last speaker again) — see `speakers` for who the subject is.
A quote after a colon runs on into the next sentences of the paragraph
until the writer speaks again. Interviews are read first (`interviews`).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from archive.extract import interviews, lexicon, people, speakers
from archive.extract.gazetteer import Gazetteer
from archive.extract.mentions import QUEUED_KINDS, Mention, Words, find_mentions, words
from archive.extract.sentences import TERMINATORS as _TERMINATORS
from archive.extract.sentences import _Sentence, sentences_of
from archive.extract.speakers import Subject
from archive.extract.tokens import Token, tokenize

_OPEN_QUOTES = {"«": "»", '"': '"', "“": "”"}
_PUNCT_EDGES = " \t\n\u00a0\u200c،,:؛;"
# A continuation runs on at most this many sentences after its colon quote.
_MAX_CONTINUATION = 3


@dataclass(frozen=True)
class Suggestion:
    """One suggestion for an editor: a mention of an official, or a statement.

    `start`/`end` index the article body exactly (`text == body[start:end]`).
    For a statement, `speaker_text` is how the text names its speaker
    («وزیر دفاع روسیه», «وی», «ژنرال شویگو»; empty when the subject is
    elided) and `via` says how the speaker was found: name, role, title,
    pronoun, elision, continuation, unknown or speaker.
    """

    type: str  # "mention" or "statement"
    start: int
    end: int
    text: str
    official_id: int | None
    speaker_text: str = ""
    direct: bool | None = None
    via: str = ""
    speaker_start: int | None = None
    speaker_end: int | None = None
    # A statement passed on by someone else («سخنگو به نقل از وزیر گفت»): who relayed it.
    relayed_by: str = ""
    relayed_by_id: int | None = None
    # A name the archive does not know, with the role written beside it: the position to suggest.
    role_text: str = ""
    role_title: str = ""
    role_country: str | None = None

    @property
    def speaker_unknown(self) -> bool:
        """A statement whose speaker the archive cannot name: an editor must choose, nothing is guessed."""
        return self.type == "statement" and self.official_id is None

    def as_json(self) -> dict:
        """The fields `manage.py suggest --json` prints, in their documented order (new ones last)."""
        return {
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "official_id": self.official_id,
            "speaker_text": self.speaker_text,
            "direct": self.direct,
            "via": self.via,
            "speaker_unknown": self.speaker_unknown,
            "relayed_by": self.relayed_by or None,
            "relayed_by_id": self.relayed_by_id,
            "role_text": self.role_text or None,
        }

    @property
    def queued(self) -> bool:
        """A mention of someone the archive cannot resolve: it belongs in the editors' queue."""
        return self.type == "mention" and self.official_id is None and self.via in QUEUED_KINDS


@dataclass
class _Reader:
    body: str
    tokens: list[Token]
    mentions: list[Mention]
    w: Words
    gaz: Gazetteer
    # Who «وی» stands for now: an official, or None (nobody yet, or someone the archive does not know).
    carry: int | None = None
    out: list[Suggestion] = field(default_factory=list)
    claimed: list[tuple[int, int]] = field(default_factory=list)
    open_quote: tuple[Suggestion, int, int] | None = None  # (statement, paragraph, run length)
    quote_spans: list[tuple[int, int]] = field(default_factory=list)  # of the sentence being read
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [t.start for t in self.tokens]

    # -- helpers --------------------------------------------------------

    def inside(self, pos: int, spans: list[tuple[int, int]]) -> bool:
        return any(a <= pos < b for a, b in spans)

    def word_at(self, pos: int) -> int:
        return bisect.bisect_left(self._starts, pos)

    def trimmed(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.body[start] in _PUNCT_EDGES:
            start += 1
        while end > start and self.body[end - 1] in _PUNCT_EDGES:
            end -= 1
        return start, end

    def quotes(self, s: _Sentence) -> list[tuple[int, int]]:
        """(open, close) positions of the «…» pairs in the sentence."""
        found, stack = [], []
        for k in range(s.start, s.end):
            if self.body[k] == "«":
                stack.append(k)
            elif self.body[k] == "»" and stack:
                opened = stack.pop()
                if not stack:
                    found.append((opened, k))
        return found

    def emit(
        self, start: int, end: int, direct: bool, subject: Subject | None, via: str | None = None
    ) -> Suggestion | None:
        """Record a statement [start, end) by `subject` (None or an elided one: the last speaker again)."""
        start, end = self.trimmed(start, end)
        if end - start < 2:
            return None
        speaker = subject.mention if subject is not None else None
        if speaker is None:
            official, text, via, s_start, s_end = self.carry, "", via or "elision", None, None
        else:
            official = speakers.resolve(speaker, self.carry)
            text = self.body[speaker.start : speaker.end]
            via = via or speaker.kind
            s_start, s_end = speaker.start, speaker.end
        relay = subject.relayed_by if subject is not None else None
        # The closing «.» belongs to the quote when the quote runs to the sentence end.
        if end < len(self.body) and self.body[end] in _TERMINATORS and start < end:
            end += 1
        suggestion = Suggestion(
            "statement",
            start,
            end,
            self.body[start:end],
            official,
            text,
            direct,
            via,
            s_start,
            s_end,
            relayed_by=self.body[relay.start : relay.end] if relay else "",
            relayed_by_id=speakers.resolve(relay, self.carry) if relay else None,
        )
        self.out.append(suggestion)
        self.claimed.append((start, end))
        if speaker is not None and speaker.kind != "pronoun":
            # Whoever spoke is who «وی» means next, known or not; after a relay, the one who relayed.
            self.carry = suggestion.relayed_by_id if relay else official
        return suggestion

    # -- one sentence ---------------------------------------------------

    def read(self, s: _Sentence) -> None:
        quotes = self.quotes(s)
        self.quote_spans = [(a, b + 1) for a, b in quotes]
        in_sentence = [m for m in self.mentions if s.start <= m.start < s.end]
        before = len(self.out)
        clause_start = s.start
        last_kind = ""

        if self.paraphrase(s):
            last_kind, clause_start = "paraphrase", s.end

        k = s.lo
        while k < s.hi:
            token = self.tokens[k]
            if token.start < clause_start or self.inside(token.start, self.quote_spans):
                k += 1
                continue
            verb = self.w.verbs.match(self.tokens, k, s.hi)
            not_verb = self.w.not_verbs.match(self.tokens, k, s.hi)
            if verb is None or (not_verb and not_verb[0] > verb[0]):
                k += 1
                continue
            verb_end, strength = self.tokens[verb[0] - 1].end, verb[1][0]
            subject = speakers.clause_subject(self, clause_start, token.start)
            made, kind = self.statement_after_verb(s, verb_end, verb[0], strength, quotes, subject)
            if made is None:
                # «…»، وی افزود.: the quote before the verb is what was said.
                earlier = [q for q in quotes if clause_start <= q[0] and q[1] < token.start]
                if earlier and not self.body[verb_end : s.end].strip(" .؟!"):
                    made, kind = self.emit(earlier[-1][0] + 1, earlier[-1][1], True, subject), "quote"
            if made is not None:
                self.that_clauses(clause_start, token.start, subject)
                last_kind = kind
                clause_start = max(made.end, verb_end)
                k = self.word_at(clause_start)
            else:
                k = verb[0]

        # «امیر حاتمی: …» — a name at the start of the sentence, then a colon.
        if len(self.out) == before and in_sentence and in_sentence[0].i == s.lo:
            head = in_sentence[0]
            if self.body[head.end : s.end].lstrip().startswith(":"):
                colon = self.body.index(":", head.end)
                if self.emit(colon + 1, s.end, True, Subject(head)):
                    last_kind = "colon"

        if len(self.out) == before:
            if not self.continuation(s, in_sentence):
                self.open_quote = None
                self.narration(s)
            return
        if last_kind == "colon" and self.out[-1].end >= s.end - 1:
            self.open_quote = (self.out[-1], s.paragraph, 0)
        else:
            self.open_quote = None

    def paraphrase(self, s: _Sentence) -> bool:
        """«به گفته X، …» opening the sentence: what follows the comma is X's, in the writer's words."""
        marker = self.w.paraphrase.match(self.tokens, s.lo, s.hi) if s.lo < s.hi else None
        if not marker:
            return False
        comma = self.body.find("،", self.tokens[marker[0] - 1].end, s.end)
        if comma < 0:
            return False
        subject = speakers.clause_subject(self, self.tokens[marker[0] - 1].end, comma)
        return subject.mention is not None and self.emit(comma + 1, s.end, False, subject) is not None

    def statement_after_verb(
        self,
        s: _Sentence,
        verb_end: int,
        verb_hi: int,
        strength: str,
        quotes: list[tuple[int, int]],
        subject: Subject,
    ) -> tuple[Suggestion | None, str]:
        rest = self.body[verb_end : s.end]
        stripped = rest.lstrip(" \t\u00a0،,")
        at = verb_end + len(rest) - len(stripped)
        if stripped.startswith(":"):
            at = verb_end + rest.index(":") + 1
            while at < s.end and self.body[at] in " \t\u00a0":
                at += 1
            if at < s.end and self.body[at] in _OPEN_QUOTES:
                return self.quoted(at, s, quotes, subject), "quote"
            return self.relayed_or(at, s, True, subject), "colon"
        if stripped.startswith("«"):
            return self.quoted(at, s, quotes, subject), "quote"
        if verb_hi < s.hi and self.tokens[verb_hi].norm == "که":
            return self.relayed_or(self.tokens[verb_hi].end, s, False, subject), "that"
        if strength == "strong" and s.hi - verb_hi >= 3 and stripped[:1].isalpha():
            return self.relayed_or(at, s, False, subject), "bare"
        return None, ""

    def relayed_or(self, at: int, s: _Sentence, direct: bool, subject: Subject) -> Suggestion | None:
        """The statement from `at` to the sentence end, or what it relays («… که وزیر گفته است: …»)."""
        inner = self.relayed(at, s)
        if inner is None:
            return self.emit(at, s.end, direct, subject)
        inner_at, inner_direct, inner_subject = inner
        relay = Subject(inner_subject.mention, relayed_by=subject.mention or inner_subject.relayed_by)
        if subject.mention is None:
            relay.relayed_by = None  # an elided relayer: the last speaker passes it on; say nothing
        return self.emit(inner_at, s.end, inner_direct, relay)

    def relayed(self, at: int, s: _Sentence) -> tuple[int, bool, Subject] | None:
        """A reported clause opening what is said («وزیر گفته است که …»): (start, direct, speaker)."""
        lo = self.word_at(at)
        for k in range(lo, min(s.hi, lo + _RELAY_WINDOW)):
            found = [
                m
                for m in (
                    self.w.relay_verbs.match(self.tokens, k, s.hi),
                    self.w.verbs.match(self.tokens, k, s.hi),
                )
                if m
            ]
            if not found:
                continue
            verb = max(found, key=lambda m: m[0])  # «گفته است» over «گفته»
            verb_end = self.tokens[verb[0] - 1].end
            rest = self.body[verb_end : s.end]
            stripped = rest.lstrip(" \t\u00a0،,")
            subject = speakers.clause_subject(self, at, self.tokens[k].start)
            # Only a person relays: «روسیه اعلام کرده است که …» is still the outer speaker's statement.
            if subject.mention is None or subject.mention.kind in {"pronoun", "speaker"}:
                return None
            if stripped.startswith(":"):
                return verb_end + rest.index(":") + 1, True, subject
            if stripped.startswith("«"):
                return verb_end + len(rest) - len(stripped), True, subject
            if verb[0] < s.hi and self.tokens[verb[0]].norm == "که":
                return self.tokens[verb[0]].end, False, subject
            return None
        return None

    def quoted(self, at: int, s: _Sentence, quotes: list[tuple[int, int]], subject: Subject):
        closing = _OPEN_QUOTES[self.body[at]]
        if self.body[at] == "«":
            end = next((b for a, b in quotes if a == at), -1)
        else:
            end = self.body.find(closing, at + 1, s.end)
        if end < 0:
            return self.emit(at, s.end, True, subject)
        return self.emit(at + 1, end, True, subject)

    def that_clauses(self, clause_start: int, verb_start: int, subject: Subject) -> None:
        """«… با بیان اینکه X، افزود: …»: X is the same speaker's, in the writer's words."""
        k = self.word_at(clause_start)
        while k < len(self.tokens) and self.tokens[k].start < verb_start:
            marker = self.w.that_clause.match(self.tokens, k)
            if marker:
                start = self.tokens[marker[0] - 1].end if marker[0] <= len(self.tokens) else verb_start
                comma = self.body.find("،", start, verb_start)
                if comma > start:
                    self.emit(start, comma, False, subject, via=None)
                k = marker[0]
            else:
                k += 1

    def continuation(self, s: _Sentence, in_sentence: list[Mention]) -> bool:
        """A sentence that goes on with the colon quote before it, if nothing says otherwise."""
        if self.open_quote is None:
            return False
        previous, paragraph, run = self.open_quote
        if paragraph != s.paragraph or run >= _MAX_CONTINUATION or in_sentence or s.lo >= s.hi:
            return False
        if any(
            self.w.verbs.match(self.tokens, k, s.hi) or self.w.plural_reporting.match(self.tokens, k, s.hi)
            for k in range(s.lo, s.hi)
        ):
            return False
        if self.w.openers.match(self.tokens, s.lo, s.hi) or self.w.subject_openers.match(
            self.tokens, s.lo, s.hi
        ):
            return False
        if people.unmarked_names(self.tokens, s.lo, s.hi, self.gaz, self.w, set()):
            return False  # a new person enters: the writer is speaking again
        last = self.tokens[s.hi - 1].key
        before_last = self.tokens[s.hi - 2].norm if s.hi - 2 >= s.lo else ""
        if last in lexicon.NARRATION_ENDINGS and before_last not in lexicon.FUTURE_AUXILIARIES:
            return False
        made = Suggestion(
            "statement",
            s.start,
            s.end,
            self.body[s.start : s.end],
            previous.official_id,
            previous.speaker_text,
            True,
            "continuation",
            previous.speaker_start,
            previous.speaker_end,
            relayed_by=previous.relayed_by,
            relayed_by_id=previous.relayed_by_id,
        )
        self.out.append(made)
        self.claimed.append((s.start, s.end))
        self.open_quote = (made, paragraph, run + 1)
        return True

    def narration(self, s: _Sentence) -> None:
        """A sentence without statements still says who the story is about now."""
        about_person, official = speakers.narration_subject(self, s.start, s.end)
        if about_person:
            self.carry = official


_RELAY_WINDOW = 12  # words into a statement where a relayed speaker's verb may stand


def suggest(body: str, gazetteer: Gazetteer, day: dt.date | None) -> list[Suggestion]:
    """Every mention and statement suggestion for `body`, ordered by position.

    Pure: reads nothing but its arguments. `day` is the article's date, at
    which roles resolve to their holders; without one only a role that one
    person ever held resolves.
    """
    tokens = tokenize(body)
    mentions = find_mentions(tokens, gazetteer, day, body)
    reader = _Reader(body, tokens, mentions, words(), gazetteer)
    sentences = sentences_of(body, tokens)
    interview = interviews.read(reader, sentences)
    for sentence in sentences:
        before = reader.carry
        if interview.covers(sentence.start):
            continue
        reader.read(sentence)
        # Pronouns outside what was said stand for whoever spoke before this sentence.
        for m in reader.mentions:
            if m.kind == "pronoun" and sentence.start <= m.start < sentence.end and m.official_id is None:
                m.official_id = _pronoun_referent(reader, m, before)

    out = list(reader.out)
    for m in reader.mentions:
        if m.kind == "pronoun" and reader.inside(m.start, reader.claimed):
            continue  # «او» inside a quote is someone the quote talks about
        if m.kind == "title" and m.official_id is None:
            continue  # a bare title alone («وزیر دفاع») is no one yet
        if m.kind == "speaker":
            continue  # an institution or a description that speaks: no one to link
        out.append(_mention_suggestion(body, m))
    out.sort(key=lambda s: (s.start, s.type != "mention", s.end))
    return out


def _mention_suggestion(body: str, m: Mention) -> Suggestion:
    text = body[m.start : m.end]
    role = people.queue_role(m) if m.official_id is None and m.kind in {"person", "unknown", "name"} else None
    if m.official_id is None and m.kind == "role" and not m.former:
        role = m  # linked to an official, the role becomes a position of theirs
    kind = m.kind
    if kind in {"role", "title"} and m.apposition is not None and m.apposition.kind in {"person", "unknown"}:
        # The name beside it goes to the queue with this role as its position; one entry, not two.
        kind = "apposition"
    return Suggestion(
        "mention",
        m.start,
        m.end,
        text,
        m.official_id,
        text,
        None,
        kind,
        role_text=body[role.start : role.end] if role else "",
        role_title=body[role.start : role.title_stop] if role else "",
        role_country=role.country if role else None,
    )


def _pronoun_referent(reader: _Reader, mention: Mention, before: int | None) -> int | None:
    # The statement this pronoun introduces already used the carried speaker.
    for suggestion in reversed(reader.out):
        if suggestion.speaker_start == mention.start:
            return suggestion.official_id
    return before
