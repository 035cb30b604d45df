"""Display text: what a reader sees, lightly tidied, never rewritten."""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------
# Display text

_DISPLAY = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
_SPACES = re.compile(r"[ \t\u00a0]{2,}")
_SPACE_BEFORE_CLOSE = re.compile(r"[ \t]+([،؛؟!.:,;?)\]»])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[«])[ \t]+")
# Only before a Persian letter: a Latin or digit neighbour may be a URL,
# an abbreviation («U.S.»), a time («12:30»), a date or a decimal.
_NO_SPACE_AFTER = re.compile(r"([،؛؟!.:,;?)\]»])(?=[آ-یپچژگک«(])")


def display_text(text: str) -> str:
    """Text for reading: Persian yeh and kaf, tidy spacing around punctuation.

    Conservative by design: digits, dates («۱۳۹۹/۰۵/۲۲»), numbers, Latin
    names and the words themselves are never changed. hazm's Normalizer is
    not used because it splits dates («۱۳۹۹ / ۰۵ / ۲۲»), converts digits
    and invents verb prefixes («میدانی» → «می‌دانی»).
    """
    text = text.translate(_DISPLAY)
    text = _SPACE_BEFORE_CLOSE.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    text = _NO_SPACE_AFTER.sub(r"\1 ", text)
    return _SPACES.sub(" ", text)
