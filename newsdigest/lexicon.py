"""Word lists and patterns that several stages share, defined once.

Calendar words (cleaning's date lines, compression's trailing days, the disagreement finder's
day mentions, the entity fallback's non-names, the LLM checker's dates) and what ends a
sentence (cleaning, the text reader's title, segmentation's fragments), and what a date line
looks like in any language (the text reader's title, ``language.dated``). A stage's own lists
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


NUMBER = re.compile(r"\d+")
"""A run of any script's digits (``int`` reads them all)."""
_DATE_WORDS = 8


def year_and_day(line: str) -> tuple[int, int, int]:
    """How many numbers ``line`` holds, its first year (four digits, 1800–2199) and its first day of
    a month (one or two digits, 1–31), in any script's digits; 0 for one it lacks."""
    numbers = [(len(n), int(n)) for n in NUMBER.findall(line)]
    year = next((value for size, value in numbers if size == 4 and 1800 <= value < 2200), 0)
    day = next((value for size, value in numbers if size <= 2 and 1 <= value <= 31), 0)
    return len(numbers), year, day


def looks_dated(line: str) -> bool:
    """A line that is a date in any language or script: at most eight words, among its numbers a
    year and a day of the month, at most four numbers in all, no final full stop ("Tuesday, July 12, 2005",
    "السبت 8 يناير 2005", "मंगलवार, जून २, २००९", "2005/01/08")."""
    if not line or len(line.split()) > _DATE_WORDS or ends_sentence(line):
        return False
    count, year, day = year_and_day(line)
    return bool(year and day) and count <= 4
