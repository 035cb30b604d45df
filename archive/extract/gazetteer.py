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
from archive.extract.tokens import PhraseMatcher, compact_key, compact_norm


@dataclass(frozen=True)
class Tenure:
    """One official holding one title (for one country or organization) from `start` to `end`."""

    official_id: int
    start: dt.date | None = None
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


# A successor is trusted to follow a former holder only when the archive
# knows no gap longer than this between them (else someone may be missing).
SUCCESSION_GAP = dt.timedelta(days=92)
HANDOVER = dt.timedelta(days=31)


def _latest_open(tenures: list[Tenure]) -> int | None:
    """Of tenures covering one day, the newest when every older one merely lacks an end date.

    An appointment the archive recorded without closing the predecessor's
    tenure: the newer holder is the one in office. An overlap with recorded
    end dates is real (or an error) and decides nothing.
    """
    dated = [t for t in tenures if t.start is not None]
    if len(dated) != len(tenures):
        return None
    newest = max(dated, key=lambda t: t.start)
    older = [t for t in dated if t.official_id != newest.official_id]
    if all(t.end is None and t.start < newest.start for t in older):
        return newest.official_id
    return None


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
    # official → the first words of its multi-word names («ذاکر» of «ذاکر حسن‌اف»)
    given_names: dict[int, set[str]] = field(default_factory=dict)
    # «روس», «ایرانی»: countries read only right after a title
    country_adjectives: PhraseMatcher[str] = field(default_factory=PhraseMatcher)
    _title_canon: dict[str, str] = field(default_factory=dict)
    implied_country: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for group in lexicon.TITLE_GROUPS:
            canon = compact_key(group[0])
            for title in group:
                self._title_canon[compact_key(title)] = canon
                self.titles.add(title, canon)
        for code, names in lexicon.COUNTRY_VARIANTS.items():
            self.countries.add_all(names, code)
        for code, names in lexicon.COUNTRY_ADJECTIVES.items():
            self.country_adjectives.add_all(names, code)
        for title, code in lexicon.IMPLIED_COUNTRY.items():
            self.implied_country[self.canonical_title(title)] = code

    def shared(self, canon_title: str) -> bool:
        """A title several people hold at once (deputies, ambassadors, advisers)."""
        return canon_title.startswith(tuple(compact_key(w) for w in lexicon.SHARED_TITLE_WORDS))

    def canonical_title(self, title: str) -> str:
        key = compact_key(title)
        return self._title_canon.get(key, key)

    def add_official(self, official_id: int, names: list[str], country: str | None = None) -> None:
        """Every spelling in `names` now names this official."""
        for name in names:
            if name:
                self.names.add(name, official_id)
                words = name.split()
                if len(words) > 1:
                    self.given_names.setdefault(official_id, set()).add(compact_norm(words[0]))
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
        if len(holders) == 1:
            return holders.pop()
        if holders and day is not None and not self.shared(canon_title):
            return _latest_open(tenures)
        return None

    def former_holder(self, canon_title: str, where: str, day: dt.date | None, steps: int = 1) -> int | None:
        """Who held the title for `where` `steps` holders before the one in office on `day`.

        «وزیر دفاع پیشین روسیه» is the predecessor of today's minister, «اسبق»
        the one before. Resolved only along a succession the archive knows
        without gaps, from a holder in office on `day`: otherwise nobody,
        since a missing holder would make the guess someone else.
        """
        if day is None or self.shared(canon_title):
            return None
        current = self.holder(canon_title, where, day)
        if current is None:
            return None
        chain = sorted(
            (t for t in self.tenures.get((canon_title, where), []) if t.start is not None),
            key=lambda t: t.start,
        )
        position = max(
            (k for k, t in enumerate(chain) if t.official_id == current and t.covers(day)), default=None
        )
        if position is None:
            return None
        for _ in range(steps):
            if position == 0:
                return None
            successor, previous = chain[position], chain[position - 1]
            ended = previous.end or successor.start
            # A handover may overlap by some days; a longer overlap or a gap leaves it open.
            if ended - successor.start > HANDOVER or successor.start - ended > SUCCESSION_GAP:
                return None
            if previous.official_id == successor.official_id:
                return None
            position -= 1
        return chain[position].official_id

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
