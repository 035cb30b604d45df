"""The help page's examples: a query shown as typed, linked to the live search it runs."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def example(list_name: str = "article", label: str = "", **params: str) -> str:
    """A link to `list_name`'s list with `params` (q, date_from…), showing `label` or the query.

    The text is isolated (``<bdi>``) so that a Latin operator inside a Persian
    query keeps its place, and set in the page's font (not a monospace one,
    which draws Persian letters unjoined).
    """
    href = reverse(f"archive:{list_name}-list")
    set_params = {name: value for name, value in params.items() if value}
    if set_params:
        href += "?" + urlencode(set_params)
    return format_html(
        '<a class="example" href="{}"><bdi class="query">{}</bdi></a>', href, label or params.get("q", "")
    )
