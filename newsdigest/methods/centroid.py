"""Centroid (Radev et al. 2004, MEAD): sentences closest to the cluster's TF-IDF centroid.

MEAD scores a sentence by a sum of features. Here: its cosine to the centroid, its position
(1/sqrt(1 + index), favouring each article's lead) and, if ``centroid_centrality`` is set (off by
default; Erkan & Radev 2004 added LexRank to MEAD as a feature), its LexRank centrality; the
bonuses are scaled so that their best sentence earns ``centroid_position`` and
``centroid_centrality`` times the best centroid cosine.
"""
from __future__ import annotations

import numpy as np

from .base import Method
from .lexrank import LexRank


def mead(sentences, vectors, position: float, centrality: float, settings) -> np.ndarray:
    """MEAD's sentence score: cosine to the centroid + ``position`` × lead feature + ``centrality`` ×
    LexRank, each bonus scaled to the best cosine."""
    centroid = np.asarray(vectors.sum(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    if norm == 0:
        return np.zeros(len(sentences))
    similarity = np.asarray(vectors @ (centroid / norm)).ravel()
    best = similarity.max()
    lead = np.array([1.0 / np.sqrt(s.position + 1) for s in sentences])
    score = similarity + position * best * lead
    if centrality:
        rank = LexRank(settings).scores(sentences, vectors)
        score = score + centrality * best * rank / max(rank.max(), 1e-12)
    return score


class Centroid(Method):
    """Centroid (MEAD): closest to the cluster's TF-IDF centroid, with lead and centrality bonuses."""

    name = "centroid"

    def scores(self, sentences, vectors) -> np.ndarray:
        return mead(sentences, vectors, self.settings.centroid_position, self.settings.centroid_centrality,
                    self.settings)
