"""Publication dates printed in a page: "Updated 15 May 2019", "May 14, 2019 12:58 PM", "2019-05-14".

Only full dates (day, month and year) in the forms news pages print above their text; a bare
year or a month is not a publication date. A date later than ``latest`` (when the file was
written or the page fetched) is not one either.
"""
from __future__ import annotations

import re
from datetime import date

from ..lexicon import MONTH_NUMBER

_MONTH = r"(?P<month>" + "|".join(sorted(MONTH_NUMBER, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_FORMS = [
    re.compile(r"\b" + _YEAR + r"-(?P<m>\d\d)-(?P<d>\d\d)\b"),
    re.compile(r"\b" + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + r"\b", re.I),
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.I),
    re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<year>(?:19|20)\d\d)\b"),  # 14.05.2019
]


def parse_date(text: str, latest: str = "") -> str:
    """The first full date in ``text`` as YYYY-MM-DD, or "" (none, invalid, or after ``latest``)."""
    for form in _FORMS:
        for m in form.finditer(text):
            g = m.groupdict()
            month = int(g["m"]) if g.get("m") else MONTH_NUMBER[g["month"].lower()]
            day = int(g["d"]) if g.get("d") else int(g["day"])
            try:
                found = date(int(g["year"]), month, day).isoformat()
            except ValueError:
                continue
            if found <= (latest or date.today().isoformat()):
                return found
    return ""
