"""The words that frame speech in Persian news, as they are written.

Every entry is matched through the search key of `archive.text`, so the
lists are written once in their usual spelling and still find «تأکید کرد»,
«تاکید کرد», «می‌گوید» and «میگوید», with or without ZWNJ.
"""

from __future__ import annotations

# Reporting verbs. A "strong" verb reports speech whatever follows it
# («وی افزود این رزمایش …»); a "weak" one only when a colon, a quote or «که»
# follows, because it has other senses too («به کار خود ادامه داد»).
STRONG_VERBS: tuple[str, ...] = (
    "گفت",
    "گفته است",
    "گفته بود",
    "می‌گوید",
    "افزود",
    "افزوده است",
    "می‌افزاید",
    "اظهار داشت",
    "اظهار کرد",
    "اظهار نمود",
    "تاکید کرد",
    "تاکید نمود",
    "تاکید کرده است",
    "تاکید می‌کند",
    "خاطرنشان کرد",
    "خاطرنشان ساخت",
    "خاطرنشان نمود",
    "تصریح کرد",
    "تصریح نمود",
    "بیان کرد",
    "بیان داشت",
    "بیان نمود",
    "ابراز امیدواری کرد",
    "اظهار امیدواری کرد",
    "یادآور شد",
    "یادآوری کرد",
    "عنوان کرد",
    "اضافه کرد",
    "اظهار داشته است",
    "تصریح کرده است",
    "خاطرنشان کرده است",
    "بیان کرده است",
    "یادآور شده است",
)
WEAK_VERBS: tuple[str, ...] = (
    "اعلام کرد",
    "اعلام داشت",
    "اعلام نمود",
    "اعلام کرده است",
    "ادامه داد",
    "هشدار داد",
    "توضیح داد",
    "نوشت",
    "مدعی شد",
    "ابراز داشت",
    "پاسخ داد",
    "ادعا کرد",
    "هشدار داده است",
    "اعلام کرده بود",
)
# Participles that report speech inside what someone else relays
# («سخنگو اعلام کرد که وزیر گفته …»): only read after a reporting verb's
# «که» or colon, and only when «که», a colon or a quote follows them, since
# «گفته‌های وی» is a noun.
RELAY_VERBS: tuple[str, ...] = (
    "گفته",
    "افزوده",
    "تاکید کرده",
    "اظهار داشته",
    "اعلام کرده",
    "خاطرنشان کرده",
    "تصریح کرده",
    "بیان کرده",
)
# «X به نقل از Y گفت: …», «از قول Y»: Y said it, X relays it.
RELAY_MARKERS: tuple[str, ...] = ("به نقل از", "از قول")
# Others reporting, in the plural («کارشناسان معتقدند که …»): the writer is
# telling what other people say, so no colon quote runs on into it.
PLURAL_REPORTING: tuple[str, ...] = (
    "گفتند",
    "می‌گویند",
    "معتقدند",
    "معتقد هستند",
    "عقیده دارند",
    "اعلام کردند",
    "تاکید کردند",
    "افزودند",
    "نوشتند",
    "می‌نویسند",
    "بر این باورند",
)
# Phrases that begin with a reporting verb but are not one («گفت و گو»).
NOT_VERBS: tuple[str, ...] = ("گفت و گو", "گفت و شنود", "گفت و گوی")

# «به گفته X، …», «از نظر وی، …»: what follows the comma is X's view, in the
# writer's words.
PARAPHRASE_MARKERS: tuple[str, ...] = (
    "به گفته",
    "به گفته‌ی",
    "به اعتقاد",
    "به باور",
    "به عقیده",
    "از نظر",
    "از دیدگاه",
    "به زعم",
)
# «… با بیان اینکه X، افزود: …»: X is a paraphrase by the same speaker.
THAT_CLAUSE_MARKERS: tuple[str, ...] = (
    "با بیان اینکه",
    "با بیان این که",
    "با اشاره به اینکه",
    "با اشاره به این که",
    "با تاکید بر اینکه",
    "با تاکید بر این که",
    "با یادآوری اینکه",
)

# Pronouns and elisions that stand for the last resolved speaker.
PRONOUNS: tuple[str, ...] = (
    "وی",
    "او",
    "ایشان",
    "این مقام",
    "این مقام ارشد",
    "این مقام نظامی",
    "این مقام ارشد نظامی",
    "این فرمانده",
    "این فرمانده ارشد",
    "این وزیر",
    "این مقام مسئول",
    "این سخنگو",
    "این دیپلمات",
    "این ژنرال",
    "این دریادار",
    "این سردار",
    "این امیر",
)

