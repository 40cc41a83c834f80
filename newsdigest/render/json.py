"""The JSON document described in docs/json-schema.md."""
from __future__ import annotations

import json

from ..model import ARTICLE_STRINGS, Cluster, QuoteGroup, Summary, SummarySentence

# An article's text is given as its sentences; where a file sat on the machine that read it is
# not the reader's business (and not the API client's).
_NOT_SHOWN = ("text", "path")


def as_dict(summary: Summary) -> dict:
    b = summary.budget
    return {
        "method": summary.method,
        "budget": {"unit": b.unit, "limit": b.limit},
        "language": summary.cluster.language,
        **({"query": summary.query} if summary.query else {}),
        **({"since": list(summary.since)} if summary.since else {}),
        "summary": [summary_sentence(s) for s in summary.sentences],
        "articles": article_records(summary.cluster),
        "duplicates": [list(g) for g in summary.cluster.duplicates],
        "quotes": [quote_group(g) for g in summary.quotes],
        "disagreements": [
            {"kind": d.kind, "subject": d.subject,
             "versions": [{"text": v.text, "sources": [{"article": c.article, "sentence": c.sentence}
                                                       for c in v.citations]} for v in d.versions]}
            for d in summary.disagreements],
        "entities": [{"name": e.name, "kind": e.kind, "mentions": e.mentions, "sources": e.sources}
                     for e in summary.entities],
        "warnings": list(summary.warnings),
    }


def article_records(cluster: Cluster) -> list[dict]:
    """Every article read: its fields, its kept sentences (what citations index) and its cuts."""
    return [{**{k: getattr(d.article, k) for k in ARTICLE_STRINGS if k not in _NOT_SHOWN},
             "sentences": [s.original for s in d.sentences],
             "removed": [{"text": c.text, "reason": c.reason, "applied": c.applied} for c in d.removed]}
            for d in cluster.documents]


def summary_sentence(s: SummarySentence) -> dict:
    """``kind`` is ``extracted`` or ``generated``; ``claims``, for a sentence joining several claims,
    gives each clause's own sources and support (the sentence's support is its main claim's);
    ``check`` is present when an LLM wrote a sentence (the kept one's, or the rejected draft's that
    this extracted sentence replaces)."""
    out = {"text": s.text, "kind": s.kind,
           "sources": [{"article": c.article, "sentence": c.sentence} for c in s.sources],
           "support": s.support, "single_source": s.single_source}
    if s.relevance is not None:  # a query-focused summary: how much the sentence speaks to the query
        out["relevance"] = s.relevance
    if s.claims:  # a sentence of several claims: which part is stated by whom
        out["claims"] = [{"text": c.text, "support": c.support,
                          "sources": [{"article": x.article, "sentence": x.sentence} for x in c.sources]}
                         for c in s.claims]
    if s.check is not None:
        v = s.check
        out["check"] = {"supported": v.supported, "reasons": v.reasons(), "numbers_missing": list(v.numbers),
                        "names_missing": list(v.names), "negation_flipped": v.negation_flipped, "quote_unmarked": v.unquoted,
                        "overlap": round(v.overlap, 3), "min_overlap": v.min_overlap, "judge": v.judge or None,
                        "against": [{"article": c.article, "sentence": c.sentence} for c in v.against],
                        "cited_by": "alignment" if v.aligned else "model"}
    if s.draft:
        out["replaces"] = s.draft
    return out


def quote_group(group: QuoteGroup) -> dict:
    return {"speaker": group.speaker, "sources": group.sources,
            "quotes": [{"text": q.text, "speaker": q.speaker, "article": q.article, "sentence": q.sentence}
                       for q in group.quotes]}


def render(summary: Summary) -> str:
    return json.dumps(as_dict(summary), ensure_ascii=False, indent=2) + "\n"
