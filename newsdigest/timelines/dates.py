"""The days a sentence speaks of, resolved against its article's date.

"Protesters returned on Tuesday" in a Thursday paper is about that Tuesday; "on Jan. 25" is
about January 25 of the year nearest the article's date; "yesterday", "today", "tomorrow" are
one day from it. Only days count: a month ("last month") or a year alone is no date of a
timeline.

Month and weekday names come from the article's language (``Language.calendar``, CLDR's names;
English also with its abbreviations, "Jan.", "Sept."); the words of relative days
("yesterday", "next", "will") are English ones, so in other languages only written dates and
weekday names are read. docs/benchmarks.md measures this resolver against ``dateparser`` and
spaCy's DATE entities on the T17 timelines.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from ..language import Language
from ..lexicon import MONTH_NUMBER

_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_TOKEN = re.compile(r"\w+", re.UNICODE)

# English words that move a day
_SHIFT = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
_FUTURE = frozenset({"will", "ll", "next", "tomorrow", "upcoming", "scheduled", "planned"})
_PAST_OF_WEEK = frozenset({"last", "past", "previous"})
_NEAREST_YEAR = 183  # a date written without its year is in the year that puts it nearest the article's


@lru_cache(maxsize=64)
def _names(lang: Language) -> tuple[dict[str, int], dict[str, int]]:
    """Month names to 1-12 and weekday names to 0-6 (Monday 0) in ``lang``."""
    months = {w: int(k[1:]) for w, k in lang.calendar.items() if k.startswith("m")}
    weekdays = {w: int(k[1:]) for w, k in lang.calendar.items() if k.startswith("d")}
    if lang.english_rules:
        months |= {w: n for w, n in MONTH_NUMBER.items() if w != "may"} | {"sept": 9}
        months.pop("may", None)  # "may" is a month only beside a day number (see _month_at)
    return months, weekdays


def _day_number(token: str) -> int:
    digits = token[:-2] if token[-2:] in ("st", "nd", "rd", "th") else token
    return int(digits) if digits.isdigit() and len(digits) <= 2 and 1 <= int(digits) <= 31 else 0


def _year(token: str) -> int:
    return int(token) if token.isdigit() and len(token) == 4 and 1900 <= int(token) <= 2099 else 0


def _month_at(tokens: list[str], i: int, months: dict[str, int], english: bool) -> int:
    if tokens[i] in months:
        return months[tokens[i]]
    if english and tokens[i] == "may":  # the modal verb unless a day number stands beside it
        near = tokens[i + 1:i + 2] + tokens[i - 1:i] if i else tokens[i + 1:i + 2]
        return 5 if any(_day_number(t) for t in near) else 0
    return 0


def _made(year: int, month: int, day: int, published: date | None) -> date | None:
    """The date, its year taken from ``published`` when not written; None when it is no date."""
    if not year:
        if published is None:
            return None
        year = published.year
        try:
            found = date(year, month, day)
        except ValueError:
            return None
        if (found - published).days > _NEAREST_YEAR:
            year -= 1
        elif (published - found).days > _NEAREST_YEAR:
            year += 1
    try:
        return date(year, month, day)
    except ValueError:
        return None


def mentioned_dates(text: str, published: str, lang: Language) -> tuple[str, ...]:
    """The days ``text`` names, as YYYY-MM-DD, in order of mention, each once.

    ``published`` (YYYY-MM-DD or "") anchors what is written without a year and the relative
    days; without it only dates written in full are read.
    """
    try:
        anchor = date.fromisoformat(published) if published else None
    except ValueError:
        anchor = None
    found: list[date] = []
    for m in _ISO.finditer(text):
        made = _made(int(m.group(1)), int(m.group(2)), int(m.group(3)), None)
        if made:
            found.append(made)
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    months, weekdays = _names(lang)
    english = lang.english_rules
    future = english and any(t in _FUTURE for t in tokens)
    for i, token in enumerate(tokens):
        month = _month_at(tokens, i, months, english)
        if month:
            after = tokens[i + 1:i + 3]
            if after and _day_number(after[0]):  # January 25 (, 2011)
                year = _year(after[1]) if len(after) > 1 else 0
                made = _made(year, month, _day_number(after[0]), anchor)
            elif i and _day_number(tokens[i - 1]) and not (i > 1 and tokens[i - 2] in months):  # 25 January (2011)
                made = _made(_year(after[0]) if after else 0, month, _day_number(tokens[i - 1]), anchor)
            else:
                made = None
            if made:
                found.append(made)
        elif anchor is not None and token in weekdays:
            before = tokens[i - 1] if i else ""
            forward = before == "next" or (future and before not in _PAST_OF_WEEK)
            gap = (weekdays[token] - anchor.weekday()) % 7
            found.append(anchor + timedelta(days=gap) if forward else anchor - timedelta(days=(7 - gap) % 7))
        elif anchor is not None and english and token in _SHIFT:
            found.append(anchor + timedelta(days=_SHIFT[token]))
        elif anchor is not None and english and token == "night" and i and tokens[i - 1] == "last":
            found.append(anchor - timedelta(days=1))
    return tuple(dict.fromkeys(d.isoformat() for d in found))
