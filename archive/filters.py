"""One FilterSet per list: it serves the page, its facets and its CSV export."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Iterator
from functools import partial

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import Q, QuerySet

from archive import pagecache, search, text
from archive.dates import TEHRAN, DateError, parse_date_range
from archive.models import Article, Country, EventKind, Official, Source, Statement
from archive.models import Event as EventModel

MAX_QUERY_LENGTH = 5000


class SearchField(forms.CharField):
    """The search box: any text is accepted (the parser copes), only its length is capped."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "search", "dir": "auto"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        # Control characters mean nothing in a query; NUL in particular upsets database drivers.
        # Format characters stay: the zero-width non-joiner is part of Persian words («موشک‌انداز»),
        # and the search key decides what it means, as it does for the stored text.
        return "".join(ch if ch.isprintable() or unicodedata.category(ch) == "Cf" else " " for ch in value)[
            :MAX_QUERY_LENGTH
        ].strip()


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class JalaliDateField(forms.CharField):
    """A date typed in either calendar and either digit set; a bare year or month is a range."""

    def __init__(self, *, bound: str, **kwargs) -> None:
        self.bound = bound  # "first" or "last" day of the typed range
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"placeholder": "۱۳۹۹/۰۵/۲۲", "dir": "ltr", "inputmode": "numeric"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            first, last = parse_date_range(value)
        except DateError as exc:
            raise forms.ValidationError(str(exc), code="invalid_date") from exc
        return first if self.bound == "first" else last


class JalaliDateFilter(django_filters.Filter):
    field_class = JalaliDateField


def start_of_day(day: dt.date) -> dt.datetime:
    """The instant a day begins in Tehran: what a typed date bounds."""
    return dt.datetime.combine(day, dt.time(), tzinfo=TEHRAN)


class SortChoices:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"
    choices = [(RELEVANCE, "مرتبط‌ترین"), (NEWEST, "تازه‌ترین"), (OLDEST, "قدیمی‌ترین")]


MENU_SIZE = 30


def _menu_of(name: str, queryset: QuerySet, selected: str | None) -> list[tuple[object, str]]:
    # The ranking counts over the whole archive (40–100 ms at 100,000 articles),
    # on every list page and export: it is kept until the archive changes.
    key = pagecache.cache_key("menu", name, queryset.db)
    items = cache.get(key)
    if items is None:
        items = [(obj.pk, str(obj)) for obj in queryset[:MENU_SIZE]]
        pagecache.remember(key, items)
    # Only a plain id that fits a database integer is looked up; the form reports anything else.
    if selected and re.fullmatch(r"[0-9]{1,18}", selected) and all(str(pk) != selected for pk, _ in items):
        chosen = queryset.model._default_manager.filter(pk=int(selected))
        items = items + [(obj.pk, str(obj)) for obj in chosen]
    return items


# What a menu offers, per parameter: the records a researcher most likely wants.
MENUS = {
    "event": lambda selected: _menu_of("event", EventModel.objects.order_by("-start", "-id"), selected),
    "official": lambda selected: _menu_of(
        "official", Official.objects.with_public_counts().order_by("-statement_count", "name"), selected
    ),
    # Only sources a reader can find articles of, ranked by those: a withdrawn article names none.
    "source": lambda selected: _menu_of(
        "source",
        Source.objects.with_public_counts().filter(article_count__gt=0).order_by("-article_count", "name"),
        selected,
    ),
}


def _choices(menu, selected: str | None, empty_label: str) -> list[tuple[object, str]]:
    return [("", empty_label), *menu(selected)]


