"""One FilterSet per list: it serves the page, its facets and its CSV export."""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Collection, Iterator

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from archive import search, text
from archive.dates import TEHRAN, DateError, parse_date_range
from archive.menus import BoundedMenusMixin
from archive.models import Article, Country, EventKind, Official, Source, Statement
from archive.models import Event as EventModel
from archive.search.predicate import key_predicate

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


PAGE_SIZE = 20
PAGE_SIZES = (20, 50, 100)


class PageSizeField(forms.TypedChoiceField):
    """Rows per page: 20 (the default, left empty by the form), 50 or 100; anything else is refused."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("empty_value", None)
        kwargs["choices"] = [("", text.to_persian_digits(str(PAGE_SIZE)))] + [
            (str(n), text.to_persian_digits(str(n))) for n in PAGE_SIZES if n != PAGE_SIZE
        ]
        super().__init__(**kwargs)

    def to_python(self, value) -> str:
        return text.to_ascii_digits(super().to_python(value).strip())  # «۵۰» is 50

    def valid_value(self, value) -> bool:
        # The default typed out (?page_size=20) is as good as left empty.
        return str(value) == str(PAGE_SIZE) or super().valid_value(value)


class PageSizeFilter(django_filters.Filter):
    field_class = PageSizeField


def page_size_filter() -> PageSizeFilter:
    """The `page_size` parameter of a list (applied by the view's paginator, not to the rows)."""
    return PageSizeFilter(method="filter_noop", label="در هر صفحه")


def _cleaned(filterset) -> dict:
    if not filterset.is_bound:
        return {}
    filterset.errors  # noqa: B018  (validates the form)
    return getattr(filterset.form, "cleaned_data", {}) or {}


def page_size(filterset) -> int:
    """Rows per page the list's query string asks for (PAGE_SIZE if none or an invalid one)."""
    return _cleaned(filterset).get("page_size") or PAGE_SIZE


def reversed_dates(filterset) -> tuple[str, str] | None:
    """(date_from, date_to) as typed, when the range they make ends before it begins; else None.

    Such a range holds no day, and every list reads it so (it shows nothing),
    so that a page, its CSV and its manifest agree on what one query string
    holds; the page offers the swapped range instead.
    """
    cleaned = _cleaned(filterset)
    first, last = cleaned.get("date_from"), cleaned.get("date_to")
    if first and last and first > last:
        return filterset.form.data["date_from"], filterset.form.data["date_to"]
    return None


class SortChoices:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"
    choices = [(RELEVANCE, "مرتبط‌ترین"), (NEWEST, "تازه‌ترین"), (OLDEST, "قدیمی‌ترین")]


class AppliedLaterMixin:
    """`method="filter_noop"`: a parameter (the query, the order) that `filter_queryset` applies itself."""

    def filter_noop(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset  # applied in filter_queryset, after every other filter


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
        return _cleaned(self)

    def query_text(self) -> str:
        return self.cleaned().get("q") or ""

    def order(self) -> str:
        return search.RELEVANCE if self.query_text() else search.NEWEST

    def index_filters(self):
        raise NotImplementedError

    def hits(
        self, offset: int = 0, limit: int = 20, facets: bool = False, after: tuple[int, int] | None = None
    ) -> search.Hits:
        """One page of the list from the index: ids in order, the count of all matches, facets, notes.

        `after` (an earlier page's `last_key`) starts the page after that record (see `search.search`).
        """
        return self.run_search(
            self.query_text(),
            self.index_filters(),
            sort=self.order(),
            offset=offset,
            limit=limit,
            facets=facets,
            after=after,
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
    page_size = page_size_filter()

    run_search = staticmethod(search.search_articles)
    run_ids = staticmethod(search.article_ids)

    class Meta:
        model = Article
        fields: list[str] = []

    def order(self) -> str:
        return self.cleaned().get("sort") or super().order()

    def months(self, with_query: bool = True) -> dict[int, int]:
        """Matches per Solar Hijri month (yyyymm → count); `with_query=False`: all the filters keep."""
        return search.article_months(self.query_text() if with_query else "", self.index_filters())

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


class OfficialFilter(BoundedMenusMixin, IndexedFilterSet):
    q = SearchFilter(method="filter_noop", label="نام")
    country = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=Country.objects.all(), method="filter_noop", label="کشور"
    )
    page_size = page_size_filter()

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
    page_size = page_size_filter()

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
    page_size = page_size_filter()

    class Meta:
        model = EventModel
        fields: list[str] = []

    def filter_words(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Events are few (thousands): the query's keyed words are looked for in the
        # keyed title and place, so spelling variants and the syntax work as in article search.
        q, _ = key_predicate(value, "title_key")
        return queryset.none() if q is None else queryset.filter(q)

    def notes(self) -> tuple[str, ...]:
        """What the search box's text was read as, where that differs from what was typed."""
        query = _cleaned(self).get("q")
        return key_predicate(query, "title_key")[1] if query else ()

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
        if reversed_dates(self):
            # An event still going on at date_from would match a reversed range; it holds no day.
            return queryset.none()
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("sort") == SortChoices.OLDEST:
            return queryset.order_by("start", "id")
        return queryset.order_by("-start", "-id")
