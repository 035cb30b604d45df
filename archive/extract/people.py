"""Names of people the archive does not know yet, found where news text names someone.

Three places say a run of words is a person: a rank or honorific before it
(read by `mentions`), a role in apposition beside it («داوید تونویان، وزیر
دفاع ارمنستان، …», «وزیر دفاع ارمنستان، سورن پاپیکیان، …»), and a
reporting verb after it («ماکرون گفت»). A run is a name only if none of
its words is a function word, an institution or a description
(`lexicon_names`), so «وزارت دفاع ترکیه اعلام کرد» is a speaker but no
person, and «یک کارشناس نظامی گفت» is nobody to queue.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from archive.extract import lexicon, lexicon_names
from archive.extract.tokens import Token, compact_norm

if TYPE_CHECKING:
    from archive.extract.gazetteer import Gazetteer
    from archive.extract.mentions import Mention, Words

MAX_NAME_WORDS = 3
_VOWEL_LETTERS = re.compile("[اآویئء]")


@cache
def given_names() -> frozenset[str]:
    """The given names of `lexicon_names`, as their letters compare."""
    return frozenset(compact_norm(n) for n in lexicon_names.GIVEN_NAMES)


@cache
def _not_in_names() -> frozenset[str]:
    words = lexicon_names.NOT_IN_NAMES | lexicon.NAME_STOPWORDS | lexicon_names.GENITIVE_HEADS
    return frozenset(compact_norm(w) for w in words)


@cache
def _institutions() -> frozenset[str]:
    return frozenset(compact_norm(w) for w in lexicon_names.INSTITUTION_WORDS)


@cache
def _descriptions() -> frozenset[str]:
    return frozenset(compact_norm(w) for w in lexicon_names.DESCRIPTION_WORDS)


@cache
def genitive_heads() -> frozenset[str]:
    """Words after which a name is a complement («سخنگوی X»), as their letters compare."""
    return frozenset(compact_norm(w) for w in lexicon_names.GENITIVE_HEADS)


def same_given_name(a: str, b: str) -> bool:
    """Two spellings of one given name («والری»/«ولری», «سرگئی»/«سرگی»): the same consonants."""
    return a == b or _VOWEL_LETTERS.sub("", a) == _VOWEL_LETTERS.sub("", b)


def name_word(tokens: list[Token], k: int, gaz: Gazetteer, w: Words) -> bool:
    """Whether word `k` can be part of a name the archive does not know."""
    token = tokens[k]
    if len(token.norm) < 2 or any(ch.isdigit() for ch in token.norm) or token.norm in _not_in_names():
        return False
    return not (
        w.verbs.match(tokens, k)
        or w.pronouns.match(tokens, k)
        or w.honorifics.match(tokens, k)
        or w.modifiers.match(tokens, k)
        or gaz.titles.match(tokens, k)
        or gaz.countries.match(tokens, k)
        or gaz.country_adjectives.match(tokens, k)
        or gaz.names.match(tokens, k)
    )


def name_run(tokens: list[Token], i: int, gaz: Gazetteer, w: Words) -> int:
    """One past the last word of a run of name words starting at `i` (`i` when there is none)."""
    k = i
    while k < len(tokens) and k - i < MAX_NAME_WORDS and (k == i or tokens[k].joined):
        if not name_word(tokens, k, gaz, w):
            break
        k += 1
    return k


def unmarked_names(tokens: list[Token], lo: int, hi: int, gaz: Gazetteer, w: Words, taken: set[int]) -> int:
    """How many names no mention marks stand in words [lo, hi): a given name and a name word after it."""
    count = 0
    for k in range(lo, hi - 1):
        given = k not in taken and tokens[k].norm in given_names()
        if given and tokens[k + 1].joined and name_word(tokens, k + 1, gaz, w):
            count += 1
    return count


def looks_like_person(tokens: list[Token], lo: int, hi: int, gaz: Gazetteer, w: Words) -> bool:
    """Whether words [lo, hi) read as a person's name rather than an institution or a description."""
    if not 0 < hi - lo <= MAX_NAME_WORDS + 1:
        return False
    norms = {t.norm for t in tokens[lo:hi]}
    if norms & (_institutions() | _descriptions()):
        return False
    return name_run(tokens, lo, gaz, w) == hi