class AppliedLaterMixin:
    """`method="filter_noop"`: a parameter (the query, the order) that `filter_queryset` applies itself."""

    def filter_noop(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset  # applied in filter_queryset, after every other filter


class BoundedMenusMixin:
    """Menus of events, officials and sources that stay short however large the archive.

    A select listing all ten thousand events made every list page megabytes
    of HTML. The menu shows the most likely choices and the current one;
    validation still accepts any existing record, so facet links and the
    official and event pages can point at any of them.
    """

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_menus_bounded", False):
            form._menus_bounded = True
            for name, menu in MENUS.items():
                field = form.fields.get(name)
                if field is not None:
                    selected = form.data.get(name) if form.is_bound else None
                    # A callable: the menu is only built when the form is rendered,
                    # not for a CSV export or a manifest.
                    field.widget.choices = partial(_choices, menu, selected, field.empty_label)
        return form


def countries_filter() -> django_filters.ModelChoiceFilter:
    """The country filter of records that concern several countries (articles, events)."""
    # Not distinct: the lists filter ids, and DISTINCT would sort the whole match set.
    return django_filters.ModelChoiceFilter(
        empty_label="همه",
        queryset=Country.objects.all(),
        field_name="countries",
        label="کشور",
        distinct=False,
    )


class IndexedFilterSet(AppliedLaterMixin, django_filters.FilterSet):
    """A list whose matches, order, count and facets come from the search index.

    The FilterSet validates the query string; `hits()` asks the index for
    one page (ids, the exact count, facets) and `ids()` for every match in the
    same order, for an export. The database only supplies the rows of those
    ids, from `queryset`: there is no second, SQL, filtering to disagree with.
    """

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset  # every parameter is applied by the index

    def cleaned(self) -> dict:
        """The parameters as understood; an invalid one is left out, as django-filter leaves it."""
        if not self.is_bound:
            return {}
        self.errors  # noqa: B018  (validates the form)
        return getattr(self.form, "cleaned_data", {})

    def query_text(self) -> str:
        return self.cleaned().get("q") or ""

    def order(self) -> str:
        return search.RELEVANCE if self.query_text() else search.NEWEST

    def index_filters(self):
        raise NotImplementedError

    def hits(self, offset: int = 0, limit: int = 20, facets: bool = False) -> search.Hits:
        """One page of the list from the index: ids in order, the count of all matches, facets, notes."""
        return self.run_search(
            self.query_text(),
            self.index_filters(),
            sort=self.order(),
            offset=offset,
            limit=limit,
            facets=facets,
        )

    def newest(self, limit: int, among: Collection[int] | None = None) -> search.Hits:
        """The list's matches newest first whatever `sort` says (a feed, an alert); only `among` if given."""
        filters = self.index_filters()
        if among is not None:
            filters = dataclasses.replace(filters, ids=tuple(among))
        return self.run_search(self.query_text(), filters, sort=search.NEWEST, limit=limit)

    def count(self) -> int:
        """How many records the list holds (what its manifest says)."""
        return self.hits(limit=0).count

    def ids(self, batch: int = 2000) -> Iterator[list[int]]:
        """Every id of the list, in the order the pages show them, in lists of `batch`."""
        return self.run_ids(self.query_text(), self.index_filters(), sort=self.order(), batch=batch)


def _pk(value) -> object:
    return getattr(value, "pk", value) if value not in (None, "") else None


# Days a typed date is held within: beyond them no news is archived, and the
# index (which counts nanoseconds from 1970) refuses instants past 1677–2262.
FIRST_DAY, LAST_DAY = dt.date(1700, 1, 1), dt.date(2200, 12, 31)


def _published_between(data: dict) -> dict:
    """The index's instant bounds for the date_from/date_to days (Tehran): from inclusive, to exclusive."""
    first, last = data.get("date_from"), data.get("date_to")
    if first:
        first = min(max(first, FIRST_DAY), LAST_DAY + dt.timedelta(days=1))
    if last:
        last = min(max(last, FIRST_DAY - dt.timedelta(days=1)), LAST_DAY)
    return {
        "date_from": start_of_day(first) if first else None,
        "date_to": start_of_day(last + dt.timedelta(days=1)) if last else None,
    }


class ArticleFilter(BoundedMenusMixin, IndexedFilterSet):
    q = SearchFilter(method="filter_noop", label="جست‌وجو")
    date_from = JalaliDateFilter(method="filter_noop", label="از تاریخ", bound="first")
    date_to = JalaliDateFilter(method="filter_noop", label="تا تاریخ", bound="last")
    source = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=Source.objects.all(), method="filter_noop", label="منبع"
    )
    country = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=Country.objects.all(), method="filter_noop", label="کشور"
    )
    official = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=Official.objects.all(), method="filter_noop", label="مقام"
    )
    event = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=EventModel.objects.all(), method="filter_noop", label="رویداد"
    )
    kind = django_filters.ChoiceFilter(
        empty_label="همه", choices=EventKind.choices, method="filter_noop", label="نوع رویداد"
    )
    sort = django_filters.ChoiceFilter(
        empty_label="پیش‌فرض", choices=SortChoices.choices, method="filter_noop", label="ترتیب"
    )
    collapse = django_filters.ChoiceFilter(
        empty_label="همهٔ نسخه‌ها",
        choices=[("story", "هر ماجرا یک بار")],
        method="filter_noop",
        label="بازنشرها",
    )

    run_search = staticmethod(search.search_articles)
    run_ids = staticmethod(search.article_ids)

    class Meta:
        model = Article
        fields: list[str] = []

    def order(self) -> str:
        return self.cleaned().get("sort") or super().order()

    def index_filters(self) -> search.ArticleFilters:
        data = self.cleaned()
        # An article "from" a source is one it published or one that cites it; an
        # official's articles quote them or report an event they took part in;
        # a story counts once: its earliest-imported copy among the articles these filters keep.
        return search.ArticleFilters(
            public=True,
            source=_pk(data.get("source")),
            country=_pk(data.get("country")),
            official=_pk(data.get("official")),
            event=_pk(data.get("event")),
            kind=data.get("kind") or None,
            one_per_story=data.get("collapse") == "story",
            **_published_between(data),
        )