# «وزیر دفاع پیشین روسیه»: a post its holder no longer held on the article's
# date. «اسبق» is the one before the last.
FORMER_WORDS: dict[str, int] = {"پیشین": 1, "سابق": 1, "اسبق": 2, "قبلی": 1}
# «وزیر دفاع جدید روسیه», «فرمانده تازه منصوب»: the current holder, newly in office.
NEW_WORDS: tuple[str, ...] = ("جدید", "تازه", "تازه منصوب", "تازه‌منصوب", "نو", "کنونی", "فعلی")
# Titles several people hold at once: a newer holder does not end an older one.
SHARED_TITLE_WORDS: tuple[str, ...] = (
    "معاون",
    "سفیر",
    "مشاور",
    "عضو",
    "نماینده",
    "دستیار",
    "رایزن",
    "وابسته",
)

# Honorifics and ranks that news text puts before a name; a chain of them
# («امیر سرتیپ», «سرلشکر پاسدار») is read as one.
HONORIFICS: tuple[str, ...] = (
    "ژنرال",
    "مارشال",
    "ارتشبد",
    "سپهبد",
    "سرلشکر",
    "سرتیپ",
    "سرتیپ دوم",
    "سرهنگ",
    "سرهنگ دوم",
    "سرگرد",
    "سروان",
    "ستوان",
    "دریاسالار",
    "دریادار",
    "دریابان",
    "ناخدا",
    "امیر",
    "سردار",
    "پاسدار",
    "خلبان",
    "آقای",
    "خانم",
    "جناب",
    "دکتر",
    "مهندس",
    "حجت‌الاسلام",
    "والمسلمین",
    "آیت‌الله",
    "سپهبد پاسدار",
    "دریادار دوم",
    "ناوسروان",
    "سرتیپ پاسدار",
    "سرلشکر خلبان",
    "آقا",
    "بانو",
)

# Titles an official is named by. Positions in the database add their own;
# this list lets the archive notice a role it has no holder for. Each group
# lists spellings of one title, canonical first.
TITLE_GROUPS: tuple[tuple[str, ...], ...] = (
    ("وزیر دفاع", "وزیر دفاع ملی", "وزیر دفاع و پشتیبانی نیروهای مسلح", "وزیر دفاع کشور"),
    ("وزیر امور خارجه", "وزیر خارجه"),
    ("وزیر کشور",),
    ("رئیس جمهور", "رئیس جمهوری", "رئیس‌جمهور"),
    ("نخست وزیر",),
    ("معاون وزیر دفاع",),
    ("سخنگوی وزارت دفاع",),
    ("سخنگوی وزارت امور خارجه", "سخنگوی وزارت خارجه"),
    ("رئیس ستاد کل نیروهای مسلح", "رئیس ستاد کل", "رئیس ستاد کل ارتش و نیروهای مسلح"),
    ("رئیس ستاد کل ارتش",),
    ("فرمانده کل ارتش",),
    ("فرمانده ارتش",),
    ("فرمانده کل سپاه", "فرمانده سپاه", "فرمانده کل سپاه پاسداران", "فرمانده کل سپاه پاسداران انقلاب اسلامی"),
    ("فرمانده نیروی دریایی",),
    ("فرمانده نیروی دریایی ارتش", "فرمانده نداجا"),
    ("فرمانده نیروی دریایی سپاه",),
    ("فرمانده نیروی هوایی",),
    ("فرمانده نیروی هوایی ارتش", "فرمانده نهاجا"),
    ("فرمانده نیروی زمینی",),
    ("فرمانده نیروی زمینی ارتش", "فرمانده نزاجا"),
    ("فرمانده نیروی زمینی سپاه",),
    ("فرمانده نیروی هوافضا", "فرمانده نیروی هوافضای سپاه", "فرمانده هوافضای سپاه"),
    ("فرمانده قرارگاه پدافند هوایی", "فرمانده پدافند هوایی"),
    ("دبیر شورای عالی امنیت ملی",),
    ("دبیر شورای امنیت", "دبیر شورای امنیت ملی"),
    ("سخنگوی ارتش",),
    ("سخنگوی سپاه",),
    ("سخنگوی نیروهای مسلح",),
    ("سخنگوی کرملین", "سخنگوی کاخ کرملین"),
    ("سخنگوی پنتاگون",),
    ("سخنگوی دولت",),
    ("معاون وزیر امور خارجه", "معاون وزیر خارجه"),
    ("رئیس مجلس",),
    ("فرمانده مرزبانی", "فرمانده سرویس مرزبانی"),
    ("سفیر",),
)
# Titles that name a post of one country only, so they resolve without it.
IMPLIED_COUNTRY: dict[str, str] = {
    "فرمانده نداجا": "IR",
    "فرمانده نهاجا": "IR",
    "فرمانده نزاجا": "IR",
    "فرمانده کل سپاه": "IR",
    "فرمانده نیروی دریایی سپاه": "IR",
    "فرمانده نیروی زمینی سپاه": "IR",
    "فرمانده نیروی هوافضا": "IR",
    "دبیر شورای عالی امنیت ملی": "IR",
    "سخنگوی سپاه": "IR",
    "سخنگوی کرملین": "RU",
    "سخنگوی پنتاگون": "US",
}

