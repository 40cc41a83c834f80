"""How much each sentence speaks to a query ("what about Iran?"): the query-focused methods' input.

The query and the sentences are TF-IDF vectors of stemmed content words over the cluster's
sentences (the query's words weighted by how rare they are in the cluster). The query is then
expanded from the cluster itself (Rocchio's pseudo-relevance feedback, Manning et al. 2008,
§9.1.6): the centroid of the ``EXPANSION_SENTENCES`` sentences closest to it is added with weight
``EXPANSION_WEIGHT``, so a sentence that names the query's subject in other words of the cluster
("Dees", "the center" for "Southern Poverty Law Center") still counts. Both numbers are the
textbook's usual values, not tuned here.

``on_topic`` is stricter: a sentence shares at least one content word with the query as asked.
Only those are ever chosen for a query-focused summary, so when the articles hold little on the
query the summary is short instead of padded with what they do hold.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..vectors import content_terms, tfidf

EXPANSION_SENTENCES = 10
EXPANSION_WEIGHT = 0.75


@dataclass(frozen=True)
class Focus:
    """Per candidate sentence: its relevance to the query (0-1, its best 1) and whether it shares
    a content word with the query as asked."""

    relevance: np.ndarray
    on_topic: np.ndarray


def focus(sentences, query: str, lang: str = "en") -> Focus:
    """The relevance of each sentence to ``query`` (see the module doc)."""
    asked = content_terms(query, lang)
    if not sentences:
        return Focus(np.zeros(0), np.zeros(0, dtype=bool))
    matrix = tfidf([s.terms for s in sentences] + [asked], idf_from=[s.terms for s in sentences])
    vectors, q = matrix[:-1], matrix[-1]
    first = np.asarray((vectors @ q.T).todense()).ravel()
    top = np.argsort(-first, kind="stable")[:EXPANSION_SENTENCES]
    top = top[first[top] > 0]
    score = first
    if len(top):
        expanded = np.asarray(q.todense()).ravel() + EXPANSION_WEIGHT * np.asarray(vectors[top].mean(axis=0)).ravel()
        score = np.asarray(vectors @ (expanded / np.linalg.norm(expanded))).ravel()
    best = score.max()
    return Focus(score / best if best > 0 else score, on_topic(sentences, query, lang))


def on_topic(sentences, query: str, lang: str = "en") -> np.ndarray:
    """Per sentence: it shares a content word with ``query`` as asked (see the module doc)."""
    words = set(content_terms(query, lang))
    return np.array([bool(words & set(s.terms)) for s in sentences], dtype=bool)
