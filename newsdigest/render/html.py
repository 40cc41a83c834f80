"""One self-contained HTML page: the summary with its evidence, for a reader in a browser.

Inline CSS and a few lines of inline JS, no network resources. Every piece of text that comes
from the articles goes through ``html.escape`` (quotes included) exactly once, in ``_e``; no
source text is ever put in an attribute unescaped or in a script.
"""
from __future__ import annotations

from html import escape

from ..language import language
from ..model import Summary
from .common import cited_articles, citation_numbers, plural, support_badge

CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
.sentence{margin:.6rem 0}.cite{font-size:.8rem;border:1px solid #99b;background:#eef;border-radius:3px;
cursor:pointer;padding:0 .3rem;margin-left:.2rem}.cite[aria-expanded=true]{background:#ccf}
.badge{font-size:.75rem;border-radius:8px;padding:0 .45rem;margin-left:.4rem;background:#e3f2e3;color:#1b5e20}
.badge.single{background:#fff3cd;color:#7a5b00}.claim{border-bottom:2px solid #a5d6a7}
.claim.single{border-bottom:2px dotted #e0a800;background:#fffbea}.evidence{display:none;margin:.3rem 0 .6rem 1rem;
padding:.4rem .6rem;border-left:3px solid #99b;background:#f7f7fb;font-size:.9rem}
.evidence.open,.sentence:hover>.evidence.hover{display:block}.src{color:#555;font-size:.8rem}
.quote{margin:.3rem 0}.speaker{font-weight:600}.version{margin-left:1rem}
table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #eee;text-align:left}
details{margin:.3rem 0}.cut{color:#777;font-size:.85rem}
"""

SCRIPT = """
document.addEventListener('click',function(e){var b=e.target.closest('.cite');if(!b)return;
var p=document.getElementById(b.getAttribute('aria-controls'));if(!p)return;var open=!p.classList.contains('open');
p.classList.toggle('open',open);b.setAttribute('aria-expanded',open?'true':'false');});
"""  # delegated, so it also serves reports inserted into a page later (the web page of `serve`)


def _e(text: str) -> str:
    return escape(text, quote=True)


def render(summary: Summary) -> str:
    b = summary.budget
    return page(f"Summary ({summary.method}, {b.limit} {b.unit})",
                f"<h1>Summary <span class=src>({_e(summary.method)}, {b.limit} {b.unit})</span></h1>\n"
                + section(summary))


def page(title: str, body: str, css: str = "", head: str = "") -> str:
    """A whole page around ``body``: the style (and ``css`` after it) and the script that opens
    citations; ``head`` goes into the head as it is (feed links)."""
    return "\n".join(["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
                      '<meta name="viewport" content="width=device-width,initial-scale=1">',
                      f"<title>{_e(title)}</title>", *([head] if head else []), f"<style>{CSS}{css}</style></head><body>",
                      body.rstrip("\n"), f"<script>{SCRIPT}</script></body></html>"]) + "\n"


def _text_lang(summary: Summary, article: str) -> str:
    """``lang`` and ``dir="auto"`` for a piece of an article (its direction from its own letters)."""
    return f'lang="{_e(summary.cluster.languages.get(article, summary.cluster.language))}" dir=auto'


def section(summary: Summary, prefix: str = "", level: int = 2) -> str:
    """The summary with its evidence, quotes, disagreements, entities and sources; ``prefix``
    keeps element ids unique when a page holds several summaries, ``level`` is the heading level."""
    docs = {d.id: d for d in summary.cluster.documents}
    number = citation_numbers(summary)
    main = language(summary.cluster.language)
    # the page's own words are English; each text carries its language and direction
    where = f'lang="{_e(main.code)}" dir="{"rtl" if main.rtl else "ltr"}"'
    out = [f'<p class=query><strong>Question:</strong> <span dir=auto>{_e(summary.query)}</span></p>'] if summary.query else []
    if not summary.sentences:
        out.append("<p><em>No summary: nothing left to summarize.</em></p>")
    out += [sentence_block(summary, s, prefix, k, docs, number, where) for k, s in enumerate(summary.sentences)]
    out += (_quotes(summary, level), _disagreements(summary, level), _entities(summary, level),
            _sources(summary, number, level))
    return "\n".join(x for x in out if x) + "\n"


def sentence_block(owner, s, prefix: str, k: int, docs, number: dict[str, int], where: str) -> str:
    """One sentence with its [n] buttons, its support badge and its evidence (shown on click or
    hover); ``owner`` is the summary or timeline it belongs to, ``prefix`` + ``k`` unique in the page."""
    cites = "".join(f'<button class=cite type=button aria-expanded=false aria-controls="{prefix}ev{k}" '
                    f'title="show the backing sentences">{number[a]}</button>' for a in cited_articles(s.sources))
    badge = (f'<span class="badge single" title="only one outlet states this">{support_badge(s)}</span>'
             if s.single_source else f"<span class=badge>{support_badge(s)}</span>")
    badge += _origin(s)
    evidence = "".join(
        f'<p {_text_lang(owner, c.article)}>[{number[c.article]}] {_e(docs[c.article].sentences[c.sentence].original)} '
        f'<span class=src>{_e(_label(docs[c.article].article))}</span></p>' for c in s.sources)
    return (f'<div class=sentence id="{prefix}s{k}" {where}>{_claims(s)} {cites}{badge}'
            f'<div class="evidence hover" id="{prefix}ev{k}">{evidence}</div></div>')


def _claims(s) -> str:
    """The sentence's text; when its claims have different support, each claim is marked with who
    states it, and a claim only one outlet states is highlighted as such."""
    if len({c.support for c in s.claims}) < 2:
        return _e(s.text)
    out, last = [], 0
    for c in s.claims:
        at = s.text.find(c.text, last)
        if at < 0:
            return _e(s.text)
        kind = "claim single" if c.support == 1 else "claim"
        what = "only one outlet states this part" if c.support == 1 else f"{c.support} outlets state this part"
        out.append(_e(s.text[last:at]) + f'<span class="{kind}" title="{what}">{_e(c.text)}</span>')
        last = at + len(c.text)
    return "".join(out) + _e(s.text[last:])


def _origin(s) -> str:
    """What --method llm did with this sentence: written and checked, or put back after a failed check."""
    if s.kind == "generated":
        return ' <span class=badge title="written by the LLM; its facts were checked against the sentences it cites">generated</span>'
    if s.draft:
        return (f' <span class="badge single" title="{_e("the generated sentence failed its check (" + "; ".join(s.check.reasons()) + "): " + s.draft)}">'
                'extracted: generated one failed its check</span>')
    return ""


def _label(article) -> str:
    return " · ".join(x for x in (article.source, article.title or article.id, article.date) if x)


def _quotes(summary: Summary, h: int) -> str:
    if not summary.quotes:
        return ""
    by_speaker: dict[str, list] = {}
    for g in summary.quotes:
        by_speaker.setdefault(g.speaker or "Speaker unknown", []).append(g)
    parts = [f"<h{h}>Quotes</h{h}>"]
    for speaker, groups in by_speaker.items():
        parts.append(f"<h{h + 1} class=speaker>{_e(speaker)}</h{h + 1}>")
        for g in groups:
            versions = "".join(f"<div class=version>“{_e(q.text)}” <span class=src>{_e(q.article)}</span></div>"
                               for q in g.quotes)
            parts.append(f"<div class=quote><span class=badge>{plural(g.sources, 'source')}"
                         f"</span>{versions}</div>")
    return "\n".join(parts)


def _disagreements(summary: Summary, h: int) -> str:
    if not summary.disagreements:
        return ""
    rows = []
    for d in summary.disagreements:
        versions = "<br>".join(f"{_e(v.text)} <span class=src>{_e(', '.join(cited_articles(v.citations)))}"
                               f"</span>" for v in d.versions)
        rows.append(f"<tr><td>{_e(d.kind)}</td><td>{_e(d.subject)}</td><td>{versions}</td></tr>")
    return (f"<h{h}>Where the sources disagree</h{h}><table><tr><th>kind</th><th>about</th><th>versions</th></tr>"
            + "".join(rows) + "</table>")


def _entities(summary: Summary, h: int) -> str:
    if not summary.entities:
        return ""
    rows = "".join(f"<tr><td>{_e(e.name)}</td><td>{_e(e.kind)}</td><td>{e.sources}</td><td>{e.mentions}</td></tr>"
                   for e in summary.entities)
    return (f"<h{h}>Named by two or more sources</h{h}><table><tr><th>name</th><th>kind</th><th>sources</th>"
            f"<th>mentions</th></tr>{rows}</table>")


def _sources(summary: Summary, number, h: int) -> str:
    copies = {g[0]: g[1:] for g in summary.cluster.groups}
    duplicate_of = {c: g[0] for g in summary.cluster.groups for c in g[1:]}
    parts = [f"<h{h}>Sources</h{h}>"]
    for d in summary.cluster.documents:
        n = f"[{number[d.id]}] " if d.id in number else ""
        same = (f" — same page as {_e(', '.join(copies[d.id]))}" if copies.get(d.id)
                else f" — duplicate of {_e(duplicate_of[d.id])}, not counted" if d.id in duplicate_of else "")
        cuts = "".join(f"<li class=cut {_text_lang(summary, d.id)}>{_e(c.reason)}{'' if c.applied else ' (not applied: kept)'}: {_e(c.text)}</li>"
                       for c in d.removed)
        made = sum(c.applied for c in d.removed)
        removed = (f"<details><summary>cleaning removed {plural(made, 'piece')}"
                   + (f", kept {len(d.removed) - made} it would have cut" if made < len(d.removed) else "")
                   + f"</summary><ul>{cuts}</ul></details>") if d.removed else ""
        parts.append(f"<div><strong {_text_lang(summary, d.id)}>{n}{_e(d.article.title or d.id)}</strong> "
                     f"<span class=src>{_e(_label(d.article))} · {_e(d.id)}</span>{same}{removed}</div>")
    return "\n".join(parts)
