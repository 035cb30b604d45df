"""The query as typed → words, quoted phrases and operators, with Persian notes on what was read otherwise.

What people type is accepted as they mean it (README "Search syntax"):

- ``OR``, in any case (``or``, ``Or``), and ``|`` (``||``, also between words
  without spaces: ``روسیه|ترکیه``) put alternatives side by side;
- ``AND`` in any case, ``&``/``&&`` and a lone «و» say what words already say
  (all must match): they are dropped, wherever they stand. «و» is an operator
  only as a word of its own: «وزیر», «وارد» and a quoted «و» are words;
- a field prefix (``title:روسیه``, ``عنوان: روسیه``, any ``word:``) is not a
  filter this archive has: the prefix is dropped, the words after it are
  searched everywhere, and a note says so;
- an unclosed quote runs to the end of the query, and a note says so.

A query made of nothing but operator words or field names («و», ``AND``,
``title:``) searches them as words, so no query loses all it said. Times
(``10:30``) and addresses (``https://…``) are not field prefixes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive import text

QUOTES = '"“”«»„'
_LEXER = re.compile(
    # A field prefix: a name starting and ending with a letter, then a colon not opening "//".
    rf"(?P<fneg>-*)(?P<field>[^\W\d_](?:[\w\u200c]*[^\W\d_])?):(?![/\\])"
    rf"|(?P<neg>-*)[{QUOTES}](?P<phrase>[^{QUOTES}]*)(?P<close>[{QUOTES}])?"
    r"|(?P<bar>\|+)"
    # A zero-width space parts words as a space does (the search key reads it so too).
    rf"|(?P<word>[^\s\u200b{QUOTES}|]+)"
)

OR = "OR"
AND = "AND"
_OR_WORDS = frozenset({"or"})
_AND_WORDS = frozenset({"and", "&", "&&", "و"})
# Unicode isolates: a Latin name («title:») keeps its own order inside a Persian sentence.
_ISOLATE = "\u2068{}\u2069"


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # as typed, a leading "-" and a trailing "*" included


@dataclass(frozen=True, slots=True)
class Quoted:
    text: str
    negated: bool


Token = Word | Quoted | str  # a str is OR or AND


@dataclass
class Lexed:
    tokens: list[Token]
    notes: list[str] = field(default_factory=list)


def lex(query: str) -> Lexed:
    """The tokens of `query` in order (operators as OR/AND) and the notes a reader should see."""
    tokens: list[Token] = []
    fallback: list[Token] = []  # what operator words and field names mean when nothing else is there
    fields: list[str] = []
    unclosed = False
    negate_next = False
    for m in _LEXER.finditer(query):
        if m.group("field") is not None:
            fields.append(m.group("field"))
            fallback.append(Word(m.group("field")))
            negate_next = negate_next or bool(m.group("fneg"))
            continue
        if m.group("bar") is not None:
            tokens.append(OR)
            continue
        if m.group("word") is not None:
            word = m.group("word")
            operator = _operator(word)
            if operator is not None:
                tokens.append(operator)
                if operator == AND:
                    fallback.append(Word(word))
                continue
            tokens.append(Word("-" + word if negate_next and not word.startswith("-") else word))
        else:
            phrase = m.group("phrase")
            tokens.append(Quoted(phrase, negated=bool(m.group("neg")) or negate_next))
            if m.group("close") is None and text.search_key(phrase):
                unclosed = True
        negate_next = False
    if not any(isinstance(t, Word | Quoted) for t in tokens):
        return Lexed(fallback)
    notes = []
    if fields:
        names = "، ".join(f"«{_ISOLATE.format(name + ':')}»" for name in dict.fromkeys(fields))
        notes.append(
            f"جست‌وجو در یک بخش جداگانه ممکن نیست: {names} نادیده گرفته شد "
            "و واژه‌های پس از آن در همه‌جای متن جست‌وجو شدند."
        )
    if unclosed:
        notes.append(
            "گیومه بسته نشده بود: آنچه پس از آن آمده تا پایان پرسش یک عبارت دقیق جست‌وجو شد؛ "
            "برای جست‌وجوی واژه‌ها جدا از هم، گیومه را بردارید."
        )
    return Lexed(tokens, notes)


def _operator(word: str) -> str | None:
    folded = text.normalize_letters(word)
    if folded in _OR_WORDS:
        return OR
    if folded in _AND_WORDS:
        return AND
    return None
