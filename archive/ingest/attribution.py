"""Who reported an article and whom it cites, read from its opening words.

Persian news opens with its chain of sources: «به گزارش آران نیوز به نقل از
خبرگزاری تسنیم، …», «به نقل از پایگاه اطلاع‌رسانی وزارت دفاع، …», «تهران- ایرنا-
…», «خبرگزاری تسنیم گزارش داد: …». parse_attribution() reads that chain and
nothing else; the body is never changed. A source is only what an
attribution phrase names: never the first words of a sentence that reports
what someone said, never a person (a rank, a given name, a title of office).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from archive import text
from archive.ingest.sources import name_key

# How far into the body an attribution can start (a dateline and a date may come first).
OPENING = 400
_NAME = r"[^،,:؛.\n«»\"()]{2,120}?"
_END = r"\s*(?:[،,:؛]|\n|$)"
_REPORTED = re.compile(
    r"^(?P<lead>به\s+گزارش|بنا\s*به\s+گزارش|بنابر\s+گزارش|بر\s*اساس\s+گزارش|به\s+نوشت[هۀ]\u0654?|به\s+نقل\s+از)"
    rf"\s+(?P<chain>{_NAME}){_END}"
)
# «خبرگزاری تسنیم گزارش داد»: the outlet named is cited, not the publisher.
# Only reporting a report: «X اعلام کرد» is a statement by X (often a
# person: «سرگئی شویگو وزیر دفاع روسیه اعلام کرد»), not a citation.
_SAYS = re.compile(
    rf"^(?P<chain>{_NAME})\s+(?:گزارش\s+داد|گزارش\s+(?:می|می\u200c|می\s)دهد|نوشت)(?:{_END}|\s+که\s)"
)
# IRNA-style dateline: «تهران- ایرنا-», «مسکو - اسپوتنیک -», «تهران (پانا) -».
_DATELINE = re.compile(
    r"^(?P<place>[^\s\-–—(،,:]{2,20}(?:\s[^\s\-–—(،,:]{2,20})?)\s*"
    r"(?:[-–—]\s*(?P<dashed>[^\-–—\n،,:]{2,40}?)\s*[-–—]|\((?P<paren>[^()\n]{2,40})\)\s*[-–—]?)\s*"
)
# A written or numeric date right after a dateline («۲۲ مرداد ۱۳۹۹ -»).
_LEADING_DATE = re.compile(r"^[\d۰-۹٠-٩/\-\s:]+(?:[^\s\d]+\s+[\d۰-۹٠-٩]{4}\s*)?[-–—،,]\s*")
_LINKS = re.compile(r"\s+(?:و\s+)?(?:به\s+نقل\s+از|به\s+گزارش|از\s+قول)\s+")
# Desk and reporter words before the outlet: «گروه سیاسی خبرگزاری مهر», «خبرنگار دفاعی تسنیم».
_DESK_WORDS = ("گروه", "سرویس", "میز", "دبیرخانه", "خبرنگار")
_DESK_SPAN = 4  # words a desk name may take («گروه بین‌الملل و سیاست خارجی»)
_OUTLET_WORDS = (
    "خبرگزاری", "روزنامه", "پایگاه", "سایت", "وب‌سایت", "وبگاه", "شبکه", "خبرنامه", "باشگاه",
    "هفته‌نامه", "ماهنامه", "رادیو", "تلویزیون", "روابط", "اداره", "وزارت", "ستاد", "سازمان",
)  # fmt: skip
# Where the dispatch was filed from, not who filed it: «به گزارش ایرنا از مسکو».
_FROM_PLACE = re.compile(r"\s+از\s+\S+(?:\s+\S+)?$")
_NOT_A_SOURCE = {text.search_key(n) for n in ("خبرنگار ما", "ما", "منابع آگاه", "منابع خبری", "رسانه‌ها")}
_MAX_WORDS = 8


def dateline_end(text: str) -> int:
    """Where the dateline at the start of `text` ends («تهران- ایرنا- …», «مسکو (اسپوتنیک) -»), 0 if none."""
    head = text[:OPENING]
    stripped = head.lstrip()
    dateline = _DATELINE.match(stripped)
    if not dateline or not (dateline["dashed"] or dateline["paren"]):
        return 0
    rest = stripped[dateline.end() :]
    date = _LEADING_DATE.match(rest)
    return len(head) - len(stripped) + dateline.end() + (date.end() if date else 0)


@dataclass
class Attribution:
    """The chain read from an opening: who reported it (if named) and whom it cites, in order."""

    reporter: str | None = None
    cited: list[str] = field(default_factory=list)


def _clean(name: str) -> str | None:
    name = " ".join(name.split()).strip("\u200c «»\"'")
    words = name.split()
    if words and words[0] in _DESK_WORDS:
        outlet = next(
            (i for i in range(1, min(len(words), _DESK_SPAN + 1)) if words[i].startswith(_OUTLET_WORDS)), None
        )
        if outlet is not None:
            name = " ".join(words[outlet:])
        elif words[0] == "خبرنگار":
            return None  # «به گزارش خبرنگار ما»: a reporter, not an outlet
    name = _FROM_PLACE.sub("", name)
    if not name or len(name.split()) > _MAX_WORDS or name_key(name) in _NOT_A_SOURCE:
        return None
    if not _NAME_CHARACTERS.fullmatch(name) or is_person(name):
        return None
    return name


# A source's name is words: letters, digits, spaces, ZWNJ, dots and dashes
# («Sputnik», «آران نیوز», «Press TV»), never a handle or a tag («@وزارت دفاع»).
_NAME_CHARACTERS = re.compile(r"[\w\u200c .\-–’']+")


@cache
def _person_words() -> tuple[frozenset[str], frozenset[str]]:
    """(first words, any words) that make a name a person's: ranks, given names; titles of office."""
    from archive.extract import lexicon, lexicon_names

    first = {text.search_key(h) for h in lexicon.HONORIFICS} | {
        text.search_key(n) for n in lexicon_names.GIVEN_NAMES
    }
    titles = {text.search_key(group[0].split()[0]) for group in lexicon.TITLE_GROUPS}
    titles |= {text.search_key(w) for w in ("سخنگو", "سخنگوی", "مقام", "کارشناس", "تحلیلگر", "فرمانده")}
    return frozenset(first), frozenset(titles)


