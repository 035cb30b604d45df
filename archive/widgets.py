"""Form widgets of the public lists."""

from __future__ import annotations

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import SafeString


class ListSelect(forms.Select):
    """A <select> rendered in Python, with the markup of Django's own template.

    Django renders every <option> through a template include: the filter form
    of a list page holds some 300 options (countries, menus), which took about
    half of the page's rendering time. The options here are plain values and
    labels, so one loop does the same in a fraction of it.
    """

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # optgroups: Django's template
        # As Select.optgroups: the first option whose value is one of the values is selected.
        wanted, chosen, options = set(self.format_value(value)), False, []
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not chosen and option_value in wanted
            chosen = chosen or selected
            options.append(
                f'<option value="{escape(option_value)}"{" selected" if selected else ""}>'
                f"{escape(str(label))}</option>"
            )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return SafeString(f'<select name="{escape(name)}"{attrs}>{"".join(options)}</select>')

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
