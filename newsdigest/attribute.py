"""Citations: which sentences of which articles back each summary sentence, and how many sources.

A sentence is backed by its origin and by the closest sentence of every other source that
states the same content: cosine (TF-IDF of stemmed content words) of at least
``support_similarity``, or a shared verbatim run of ``support_shared_words`` words (outlets
repeat a quote word for word and paraphrase around it, which cosine alone under-rates).
Only group representatives are sources, so two crawls of one page never count twice, and
support counts outlets, not articles: two stories by one wire service or site are one source
(the outlet is ``Article.source`` when a reader found one, else the article itself).
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from .model import Citation, Cluster, SummarySentence
from .outlets import source_key
from .settings import Settings
from .vectors import tfidf


def attribute(cluster: Cluster, keys: Sequence[tuple[str, int]], settings: Settings = Settings()) -> tuple[SummarySentence, ...]:
    sentences = cluster.sentences
    if not keys:
        return ()
    position = {(s.article, s.index): n for n, s in enumerate(sentences)}
    vectors = tfidf([s.terms for s in sentences])
    articles = np.array([s.article for s in sentences])
    outlet = {d.id: source_key(d.article) for d in cluster.documents}
    out = []
    for key in keys:
        i = position[key]
        sims = np.asarray((vectors @ vectors[i].T).todense()).ravel()
        runs = word_runs(sentences[i].text, settings.support_shared_words)
        sources = [Citation(*key)]
        for article in dict.fromkeys(articles):
            if article == key[0]:
                continue
            idx = np.flatnonzero(articles == article)
            backing = [j for j in idx if not sentences[j].fragment and (  # a heading is no evidence
                sims[j] >= settings.support_similarity
                or runs & word_runs(sentences[j].text, settings.support_shared_words))]
            if backing:
                best = max(backing, key=lambda j: sims[j])
                sources.append(Citation(article, sentences[best].index))
        out.append(SummarySentence(text=sentences[i].text, sources=tuple(sources),
                                   support=len({outlet[c.article] for c in sources})))
    return tuple(out)


def word_runs(text: str, n: int) -> set[tuple[str, ...]]:
    """Every run of ``n`` words, lower-cased, punctuation and quote styles ignored."""
    words = re.findall(r"\w+", text.lower().replace("’", "'"))
    return {tuple(words[k: k + n]) for k in range(len(words) - n + 1)}


def reading_order(cluster: Cluster, keys: Sequence[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """Dated articles first, oldest first; then input order; then position in the article."""
    rank = {d.id: (0 if d.article.date else 1, d.article.date, n) for n, d in enumerate(cluster.documents)}
    return tuple(sorted(keys, key=lambda k: (rank[k[0]], k[1])))
