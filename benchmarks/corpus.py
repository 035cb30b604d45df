"""A deterministic corpus of realistic Persian defence news, for the benchmark.

Article `i` of seed `s` depends on nothing but (s, i): each article has its own
`random.Random`, so batches can be generated in parallel and any article can
be regenerated alone. The text is not grammatical, but it has what the search
and the page are sensitive to: a Zipf-distributed vocabulary taken from hazm's
word list, defence terms, officials quoted with reporting verbs, places,
dates and numbers in Persian digits, and the mixed orthography of real news
(ZWNJ dropped, Arabic yeh and kaf, «هیئت»/«هیأت»/«هیات»).

Bump GENERATOR_VERSION whenever the output for a seed changes: cached
benchmark databases are keyed by it.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate

import jdatetime

from archive.countries import COUNTRIES
from archive.dates import SOLAR_MONTHS, TEHRAN
from archive.text import ZWNJ, to_persian_digits

GENERATOR_VERSION = 3

VOCABULARY_SIZE = 12_000
BODY_CHARS = 2_500
# A word written with ZWNJ loses it this often, and a word with yeh or kaf is
# typed on an Arabic keyboard this often: what the seed article and agency
# copy show.
ZWNJ_DROPPED = 0.30
ARABIC_LETTERS = 0.10

# 1395/01/01 to 1403/12/30, the archive's span of Solar Hijri years.
FIRST_DAY = jdatetime.date(1395, 1, 1).togregorian()
LAST_DAY = jdatetime.date(1404, 1, 1).togregorian() - dt.timedelta(days=1)

REPORTING_VERBS = ("گفت", "اظهار داشت", "تاکید کرد", "اعلام کرد", "خاطرنشان کرد", "افزود", "تصریح کرد")
CLAUSE_VERBS = (
    "است", "بود", "شد", "کرد", "می‌شود", "می‌کند", "خواهد شد", "انجام شد", "قرار گرفت",
    "می‌گوید", "نمی‌شود", "داده است", "برگزار شد", "اعلام شد", "ادامه دارد", "می‌باشد",
    "را بررسی کردند", "مورد تاکید قرار گرفت", "می‌دهد", "نخواهد کرد",
)  # fmt: skip
PLURAL_SUFFIXES = (ZWNJ + "ها", ZWNJ + "های")
UNITS = ("فروند", "نفر", "دستگاه", "کیلومتر", "تن", "درصد", "میلیون دلار", "قبضه", "فروند پهپاد", "نیرو")
_ARABIC = str.maketrans({"ی": "ي", "ک": "ك"})
_HEYAT = ("هیئت", "هیأت", "هیات")
_PLAIN_WORD = re.compile(f"[آ-ی{ZWNJ}پچژگک]+")
_COUNTRY_NAMES = {code: name for code, name, _latin in COUNTRIES}


# ---------------------------------------------------------------------------
# What the news is about


@dataclass(frozen=True)
class OfficialSpec:
    name: str
    latin_name: str
    country: str | None
    role: str
    military: bool = False
    # Other ways the news writes the name («حسن‌اف», «حسنوف»).
    spellings: tuple[str, ...] = ()

    @property
    def last_name(self) -> str:
        return self.name.split(" ")[-1]


OFFICIALS: tuple[OfficialSpec, ...] = (
    OfficialSpec("سرگئی شویگو", "Sergei Shoigu", "RU", "وزیر دفاع روسیه", True, ("سرگی شویگو", "شویگو")),
    OfficialSpec(
        "ذاکر حسن اف", "Zakir Hasanov", "AZ", "وزیر دفاع جمهوری آذربایجان", True,
        ("ذاکر حسن‌اف", "حسن اف", "حسن‌اف", "حسنوف"),
    ),
    OfficialSpec("آندری بلوسوف", "Andrei Belousov", "RU", "وزیر دفاع روسیه"),
    OfficialSpec("والری گراسیموف", "Valery Gerasimov", "RU", "رئیس ستاد کل ارتش روسیه", True),
    OfficialSpec("سرگئی لاوروف", "Sergey Lavrov", "RU", "وزیر امور خارجه روسیه"),
    OfficialSpec("ولادیمیر پوتین", "Vladimir Putin", "RU", "رئیس‌جمهور روسیه"),
    OfficialSpec("الهام علی‌اف", "Ilham Aliyev", "AZ", "رئیس‌جمهور جمهوری آذربایجان", False, ("الهام علی اف",)),
    OfficialSpec("جیحون بایراموف", "Jeyhun Bayramov", "AZ", "وزیر امور خارجه جمهوری آذربایجان"),
    OfficialSpec("داوید تونویان", "Davit Tonoyan", "AM", "وزیر دفاع ارمنستان"),
    OfficialSpec("سورن پاپیکیان", "Suren Papikyan", "AM", "وزیر دفاع ارمنستان"),
    OfficialSpec("نیکول پاشینیان", "Nikol Pashinyan", "AM", "نخست‌وزیر ارمنستان"),
    OfficialSpec("آرارات میرزویان", "Ararat Mirzoyan", "AM", "وزیر امور خارجه ارمنستان"),
    OfficialSpec("امیر حاتمی", "Amir Hatami", "IR", "وزیر دفاع ایران", True),
    OfficialSpec("محمدرضا آشتیانی", "Mohammad-Reza Ashtiani", "IR", "وزیر دفاع ایران", True),
    OfficialSpec("عزیز نصیرزاده", "Aziz Nasirzadeh", "IR", "وزیر دفاع ایران", True),
    OfficialSpec("محمد باقری", "Mohammad Bagheri", "IR", "رئیس ستاد کل نیروهای مسلح ایران", True),
    OfficialSpec("حسین امیرعبداللهیان", "Hossein Amir-Abdollahian", "IR", "وزیر امور خارجه ایران"),
    OfficialSpec("محمدجواد ظریف", "Mohammad Javad Zarif", "IR", "وزیر امور خارجه ایران"),
    OfficialSpec("عبدالرحیم موسوی", "Abdolrahim Mousavi", "IR", "فرمانده کل ارتش ایران", True),
    OfficialSpec("حسین سلامی", "Hossein Salami", "IR", "فرمانده کل سپاه", True),
    OfficialSpec("امیرعلی حاجی‌زاده", "Amir Ali Hajizadeh", "IR", "فرمانده نیروی هوافضای سپاه", True),
    OfficialSpec("شهرام ایرانی", "Shahram Irani", "IR", "فرمانده نیروی دریایی ارتش", True),
    OfficialSpec("علی شمخانی", "Ali Shamkhani", "IR", "دبیر شورای عالی امنیت ملی", True),
    OfficialSpec("خلوصی آکار", "Hulusi Akar", "TR", "وزیر دفاع ترکیه", True),
    OfficialSpec("یاشار گولر", "Yasar Guler", "TR", "وزیر دفاع ترکیه", True),
    OfficialSpec("مولود چاووش‌اوغلو", "Mevlut Cavusoglu", "TR", "وزیر امور خارجه ترکیه"),
    OfficialSpec("هاکان فیدان", "Hakan Fidan", "TR", "وزیر امور خارجه ترکیه"),
    OfficialSpec("لوید آستین", "Lloyd Austin", "US", "وزیر دفاع آمریکا", True),
    OfficialSpec("مارک اسپر", "Mark Esper", "US", "وزیر دفاع آمریکا"),
    OfficialSpec("آنتونی بلینکن", "Antony Blinken", "US", "وزیر امور خارجه آمریکا"),
    OfficialSpec("مارک میلی", "Mark Milley", "US", "رئیس ستاد مشترک ارتش آمریکا", True),
    OfficialSpec("ینس استولتنبرگ", "Jens Stoltenberg", None, "دبیرکل ناتو"),
    OfficialSpec("علی محمود عباس", "Ali Mahmoud Abbas", "SY", "وزیر دفاع سوریه", True),
    OfficialSpec("فیصل مقداد", "Faisal Mekdad", "SY", "وزیر امور خارجه سوریه"),
    OfficialSpec("ثابت العباسی", "Thabet al-Abbasi", "IQ", "وزیر دفاع عراق"),
    OfficialSpec("فؤاد حسین", "Fuad Hussein", "IQ", "وزیر امور خارجه عراق", False, ("فواد حسین",)),
    OfficialSpec("اولکسی رزنیکوف", "Oleksii Reznikov", "UA", "وزیر دفاع اوکراین"),
    OfficialSpec("رستم عمروف", "Rustem Umerov", "UA", "وزیر دفاع اوکراین"),
    OfficialSpec("دیمیترو کولبا", "Dmytro Kuleba", "UA", "وزیر امور خارجه اوکراین"),
    OfficialSpec("وی فنگه", "Wei Fenghe", "CN", "وزیر دفاع چین", True),
    OfficialSpec("دونگ جون", "Dong Jun", "CN", "وزیر دفاع چین", True),
    OfficialSpec("راجنات سینگ", "Rajnath Singh", "IN", "وزیر دفاع هند"),
    OfficialSpec("خواجه آصف", "Khawaja Asif", "PK", "وزیر دفاع پاکستان"),
    OfficialSpec("عاصم منیر", "Asim Munir", "PK", "فرمانده ارتش پاکستان", True),
    OfficialSpec("خالد بن سلمان", "Khalid bin Salman", "SA", "وزیر دفاع عربستان سعودی"),
    OfficialSpec("بنی گانتس", "Benny Gantz", "IL", "وزیر جنگ رژیم صهیونیستی", True),
    OfficialSpec("یوآو گالانت", "Yoav Gallant", "IL", "وزیر جنگ رژیم صهیونیستی", True),
    OfficialSpec("ویکتور خرنین", "Viktor Khrenin", "BY", "وزیر دفاع بلاروس", True),
    OfficialSpec("جوانشر بورچولادزه", "Juansher Burchuladze", "GE", "وزیر دفاع گرجستان"),
    OfficialSpec("شیرعلی میرزا", "Sherali Mirzo", "TJ", "وزیر دفاع تاجیکستان", True),
    OfficialSpec("رسلان ژاکسیلیکوف", "Ruslan Zhaksylykov", "KZ", "وزیر دفاع قزاقستان", True),
)  # fmt: skip


@dataclass(frozen=True)
class SourceSpec:
    name: str
    latin_name: str
    kind: str
    country: str
    domain: str


SOURCES: tuple[SourceSpec, ...] = (
    SourceSpec("آران نیوز", "Aran News", "agency", "IR", "fa.arannews.com"),
    SourceSpec("خبرگزاری تسنیم", "Tasnim News Agency", "agency", "IR", "www.tasnimnews.com"),
    SourceSpec("خبرگزاری فارس", "Fars News Agency", "agency", "IR", "www.farsnews.ir"),
    SourceSpec("خبرگزاری ایرنا", "IRNA", "agency", "IR", "www.irna.ir"),
    SourceSpec("خبرگزاری ایسنا", "ISNA", "agency", "IR", "www.isna.ir"),
    SourceSpec("خبرگزاری مهر", "Mehr News Agency", "agency", "IR", "www.mehrnews.com"),
    SourceSpec("دفاع پرس", "Defa Press", "agency", "IR", "www.defapress.ir"),
    SourceSpec("باشگاه خبرنگاران جوان", "Young Journalists Club", "website", "IR", "www.yjc.ir"),
    SourceSpec("روزنامه کیهان", "Kayhan", "newspaper", "IR", "kayhan.ir"),
    SourceSpec("روزنامه همشهری", "Hamshahri", "newspaper", "IR", "www.hamshahrionline.ir"),
    SourceSpec("روزنامه ایران", "Iran Newspaper", "newspaper", "IR", "irannewspaper.ir"),
    SourceSpec("خبرآنلاین", "Khabar Online", "website", "IR", "www.khabaronline.ir"),
    SourceSpec("انتخاب", "Entekhab", "website", "IR", "www.entekhab.ir"),
    SourceSpec("خبرگزاری صدا و سیما", "IRIB News", "broadcaster", "IR", "www.iribnews.ir"),
    SourceSpec("اسپوتنیک فارسی", "Sputnik Persian", "agency", "RU", "ir.sputniknews.com"),
    SourceSpec("ایندیپندنت فارسی", "Independent Persian", "website", "GB", "www.independentpersian.com"),
    SourceSpec("بی‌بی‌سی فارسی", "BBC Persian", "broadcaster", "GB", "www.bbc.com"),
    SourceSpec("صدای آمریکا", "VOA Persian", "broadcaster", "US", "ir.voanews.com"),
    SourceSpec("خبرگزاری آناتولی", "Anadolu Agency", "agency", "TR", "www.aa.com.tr"),
    SourceSpec(
        "وزارت دفاع جمهوری آذربایجان", "Ministry of Defence of Azerbaijan", "ministry", "AZ", "mod.gov.az"
    ),
)

PLACES = (
    "باکو", "مسکو", "تهران", "ایروان", "تفلیس", "آنکارا", "دمشق", "بغداد", "کابل", "دوشنبه", "آستانه",
    "مینسک", "کی‌یف", "پکن", "اسلام‌آباد", "دهلی نو", "ریاض", "دوحه", "قره باغ", "تووز", "نخجوان",
    "خلیج فارس", "تنگه هرمز", "دریای خزر", "دریای سیاه", "کریمه", "دونباس", "ادلب", "حلب", "موصل",
    "سیستان و بلوچستان", "جلفا", "آستارا", "بندرعباس", "چابهار", "لاذقیه", "طرطوس", "سن‌پترزبورگ",
)  # fmt: skip

DOMAIN_WORDS = (
    "دفاع", "نظامی", "امنیت", "همکاری", "وزیر", "وزارت دفاع", "ارتش", "سپاه", "نیروی هوایی",
    "نیروی دریایی", "پدافند", "موشک", "موشکی", "پهپاد", "جنگنده", "ناوشکن", "زیردریایی", "رزمایش",
    "مانور", "تسلیحات", "تجهیزات", "مرز", "مرزی", "درگیری", "آتش‌بس", "توافق", "قرارداد", "تحریم",
    "هسته‌ای", "بین‌المللی", "منطقه‌ای", "راهبردی", "عملیات", "یگان", "فرمانده", "فرماندهی",
    "ستاد کل", "نیروهای مسلح", "سامانه", "رادار", "بالگرد", "تانک", "توپخانه", "مهمات", "پایگاه",
    "هیئت", "نشست", "دیدار", "سفر", "مذاکرات", "صلح", "ثبات", "تهدید", "تروریسم", "تروریستی",
    "حمله", "تلفات", "کشته", "زخمی", "امنیتی", "اطلاعاتی", "سایبری", "دفاعی", "تمامیت ارضی",
    "حاکمیت", "استقلال", "سازمان", "سازمان‌های", "کشورها", "روابط", "دوجانبه", "چندجانبه", "ائتلاف",
    "ناتو", "پیمان", "شورای امنیت", "سازمان ملل", "سخنگو", "بیانیه", "گزارش", "رسانه‌ها",
    "خانواده‌های", "نظامیان", "همکاری‌های", "چشم‌انداز", "اقدامات", "مسئولان", "مسائل", "رئیس",
    "می‌کند", "می‌گوید", "می‌شود", "بین‌المللی", "مرزبانی", "اشغالگری", "مناقشه", "روسای",
)  # fmt: skip

# Nouns the generator also writes in the plural, with «‌ها»/«‌های».
PLURAL_NOUNS = frozenset(
    (
        "موشک", "پهپاد", "جنگنده", "سامانه", "پایگاه", "یگان", "تانک", "رزمایش", "تحریم", "مرز", "قرارداد",
        "تهدید", "فرمانده", "نشست", "دیدار", "گزارش", "بیانیه", "پیمان", "رادار", "بالگرد",
    )
)  # fmt: skip

# Most frequent first: their weights follow the same Zipf law.
FUNCTION_WORDS = (
    "و", "در", "به", "از", "که", "این", "با", "را", "برای", "آن", "یک", "تا", "بر", "نیز", "هم",
    "دو", "هر", "پس از", "بین", "اما", "همچنین", "درباره", "طی", "علیه", "بدون",
)  # fmt: skip


@dataclass
class GeneratedArticle:
    """One article as the generator made it, with what the loader needs beyond the JSONL fields."""

    index: int
    title: str
    body: str
    url: str
    source: str
    via: list[str]
    published_at: dt.datetime
    countries: list[str]
    # (official index in OFFICIALS, start, end, attribution as written)
    quotes: list[tuple[int, int, int, str]] = field(default_factory=list)

    def record(self) -> dict:
        """The article as one line of the `.jsonl` import format."""
        return {
            "title": self.title,
            "body": self.body,
            "url": self.url,
            "source": self.source,
            "via": self.via,
            "published_at": self.published_at.isoformat(),
        }


@cache
def vocabulary() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """hazm's most frequent plain Persian words, by rank, with Zipf cumulative weights."""
    from hazm.utils import words_list

    words = sorted(
        (count, word)
        for word, count, _tags in words_list()
        if count > 0 and 2 <= len(word) <= 12 and _PLAIN_WORD.fullmatch(word)
    )
    ranked = tuple(word for _count, word in sorted(words, key=lambda cw: (-cw[0], cw[1]))[:VOCABULARY_SIZE])
    # Zipf's law, s = 1, with the usual offset that flattens the very top.
    weights = tuple(accumulate(1.0 / (rank + 2.7) for rank in range(len(ranked))))
    return ranked, weights


