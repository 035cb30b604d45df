"""What the archive knows about officials, as plain data the extractor can match.

A Gazetteer holds names (every alias of every official), titles and the
dated tenures of their holders, and country names. It is built from the
database by `Gazetteer.from_db()` or by hand in tests; matching never touches
the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from archive.extract import lexicon
from archive.extract.tokens import PhraseMatcher, compact_key


@dataclass(frozen=True)
class Tenure:
    """One official holding one title (for one country or organization) from `start` to `end`."""

    official_id: int
    start: dt.date | None = None
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class Gazetteer:
    """Names, titles, countries and tenures; add to it, then match with its matchers."""

    names: PhraseMatcher[int] = field(default_factory=PhraseMatcher)
    titles: PhraseMatcher[str] = field(default_factory=PhraseMatcher)
    countries: PhraseMatcher[str] = field(default_factory=PhraseMatcher)
    organizations: PhraseMatcher[str] = field(default_factory=PhraseMatcher)
    # (canonical title, country code or organization key) → tenures
    tenures: dict[tuple[str, str], list[Tenure]] = field(default_factory=dict)
    official_country: dict[int, str] = field(default_factory=dict)
    _title_canon: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for group in lexicon.TITLE_GROUPS:
            canon = compact_key(group[0])
            for title in group:
                self._title_canon[compact_key(title)] = canon
                self.titles.add(title, canon)
        for code, names in lexicon.COUNTRY_VARIANTS.items():
            self.countries.add_all(names, code)

    def canonical_title(self, title: str) -> str:
        key = compact_key(title)
        return self._title_canon.get(key, key)

    def add_official(self, official_id: int, names: list[str], country: str | None = None) -> None:
        """Every spelling in `names` now names this official."""
        for name in names:
            if name:
                self.names.add(name, official_id)
        if country:
            self.official_country[official_id] = country

    def add_country(self, code: str, *names: str) -> None:
        for name in names:
            if name:
                self.countries.add(name, code)

    def add_position(
        self,
        official_id: int,
        title: str,
        *,
        country: str | None = None,
        organization: str = "",
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> None:
        """`official_id` held `title` for `country` (and/or `organization`) from `start` to `end`."""
        canon = self.canonical_title(title)
        if compact_key(title) not in self._title_canon:
            self._title_canon[compact_key(title)] = canon
            self.titles.add(title, canon)
        tenure = Tenure(official_id, start, end)
        country = country or self.official_country.get(official_id)
        if country:
            self.tenures.setdefault((canon, country), []).append(tenure)
        if organization:
            org = compact_key(organization)
            self.organizations.add(organization, org)
            self.tenures.setdefault((canon, org), []).append(tenure)

    def holder(self, canon_title: str, where: str, day: dt.date | None) -> int | None:
        """Who held the title for `where` (country code or organization key) on `day`.

        None when nobody or more than one person did; without a date only a
        title that one person ever held resolves.
        """
        tenures = self.tenures.get((canon_title, where), [])
        if day is not None:
            tenures = [t for t in tenures if t.covers(day)]
        holders = {t.official_id for t in tenures}
        return holders.pop() if len(holders) == 1 else None

    def holders_of_title(self, canon_title: str, day: dt.date | None) -> set[int]:
        """Everyone who held the title anywhere on `day`."""
        found: set[int] = set()
        for (canon, _where), tenures in self.tenures.items():
            if canon == canon_title:
                found |= {t.official_id for t in tenures if day is None or t.covers(day)}
        return found

    @classmethod
    def from_db(cls) -> Gazetteer:
        """Everything the database knows: officials, aliases, positions, countries (four queries)."""
        from archive.models import Country, Official, OfficialAlias, Position

        gazetteer = cls()
        for code, name, latin in Country.objects.values_list("code", "name", "latin_name"):
            gazetteer.add_country(code, name, latin)
        aliases: dict[int, list[str]] = {}
        for official_id, name in OfficialAlias.objects.values_list("official_id", "name"):
            aliases.setdefault(official_id, []).append(name)
        for pk, name, latin, country in Official.objects.values_list(
            "pk", "name", "latin_name", "country_id"
        ):
            gazetteer.add_official(pk, [name, latin, *aliases.get(pk, [])], country)
        for official_id, title, organization, country, start, end in Position.objects.values_list(
            "official_id", "title", "organization", "country_id", "start", "end"
        ):
            gazetteer.add_position(
                official_id, title, country=country, organization=organization, start=start, end=end
            )
        return gazetteer
