"""Sentences with [n] citations, then the numbered sources and what was left out."""
from __future__ import annotations

from ..model import Summary
from .common import cited_articles, citation_numbers, support_badge


def render(summary: Summary) -> str:
    docs = {d.id: d for d in summary.cluster.documents}
    number = citation_numbers(summary)
    b = summary.budget
    lines = [f"## Summary ({summary.method}, {b.limit} {b.unit})", ""]
    if summary.query:
        lines += [f"**Question:** {_escape(summary.query)}", ""]
    for s in summary.sentences:
        cites = "".join(f"[{number[a]}]" for a in cited_articles(s.sources))
        badge = support_badge(s)
        badge += "; generated, checked" if s.kind == "generated" else "; extracted: the generated one failed its check" \
            if s.draft else ""
        lines.append(f"- {_escape(s.text)} {cites} *({badge})*")
    if not summary.sentences:
        lines.append("*(no summary: nothing left to summarize)*")
    lines += ["", "## Sources", ""]
    copies = {g[0]: g[1:] for g in summary.cluster.groups}
    for article_id, n in number.items():
        a = docs[article_id].article
        meta = ", ".join(x for x in (a.source, a.date) if x)
        same = copies.get(article_id, ())
        dup = f" — same page as {', '.join(f'`{c}`' for c in same)}" if same else ""
        lines.append(f"{n}. {_escape(a.title) or '(untitled)'}{f' ({_escape(meta)})' if meta else ''} `{article_id}`{dup}")
    removed = sum(c.applied for d in summary.cluster.documents for c in d.removed)
    lines += ["", f"*{len(summary.cluster.documents)} articles read, "
                  f"{len(summary.cluster.representatives)} distinct, {removed} pieces of page noise removed.*", ""]
    return "\n".join(lines)


def _escape(text: str) -> str:
    """Keep source text from being read as Markdown or HTML markup."""
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text
