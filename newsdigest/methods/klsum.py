"""KL-Sum (Haghighi & Vanderwende 2009): the summary whose word distribution is closest to the cluster's.

Greedy: add the sentence that most lowers KL(P_cluster || P_summary) over stemmed content
words (the summary distribution smoothed so the divergence stays finite), while it fits.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .base import Fitted, Method, Pool


@dataclass(frozen=True)
class Distribution:
    """Term counts per sentence and the cluster's smoothed word distribution P."""

    counts: np.ndarray
    p: np.ndarray


class KLSum(Method):
    """KL-Sum: greedily match the cluster's word distribution."""

    name = "klsum"

    def fit(self, pool: Pool) -> Fitted:
        vocab: dict[str, int] = {}
        for s in pool.sentences:
            for t in s.terms:
                vocab.setdefault(t, len(vocab))
        counts = np.zeros((len(pool.sentences), max(1, len(vocab))))
        for i, s in enumerate(pool.sentences):
            for t in s.terms:
                counts[i, vocab[t]] += 1
        # a query: the word distribution to match is that of what speaks to it
        weight = self.query_share(pool)
        p = (counts * weight[:, None]).sum(axis=0) + 1e-12
        p /= p.sum()
        return Fitted(relevance=self.focused(pool, counts.sum(axis=1)), state=Distribution(counts, p))

    def fill(self, pool: Pool, fitted: Fitted, allowed: np.ndarray) -> list[int]:
        counts, p = fitted.state.counts, fitted.state.p
        costs = pool.costs
        open_ = allowed.copy()
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
            if used + costs[k] <= pool.limit:
                chosen.append(k)
                used += costs[k]
                summary += counts[k]
                open_ &= used + costs <= pool.limit
        return chosen
