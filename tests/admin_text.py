"""What an editor reads on an admin page: its visible text, and the English UI words in it.

Data may be Latin (an official's Latin name, a URL, a username): every Latin
word stored in the database is allowed, so the check finds interface text only.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.apps import apps
from django.db import models

# Whole words only: a hex fingerprint («3bef4…») or a code with digits is data, not a UI word.
LATIN_WORD = re.compile(r"\b[A-Za-z][A-Za-z'’]+\b")
# Names of formats and standards an editor types or reads as such.
ALLOWED = {"RSS", "Atom", "zip", "txt", "jsonl", "xml", "rss", "atom", "html", "UTC", "ISO", "Vazirmatn"}
# Gregorian month names in Persian: dates in the admin are Solar Hijri.
GREGORIAN_MONTHS = re.compile(r"ژانویه|فوریه|مارس|آوریل|ژوئن|ژوئیه|اوت|سپتامبر|اکتبر|نوامبر|دسامبر")


class VisibleText(HTMLParser):
    """Text nodes outside script/style/template, plus labels of buttons, placeholders and titles."""

    HIDDEN = {"script", "style", "template", "textarea", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.HIDDEN:
            self._hidden += 1
        if tag == "input" and attrs.get("type") in {"submit", "button", "reset"} and attrs.get("value"):
            self.parts.append(attrs["value"])
        for name in ("placeholder", "title", "aria-label", "alt"):
            if attrs.get(name):
                self.parts.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def data_words() -> set[str]:
    """Every Latin word in the database's text columns (names, URLs, usernames, e-mails)."""
    words: set[str] = set()
    for model in apps.get_models():
        text_fields = (models.CharField, models.TextField)
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, text_fields)]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                words.update(LATIN_WORD.findall(value or ""))
    return words


def english_words(html: str, allowed: set[str]) -> list[str]:
    """The Latin words of the page's visible text that are neither data nor format names."""
    words = set(LATIN_WORD.findall(visible_text(html)))
    return sorted(w for w in words if w not in allowed and w not in ALLOWED)
