"""Where officials are named: by name (with the ranks around it), by role, by pronoun.

`find_mentions` scans the words once, left to right, taking the longest
phrase at each position. Names and roles resolve here; pronouns are resolved
later by `archive.extract.statements`, which knows who spoke last.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from archive.extract import lexicon
from archive.extract.gazetteer import Gazetteer
from archive.extract.tokens import PhraseMatcher, Token


@dataclass
class Mention:
    """A stretch of words that names (or stands for) one official."""

    i: int  # first word
    j: int  # one past the last word
    start: int
    end: int
    # name, role, title (a role without its country), pronoun, unknown (a
    # name after a rank that the archive does not know), speaker (the
    # subject of a reporting verb that is no known name or role)
    kind: str
    official_id: int | None = None
    country: str | None = None

    @property
    def queued(self) -> bool:
        """An unresolved mention editors should see in the queue."""
        return self.official_id is None and self.kind in {"name", "role", "unknown", "speaker"}


@dataclass(frozen=True)
class Words:
    """Matchers for the fixed word lists, built once per process."""

    honorifics: PhraseMatcher[str]
    pronouns: PhraseMatcher[str]
    this_country: PhraseMatcher[str]
    verbs: PhraseMatcher[str]
    not_verbs: PhraseMatcher[str]
    paraphrase: PhraseMatcher[str]
    that_clause: PhraseMatcher[str]
    openers: PhraseMatcher[str]


@cache
def words() -> Words:
    """The fixed lists of `lexicon`, compiled (cached for the process)."""

    def matcher(phrases: tuple[str, ...], payload: str, use_norm: bool = False) -> PhraseMatcher[str]:
        m: PhraseMatcher[str] = PhraseMatcher(use_norm=use_norm)
        m.add_all(phrases, payload)
        return m

    verbs = matcher(lexicon.STRONG_VERBS, "strong")
    verbs.add_all(lexicon.WEAK_VERBS, "weak")
    return Words(
        honorifics=matcher(lexicon.HONORIFICS, "honorific", use_norm=True),
        pronouns=matcher(lexicon.PRONOUNS, "pronoun", use_norm=True),
        this_country=matcher(lexicon.THIS_COUNTRY, "this", use_norm=True),
        verbs=verbs,
        not_verbs=matcher(lexicon.NOT_VERBS, "not"),
        paraphrase=matcher(lexicon.PARAPHRASE_MARKERS, "paraphrase", use_norm=True),
        that_clause=matcher(lexicon.THAT_CLAUSE_MARKERS, "that", use_norm=True),
        openers=matcher(lexicon.NARRATION_OPENERS, "opener", use_norm=True),
    )


def _joined(tokens: list[Token], k: int) -> bool:
    return k < len(tokens) and tokens[k].joined


def _honorific_chain(tokens: list[Token], i: int, w: Words) -> int:
    """One past the last word of the ranks and honorifics starting at `i` (`i` if none)."""
    k = i
    while k < len(tokens) and (k == i or tokens[k].joined):
        m = w.honorifics.match(tokens, k)
        if m is None:
            break
        k = m[0]
    return k


def _unknown_name(tokens: list[Token], k: int, gaz: Gazetteer, w: Words) -> int:
    """One past the last word of a name the archive does not know, read after a rank (at most 3 words)."""
    end = k
    while end < len(tokens) and end - k < 3 and (end == k or tokens[end].joined):
        token = tokens[end]
        if (
            token.norm in lexicon.NAME_STOPWORDS
            or w.verbs.match(tokens, end)
            or w.pronouns.match(tokens, end)
            or gaz.titles.match(tokens, end)
            or token.norm.isdigit()
        ):
            break
        end += 1
    return end


def _role(
    tokens: list[Token], i: int, gaz: Gazetteer, w: Words, day: dt.date | None, state: _State
) -> Mention | None:
    found = gaz.titles.match(tokens, i)
    if found is None:
        return None
    title_end, canons = found
    canon = canons[0]
    where_end, where, country = title_end, None, None
    if _joined(tokens, title_end):
        options = []
        if c := gaz.countries.match(tokens, title_end):
            options.append((c[0], c[1][0], c[1][0]))
        if o := gaz.organizations.match(tokens, title_end):
            options.append((o[0], o[1][0], None))
        if t := w.this_country.match(tokens, title_end):
            options.append((t[0], state.last_country, state.last_country))
        if options:
            where_end, where, country = max(options, key=lambda opt: opt[0])
    start, end = tokens[i].start, tokens[where_end - 1].end
    if where_end > title_end:
        official = gaz.holder(canon, where, day) if where else None
        return Mention(i, where_end, start, end, "role", official, country)
    # A bare title («وزیر دفاع در این دیدار …») names whoever holds it among
    # the officials the article has already named; otherwise nobody.
    holders = gaz.holders_of_title(canon, day) & state.named
    official = holders.pop() if len(holders) == 1 else None
    return Mention(i, title_end, start, end, "title", official)


@dataclass
class _State:
    last_country: str | None = None
    named: set[int] = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.named = set()


def find_mentions(tokens: list[Token], gaz: Gazetteer, day: dt.date | None) -> list[Mention]:
    """Every mention in the words, in order, none overlapping.

    Names carry the ranks and honorifics written before them («ژنرال
    شویگو»); roles resolve to who held them on `day`; pronouns are left
    unresolved (official_id None) for the statement pass.
    """
    w = words()
    state = _State()
    mentions: list[Mention] = []
    i, n = 0, len(tokens)
    while i < n:
        chain_end = _honorific_chain(tokens, i, w)
        name = gaz.names.match(tokens, i)
        if chain_end > i and _joined(tokens, chain_end):
            after_ranks = gaz.names.match(tokens, chain_end)
            # «امیر» is a rank and a first name: the longer reading wins.
            if after_ranks and (name is None or after_ranks[0] > name[0]):
                name = after_ranks
        if name:
            ids = set(name[1])
            official = ids.pop() if len(ids) == 1 else None
            mention = Mention(i, name[0], tokens[i].start, tokens[name[0] - 1].end, "name", official)
            mention.country = gaz.official_country.get(official) if official else None
        elif role := _role(tokens, i, gaz, w, day, state):
            mention = role
        elif chain_end > i:
            end = _unknown_name(tokens, chain_end, gaz, w) if _joined(tokens, chain_end) else chain_end
            if end == chain_end:
                i = chain_end
                continue
            mention = Mention(i, end, tokens[i].start, tokens[end - 1].end, "unknown")
        elif pronoun := w.pronouns.match(tokens, i):
            mention = Mention(i, pronoun[0], tokens[i].start, tokens[pronoun[0] - 1].end, "pronoun")
        else:
            if country := gaz.countries.match(tokens, i):
                state.last_country = country[1][0]
                i = country[0]
            else:
                i += 1
            continue
        if mention.country:
            state.last_country = mention.country
        if mention.official_id and mention.kind != "pronoun":
            state.named.add(mention.official_id)
        mentions.append(mention)
        i = mention.j
    return mentions
