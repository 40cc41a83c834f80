"""Centroid (Radev et al. 2004, MEAD): sentences closest to the cluster's TF-IDF centroid.

The score adds MEAD's position feature, which favours each article's lead, scaled so that
the first sentence of an article earns as much as the best centroid score.
"""
from __future__ import annotations

import numpy as np

from .base import Method


class Centroid(Method):
    """Centroid (MEAD): closest to the cluster's TF-IDF centroid, with a lead bonus."""

    name = "centroid"

    def scores(self, sentences, vectors) -> np.ndarray:
        centroid = np.asarray(vectors.sum(axis=0)).ravel()
        norm = np.linalg.norm(centroid)
        if norm == 0:
            return np.zeros(len(sentences))
        similarity = np.asarray(vectors @ (centroid / norm)).ravel()
        position = np.array([1.0 / np.sqrt(s.position + 1) for s in sentences])
        return similarity + similarity.max() * position