def is_person(name: str) -> bool:
    """Whether a name in a chain is a person («سرلشکر …», «سرگئی شویگو وزیر دفاع»), not an outlet."""
    words = name_key(name).split()
    if not words or name.split()[0].startswith(_OUTLET_WORDS):
        return False  # «روزنامه سفیر», «دفتر …» is an outlet however it goes on
    first, titles = _person_words()
    return words[0] in first or any(w in titles for w in words)


def _names(chain: str) -> list[str]:
    return [n for n in (_clean(part) for part in _LINKS.split(chain)) if n]


def parse_attribution(body: str) -> Attribution:
    """The attribution chain at the start of `body` (empty when there is none).

    «به گزارش X به نقل از Y و به نقل از Z» → reporter X, cited [Y, Z];
    «به نقل از Y» → cited [Y]; «X گزارش داد» → cited [X]; «تهران- X-» → reporter X.
    """
    head = body[:OPENING].lstrip()
    result = Attribution()
    dateline = _DATELINE.match(head)
    if dateline and (dateline["dashed"] or dateline["paren"]):
        outlet = _clean(dateline["dashed"] or dateline["paren"])
        if outlet and not re.search(r"\d|[۰-۹]", outlet):
            result.reporter = outlet
            head = head[dateline.end() :]
            head = _LEADING_DATE.sub("", head, count=1)
    reported = _REPORTED.match(head)
    if reported:
        names = _names(reported["chain"])
        if reported["lead"].startswith("به") and "نقل" in reported["lead"]:
            result.cited += names
        elif names:
            if result.reporter is None:
                result.reporter, names = names[0], names[1:]
            result.cited += names
        head = head[reported.end() :].lstrip()
    says = _SAYS.match(head)
    if says:
        result.cited += _names(says["chain"])
    seen: set[str] = {name_key(result.reporter)} if result.reporter else set()
    unique = []
    for name in result.cited:
        key = name_key(name)
        if key not in seen:
            seen.add(key)
            unique.append(name)
    result.cited = unique
    return result


def source_and_via(body: str, source: str | None, via: list[str]) -> tuple[str | None, list[str]]:
    """The article's source and `via` list: what the file says, completed from the opening.

    A source or via list the file gives explicitly wins; the opening fills
    what it leaves empty. The publisher never appears in its own via list.
    """
    found = parse_attribution(body)
    chosen = source or found.reporter
    reporter = [found.reporter] if source and found.reporter else []
    cited = list(via) if via else reporter + found.cited
    source_key = name_key(chosen) if chosen else None
    out: list[str] = []
    keys: set[str] = set()
    for name in cited:
        key = name_key(name)
        if key and key != source_key and key not in keys:
            keys.add(key)
            out.append(name)
    return chosen, out
