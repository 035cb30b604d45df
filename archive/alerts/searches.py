"""An alert's search: the list page's query string, read by the list's own FilterSet."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Model
from django.http import QueryDict

from archive.filters import IndexedFilterSet
from archive.pagecache.pages import known_parameters
from archive.templatetags.persian import jalali_text
from archive.views import LISTS, list_path, read_params

# A query string past this is no search a person typed (the page caps `q` at 5,000
# characters, which URL-encoded Persian makes some 30,000 bytes).
MAX_QUERY_STRING = 2000


class BadSearch(Exception):
    """A search that cannot be followed, with a Persian message."""


def canonical_query(name: str, query: str) -> str:
    """The parameters of list `name` that its page reads (not `page`), sorted; BadSearch if unusable."""
    spec = LISTS.get(name)
    if spec is None or not spec.followed:
        raise BadSearch("برای این فهرست اطلاع‌رسانی نداریم.")
    if len(query) > MAX_QUERY_STRING:
        raise BadSearch("این جست‌وجو برای اطلاع‌رسانی بیش از اندازه بلند است؛ آن را کوتاه‌تر کنید.")
    kept = known_parameters(QueryDict(query), read_params(spec.filterset, paged=False)).urlencode()
    if len(kept) > MAX_QUERY_STRING:
        raise BadSearch("این جست‌وجو برای اطلاع‌رسانی بیش از اندازه بلند است؛ آن را کوتاه‌تر کنید.")
    if filterset_of(name, kept).form.errors:
        raise BadSearch("بخشی از پالایش این جست‌وجو پذیرفته نیست؛ نخست آن را در صفحهٔ جست‌وجو درست کنید.")
    return kept


def filterset_of(name: str, query: str) -> IndexedFilterSet:
    """The list's FilterSet for `query`, over the list's public records (what its page shows)."""
    spec = LISTS[name]
    return spec.filterset(QueryDict(query), queryset=spec.queryset())


def page_url(name: str, query: str, *, absolute: bool = False) -> str:
    """The list page of the search, newest first where the list can be sorted."""
    params = QueryDict(query, mutable=True)
    if "sort" in LISTS[name].filterset.base_filters:
        params["sort"] = "newest"
    path = list_path(name) + (f"?{params.urlencode()}" if params else "")
    return settings.SITE_URL + path if absolute else path


def describe(name: str, query: str) -> list[tuple[str, str]]:
    """The search in words: (label, value) for each filter it sets, as the page's form labels them."""
    filterset = filterset_of(name, query)
    cleaned = filterset.cleaned()
    out = []
    for field_name, field in filterset.form.fields.items():
        value = cleaned.get(field_name)
        if value in (None, "") or field_name == "sort":
            continue
        if isinstance(value, dt.date):
            text = jalali_text(value)
        elif isinstance(value, Model):
            text = str(value)
        elif hasattr(field, "choices"):
            text = str(dict(field.choices).get(value, value))
        else:
            text = str(value)
        out.append((str(field.label), text))
    return out
