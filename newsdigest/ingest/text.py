"""Plain text as scraped: a short first line is the title when it has no final full stop, or when
a dateline follows it (a translator's or editor's full stop after a headline, as in 86 of
MultiLing 2011's 100 Arabic articles, does not make it the lead sentence).

A date printed above the text ("16 May 2019", "Updated 15 May 2019 12:58 PM") is the article's
date (``date_source`` ``dateline``): the last one before the first paragraph of prose, since a
site's date bar comes first and the story's own date sits under its headline. A short line that
ends a sentence is a caption, not a date bar ("Ambulances at Russell Square after the July 7,
2005 bombings." under "Tuesday, July 7, 2009").
"""
from __future__ import annotations

from ..lexicon import ends_sentence, looks_dated
from ..model import Article
from .dates import parse_date

_MAX_TITLE_CHARS = 200
_HEAD_LINES = 12  # lines above the text that may hold its date


def read(content: str, id_base: str, fetched: str = "") -> list[Article]:
    text = content.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    title = ""
    if first is not None:
        candidate = lines[first].strip()
        below = next((line.strip() for line in lines[first + 1:] if line.strip()), "")
        if len(candidate) <= _MAX_TITLE_CHARS and (not ends_sentence(candidate) or looks_dated(below)):
            title = candidate
            text = "\n".join(lines[first + 1:])
    date = dateline(lines, fetched)
    return [Article(id=id_base, text=text.strip("\n"), title=title, date=date,
                    date_source="dateline" if date else "")]


def dateline(lines: list[str], latest: str = "") -> str:
    """The last full date on a short line above the first paragraph of prose, or ""."""
    found = ""
    for line in [l.strip() for l in lines if l.strip()][:_HEAD_LINES]:
        words = len(line.split())
        if words > 12 and ends_sentence(line):
            break  # the text has started
        if words <= 12 and not ends_sentence(line):  # a short sentence (a caption) is not a date bar
            found = parse_date(line, latest) or found
    return found
