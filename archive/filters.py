"""One FilterSet per list: it serves the page, its facets and its CSV export."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import partial

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import Min, Q, QuerySet

from archive import pagecache, text
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


class JalaliDayFilter(JalaliDateFilter):
    """A typed date against a datetime column, as the instants that bound its days in Tehran.

    Comparing instants lets the database use its index on the column;
    `__date` would convert every row's timestamp first.
    """

    def filter(self, qs: QuerySet, value):
        if value is None:
            return qs
        if self.extra["bound"] == "first":
            return qs.filter(**{f"{self.field_name}__gte": start_of_day(value)})
        if value >= dt.date.max:
            return qs  # up to the last day there is: no bound (the day after it would overflow)
        return qs.filter(**{f"{self.field_name}__lt": start_of_day(value + dt.timedelta(days=1))})


def start_of_day(day: dt.date) -> dt.datetime:
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


class ArticleFilter(AppliedLaterMixin, BoundedMenusMixin, django_filters.FilterSet):
    q = SearchFilter(method="filter_noop", label="جست‌وجو")
    date_from = JalaliDayFilter(field_name="published_at", label="از تاریخ", bound="first")
    date_to = JalaliDayFilter(field_name="published_at", label="تا تاریخ", bound="last")
    source = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=Source.objects.all(), method="filter_source", label="منبع"
    )
    country = countries_filter()
    official = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=Official.objects.all(), method="filter_official", label="مقام"
    )
    event = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=EventModel.objects.all(), method="filter_event", label="رویداد"
    )
    kind = django_filters.ChoiceFilter(
        empty_label="همه", choices=EventKind.choices, method="filter_kind", label="نوع رویداد"
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

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_source(self, queryset: QuerySet, name: str, value: Source) -> QuerySet:
        # An article "from" a source is one it published or one that cites it.
        return queryset.filter(
            Q(source=value) | Q(pk__in=Article.via.through.objects.filter(source=value).values("article"))
        )

    def filter_official(self, queryset: QuerySet, name: str, value: Official) -> QuerySet:
        return queryset.filter(
            Q(pk__in=Statement.objects.filter(official=value).values("article"))
            | Q(pk__in=EventModel.articles.through.objects.filter(event__officials=value).values("article"))
        )

    def filter_event(self, queryset: QuerySet, name: str, value: EventModel) -> QuerySet:
        return queryset.filter(
            pk__in=EventModel.articles.through.objects.filter(event=value).values("article")
        )

    def filter_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            pk__in=EventModel.articles.through.objects.filter(event__kind=value).values("article")
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("collapse") == "story":
            # A story counts once: its earliest-imported copy among the articles these filters keep.
            # Not a correlated subquery: the search engines' joins cannot resolve an OuterRef.
            first_copies = (
                queryset.filter(story__isnull=False)
                .order_by()
                .values("story")
                .annotate(first=Min("pk"))
                .values("first")
            )
            queryset = queryset.filter(Q(story__isnull=True) | Q(pk__in=first_copies))
        query = data.get("q") or ""
        sort = data.get("sort") or (SortChoices.RELEVANCE if query else SortChoices.NEWEST)
        if query:
            queryset = queryset.search(query)
        if sort == SortChoices.RELEVANCE and query:
            return queryset.order_by("-rank", "-published_at", "-id")
        if sort == SortChoices.OLDEST:
            return queryset.order_by("published_at", "id")
        return queryset.order_by("-published_at", "-id")


class RankedFilterSet(AppliedLaterMixin, django_filters.FilterSet):
    """A list searchable with `q`: by rank when there is a query, else in `default_order`."""

    default_order: tuple[str, ...] = ("-id",)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        query = self.form.cleaned_data.get("q") or ""
        if query:
            return queryset.search(query).order_by("-rank", *self.default_order)
        return queryset.order_by(*self.default_order)


class OfficialFilter(RankedFilterSet):
    q = SearchFilter(method="filter_noop", label="نام")
    country = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=Country.objects.all(), label="کشور"
    )

    default_order = ("name", "id")

    class Meta:
        model = Official
        fields: list[str] = []


class StatementFilter(BoundedMenusMixin, RankedFilterSet):
    q = SearchFilter(method="filter_noop", label="جست‌وجو در گفته‌ها")
    official = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=Official.objects.all(), label="گوینده"
    )
    country = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=Country.objects.all(), field_name="official__country", label="کشور گوینده"
    )
    source = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=Source.objects.all(), field_name="article__source", label="منبع"
    )
    event = django_filters.ModelChoiceFilter(
        empty_label="همه", queryset=EventModel.objects.all(), label="رویداد"
    )
    kind = django_filters.ChoiceFilter(
        empty_label="همه", choices=EventKind.choices, field_name="event__kind", label="نوع رویداد"
    )
    date_from = JalaliDayFilter(field_name="article__published_at", label="از تاریخ", bound="first")
    date_to = JalaliDayFilter(field_name="article__published_at", label="تا تاریخ", bound="last")

    default_order = ("-article__published_at", "article_id", "start", "id")

    class Meta:
        model = Statement
        fields: list[str] = []


class OfficialStatementFilter(StatementFilter):
    """The statements on an official's own page: the speaker is given, so not a filter."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.filters["official"], self.filters["country"]


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
