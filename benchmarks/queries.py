"""The cold-search query set: distinct queries a researcher might type, spread over word frequency.

Words are taken from the generator's own vocabulary (`corpus.vocabulary()`,
ranked by its Zipf weights), so how often each one occurs is known before a
single article is read: rank 0 is in nearly every article, rank 10,000 in a
few per thousand. Only words whose search key is the word itself are used,
so a query means exactly the word the generator wrote. Every query string is
distinct: each is requested once on a cold page cache, and a repeat would
measure the cache.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlencode

from benchmarks import corpus

# (class, title in the report); the order of the report's tables.
CLASSES = (
    ("most", "word in most articles"),
    ("frequent", "frequent word (10–50%)"),
    ("mid", "mid-frequency word (1–10%)"),
    ("rare", "rare word (< 1%)"),
    ("two", "two words"),
    ("name", "official's name"),
    ("spaced", "word typed with a space"),
    ("phrase", '"phrase"'),
    ("or", "a OR b"),
    ("not", "-exclusion"),
    ("prefix", "prefix* (3+ letters)"),
    ("prefix2", "two-letter prefix*"),
    ("or32", "32 OR'd two-letter prefixes"),
    ("dates", "word + date range"),
    ("source", "word + source filter"),
    ("newest", "sort=newest"),
    ("oldest", "sort=oldest"),
    ("story", "collapse=story"),
    ("browse", "no words, filters only"),
)
CLASS_TITLES = dict(CLASSES)
# Queries whose prefixes the engine may cut to a bounded number of terms: a
# bare index that expands them differently can count other matches.
BOUNDED = frozenset({"prefix2", "or32"})

# Vocabulary ranks of each frequency band (see the module docstring).
BANDS = {"most": (0, 12), "frequent": (30, 150), "mid": (400, 1600), "rare": (5000, 11500)}


@dataclass(frozen=True)
class Query:
    kind: str
    q: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def query_string(self) -> str:
        pairs = [("q", self.q)] if self.q else []
        return urlencode([*pairs, *self.params])

    @property
    def url(self) -> str:
        return "/articles/?" + self.query_string

    @property
    def label(self) -> str:
        extra = " ".join(f"{k}={v}" for k, v in self.params)
        return f"{self.q} {extra}".strip()

    def param(self, name: str) -> str | None:
        return next((v for k, v in self.params if k == name), None)


@cache
def plain_words() -> tuple[tuple[int, str], ...]:
    """(rank, word) of vocabulary words of 3+ letters whose search key is themselves.

    Words the generator also writes as domain terms, function words, places,
    countries or officials' names and roles are left out, so a word's frequency is its Zipf rank's alone.
    """
    from archive.text import search_key

    words, _weights = corpus.vocabulary()
    from archive.countries import COUNTRIES

    names = (*corpus.DOMAIN_WORDS, *corpus.FUNCTION_WORDS, *corpus.PLACES, *(c[1] for c in COUNTRIES))
    taken = {search_key(w) for w in names}
    taken |= {search_key(part) for o in corpus.OFFICIALS for part in (o.name, o.role, *o.spellings)}
    taken = {token for key in taken for token in key.split()}
    return tuple(
        (rank, w) for rank, w in enumerate(words) if len(w) >= 3 and search_key(w) == w and w not in taken
    )


def band(name: str, count: int) -> list[str]:
    """`count` words spread evenly over the ranks of band `name`."""
    low, high = BANDS[name]
    inside = [w for rank, w in plain_words() if low <= rank < high]
    if len(inside) < count:
        raise ValueError(f"band {name!r} has {len(inside)} words, {count} wanted")
    step = len(inside) / count
    return [inside[int(i * step)] for i in range(count)]


def two_letter_prefixes(count: int, skip: int = 0) -> list[str]:
    """The most common two-letter beginnings of vocabulary words (after the first `skip`)."""
    words, _weights = corpus.vocabulary()
    common = Counter(w[:2] for w in words if len(w) >= 3)
    return [p for p, _n in common.most_common(skip + count)][skip:]


def source_ids() -> dict[str, str]:
    """The corpus's sources by name, as the `source` parameter (the database's ids)."""
    from archive.models import Source

    return {s.name: str(s.pk) for s in Source.objects.filter(name__in=[s.name for s in corpus.SOURCES])}


def cold_queries(sources: dict[str, str] | None = None) -> list[Query]:
    """About 80 distinct queries covering every class of CLASSES."""
    sources = sources if sources is not None else source_ids()
    tasnim, fars, irna, mehr, isna = (
        sources[name]
        for name in ("خبرگزاری تسنیم", "خبرگزاری فارس", "خبرگزاری ایرنا", "خبرگزاری مهر", "خبرگزاری ایسنا")
    )
    most = ["در", "از", "به", *band("most", 3)]
    freq = band("frequent", 12)
    mid = band("mid", 16)
    rare = band("rare", 12)
    p2 = two_letter_prefixes(5, skip=0)
    year = (("date_from", "1400"), ("date_to", "1400"))
    queries = [
        *(Query("most", w) for w in most),
        *(Query("frequent", w) for w in freq[:5]),
        *(Query("mid", w) for w in mid[:5]),
        *(Query("rare", w) for w in rare[:5]),
        Query("two", "وزیر دفاع"),
        Query("two", "همکاری نظامی"),
        Query("two", f"{freq[5]} {mid[5]}"),
        Query("two", f"{most[3]} {rare[5]}"),
        Query("name", "سرگئی شویگو"),
        Query("name", "شویگو"),
        Query("name", "ذاکر حسن‌اف"),
        Query("name", "لاوروف"),
        Query("name", "نیکول پاشینیان"),
        Query("name", "ژنرال باقری"),
        Query("spaced", "حسن اف"),
        Query("spaced", "بین المللی"),
        Query("spaced", "آتش بس"),
        Query("phrase", '"وزیر دفاع روسیه"'),
        Query("phrase", '"تمامیت ارضی"'),
        Query("phrase", '"نیروهای مسلح"'),
        Query("phrase", '"شورای امنیت"'),
        Query("phrase", f'"{freq[6]} {freq[7]}"'),
        Query("or", "پهپاد OR موشک"),
        Query("or", "ناوشکن OR زیردریایی"),
        Query("or", f"{rare[6]} OR {rare[7]}"),
        Query("or", f"{mid[6]} OR {mid[7]}"),
        Query("or", f"{most[4]} OR {rare[8]}"),
        Query("not", "دفاع -روسیه"),
        Query("not", "رزمایش -دریایی"),
        Query("not", "پهپاد -ایران"),
        Query("not", f"{mid[8]} -{most[5]}"),
        Query("not", "-روسیه"),
        Query("prefix", "موشک*"),
        Query("prefix", "همکار*"),
        Query("prefix", "نظام*"),
        Query("prefix", f"{mid[9][:3]}*"),
        Query("prefix", f"{rare[9][:4]}*"),
        *(Query("prefix2", f"{p}*") for p in p2),
        Query("or32", " OR ".join(f"{p}*" for p in two_letter_prefixes(32, skip=5))),
        Query("or32", " OR ".join(f"{p}*" for p in two_letter_prefixes(32, skip=37))),
        Query("dates", "دفاع", year),
        Query("dates", "پهپاد", (("date_from", "1401/06/01"), ("date_to", "1401/06/31"))),
        Query("dates", "شویگو", (("date_from", "1398"), ("date_to", "1400"))),
        Query("dates", mid[10], (("date_from", "1397"), ("date_to", "1397"))),
        Query("dates", freq[8], (("date_from", "1402/01/01"),)),
        Query("source", "نظامی", (("source", tasnim),)),
        Query("source", "شویگو", (("source", fars),)),
        Query("source", mid[11], (("source", irna),)),
        Query("source", rare[10], (("source", mehr),)),
        Query("source", freq[9], (("source", isna), *year)),
        Query("newest", "امنیت", (("sort", "newest"),)),
        Query("newest", mid[12], (("sort", "newest"),)),
        Query("newest", "پوتین", (("sort", "newest"),)),
        Query("oldest", "ارتش", (("sort", "oldest"),)),
        Query("oldest", rare[11], (("sort", "oldest"),)),
        Query("oldest", '"سازمان ملل"', (("sort", "oldest"),)),
        Query("story", "رزمایش", (("collapse", "story"),)),
        Query("story", mid[13], (("collapse", "story"),)),
        Query("story", "علی‌اف", (("collapse", "story"),)),
        Query("browse", "", (("source", tasnim),)),
        Query("browse", "", (("date_from", "1399/01/01"), ("date_to", "1399/03/31"))),
    ]
    return queries
