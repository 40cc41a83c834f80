"""LexRank (Erkan & Radev 2004): sentence centrality in the cosine-similarity graph.

Continuous LexRank: edges weighted by cosine above ``lexrank_threshold`` (0.1 in the paper),
row-normalised, PageRank with damping ``lexrank_damping`` solved by power iteration.
"""
from __future__ import annotations

import numpy as np

from .base import Method


class LexRank(Method):
    """LexRank: centrality in the sentence cosine graph (PageRank)."""

    name = "lexrank"

    def scores(self, sentences, vectors) -> np.ndarray:
        n = len(sentences)
        sim = (vectors @ vectors.T).toarray()
        sim[sim < self.settings.lexrank_threshold] = 0.0
        np.fill_diagonal(sim, 0.0)
        rows = sim.sum(axis=1, keepdims=True)
        # A sentence with no neighbour links uniformly (a dangling node in PageRank).
        transition = np.where(rows > 0, sim / np.where(rows > 0, rows, 1), 1.0 / n)
        d = self.settings.lexrank_damping
        p = np.full(n, 1.0 / n)
        for _ in range(100):
            nxt = (1 - d) / n + d * transition.T @ p
            if np.abs(nxt - p).sum() < 1e-8:
                p = nxt
                break
            p = nxt
        return p
