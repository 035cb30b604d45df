"""What a parsed query matches, decided on key tokens alone: no engine, no database.

`finds(query, text)` says whether the tree of `query` matches the search key
of `text`, the way every engine must (a Term is a whole token, a Phrase
adjacent tokens in order, a Prefix a phrase whose last token starts with the
last key). Tests of the analyzer use it so they hold whichever engine runs.
"""

from __future__ import annotations

from archive import text
from archive.search.query import And, Node, Not, Or, Phrase, Prefix, Term, parse


def finds(query: str, stored: str) -> bool:
    """Whether `query` matches a document whose text is `stored`."""
    tree = parse(query)
    return tree is not None and matches(tree, text.search_key(stored).split())


def matches(node: Node, tokens: list[str]) -> bool:
    """Whether `node` matches the key tokens of one document."""
    if isinstance(node, Term):
        return node.key in tokens
    if isinstance(node, Phrase):
        return _at_some_position(tokens, node.keys, prefix=False)
    if isinstance(node, Prefix):
        return _at_some_position(tokens, node.keys, prefix=True)
    if isinstance(node, Or):
        return any(matches(child, tokens) for child in node.children)
    if isinstance(node, And):
        positives = [c for c in node.children if not isinstance(c, Not)]
        negatives = [c.child for c in node.children if isinstance(c, Not)]
        found = all(matches(c, tokens) for c in positives)
        return found and not any(matches(c, tokens) for c in negatives)
    if isinstance(node, Not):
        return not matches(node.child, tokens)
    raise TypeError(node)


def _at_some_position(tokens: list[str], keys: tuple[str, ...], *, prefix: bool) -> bool:
    size = len(keys)
    for start in range(len(tokens) - size + 1):
        window = tokens[start : start + size]
        if window[:-1] != list(keys[:-1]):
            continue
        last = window[-1]
        if last == keys[-1] or (prefix and last.startswith(keys[-1])):
            return True
    return False
