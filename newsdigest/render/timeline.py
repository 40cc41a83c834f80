"""Timeline → text, Markdown, JSON or one HTML page.

Text: a ``YYYY-MM-DD`` line, its sentences one a line, a blank line, per day (what shell pipes and
the T17 format read). JSON: ``{"timeline": [{"date", "articles", "sentences": [...]}], "articles": …}``,
each sentence as in a summary (text, sources, support) and ``articles`` the same records as
``summarize``'s. HTML: the days on a rail, each sentence with its support and its citations that
open the backing sentences, then the sources.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Callable

from ..errors import ConfigError
from ..language import language
from ..model import Timeline
from .common import cited_articles, numbered, plural, support_badge
from .html import _e, _sources, page, sentence_block
from .json import article_records, summary_sentence
from .markdown import _escape


def _text(t: Timeline) -> str:
    return "".join(d.date + "\n" + "".join(s.text + "\n" for s in d.sentences) + "\n" for d in t.dates)


def as_dict(t: Timeline) -> dict:
    return {
        "language": t.cluster.language,
        **({"query": t.query} if t.query else {}),
        "timeline": [{"date": d.date, "articles": d.articles,
                      "sentences": [summary_sentence(s) for s in d.sentences]} for d in t.dates],
        "articles": article_records(t.cluster),
        "duplicates": [list(g) for g in t.cluster.duplicates],
        "warnings": list(t.warnings),
    }


def _json(t: Timeline) -> str:
    return json.dumps(as_dict(t), ensure_ascii=False, indent=2) + "\n"


def _sentences(t: Timeline):
    return [s for d in t.dates for s in d.sentences]


def _title(t: Timeline) -> str:
    if not t.dates:
        return "Timeline"
    return f"Timeline, {_long(t.dates[0].date)} – {_long(t.dates[-1].date)}" if len(t.dates) > 1 \
        else f"Timeline, {_long(t.dates[0].date)}"


def _long(day: str) -> str:
    d = date.fromisoformat(day)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _markdown(t: Timeline) -> str:
    number = numbered(_sentences(t))
    docs = {d.id: d for d in t.cluster.documents}
    lines = [f"## {_title(t)}", ""]
    if t.query:
        lines += [f"**Question:** {_escape(t.query)}", ""]
    if not t.dates:
        lines.append("*(no timeline: the articles carry no dates and name no day)*")
    for d in t.dates:
        lines += [f"### {d.date}", ""]
        for s in d.sentences:
            cites = "".join(f"[{number[a]}]" for a in cited_articles(s.sources))
            lines.append(f"- {_escape(s.text)} {cites} *({support_badge(s)})*")
        lines.append("")
    lines += ["## Sources", ""]
    for article_id, n in number.items():
        a = docs[article_id].article
        meta = ", ".join(x for x in (a.source, a.date) if x)
        lines.append(f"{n}. {_escape(a.title) or '(untitled)'}{f' ({_escape(meta)})' if meta else ''} `{article_id}`")
    return "\n".join(lines) + "\n"


TIMELINE_CSS = """
.days{list-style:none;margin:1rem 0;padding:0 0 0 1.4rem;border-left:3px solid #c5cae9}
.day{position:relative;margin:0 0 1.4rem}.day::before{content:"";position:absolute;left:-1.95rem;top:.35rem;
width:.8rem;height:.8rem;border-radius:50%;background:#3f51b5;border:2px solid #fff}
.day time{display:block;font-weight:600;color:#283593}.day .count{font-size:.8rem;color:#666;margin-left:.5rem;font-weight:400}
"""


def _html(t: Timeline) -> str:
    return page(_title(t), section(t, level=1), css=TIMELINE_CSS)


def section(t: Timeline, prefix: str = "", level: int = 2) -> str:
    """The timeline as HTML to put inside a page (styled by ``TIMELINE_CSS``): its title, the days
    on a rail, the sources; ``prefix`` keeps element ids unique, ``level`` is the title's heading level."""
    number = numbered(_sentences(t))
    docs = {d.id: d for d in t.cluster.documents}
    main = language(t.cluster.language)
    where = f'lang="{_e(main.code)}" dir="{"rtl" if main.rtl else "ltr"}"'
    out = [f"<h{level}>{_e(_title(t))}</h{level}>"]
    if t.query:
        out.append(f'<p class=query><strong>Question:</strong> <span dir=auto>{_e(t.query)}</span></p>')
    if not t.dates:
        out.append("<p><em>No timeline: the articles carry no dates and name no day.</em></p>")
    else:
        out.append("<ol class=days>")
        k = 0
        for d in t.dates:
            blocks = []
            for s in d.sentences:
                blocks.append(sentence_block(t, s, prefix, k, docs, number, where))
                k += 1
            out.append(f'<li class=day><time datetime="{d.date}">{_e(_long(d.date))}'
                       f'<span class=count>{plural(d.articles, "article")}</span></time>{"".join(blocks)}</li>')
        out.append("</ol>")
    if t.warnings:
        out.append("<details><summary>notes</summary><ul>" + "".join(f"<li>{_e(w)}</li>" for w in t.warnings)
                   + "</ul></details>")
    out.append(_sources(t, number, level + 1))
    return "\n".join(out) + "\n"


FORMATS: dict[str, Callable[[Timeline], str]] = {"text": _text, "markdown": _markdown, "json": _json, "html": _html}


def render_timeline(t: Timeline, fmt: str = "text") -> str:
    try:
        return FORMATS[fmt](t)
    except KeyError:
        raise ConfigError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}") from None
