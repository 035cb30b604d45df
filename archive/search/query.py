"""The search syntax: query text → a small tree that every engine compiles.

Syntax (README "Search syntax"): words (all must match, in any order; ``AND``
or «و» between them say the same), ``"exact phrase"`` (also «…» and “…”),
``OR`` (``or``, ``|``) between alternatives, ``-word`` to exclude, ``word*``
for a prefix. `archive.search.lexer` reads the operators as people type them
and notes what it read otherwise (a field prefix, an unclosed quote; `read`
returns those notes). Everything else is taken as plain words, so no input
can fail: an unbalanced quote runs to the end of the query, a lone ``-`` or
``*`` and an ``OR`` with nothing on one side are ignored, and FTS5 keywords
(``NEAR``, ``NOT``) and SQL are words like any other once they have been
through the search key.

Every word goes through `archive.text.search_key`, the function that keyed
the stored text, and the parser widens what the typed words would miss:

- two words typed with a space where Persian usually joins them («بین
  المللی», «حسن اف») also match the joined word («بین‌المللی», «حسناف»);
- one joined word also matches the two words it can be read as, as a phrase
  (`text.split_candidates`), so «بینالمللی» finds «بین المللی».

Exclusions: ``-word`` removes matches. A query of exclusions only
(``-روسیه``) means "everything except": engines return all rows minus the
excluded ones, each with rank 0. A query with nothing searchable in it (empty,
``*``, ``"``, punctuation) parses to ``None`` and matches nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive import text
from archive.search import lexer

# Longer queries keep their first words: a 5,000-character paste must not
# turn into a thousand-term index lookup, and no one ranks on word 33.
MAX_WORDS = 32
# A one-letter prefix would expand to a large part of the vocabulary.
MIN_PREFIX = 2
# Join/split variants of one quoted phrase.
MAX_PHRASE_VARIANTS = 8
# Up to this many words typed apart may be one word in the text («بر می گردد»).
MAX_JOINED = 3
# No word is longer; a longer "word" (a pasted blob) can match nothing and
# PostgreSQL refuses tsquery lexemes past 2 kB, so it is dropped as unsearchable.
MAX_WORD_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Term:
    """One key token, matched as a whole token."""

    key: str


@dataclass(frozen=True, slots=True)
class Phrase:
    """Key tokens in this order, next to each other."""

    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Prefix:
    """A phrase whose last token only has to start with the last key (one token: a prefix)."""

    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """Excludes rows matching `child`; only ever a direct child of the top-level And."""

    child: Node


Node = Term | Phrase | Prefix | And | Or | Not


@dataclass(slots=True)
class _Atom:
    node: Node
    negated: bool
    # The typed word, normalized, when it was one plain unquoted word of one
    # key token: only those take part in joined/split expansion.
    plain: str | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """A query's tree (None: nothing searchable) and Persian notes on what was read otherwise than typed."""

    tree: Node | None
    notes: tuple[str, ...] = ()


def parse(query: str, *, optional_keys: frozenset[str] = frozenset()) -> Node | None:
    """The tree of `query`, or None when nothing in it is searchable.

    Never raises. The result is an And of the query's groups (an Or for
    ``a OR b``), with any exclusions as Not children of that top-level And;
    a single group is returned bare. `optional_keys` are key tokens dropped
    when other words remain (officials' honorifics: «ژنرال شویگو»).
    """
    return read(query, optional_keys=optional_keys).tree


def read(query: str, *, optional_keys: frozenset[str] = frozenset()) -> Reading:
    """`parse`, with the notes a reader should see (a field prefix dropped, an unclosed quote)."""
    items, notes = _lex(query or "")
    return Reading(_tree(_group(items), optional_keys), tuple(notes))


