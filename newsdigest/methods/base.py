"""The method contract and the selection every scoring method shares.

A method is configured once (``__init__`` only stores settings, as in scikit-learn) and then
applied with ``select(cluster, budget)``. Scoring methods implement ``scores`` and inherit
the greedy fill: best first, skip what does not fit the budget or repeats a chosen sentence.
"""
from __future__ import annotations

from typing import ClassVar

import numpy as np

from ..model import Budget, Cluster, Selection, Sentence
from ..settings import Settings
from ..vectors import tfidf


class Method:
    name: ClassVar[str] = ""
    needs_llm: ClassVar[bool] = False  # True: reaches an LLM endpoint (settings.llm), so off by default in evaluate

    def __init__(self, settings: Settings = Settings()):
        self.settings = settings

    def select(self, cluster: Cluster, budget: Budget) -> Selection:
        sentences = cluster.prose
        if not sentences:
            return Selection(keys=())
        vectors = tfidf([s.terms for s in sentences])
        scores = self.scores(sentences, vectors)
        keys = greedy_fill(sentences, scores, vectors, budget, self.settings)
        return Selection(keys=keys, scores={(s.article, s.index): float(x) for s, x in zip(sentences, scores)})

    def scores(self, sentences: tuple[Sentence, ...], vectors) -> np.ndarray:
        """One score per sentence, higher is better."""
        raise NotImplementedError


def eligible(sentence: Sentence, settings: Settings) -> bool:
    """What every method chooses from first: a sentence of at least ``min_sentence_words``
    words (a shorter one only when none of these fits). Methods see ``Cluster.prose`` only, so
    a fragment (a heading, a label, a line cut off mid-sentence) is never a candidate."""
    return sentence.words >= settings.min_sentence_words


def greedy_fill(sentences, scores, vectors, budget: Budget, settings: Settings) -> tuple[tuple[str, int], ...]:
    """Best-first selection within the budget, skipping near-repeats of chosen sentences.

    Sentences that are not ``eligible`` are passed over unless nothing else fits.
    If no sentence fits the budget at all, the best one is returned alone (the only case in
    which the budget is exceeded; ``summarize`` warns about it).
    """
    order = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    costs = [budget.cost(s) for s in sentences]
    cheapest = min(costs)
    chosen: list[int] = []
    used = 0
    # the highest cosine of every sentence with one already chosen, updated as each is chosen
    # (one sparse product per chosen sentence instead of one per candidate)
    closest = np.full(len(sentences), -np.inf)
    for strict in (True, False):
        for i in order:
            if used + cheapest > budget.limit:
                break  # nothing more can fit
            if i in chosen or (strict and not eligible(sentences[i], settings)):
                continue
            if used + costs[i] > budget.limit or closest[i] > settings.redundancy:
                continue
            chosen.append(i)
            used += costs[i]
            closest = np.maximum(closest, np.asarray((vectors @ vectors[i].T).todense()).ravel())
        if chosen:
            break
    if not chosen:
        chosen = [order[0]]
    return tuple((sentences[i].article, sentences[i].index) for i in chosen)
