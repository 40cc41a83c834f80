"""A static site of the store's events: an index, a page per event, an Atom feed and a JSON Feed.

The index lists the events of the latest day (with their one-line summaries, source and article
counts) and, below, the other events of the days before; each event page holds its summary with
citations, its latest update when it spans several days, its timeline, its quotes and its sources
(the same HTML as ``--format html``). ``feed.xml`` is Atom (RFC 4287), ``feed.json`` JSON Feed
1.1, one entry per event, newest first. Links are relative unless a base URL is given (feeds
readers want absolute ones: give ``--base-url``).
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape as xml_escape

from ..model import EventRow, Summary, Timeline
from .common import plural
from .html import _e, page, section
from .timeline import TIMELINE_CSS, section as timeline_section

SITE_CSS = """
.events{list-style:none;padding:0}.events li{margin:0 0 1.1rem}.events a{font-weight:600}
.meta{color:#555;font-size:.85rem;display:block}.events p{margin:.2rem 0}.update{border-left:3px solid #3f51b5;padding-left:.8rem}
header nav a{margin-right:.8rem;font-size:.9rem}
"""


@dataclass(frozen=True)
class SiteEvent:
    """An event as the site shows it: its row, its one-line summary, its summary's text, and for
    its own page the summary, its latest update (None for a one-day event) and its timeline."""

    row: EventRow
    headline: str  # the one-line summary
    text: str = ""  # the summary's sentences as one text (the feeds' content)
    name: str = ""  # a title for the event: its first article's headline
    summary: Summary | None = None
    update: tuple[int, Summary] | None = None
    timeline: Timeline | None = None


def _day(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _span(row: EventRow) -> str:
    first, last = _day(row.first_day), _day(row.last_day)
    return first if first == last else f"{first} to {last}"


def _facts(row: EventRow) -> str:
    return f"{_span(row)} · {plural(row.sources, 'source')}, {plural(row.size, 'article')}"


def page_name(row: EventRow) -> str:
    return f"events/{row.id}.html"


def index_html(title: str, day: int | None, today: list[SiteEvent], earlier: list[SiteEvent]) -> str:
    head = ('<link rel="alternate" type="application/atom+xml" title="Atom" href="feed.xml">\n'
            '<link rel="alternate" type="application/feed+json" title="JSON Feed" href="feed.json">')
    body = [f"<header><h1>{_e(title)}</h1><nav><a href=feed.xml>Atom feed</a><a href=feed.json>JSON Feed</a></nav></header>"]
    if day is None:
        body.append("<p><em>No events yet.</em></p>")
    else:
        body.append(f"<h2>{_e(_day(day))}: {plural(len(today), 'event')}</h2>")
        body.append(_list(today))
        if earlier:
            body += ["<h2>Earlier</h2>", _list(earlier)]
    return page(title, "\n".join(body), css=SITE_CSS, head=head)


def _list(items: list[SiteEvent]) -> str:
    rows = [f'<li><a href="{page_name(i.row)}">{_e(_name(i))}</a>'
            + (f"<p>{_e(i.headline)}</p>" if i.headline and i.headline != _name(i) else "")
            + f'<span class=meta>{_e(_facts(i.row))}</span></li>' for i in items]
    return "<ul class=events>" + "".join(rows) + "</ul>"


def _name(item: SiteEvent) -> str:
    return item.name or item.headline or f"Event {item.row.id}"


def event_html(title: str, item: SiteEvent) -> str:
    row = item.row
    body = [f'<header><nav><a href="../index.html">{_e(title)}</a></nav>'
            f"<h1>{_e(_name(item))}</h1><p class=meta>{_e(_facts(row))}</p></header>"]
    if item.summary is not None:
        body += ["<h2>Summary</h2>", section(item.summary, prefix="s-", level=3)]
    if item.update is not None:
        since, update = item.update
        body += [f"<section class=update><h2>New since {_e(_day(since))}</h2>",
                 section(update, prefix="u-", level=3), "</section>"]
    if item.timeline is not None and item.timeline.dates:
        body.append(timeline_section(item.timeline, prefix="t-", level=2))
    return page(f"{_name(item)} · {title}", "\n".join(body), css=TIMELINE_CSS + SITE_CSS)


def _entry_id(base_url: str, row: EventRow) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{base_url or 'newsdigest:'}{page_name(row)}").urn


def _time(ordinal: int) -> str:
    return f"{_day(ordinal)}T00:00:00Z"


def _text(item: SiteEvent) -> str:
    return item.text or item.headline


def atom(title: str, base_url: str, items: list[SiteEvent]) -> str:
    """RFC 4287: a feed id, title and updated; per entry an id, title, updated, link and summary."""
    updated = max((i.row.last_day for i in items), default=date.today().toordinal())
    x = xml_escape
    where = f' xml:base="{x(base_url)}"' if base_url else ""
    out = ['<?xml version="1.0" encoding="utf-8"?>', f'<feed xmlns="http://www.w3.org/2005/Atom"{where}>',
           f"<id>{uuid.uuid5(uuid.NAMESPACE_URL, base_url or 'newsdigest:' + title).urn}</id>",
           f"<title>{x(title)}</title>", f"<updated>{_time(updated)}</updated>",
           "<author><name>newsdigest</name></author>",
           '<link rel="self" href="feed.xml"/>', '<link rel="alternate" type="text/html" href="index.html"/>',
           '<generator uri="https://pypi.org/project/newsdigest/">newsdigest</generator>']
    for i in items:
        out += ["<entry>", f"<id>{_entry_id(base_url, i.row)}</id>", f"<title>{x(_name(i))}</title>",
                f"<published>{_time(i.row.first_day)}</published>", f"<updated>{_time(i.row.last_day)}</updated>",
                f'<link rel="alternate" type="text/html" href="{x(page_name(i.row))}"/>',
                f"<summary>{x(_text(i))} ({x(_facts(i.row))})</summary>", "</entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def json_feed(title: str, base_url: str, items: list[SiteEvent]) -> str:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": title,
           **({"home_page_url": base_url + "index.html", "feed_url": base_url + "feed.json"} if base_url else {}),
           "items": [{"id": _entry_id(base_url, i.row), "url": base_url + page_name(i.row),
                      "title": _name(i), "content_text": _text(i),
                      "summary": _facts(i.row), "date_published": _time(i.row.first_day),
                      "date_modified": _time(i.row.last_day),
                      "_newsdigest": {"event": i.row.id, "sources": i.row.sources, "articles": i.row.size}}
                     for i in items]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