def _tree(groups: list[list[_Atom]], optional_keys: frozenset[str]) -> Node | None:
    groups = _drop_optional(groups, optional_keys)
    positives: list[Node] = []
    negatives: list[Node] = []
    for index, group in enumerate(groups):
        if len(group) == 1 and group[0].negated:
            negatives.append(group[0].node)
            continue
        alternatives: list[Node] = []
        for atom in group:
            if atom.negated:
                continue  # an exclusion inside an OR has no meaning; the other alternatives stand
            if len(group) == 1 and atom.plain is not None:
                alternatives.append(_expand_word(atom, _neighbours(groups, index)))
            else:
                alternatives.append(_expand_split(atom.node))
        node = _or(alternatives)
        if node is not None and node not in positives:
            positives.append(node)
    children = positives + [Not(n) for n in dict.fromkeys(negatives)]
    if not children:
        return None
    return children[0] if len(children) == 1 else And(tuple(children))


def split_negations(tree: Node | None) -> tuple[Node | None, tuple[Node, ...]]:
    """(what must match, what must not) of a parsed tree; either may be empty."""
    if tree is None:
        return None, ()
    if isinstance(tree, Not):
        return None, (tree.child,)
    if not isinstance(tree, And):
        return tree, ()
    positive = tuple(c for c in tree.children if not isinstance(c, Not))
    negative = tuple(c.child for c in tree.children if isinstance(c, Not))
    if not positive:
        return None, negative
    return (positive[0] if len(positive) == 1 else And(positive)), negative


# ---------------------------------------------------------------------------


def _lex(query: str) -> tuple[list[_Atom | str], list[str]]:
    """Atoms and OR/AND markers, in order, at most MAX_WORDS atoms; and the lexer's notes."""
    lexed = lexer.lex(query)
    items: list[_Atom | str] = []
    atoms = 0
    for token in lexed.tokens:
        if atoms >= MAX_WORDS:
            break
        if isinstance(token, str):
            items.append(token)
            continue
        if isinstance(token, lexer.Word):
            atom = _word_atom(token.text)
        else:
            atom = _phrase_atom(token.text, negated=token.negated)
        if atom is not None:
            items.append(atom)
            atoms += 1
    return items, lexed.notes


def _word_atom(word: str) -> _Atom | None:
    negated = word.startswith("-")
    word = word.lstrip("-")
    prefix = word.endswith("*")
    word = word.rstrip("*")
    keys = _keys(word)
    if not keys:
        return None
    if prefix and len(keys[-1]) >= MIN_PREFIX:
        node: Node = _prefix(word, keys)
        return _Atom(node, negated)
    if len(keys) > 1:
        return _Atom(Phrase(keys), negated)
    return _Atom(Term(keys[0]), negated, plain=text.normalize_letters(word))


def _prefix(word: str, keys: tuple[str, ...]) -> Node:
    # The key of a partial word may be stemmed as if it were whole; the
    # letters as typed are tried too, so «سازما*» is not cut to a stem.
    typed = tuple(
        w for w in re.findall(r"[^\W_]+", text.normalize_letters(word)) if len(w) <= MAX_WORD_LENGTH
    )
    variants = [Prefix(keys)]
    if typed and typed != keys and len(typed[-1]) >= MIN_PREFIX:
        variants.append(Prefix(typed))
    return variants[0] if len(variants) == 1 else Or(tuple(variants))


def _keys(typed: str) -> tuple[str, ...]:
    return tuple(key for key in text.search_key(typed).split() if len(key) <= MAX_WORD_LENGTH)


def _phrase_atom(phrase: str, *, negated: bool) -> _Atom | None:
    keys = _keys(phrase)
    if not keys:
        return None
    if len(keys) == 1:
        return _Atom(Term(keys[0]), negated)
    variants: list[Node] = [Phrase(keys)]
    # The quoted words may be one word in the text: «"بین المللی"» also finds «بین‌المللی».
    for i in range(len(keys) - 1):
        joined = _joined(keys[i], keys[i + 1])
        if joined is not None:
            variants.append(_phrase_or_term((*keys[:i], joined, *keys[i + 2 :])))
        if len(variants) >= MAX_PHRASE_VARIANTS:
            break
    return _Atom(_or(variants) or Phrase(keys), negated)


