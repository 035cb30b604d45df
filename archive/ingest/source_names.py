"""Whether a Latin and a Persian source name are one outlet («Anadolu» and «خبرگزاری آناتولی»).

Both names are reduced to a skeleton of consonant classes, the sounds a
transliteration keeps: vowels (and the letters Persian writes them with)
drop out, voiced and voiceless pairs that transliterations swap meet
(d/t, z/s), doubled letters count once, and kind words («خبرگزاری»,
«Agency», «News») are left out. Equal skeletons make a suggestion for an
editor, never a merge: only an editor makes one name an alias of the other.
"""

from __future__ import annotations

import re

from archive import text
from archive.ingest.sources import bare_key

_PERSIAN = {
    "ب": "B", "پ": "P", "ت": "T", "ط": "T", "د": "T", "ث": "S", "س": "S", "ص": "S", "ز": "S", "ذ": "S",
    "ض": "S", "ظ": "S", "ش": "C", "چ": "C", "ج": "J", "ژ": "J", "خ": "K", "ک": "K", "ق": "G", "غ": "G",
    "گ": "G", "ر": "R", "ف": "F", "ل": "L", "م": "M", "ن": "N",
}  # fmt: skip
_LATIN_DIGRAPHS = (("kh", "K"), ("sh", "C"), ("ch", "C"), ("zh", "J"), ("gh", "G"), ("ph", "F"), ("ck", "K"))
_LATIN = {
    "b": "B", "p": "P", "t": "T", "d": "T", "s": "S", "z": "S", "c": "K", "ç": "C", "ş": "C", "j": "J",
    "k": "K", "q": "G", "g": "G", "ğ": "", "r": "R", "f": "F", "l": "L", "m": "M", "n": "N", "x": "KS",
}  # fmt: skip
_LATIN_KIND_WORDS = {
    "agency",
    "news",
    "the",
    "tv",
    "press",
    "daily",
    "newspaper",
    "network",
    "channel",
    "online",
}
_LATIN_LETTERS = re.compile(r"[a-zçşğ]")
MIN_SKELETON = 2


def is_latin(name: str) -> bool:
    """Whether a name is written in Latin letters."""
    return bool(_LATIN_LETTERS.search(name.casefold())) and not re.search(r"[\u0600-\u06ff]", name)


def _collapse(classes: str) -> str:
    return re.sub(r"(.)\1+", r"\1", classes)


def skeleton(name: str) -> str:
    """The consonant classes of a source name without its kind words, for either script."""
    if is_latin(name):
        words = [w for w in re.findall(r"[a-zçşğ]+", name.casefold()) if w not in _LATIN_KIND_WORDS]
        spelled = " ".join(words)
        for digraph, letter in _LATIN_DIGRAPHS:
            spelled = spelled.replace(digraph, letter.lower() + "\0")
        out = []
        for ch in spelled:
            if ch == "\0" or ch == " ":
                continue
            out.append(_LATIN.get(ch, ch.upper() if ch in "kcjgf" else ""))
        return _collapse("".join(out))
    return _collapse("".join(_PERSIAN.get(ch, "") for ch in bare_key(text.search_key(name))))


def same_outlet(a: str, b: str) -> bool:
    """Whether one name is Latin, the other Persian, and both spell the same outlet."""
    if is_latin(a) == is_latin(b):
        return False
    first, second = skeleton(a), skeleton(b)
    return len(first) >= MIN_SKELETON and first == second
