"""Submodular coverage + diversity (Lin & Bilmes 2011).

F(S) = L(S) + λ R(S), with w_ij the TF-IDF cosine of sentences i and j:

- coverage  L(S) = Σ_i min(C_i(S), α C_i(V)),  C_i(S) = Σ_{j∈S} w_ij,  α = a / N;
- diversity R(S) = Σ_k sqrt(Σ_{j ∈ P_k ∩ S} r_j),  r_j = (1/N) Σ_i w_ij, the P_k a k-means
  partition of the sentences into K = 0.2 N clusters.

Maximised by the paper's budgeted greedy (gain / cost^r, r = 0.3), then compared with the best
single sentence, which gives the (1 - 1/e)/2 guarantee. The paper's DUC 2004 values: a = 5,
λ = 6, r = 0.3.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .base import Fitted, Method, Pool


@dataclass(frozen=True)
class Graph:
    """Sentence similarities w_ij and the k-means partition P_k of the sentences."""

    w: np.ndarray
    labels: np.ndarray


class Submodular(Method):
    """Submodular coverage + diversity (Lin & Bilmes), budgeted greedy."""

    name = "submodular"

    def fit(self, pool: Pool) -> Fitted:
        w = (pool.vectors @ pool.vectors.T).toarray()
        if pool.focus is not None:  # a query: what is to be covered is what speaks to it (Lin & Bilmes 2011, §5)
            w = w * self.query_share(pool)[:, None]
        labels = partition(pool.vectors, self.settings.submodular_clusters, len(pool.sentences))
        return Fitted(relevance=self.focused(pool, w.sum(axis=0)), state=Graph(w, labels))

    def fill(self, pool: Pool, fitted: Fitted, allowed: np.ndarray) -> list[int]:
        graph: Graph = fitted.state
        return greedy(graph.w, graph.labels, pool.costs, pool.limit, allowed,
                      self.settings.submodular_alpha / len(pool.sentences), self.settings.submodular_lambda,
                      self.settings.submodular_cost_power)


def partition(vectors, share: float, n: int) -> np.ndarray:
    """k-means labels of the sentences' TF-IDF vectors, K = share · N (seeded: reruns agree)."""
    from scipy.cluster.vq import kmeans2  # here: importing scipy.cluster costs the CLI start-up

    k = max(1, min(n, round(share * n)))
    if k == 1 or vectors.shape[1] == 0:
        return np.zeros(n, dtype=int)
    _, labels = kmeans2(vectors.toarray(), k, minit="++", seed=0)
    return labels


def greedy(w: np.ndarray, labels: np.ndarray, costs: np.ndarray, limit: float, allowed: np.ndarray,
           alpha: float, lam: float, r: float) -> list[int]:
    n = len(costs)
    cap = alpha * w.sum(axis=1)                   # α C_i(V)
    reward = w.sum(axis=0) / n                    # r_j
    coverage = np.zeros(n)                        # C_i(S)
    mass = np.zeros(labels.max() + 1)             # Σ r_j over S ∩ P_k
    chosen: list[int] = []
    used = 0.0
    open_ = allowed.copy()
    while open_.any():
        gain_l = np.minimum(coverage[:, None] + w, cap[:, None]).sum(axis=0) - np.minimum(coverage, cap).sum()
        gain_r = np.sqrt(mass[labels] + reward) - np.sqrt(mass[labels])
        ratio = np.where(open_, (gain_l + lam * gain_r) / np.maximum(costs, 1) ** r, -np.inf)
        k = int(np.argmax(ratio))
        open_[k] = False
        if used + costs[k] <= limit:
            chosen.append(k)
            used += costs[k]
            coverage += w[:, k]
            mass[labels[k]] += reward[k]
    # The best single sentence, if it scores higher on its own (Lin & Bilmes, Algorithm 1).
    if chosen:
        singles = np.where(allowed, objective(w, labels, cap, reward, lam, None), -np.inf)
        best = int(np.argmax(singles))
        if singles[best] > objective(w, labels, cap, reward, lam, chosen):
            return [best]
    return chosen


def objective(w, labels, cap, reward, lam, chosen):
    """F(S) for S = ``chosen``, or F({j}) for every j when ``chosen`` is None."""
    if chosen is None:
        coverage = np.minimum(w, cap[:, None]).sum(axis=0)
        return coverage + lam * np.sqrt(reward)
    coverage = np.minimum(w[:, chosen].sum(axis=1), cap).sum()
    mass = np.bincount(labels[chosen], weights=reward[chosen], minlength=labels.max() + 1)
    return coverage + lam * np.sqrt(mass).sum()