def _group(items: list[_Atom | str]) -> list[list[_Atom]]:
    """Atoms joined by OR form one group; an OR with nothing on one side is dropped.

    AND (or «و») says what a space says: ``a و b`` is read exactly as ``a b``.
    """
    groups: list[list[_Atom]] = []
    pending_or = False
    for item in items:
        if item == lexer.OR:
            pending_or = bool(groups)
            continue
        if item == lexer.AND:
            pending_or = False
            continue
        assert isinstance(item, _Atom)
        if pending_or:
            groups[-1].append(item)
        else:
            groups.append([item])
        pending_or = False
    return groups


def _drop_optional(groups: list[list[_Atom]], optional: frozenset[str]) -> list[list[_Atom]]:
    if not optional:
        return groups

    def is_optional(group: list[_Atom]) -> bool:
        atom = group[0]
        return (
            len(group) == 1 and not atom.negated and isinstance(atom.node, Term) and atom.node.key in optional
        )

    kept = [g for g in groups if not is_optional(g)]
    if any(not g[0].negated or len(g) > 1 for g in kept):
        return kept
    return groups


def _neighbour(groups: list[list[_Atom]], index: int) -> _Atom | None:
    if 0 <= index < len(groups) and len(groups[index]) == 1:
        atom = groups[index][0]
        if atom.plain is not None and not atom.negated:
            return atom
    return None


def _neighbours(groups: list[list[_Atom]], index: int) -> list[tuple[_Atom, ...]]:
    """The runs of two and three plain words around groups[index] that include it."""
    runs = []
    for start in range(index - MAX_JOINED + 1, index + 1):
        for size in range(2, MAX_JOINED + 1):
            if start <= index < start + size:
                run = tuple(_neighbour(groups, i) for i in range(start, start + size))
                if all(run):
                    runs.append(run)
    return runs


def _expand_word(atom: _Atom, runs: list[tuple[_Atom, ...]]) -> Node:
    """A plain word, or a joined word it makes with its neighbours, or its split reading.

    «بین المللی» also matches «بینالمللی», and a verb typed in three
    parts («بر می گردد») the joined «برمی‌گردد»: every word of the run
    accepts the joined word in its place.
    """
    assert isinstance(atom.node, Term) and atom.plain is not None
    alternatives: list[Node] = [_expand_split(atom.node)]
    if atom.plain != atom.node.key:
        # The typed word splits too, before its ending goes: «دانش‌آموزان»
        # is also «دانش آموزان», where «آموزان» keeps its «ان». Only into
        # halves of three letters or more, and not at the ending itself
        # («دانش‌آموز آن» is another phrase, «کت آب» is not «کتابها»).
        key = atom.node.key
        splits = text.split_candidates(atom.plain)
        alternatives += [Phrase(pair) for pair in splits if min(map(len, pair)) >= 3 and pair[0] != key]
    for run in runs:
        joined = _joined(*(a.plain for a in run if a.plain is not None))
        if joined is not None:
            # The joined word may itself be written apart elsewhere: «برمی
            # گردد» joins to «برمیگردد», which is also «بر می‌گردد».
            alternatives.append(_expand_split(Term(joined)))
    return _or(alternatives) or atom.node


def _expand_split(node: Node) -> Node:
    if not isinstance(node, Term):
        return node
    splits = [Phrase(pair) for pair in text.split_candidates(node.key) if all(pair)]
    return _or([node, *splits]) or node


def _joined(*words: str) -> str | None:
    # Plain words are joined from their typed letters, not their keys: «کتاب
    # ها» joins to «کتابها», whose key is «کتاب»; the keys alone would make
    # «کتابها», a token no stored text has. Latin words are not joined:
    # English spaces its words where it means to. They are joined with a
    # ZWNJ, as a word written in parts is: a verb ending or the copula typed
    # apart («نگران اند») then leaves the word as it does in the text.
    if any(word.isascii() for word in words):
        return None
    keys = text.search_key(text.ZWNJ.join(words)).split()
    return keys[0] if len(keys) == 1 else None


def _phrase_or_term(keys: tuple[str, ...]) -> Node:
    return Term(keys[0]) if len(keys) == 1 else Phrase(keys)


def _or(nodes: list[Node]) -> Node | None:
    flat: list[Node] = []
    for node in nodes:
        for child in node.children if isinstance(node, Or) else (node,):
            if child not in flat:
                flat.append(child)
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else Or(tuple(flat))
