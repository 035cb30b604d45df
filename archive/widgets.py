"""Form widgets of the public lists."""

from __future__ import annotations

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString


class ListSelect(forms.Select):
    """A <select> rendered in Python, with the markup of Django's own template.

    Django renders every <option> through a template include: the filter form
    of a list page holds some 300 options (countries, menus), which took about
    half of the page's rendering time. The options here are plain values and
    labels, so one loop does the same in a fraction of it.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group for group, _options, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)  # optgroups: Django's template
        options = SafeString(
            "".join(
                f'<option value="{escape(str(option["value"]))}"{flatatt(option["attrs"])}>'
                f"{escape(str(option['label']))}</option>"
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            )
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )

    def use_required_attribute(self, initial) -> bool:
        # A list's filters are never required; Django's answer iterates the choices once more.
        return False


def with_list_selects(form: forms.Form) -> None:
    """Give each plain select of `form` the Python-rendered widget (choices and attributes kept)."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            field.widget = ListSelect(attrs=widget.attrs, choices=widget.choices)
            field.widget.is_required = widget.is_required