# Other ways news text names a country than the archive's country names.
COUNTRY_VARIANTS: dict[str, tuple[str, ...]] = {
    "AZ": ("آذربایجان", "جمهوری آذربایجان", "باکو"),
    "RU": ("روسیه", "فدراسیون روسیه", "مسکو"),
    "IR": ("ایران", "جمهوری اسلامی ایران", "کشورمان"),
    "AM": ("ارمنستان", "جمهوری ارمنستان", "ایروان"),
    "US": ("آمریکا", "امریکا", "ایالات متحده", "ایالات متحده آمریکا"),
    "TR": ("ترکیه", "جمهوری ترکیه", "آنکارا"),
    "CN": ("چین", "جمهوری خلق چین"),
    "GB": ("انگلیس", "انگلستان", "بریتانیا"),
    "SA": ("عربستان", "عربستان سعودی"),
    "AE": ("امارات", "امارات متحده عربی"),
    "IQ": ("عراق",),
    "PK": ("پاکستان",),
}
# «وزیر دفاع روس», «همتای ترک»: adjectives read as countries, but only
# right after a title («ترک» alone is also «leaving»).
COUNTRY_ADJECTIVES: dict[str, tuple[str, ...]] = {
    "AZ": ("آذربایجانی", "آذری"),
    "RU": ("روس", "روسی"),
    "IR": ("ایرانی", "کشورمان", "کشور ما"),
    "AM": ("ارمنی", "ارمنستانی"),
    "US": ("آمریکایی", "امریکایی"),
    "TR": ("ترک", "ترکیه‌ای"),
    "CN": ("چینی",),
    "GB": ("انگلیسی", "بریتانیایی"),
    "SA": ("سعودی",),
    "AE": ("اماراتی",),
    "IQ": ("عراقی",),
    "PK": ("پاکستانی",),
}
# «وزیر دفاع این کشور»: the country named last before it.
THIS_COUNTRY: tuple[str, ...] = ("این کشور", "آن کشور", "کشور متبوع وی")

# Words that end a name taken after an honorific («سرلشکر X Y در …»).
NAME_STOPWORDS: frozenset[str] = frozenset(
    [
        "در",
        "با",
        "از",
        "به",
        "و",
        "که",
        "را",
        "این",
        "آن",
        "نیز",
        "هم",
        "همچنین",
        "برای",
        "تا",
        "بر",
        "روز",
        "امروز",
        "دیروز",
        "ضمن",
        "پس",
        "طی",
        "اعلام",
        "گفت",
        "افزود",
        "درباره",
        "علیه",
        "نزد",
        "،",
    ]
)

# A mention right after one of these is an object («در دیدار با X»), not the
# subject who speaks.
PREPOSITIONS: frozenset[str] = frozenset(
    ["با", "از", "به", "برای", "بر", "درباره", "علیه", "نزد", "همراه", "همتای", "دیدار"]
)

# A sentence opening with one of these is the writer speaking again, so it
# does not continue the quote before it.
NARRATION_OPENERS: tuple[str, ...] = (
    "در این نشست",
    "در این دیدار",
    "در این مراسم",
    "در این جلسه",
    "در این سفر",
    "در ادامه",
    "در پایان",
    "به گزارش",
    "گفتنی است",
    "شایان ذکر است",
    "لازم به ذکر است",
    "طرفین",
    "دو طرف",
    "همچنین",
)
# A sentence ending in a simple past third-person verb is narration.
NARRATION_ENDINGS: frozenset[str] = frozenset(
    [
        "شد",
        "شدند",
        "کرد",
        "کردند",
        "بود",
        "بودند",
        "داشت",
        "داشتند",
        "گرفت",
        "گرفتند",
        "داد",
        "دادند",
        "رفت",
        "رفتند",
        "آمد",
        "آمدند",
        "یافت",
        "یافتند",
    ]
)
FUTURE_AUXILIARIES: frozenset[str] = frozenset(["خواهد", "نخواهد", "خواهند", "نخواهند"])