@cache
def _function_weights() -> tuple[float, ...]:
    return tuple(accumulate(1.0 / (rank + 1) for rank in range(len(FUNCTION_WORDS))))


class _Writer:
    """Builds one article's body, keeping each quote's character span."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.parts: list[str] = []
        self.length = 0
        self.quotes: list[tuple[int, int, int, str]] = []

    def add(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)

    def add_quote(self, official: int, quoted: str, attribution: str) -> None:
        start = self.length
        self.add(quoted)
        self.quotes.append((official, start, self.length, attribution))

    def text(self) -> str:
        return "".join(self.parts)


class _Article:
    """The random choices behind one article; every helper draws from the same `rng`."""

    def __init__(self, seed: int, index: int) -> None:
        # Arithmetic seeding, not hashing a string: cheap, and stable across runs.
        self.rng = random.Random(seed * 1_000_003 + index)
        self.seed = seed
        self.index = index
        self.words, self.weights = vocabulary()
        self.officials = self.rng.sample(range(len(OFFICIALS)), k=self.rng.choice((1, 2, 2, 3)))
        self.countries = {OFFICIALS[i].country for i in self.officials if OFFICIALS[i].country}
        self.countries.update(self.rng.sample(sorted(_COUNTRY_NAMES), k=self.rng.randint(0, 2)))
        day = FIRST_DAY + dt.timedelta(days=self.rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
        self.published_at = dt.datetime.combine(
            day, dt.time(self.rng.randrange(7, 23), self.rng.randrange(60))
        )
        self.published_at = self.published_at.replace(tzinfo=TEHRAN)

    # -- words -------------------------------------------------------------
    def spell(self, word: str) -> str:
        """The word as a careless keyboard types it."""
        rng = self.rng
        if word in _HEYAT:
            word = rng.choice(_HEYAT)
        if ZWNJ in word and rng.random() < ZWNJ_DROPPED:
            word = word.replace(ZWNJ, "")
        if rng.random() < ARABIC_LETTERS:
            word = word.translate(_ARABIC)
        return word

    def content_word(self) -> str:
        rng = self.rng
        if rng.random() < 0.3:
            word = rng.choice(DOMAIN_WORDS)
            if word in PLURAL_NOUNS and rng.random() < 0.3:
                word += rng.choice(PLURAL_SUFFIXES)
            return word
        return rng.choices(self.words, cum_weights=self.weights)[0]

    def clause(self, low: int = 6, high: int = 13) -> str:
        rng = self.rng
        out: list[str] = []
        for _ in range(rng.randint(low, high)):
            out.append(self.spell(self.content_word()))
            if rng.random() < 0.45:
                out.append(rng.choices(FUNCTION_WORDS, cum_weights=_function_weights())[0])
        out.append(self.spell(rng.choice(CLAUSE_VERBS)))
        return " ".join(out)

    # -- names, places, numbers --------------------------------------------
    def mention(self, official: int, first: bool) -> str:
        spec: OfficialSpec = OFFICIALS[official]
        if first:
            form = self.rng.choice((f"{spec.name}، {spec.role}", f"{spec.role}، {spec.name}", spec.name))
        else:
            form = self.rng.choice((spec.name, spec.last_name, *spec.spellings, spec.role))
            if spec.military and self.rng.random() < 0.3:
                form = f"ژنرال {spec.last_name}"
        return " ".join(self.spell(w) for w in form.split(" "))

    def country(self) -> str:
        return self.spell(_COUNTRY_NAMES[self.rng.choice(sorted(self.countries) or ["IR"])])

    def place(self) -> str:
        return self.spell(self.rng.choice(PLACES))

    def number(self) -> str:
        value = self.rng.choice(
            (self.rng.randint(2, 60), self.rng.randint(100, 999), self.rng.randint(1000, 50000))
        )
        return to_persian_digits(str(value))

    def date_text(self) -> str:
        day = jdatetime.date.fromgregorian(
            date=self.published_at.date() - dt.timedelta(days=self.rng.randint(0, 12))
        )
        if self.rng.random() < 0.5:
            return to_persian_digits(f"{day.year}/{day.month:02d}/{day.day:02d}")
        return to_persian_digits(f"{day.day} {SOLAR_MONTHS[day.month - 1]} {day.year}")

    # -- sentences ---------------------------------------------------------
    def lead(self, source: str, via: list[str]) -> str:
        cited = f" به نقل از {via[0]}" if via else ""
        return f"به گزارش {source}{cited}، {self.mention(self.officials[0], True)} {self.clause()}."

    def sentence(self, writer: _Writer, quotes_left: int, mentioned: set[int]) -> None:
        rng = self.rng
        roll = rng.random()
        if quotes_left and roll < 0.3:
            official = rng.choice(self.officials)
            first = official not in mentioned
            speaker = "وی" if not first and rng.random() < 0.3 else self.mention(official, first)
            mentioned.add(official)
            writer.add(
                f"{speaker} در {rng.choice(('این دیدار', 'این نشست', 'گفت‌وگو با خبرنگاران', 'پیامی'))} "
            )
            writer.add(f"{self.spell(rng.choice(REPORTING_VERBS))}: ")
            quoted = self.clause(8, 18)
            if rng.random() < 0.5:
                writer.add("«")
                writer.add_quote(official, quoted, speaker)
                writer.add("».")
            else:
                writer.add_quote(official, quoted, speaker)
                writer.add(".")
        elif roll < 0.45:
            official = rng.choice(self.officials)
            who = self.mention(official, official not in mentioned)
            mentioned.add(official)
            writer.add(f"{who} همچنین با اشاره به {self.clause(3, 6)} در {self.place()} {self.clause(4, 8)}.")
        elif roll < 0.6:
            writer.add(
                f"در {self.date_text()}، {self.number()} {rng.choice(UNITS)} {self.clause(4, 9)} "
                f"در {self.place()} {self.country()} {self.spell(rng.choice(CLAUSE_VERBS))}."
            )
        else:
            writer.add(f"{self.clause()}.")

    def title(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.35 and len(self.officials) > 1:
            a, b = self.officials[:2]
            return f"{self.mention(a, False)} در دیدار با {self.mention(b, False)}: {self.clause(1, 2)}"
        if roll < 0.6:
            other = self.spell(_COUNTRY_NAMES[rng.choice(sorted(_COUNTRY_NAMES))])
            return f"{self.country()} و {other} {self.clause(3, 5)}"
        return self.clause(5, 7)

    def build(self) -> GeneratedArticle:
        rng = self.rng
        source = SOURCES[rng.randrange(len(SOURCES))]
        via = [s.name for s in rng.sample(SOURCES, k=rng.choice((0, 0, 1, 1, 2))) if s is not source]
        title = self.title()
        target = max(1_200, min(4_000, int(rng.gauss(BODY_CHARS, 350))))
        quotes_left = rng.choices((0, 1, 2), weights=(55, 40, 5))[0]
        writer = _Writer(rng)
        writer.add(self.lead(source.name, via))
        mentioned = {self.officials[0]}
        sentences = 1
        while writer.length < target or quotes_left > len(writer.quotes):
            if sentences % rng.randint(3, 5) == 0:
                writer.add("\n\n")
            elif writer.parts[-1] != "\n\n":
                writer.add(" ")
            self.sentence(writer, quotes_left - len(writer.quotes), mentioned)
            sentences += 1
        # The importer strips the body; spans must point into what is stored.
        body = writer.text().rstrip()
        return GeneratedArticle(
            index=self.index,
            title=title,
            body=body,
            url=f"https://{source.domain}/news/{self.seed}/{self.index}",
            source=source.name,
            via=via,
            published_at=self.published_at,
            countries=sorted(self.countries),
            quotes=[q for q in writer.quotes if q[2] <= len(body)],
        )


def article(index: int, seed: int = 1) -> GeneratedArticle:
    """Article number `index` of the corpus of `seed`: always the same."""
    return _Article(seed, index).build()


def articles(n: int, seed: int = 1, start: int = 0) -> Iterator[GeneratedArticle]:
    """Articles `start` … `start + n - 1` of the corpus of `seed`."""
    for index in range(start, start + n):
        yield article(index, seed)


def generate(n: int, seed: int = 1) -> Iterator[dict]:
    """`n` articles as `.jsonl` import records (title, body, url, source, via, published_at)."""
    for item in articles(n, seed):
        yield item.record()