def _comma_between(body: str, tokens: list[Token], k: int) -> bool:
    """A comma (and nothing but spaces) stands between word k-1 and word k."""
    gap = body[tokens[k - 1].end : tokens[k].start]
    return gap.strip() in {"،", ","}


@cache
def _clause_openers() -> frozenset[str]:
    return frozenset(compact_norm(o) for o in ("همچنین", "سپس", "اما", "ولی", "پیشتر", "و"))


def _starts_clause(tokens: list[Token], i: int) -> bool:
    if i == 0 or not tokens[i].joined:
        return True
    return tokens[i - 1].norm in _clause_openers()


def apposed_name(body: str, tokens: list[Token], i: int, gaz: Gazetteer, w: Words) -> Mention | None:
    """«داوید تونویان، وزیر دفاع ارمنستان، …»: an unknown name before a role in apposition, as a mention."""
    from archive.extract.mentions import Mention, title_at

    if not _starts_clause(tokens, i):
        return None
    k = name_run(tokens, i, gaz, w)
    if k == i or k >= len(tokens) or not _comma_between(body, tokens, k):
        return None
    if title_at(tokens, k, gaz, w) is None:
        return None
    return Mention(i, k, tokens[i].start, tokens[k - 1].end, "person")


def given_name_run(tokens: list[Token], i: int, gaz: Gazetteer, w: Words) -> Mention | None:
    """«فرهاد صدری، کارشناس …»: a given name and a surname at the start of a clause, as a mention."""
    from archive.extract.mentions import Mention

    if tokens[i].norm not in given_names() or not _starts_clause(tokens, i):
        return None
    k = name_run(tokens, i + 1, gaz, w) if i + 1 < len(tokens) and tokens[i + 1].joined else i + 1
    if k == i + 1:
        return None
    return Mention(i, k, tokens[i].start, tokens[k - 1].end, "person")


def _name_after_role(
    body: str, tokens: list[Token], role: Mention, gaz: Gazetteer, w: Words
) -> Mention | None:
    """«وزیر دفاع ارمنستان، سورن پاپیکیان، گفت» or «… ارمنستان سورن پاپیکیان گفت»: the name after a role."""
    from archive.extract.mentions import Mention

    k = role.j
    if k >= len(tokens):
        return None
    comma = _comma_between(body, tokens, k)
    if not comma and not tokens[k].joined:
        return None
    end = name_run(tokens, k, gaz, w)
    if end == k:
        return None
    given = tokens[k].norm in given_names()
    closed = end < len(tokens) and _comma_between(body, tokens, end)
    # Joined to the role, only a given name and a surname are surely a name
    # («وزیر دفاع روسیه صبح امروز» is not); after a comma, a closing comma
    # or a given name is enough.
    if (comma and (closed or given)) or (not comma and given and end - k >= 2):
        return Mention(k, end, tokens[k].start, tokens[end - 1].end, "person")
    return None


def link_appositions(
    body: str, tokens: list[Token], mentions: list[Mention], gaz: Gazetteer, w: Words
) -> None:
    """Pair each name with the role written beside it in apposition, adding names found after roles.

    Changes `mentions` in place (sorted, none overlapping).
    """
    names = {"name", "person", "unknown"}
    roles = {"role", "title"}
    added = []
    for index, m in enumerate(mentions):
        after = mentions[index + 1] if index + 1 < len(mentions) else None
        if (
            after is not None
            and after.i == m.j
            and (_comma_between(body, tokens, after.i) or (m.kind in roles and tokens[after.i].joined))
        ) and ((m.kind in names and after.kind in roles) or (m.kind in roles and after.kind in names)):
            m.apposition, after.apposition = after, m
            continue
        if m.kind in roles and m.apposition is None and (after is None or after.i > m.j):
            person = _name_after_role(body, tokens, m, gaz, w)
            if person is not None and (after is None or person.j <= after.i):
                m.apposition, person.apposition = person, m
                added.append(person)
    if added:
        mentions.extend(added)
        mentions.sort(key=lambda m: m.i)


def queue_role(mention: Mention) -> Mention | None:
    """The role to suggest as the position of an unknown name (its apposition), if any."""
    role = mention.apposition
    if role is None or role.kind not in {"role", "title"} or role.former:
        return None
    return role
