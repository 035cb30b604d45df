"""The filter menus of the lists: short choices of events, officials, sources and countries.

A menu offers the records a researcher most likely wants, ranked by the
search index (archive/search), kept in the page cache under the change log's
position, built only when a form is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from archive import pagecache, search
from archive.models import Country, Official, Source
from archive.models import Event as EventModel
from archive.widgets import with_list_selects

MENU_SIZE = 30


def _most_named(model: type, popularity: Callable[[list[int]], dict[int, int]]) -> list[tuple[int, str]]:
    """The MENU_SIZE records of `model` that the most public records name, then by name.

    The counts come from the search index's term dictionary (`popularity`),
    not from counting rows: a few milliseconds at a million articles, where
    ranking by SQL counts took 250–340 ms at 100,000. A record no public
    record names is left out.
    """
    names = names_of(model)
    counts = popularity(list(names))
    ranked = sorted((pk for pk, n in counts.items() if n > 0), key=lambda pk: (-counts[pk], names[pk]))
    return [(pk, names[pk]) for pk in ranked[:MENU_SIZE]]


def names_of(model: type) -> dict[int, str]:
    """Every record of `model` (sources, officials, countries) by id: its name, at the log's position."""
    return pagecache.shared(
        "names",
        model._meta.label,
        build=lambda: dict(model._default_manager.order_by().values_list("pk", "name")),
    )


def _latest_events() -> list[tuple[int, str]]:
    return [(e.pk, str(e)) for e in EventModel.objects.order_by("-start", "-id")[:MENU_SIZE]]


# What a menu offers, per parameter: the records a researcher most likely wants.
MENU_BUILDERS: dict[str, Callable[[], list[tuple[int, str]]]] = {
    "event": _latest_events,
    # Officials by their statements in public articles; sources by the public
    # articles that publish or cite them (what the source filter matches).
    "official": partial(_most_named, Official, search.official_popularity),
    "source": partial(_most_named, Source, search.source_popularity),
}
_MENU_MODELS = {"event": EventModel, "official": Official, "source": Source}


def menu(name: str, selected: str | None = None) -> list[tuple[object, str]]:
    """The choices of the `name` menu, with the `selected` record added if the menu lacks it.

    Kept under the change log's position, in the page cache and in the process.
    """
    items = pagecache.shared("menu", name, build=MENU_BUILDERS[name])
    # Only a plain id that fits a database integer is looked up; the form reports anything else.
    if selected and re.fullmatch(r"[0-9]{1,18}", selected) and all(str(pk) != selected for pk, _ in items):
        chosen = _MENU_MODELS[name]._default_manager.filter(pk=int(selected))
        items = items + [(obj.pk, str(obj)) for obj in chosen]
    return items


def _countries() -> list[tuple[object, str]]:
    """Every country, by name, kept like the other menus under the log's position (a country's
    every write moves it): read as plain pairs, 250 model instances per page were a cost of their own."""
    return pagecache.shared(
        "menu",
        "country",
        build=lambda: [
            (code, str(name)) for code, name in Country.objects.order_by("name").values_list("code", "name")
        ],
    )


class _MenuChoices:
    """A select's choices, built the first time the form is rendered and then kept.

    A callable, so that a CSV export or a manifest (which never render the
    form) never builds a menu; Django calls it each time it iterates the
    choices, so it remembers its list.
    """

    def __init__(self, build: Callable[[], list[tuple[object, str]]], empty_label: str) -> None:
        self.build, self.empty_label = build, empty_label
        self.items: list[tuple[object, str]] | None = None

    def __call__(self) -> list[tuple[object, str]]:
        if self.items is None:
            self.items = [("", self.empty_label), *self.build()]
        return self.items


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
            with_list_selects(form)
            for name in MENU_BUILDERS:
                field = form.fields.get(name)
                if field is not None:
                    selected = form.data.get(name) if form.is_bound else None
                    field.widget.choices = _MenuChoices(partial(menu, name, selected), field.empty_label)
            if "country" in form.fields:
                form.fields["country"].widget.choices = _MenuChoices(
                    _countries, form.fields["country"].empty_label
                )
        return form
