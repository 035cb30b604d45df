"""What hazm's shipped word and verb lists say about Persian words.

Only data: which words exist, how common they are, their part of speech,
every conjugated form of every listed verb, and where hazm's list writes a
ZWNJ inside a word. The rules that use it, and so what matches, are in
`archive.text`; it builds this once per process and passes in its letter
normalization, so the lexicon's words are spelled as keys are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

ZWNJ = "\u200c"

_PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")
_PAST_ENDINGS = ("م", "ی", "", "یم", "ید", "ند")


@dataclass(frozen=True)
class Lexicon:
    """hazm's lists, normalized; see the field comments."""

    # normalized word → corpus count (summed over spellings that meet)
    counts: dict[str, int]
    # words hazm's list attests (a count or a part-of-speech tag), as
    # opposed to the many untagged entries that include inflected forms
    strong: frozenset[str]
    # words tagged plural (PL)
    plural: frozenset[str]
    # attested words tagged noun or adjective (N, AJ)
    nominal: frozenset[str]
    # attested words tagged adjective (AJ)
    adjectives: frozenset[str]
    # pronouns, determiners, conjunctions (PRO, DET, CONJ): «آن», «ما», «که»
    function_words: frozenset[str]
    # conjugated forms (without می/نمی) of every verb in verbs.dat
    verb_forms: frozenset[str]
    # past participles («کرده», «نکرده»), which take the perfect's endings
    participles: frozenset[str]
    # joined compound → the ways hazm's list writes it with ZWNJ
    compounds: dict[str, tuple[tuple[str, str], ...]]
    # how often a word is the first / the second part of a listed compound
    first_parts: Counter[str]
    second_parts: Counter[str]
    # how many attested words are a word followed by a verb form: high for
    # the words verbs are made with («باز», «بر», «در», «فرا», «دست»)
    verb_makers: Counter[str]


def build(normalize: Callable[[str], str]) -> Lexicon:
    """The lexicon, every word spelled through `normalize`."""
    from hazm.utils import words_list

    counts: dict[str, int] = {}
    strong: set[str] = set()
    plural: set[str] = set()
    nominal: set[str] = set()
    adjectives: set[str] = set()
    function_words: set[str] = set()
    compounds: dict[str, set[tuple[str, str]]] = {}
    for raw, count, tags in words_list():
        word = normalize(raw).strip()
        if not word or " " in word:
            continue
        counts[word] = counts.get(word, 0) + count
        if count > 0 or tags != ("0",):
            strong.add(word)
        if "PL" in tags:
            plural.add(word)
        if "N" in tags or "AJ" in tags:
            nominal.add(word)
        if "AJ" in tags:
            adjectives.add(word)
        if {"PRO", "DET", "CONJ"} & set(tags):
            function_words.add(word)
        if raw.count(ZWNJ) == 1:
            left, right = (normalize(part) for part in raw.split(ZWNJ))
            if len(left) >= 2 and len(right) >= 2:
                compounds.setdefault(word, set()).add((left, right))

    verb_forms, participles = _verb_forms(normalize)
    first_parts: Counter[str] = Counter()
    second_parts: Counter[str] = Counter()
    for pairs in compounds.values():
        for left, right in pairs:
            first_parts[left] += 1
            second_parts[right] += 1
    verb_makers: Counter[str] = Counter()
    for word in strong:
        for i in range(2, min(5, len(word) - 2)):
            if word[i:] in verb_forms and counts.get(word[:i], 0) > 0:
                verb_makers[word[:i]] += 1
    return Lexicon(
        counts=counts,
        strong=frozenset(strong),
        plural=frozenset(plural),
        nominal=frozenset(nominal),
        adjectives=frozenset(adjectives),
        function_words=frozenset(function_words),
        verb_forms=frozenset(verb_forms),
        participles=frozenset(participles),
        compounds={k: tuple(sorted(v)) for k, v in compounds.items()},
        first_parts=first_parts,
        second_parts=second_parts,
        verb_makers=verb_makers,
    )


def _verb_forms(normalize: Callable[[str], str]) -> tuple[set[str], set[str]]:
    """(every simple conjugated form, every past participle) of verbs.dat's verbs."""
    from hazm.utils import verbs_list

    forms: set[str] = set()
    participles: set[str] = set()
    for line in verbs_list():
        past, _, present = normalize(line).partition("#")
        if present:
            # A stem ending in «ا» takes a gliding «ی» («فرما» → «فرمایند»);
            # one ending in «و» may or may not («گویند», «شوند»).
            glides = {"ا": ("ی",), "و": ("", "ی")}.get(present[-1], ("",))
            for glide in glides:
                for ending in _PRESENT_ENDINGS:
                    forms.add(present + glide + ending)
        if past:
            for ending in _PAST_ENDINGS:
                forms.add(past + ending)
            forms.add(past + "ه")
            participles.update((past + "ه", "ن" + past + "ه"))
    return forms, participles
