"""A day's digest: every event of the day with its summary and citations, in each format.

Each event reuses the single-summary renderer of its format, so a digest cites, badges and
lists sources exactly as ``summarize`` does.
"""
from __future__ import annotations

import json as _json
from datetime import date
from html import escape
from typing import Sequence

from ..errors import ConfigError
from ..model import EventRow, EventSummary
from . import html, markdown
from .common import cited_articles, citation_numbers, plural, support_badge
from .json import as_dict

def render(day: int | None, items: Sequence[EventSummary], fmt: str = "text", since: bool = False) -> str:
    """``since``: the items say what is new since ``day`` (``digest --since``), not what happened on it."""
    try:
        renderer = {"text": _text, "markdown": _markdown, "json": _json_doc, "html": _html}[fmt]
    except KeyError:
        raise ConfigError(f"unknown format {fmt!r}; choose from text, markdown, json, html") from None
    return renderer(_day(day) if day is not None else None, items, since)


def _e(text: str) -> str:
    return escape(text, quote=True)


def _day(day: int | None) -> str | None:
    return None if day is None else date.fromordinal(day).isoformat()


def _heading(row) -> str:
    span = _day(row.first_day) if row.first_day == row.last_day else f"{_day(row.first_day)} to {_day(row.last_day)}"
    return f"Event {row.id} · {span} · {plural(row.size, 'article')}, {plural(row.sources, 'source')}"


def _title(day: str | None, items, since: bool = False) -> str:
    if day is None:
        return "Digest: the store is empty"
    return f"{'New since' if since else 'Digest for'} {day}: {plural(len(items), 'event')}"


def _text(day, items, since: bool = False) -> str:
    lines = [_title(day, items, since)]
    for item in items:
        row, summary = item.event, item.summary
        lines += ["", _heading(row)]
        number = citation_numbers(summary)
        for s in summary.sentences:
            cites = ",".join(str(number[a]) for a in cited_articles(s.sources))
            lines.append(f"  {s.text} [{cites}] ({support_badge(s)})")
        docs = {d.id: d.article for d in summary.cluster.documents}
        for article_id, n in number.items():
            a = docs[article_id]
            lines.append(f"    [{n}] {' · '.join(x for x in (a.source, a.title, a.date) if x) or article_id} ({article_id})")
    return "\n".join(lines) + "\n"


def _markdown(day, items, since: bool = False) -> str:
    parts = [f"# {_title(day, items, since)}", ""]
    for item in items:
        row, summary = item.event, item.summary
        parts += [f"## {_heading(row)}", ""]
        body = markdown.render(summary).split("\n")
        parts += ["#" + line if line.startswith("## ") else line for line in body]
    return "\n".join(parts).rstrip("\n") + "\n"


def event_fields(row: EventRow) -> dict:
    """A stored event's numbers as JSON: what `events`, `digest` and the API print for it."""
    return {"event": row.id, "first": _day(row.first_day), "last": _day(row.last_day), "size": row.size,
            "sources": row.sources}


def digest_dict(day: int | None, items) -> dict:
    """The digest as the JSON document of `digest --format json` (docs/json-schema.md)."""
    return _json_dict(_day(day), items)


def _json_dict(day: str | None, items) -> dict:
    return {"date": day, "events": [{**event_fields(i.event), **as_dict(i.summary)} for i in items]}


def _json_doc(day, items, since: bool = False) -> str:
    return _json.dumps(_json_dict(day, items), ensure_ascii=False, indent=2) + "\n"


def _html(day, items, since: bool = False) -> str:
    return html.page(_title(day, items, since), fragment(day, items, since=since))


def fragment(day, items, level: int = 1, since: bool = False) -> str:
    """The digest as HTML to put inside a page: a heading, then one section per event."""
    day = _day(day) if isinstance(day, int) else day
    body = [f"<h{level}>{_e(_title(day, items, since))}</h{level}>"]
    for item in items:
        row, summary = item.event, item.summary
        body.append(f'<section id="event-{row.id}"><h{level + 1}>{_e(_heading(row))}</h{level + 1}>')
        body.append(html.section(summary, prefix=f"e{row.id}-", level=level + 2))
        body.append("</section>")
    return "\n".join(body) + "\n"
