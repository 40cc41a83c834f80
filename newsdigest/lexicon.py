"""Word lists and patterns that several stages share, defined once.

Calendar words (cleaning's date lines, compression's trailing days, the disagreement finder's
day mentions, the entity fallback's non-names, the LLM checker's dates) and what ends a
sentence (cleaning, the text reader's title, segmentation's fragments). A stage's own lists
(share-button words, calls to action, credit words) stay in that stage.
"""
from __future__ import annotations

import re

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CALENDAR = frozenset(MONTHS + WEEKDAYS)
"""Month and weekday names, lower case."""

MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
MONTH_NUMBER = {name: n for n, names in enumerate(
    zip(MONTHS, ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")), 1)
    for name in names} | {"sept": 9}
"""Month names and abbreviations to their number (1–12)."""

MONTH_PATTERN = "(?:" + "|".join(m.capitalize() for m in MONTHS) + ")"
WEEKDAY_PATTERN = "(?:" + "|".join(d.capitalize() for d in WEEKDAYS) + ")"
"""Capitalised month and weekday names, as regular-expression alternations."""

SENTENCE_END = re.compile(r"[.!?…‼⁇⁈⁉。！？．।॥؟۔።፧;][\"'”’»›)\]」』〉》]*$")
"""Terminal punctuation of Latin, CJK, Devanagari, Arabic and Ethiopic scripts and the Greek
question mark, then any closing quotes or brackets, at the end of a string."""


def ends_sentence(text: str) -> bool:
    return SENTENCE_END.search(text.rstrip()) is not None
