"""Finding the Source a name in a byline means, or creating it.

A name matches a Source by search key (so Arabic yeh, ZWNJ and the like do
not matter), then by any SourceAlias, then by the name without its kind word
(«خبرگزاری تسنیم» and «تسنیم» are one outlet) when that is unambiguous.
"""

from __future__ import annotations

from functools import lru_cache

from archive import text
from archive.models import Source, SourceAlias, SourceKind


def same_outlet(a: str, b: str) -> bool:
    """archive.ingest.source_names.same_outlet (imported late: that module uses this one's bare_key)."""
    from archive.ingest.source_names import same_outlet as same

    return same(a, b)


@lru_cache(maxsize=20_000)
def name_key(name: str) -> str:
    """text.search_key() of a source name, cached: an import meets the same few names thousands of times."""
    return text.search_key(name)


# Leading words that say what kind of outlet a name is; longest first.
KIND_WORDS: list[tuple[str, str]] = [
    ("پایگاه اطلاع‌رسانی", SourceKind.WEBSITE),
    ("پایگاه خبری", SourceKind.WEBSITE),
    ("باشگاه خبرنگاران", SourceKind.AGENCY),
    ("خبرگزاری", SourceKind.AGENCY),
    ("روزنامه", SourceKind.NEWSPAPER),
    ("هفته‌نامه", SourceKind.NEWSPAPER),
    ("وب‌سایت", SourceKind.WEBSITE),
    ("وبگاه", SourceKind.WEBSITE),
    ("سایت", SourceKind.WEBSITE),
    ("شبکه", SourceKind.BROADCASTER),
    ("رادیو", SourceKind.BROADCASTER),
    ("تلویزیون", SourceKind.BROADCASTER),
    ("وزارت", SourceKind.MINISTRY),
]
_KIND_KEYS = sorted(
    ((text.search_key(words), kind) for words, kind in KIND_WORDS), key=lambda item: -len(item[0])
)


def bare_key(key: str) -> str:
    """A source key without its leading kind word («خبرگزاری تسنیم» → «تسنیم»)."""
    for words, _kind in _KIND_KEYS:
        if key.startswith(words + " ") and not words.startswith("وزارت"):
            return key[len(words) + 1 :]
    return key


def guess_kind(key: str) -> str:
    for words, kind in _KIND_KEYS:
        if key == words or key.startswith(words + " "):
            return kind
    return SourceKind.WEBSITE


class SourceResolver:
    """Source ids by name for one import run; loads the (small) sources table once."""

    def __init__(self) -> None:
        self.by_key: dict[str, int] = {}
        self.by_bare: dict[str, int | None] = {}  # None: two sources share it, so it decides nothing
        self.names: list[str] = []  # every source's name, to notice a Latin/Persian pair
        for pk, key, name in Source.objects.values_list("pk", "name_key", "name"):
            self._remember(key, pk)
            self.names.append(name)
        for key, source_id in SourceAlias.objects.values_list("key", "source_id"):
            self._remember(key, source_id)
        self.created = 0
        # (new name, existing name) pairs that look like one outlet in two scripts («Anadolu», «آناتولی»)
        self.alias_suggestions: list[tuple[str, str]] = []

    def _remember(self, key: str, pk: int) -> None:
        self.by_key.setdefault(key, pk)
        bare = bare_key(key)
        if self.by_bare.get(bare, pk) != pk:
            self.by_bare[bare] = None
        else:
            self.by_bare[bare] = pk

    def snapshot(self) -> tuple:
        """State to go back to when a transaction that created sources rolls back."""
        return (
            dict(self.by_key),
            dict(self.by_bare),
            self.created,
            len(self.names),
            len(self.alias_suggestions),
        )

    def restore(self, state: tuple) -> None:
        self.by_key, self.by_bare, self.created = dict(state[0]), dict(state[1]), state[2]
        del self.names[state[3] :], self.alias_suggestions[state[4] :]

    def resolve(self, name: str | None) -> int | None:
        """The id of the Source `name` means, creating the Source when no name or alias matches."""
        if not name or not name.strip():
            return None
        key = name_key(name)
        if not key:
            return None
        found = self.by_key.get(key) or self.by_bare.get(bare_key(key))
        if found:
            self.by_key[key] = found
            return found
        source = Source(name=" ".join(name.split())[:200], kind=guess_kind(key))
        source.save()
        self.created += 1
        self._remember(key, source.pk)
        self.alias_suggestions += [
            (source.name, other) for other in self.names if same_outlet(source.name, other)
        ]
        self.names.append(source.name)
        return source.pk
