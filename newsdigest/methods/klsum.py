"""KL-Sum (Haghighi & Vanderwende 2009): the summary whose word distribution is closest to the cluster's.

Greedy: add the sentence that most lowers KL(P_cluster || P_summary) over stemmed content
words (the summary distribution smoothed so the divergence stays finite), while it fits.
"""
from __future__ import annotations

import numpy as np

from ..model import Budget, Cluster, Selection
from .base import Method, eligible


class KLSum(Method):
    """KL-Sum: greedily match the cluster's word distribution."""

    name = "klsum"

    def select(self, cluster: Cluster, budget: Budget) -> Selection:
        sentences = cluster.prose
        if not sentences:
            return Selection(keys=())
        vocab: dict[str, int] = {}
        for s in sentences:
            for t in s.terms:
                vocab.setdefault(t, len(vocab))
        counts = np.zeros((len(sentences), max(1, len(vocab))))
        for i, s in enumerate(sentences):
            for t in s.terms:
                counts[i, vocab[t]] += 1
        p = counts.sum(axis=0) + 1e-12
        p /= p.sum()
        costs = np.array([budget.cost(s) for s in sentences], dtype=float)
        open_ = np.array([eligible(s, self.settings) for s in sentences]) & (costs <= budget.limit)
        summary = np.zeros(counts.shape[1])
        chosen: list[int] = []
        used = 0.0
        smooth = 0.01 * p  # a little of the cluster's own distribution
        while open_.any():
            q = summary[None, :] + counts + smooth
            q /= q.sum(axis=1, keepdims=True)
            kl = np.where(open_, (p * np.log(p / q)).sum(axis=1), np.inf)
            k = int(np.argmin(kl))
            open_[k] = False
            if used + costs[k] <= budget.limit:
                chosen.append(k)
                used += costs[k]
                summary += counts[k]
                open_ &= used + costs <= budget.limit
        if not chosen:
            chosen = [int(np.argmax(counts.sum(axis=1)))]
        return Selection(keys=tuple((sentences[j].article, sentences[j].index) for j in chosen))
