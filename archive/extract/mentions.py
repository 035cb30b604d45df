"""Where officials are named: by name (with the ranks around it), by role, by pronoun.

`find_mentions` scans the words once, left to right, taking the longest
phrase at each position. Names and roles resolve here; pronouns are resolved
later by `archive.extract.statements`, which knows who spoke last. Names the
archive does not know are found too (`archive.extract.people`): after a rank,
beside a role in apposition («X، وزیر دفاع Y،», «وزیر دفاع Y، X،»).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from archive.extract import lexicon, people
from archive.extract.gazetteer import Gazetteer
from archive.extract.tokens import PhraseMatcher, Token

# Kinds an editor should see in the queue when they resolve to nobody.
QUEUED_KINDS = frozenset({"name", "role", "unknown", "person"})


@dataclass
class Mention:
    """A stretch of words that names (or stands for) one official."""

    i: int  # first word
    j: int  # one past the last word
    start: int
    end: int
    # name, role, title (a role without its country), pronoun, unknown (a
    # name after a rank that the archive does not know), person (a name the
    # archive does not know, found beside a role or before a reporting
    # verb), speaker (the subject of a reporting verb that is no name)
    kind: str
    official_id: int | None = None
    country: str | None = None
    # A role: its canonical title, and how many holders back («پیشین»: 1).
    title: str = ""
    title_stop: int = 0  # where the title's words end in the body («وزیر دفاع» of «وزیر دفاع ارمنستان»)
    former: int = 0
    # The role and the name written beside each other in apposition.
    apposition: Mention | None = field(default=None, repr=False)

    @property
    def queued(self) -> bool:
        """An unresolved mention editors should see in the queue."""
        return self.official_id is None and self.kind in QUEUED_KINDS


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
    relay_verbs: PhraseMatcher[str]
    relay_markers: PhraseMatcher[str]
    subject_openers: PhraseMatcher[str]
    modifiers: PhraseMatcher[str]
    plural_reporting: PhraseMatcher[str]


@cache
def words() -> Words:
    """The fixed lists of `lexicon`, compiled (cached for the process)."""
    from archive.extract import lexicon_names

    def matcher(phrases, payload: str, use_norm: bool = False) -> PhraseMatcher[str]:
        m: PhraseMatcher[str] = PhraseMatcher(use_norm=use_norm)
        m.add_all(phrases, payload)
        return m

    verbs = matcher(lexicon.STRONG_VERBS, "strong")
    verbs.add_all(lexicon.WEAK_VERBS, "weak")
    modifiers: PhraseMatcher[str] = PhraseMatcher(use_norm=True)
    for word, steps in lexicon.FORMER_WORDS.items():
        modifiers.add(word, f"former:{steps}")
    modifiers.add_all(lexicon.NEW_WORDS, "new")
    return Words(
        honorifics=matcher(lexicon.HONORIFICS, "honorific", use_norm=True),
        pronouns=matcher(lexicon.PRONOUNS, "pronoun", use_norm=True),
        this_country=matcher(lexicon.THIS_COUNTRY, "this", use_norm=True),
        verbs=verbs,
        not_verbs=matcher(lexicon.NOT_VERBS, "not"),
        paraphrase=matcher(lexicon.PARAPHRASE_MARKERS, "paraphrase", use_norm=True),
        that_clause=matcher(lexicon.THAT_CLAUSE_MARKERS, "that", use_norm=True),
        openers=matcher(lexicon.NARRATION_OPENERS, "opener", use_norm=True),
        relay_verbs=matcher(lexicon.RELAY_VERBS, "relay"),
        relay_markers=matcher(lexicon.RELAY_MARKERS, "relay", use_norm=True),
        subject_openers=matcher(lexicon_names.SUBJECT_OPENERS, "opener", use_norm=True),
        modifiers=modifiers,
        plural_reporting=matcher(lexicon.PLURAL_REPORTING, "plural"),
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


def title_at(tokens: list[Token], i: int, gaz: Gazetteer, w: Words) -> tuple[int, str, int] | None:
    """(end word, canonical title, former steps) of a title at word `i`.

    Also reads a «سابق»/«پیشین» written inside the title («وزیر سابق دفاع»).
    """
    found = gaz.titles.match(tokens, i)
    if found:
        return found[0], found[1][0], 0
    modifier = w.modifiers.match(tokens, i + 1) if _joined(tokens, i + 1) else None
    if modifier and modifier[1][0].startswith("former") and _joined(tokens, modifier[0]):
        view = [tokens[i], *tokens[modifier[0] : modifier[0] + gaz.titles.max_words]]
        inner = gaz.titles.match(view, 0)
        if inner and inner[0] > 1:
            steps = int(modifier[1][0].split(":")[1])
            return modifier[0] + inner[0] - 1, inner[1][0], steps
    return None


def _modifiers(tokens: list[Token], k: int, w: Words) -> tuple[int, int]:
    """(one past the modifiers at `k`, former steps they say): «پیشین», «جدید», «تازه منصوب»."""
    steps = 0
    while _joined(tokens, k) and (found := w.modifiers.match(tokens, k)):
        if found[1][0].startswith("former"):
            steps = int(found[1][0].split(":")[1])
        k = found[0]
    return k, steps


def _where(tokens, k: int, gaz: Gazetteer, w: Words, state: _State) -> tuple[int, str | None, str | None]:
    """(end word, country code or organization key, country code) of what a title is «of», at `k`."""
    if not _joined(tokens, k):
        return k, None, None
    options = []
    if c := gaz.countries.match(tokens, k):
        options.append((c[0], c[1][0], c[1][0]))
    if a := gaz.country_adjectives.match(tokens, k):
        options.append((a[0], a[1][0], a[1][0]))
    if o := gaz.organizations.match(tokens, k):
        options.append((o[0], o[1][0], None))
    if t := w.this_country.match(tokens, k):
        options.append((t[0], state.last_country, state.last_country))
    if not options:
        return k, None, None
    return max(options, key=lambda opt: opt[0])


def _role(
    tokens: list[Token], i: int, gaz: Gazetteer, w: Words, day: dt.date | None, state: _State
) -> Mention | None:
    found = title_at(tokens, i, gaz, w)
    if found is None:
        return None
    title_end, canon, steps = found
    k, more = _modifiers(tokens, title_end, w)
    steps = steps or more
    where_end, where, country = _where(tokens, k, gaz, w, state)
    if where_end > k:
        # «وزیر دفاع روسیه سابق»: the modifier may follow the country too.
        where_end, more = _modifiers(tokens, where_end, w)
        steps = steps or more
    elif canon in gaz.implied_country:
        where = country = gaz.implied_country[canon]
    start = tokens[i].start
    if where is not None:
        end_word = max(where_end, k)
        official = gaz.former_holder(canon, where, day, steps) if steps else gaz.holder(canon, where, day)
        return Mention(
            i,
            end_word,
            start,
            tokens[end_word - 1].end,
            "role",
            official,
            country,
            title=canon,
            title_stop=tokens[title_end - 1].end,
            former=steps,
        )
    # A bare title («وزیر دفاع در این دیدار …») names whoever holds it among
    # the officials the article has already named; otherwise nobody. A
    # former holder without a country is nobody the archive can tell.
    official = None
    if not steps:
        holders = gaz.holders_of_title(canon, day) & state.named
        official = holders.pop() if len(holders) == 1 else None
    return Mention(
        i,
        k,
        start,
        tokens[k - 1].end,
        "title",
        official,
        title=canon,
        title_stop=tokens[title_end - 1].end,
        former=steps,
    )


def _name(tokens: list[Token], i: int, gaz: Gazetteer, w: Words) -> Mention | None:
    """A known name at `i`, with the ranks before it; a given name that contradicts it makes it nobody."""
    chain_end = _honorific_chain(tokens, i, w)
    name = gaz.names.match(tokens, i)
    if chain_end > i and _joined(tokens, chain_end):
        after_ranks = gaz.names.match(tokens, chain_end)
        # «امیر» is a rank and a first name: the longer reading wins.
        if after_ranks and (name is None or after_ranks[0] > name[0]):
            name = after_ranks
    given_at = chain_end if chain_end > i else i
    # After a rank any word may be a given name («ژنرال ولری گراسیموف»).
    maybe_given = chain_end > i or tokens[given_at].norm in people.given_names()
    if name is None and given_at < len(tokens) and maybe_given and _joined(tokens, given_at + 1):
        # «سرگئی شویگو» where the archive knows only «شویگو».
        surname = gaz.names.match(tokens, given_at + 1)
        if surname:
            ids = set(surname[1])
            official = ids.pop() if len(ids) == 1 else None
            known = gaz.given_names.get(official, set()) if official else set()
            given = tokens[given_at].norm
            if known and not any(people.same_given_name(given, g) for g in known):
                # Another person with the same surname («علی حاتمی», not «امیر حاتمی»).
                end = surname[0]
                return Mention(i, end, tokens[i].start, tokens[end - 1].end, "person")
            name = surname
    if not name:
        return None
    ids = set(name[1])
    official = ids.pop() if len(ids) == 1 else None
    mention = Mention(i, name[0], tokens[i].start, tokens[name[0] - 1].end, "name", official)
    mention.country = gaz.official_country.get(official) if official else None
    return mention


def _person(body: str | None, tokens: list[Token], i: int, gaz: Gazetteer, w: Words) -> Mention | None:
    """A name the archive does not know at `i`: beside a role in apposition, or a given name and surname."""
    if body is not None and (person := people.apposed_name(body, tokens, i, gaz, w)):
        return person
    return people.given_name_run(tokens, i, gaz, w)


@dataclass
class _State:
    last_country: str | None = None
    named: set[int] = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.named = set()


def find_mentions(
    tokens: list[Token], gaz: Gazetteer, day: dt.date | None, body: str | None = None
) -> list[Mention]:
    """Every mention in the words, in order, none overlapping.

    Names carry the ranks and honorifics written before them («ژنرال
    شویگو»); roles resolve to who held them on `day`; pronouns are left
    unresolved (official_id None) for the statement pass. With `body`,
    names the archive does not know are found beside a role in apposition.
    """
    w = words()
    state = _State()
    mentions: list[Mention] = []
    i, n = 0, len(tokens)
    while i < n:
        chain_end = _honorific_chain(tokens, i, w)
        if name := _name(tokens, i, gaz, w):
            mention = name
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
        elif person := _person(body, tokens, i, gaz, w):
            mention = person
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
    if body is not None:
        people.link_appositions(body, tokens, mentions, gaz, w)
    return mentions