class OfficialFilter(IndexedFilterSet):
    q = SearchFilter(method="filter_noop", label="نام")
    country = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=Country.objects.all(), method="filter_noop", label="کشور"
    )

    run_search = staticmethod(search.search_officials)
    run_ids = staticmethod(search.official_ids)

    class Meta:
        model = Official
        fields: list[str] = []

    def index_filters(self) -> search.OfficialFilters:
        return search.OfficialFilters(country=_pk(self.cleaned().get("country")))


class StatementFilter(BoundedMenusMixin, IndexedFilterSet):
    q = SearchFilter(method="filter_noop", label="جست‌وجو در گفته‌ها")
    official = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=Official.objects.all(), method="filter_noop", label="گوینده"
    )
    country = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=Country.objects.all(), method="filter_noop", label="کشور گوینده"
    )
    source = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=Source.objects.all(), method="filter_noop", label="منبع"
    )
    event = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=EventModel.objects.all(), method="filter_noop", label="رویداد"
    )
    kind = django_filters.ChoiceFilter(
        empty_label="همه", choices=EventKind.choices, method="filter_noop", label="نوع رویداد"
    )
    date_from = JalaliDateFilter(method="filter_noop", label="از تاریخ", bound="first")
    date_to = JalaliDateFilter(method="filter_noop", label="تا تاریخ", bound="last")

    run_search = staticmethod(search.search_statements)
    run_ids = staticmethod(search.statement_ids)

    class Meta:
        model = Statement
        fields: list[str] = []

    def index_filters(self) -> search.StatementFilters:
        data = self.cleaned()
        return search.StatementFilters(
            public=True,
            official=_pk(data.get("official")),
            country=_pk(data.get("country")),
            source=_pk(data.get("source")),
            event=_pk(data.get("event")),
            kind=data.get("kind") or None,
            **_published_between(data),
        )


class OfficialStatementFilter(StatementFilter):
    """The statements on an official's own page: the speaker is given, so not a filter."""

    def __init__(self, *args, official: Official, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.official = official
        del self.filters["official"], self.filters["country"]

    def index_filters(self) -> search.StatementFilters:
        return dataclasses.replace(super().index_filters(), official=self.official.pk, country=None)


class EventFilter(AppliedLaterMixin, BoundedMenusMixin, django_filters.FilterSet):
    q = SearchFilter(method="filter_words", label="عنوان یا مکان")
    kind = django_filters.ChoiceFilter(empty_label="همه", choices=EventKind.choices, label="نوع")
    country = countries_filter()
    official = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=Official.objects.all(), method="filter_official", label="مقام"
    )
    source = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=Source.objects.all(), method="filter_source", label="منبع گزارش"
    )
    date_from = JalaliDateFilter(method="filter_date_from", label="از تاریخ", bound="first")
    date_to = JalaliDateFilter(field_name="start", lookup_expr="lte", label="تا تاریخ", bound="last")
    sort = django_filters.ChoiceFilter(
        empty_label="پیش‌فرض",
        choices=[(SortChoices.NEWEST, "تازه‌ترین"), (SortChoices.OLDEST, "قدیمی‌ترین")],
        method="filter_noop",
        label="ترتیب",
    )

    class Meta:
        model = EventModel
        fields: list[str] = []

    def filter_words(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Events are few (thousands): every keyed word must occur in the keyed
        # title or place, so spelling variants meet as they do in article search.
        for token in text.search_key(value).split()[:20]:
            queryset = queryset.filter(title_key__contains=token)
        return queryset

    def filter_official(self, queryset: QuerySet, name: str, value: Official) -> QuerySet:
        return queryset.filter(
            pk__in=EventModel.officials.through.objects.filter(official=value).values("event")
        )

    def filter_source(self, queryset: QuerySet, name: str, value: Source) -> QuerySet:
        return queryset.filter(
            pk__in=EventModel.articles.through.objects.filter(
                article__source=value, article__is_public=True
            ).values("event")
        )

    def filter_date_from(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # An event that began earlier but was still going on that day counts.
        return queryset.filter(Q(start__gte=value) | Q(end__gte=value))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("sort") == SortChoices.OLDEST:
            return queryset.order_by("start", "id")
        return queryset.order_by("-start", "-id")
