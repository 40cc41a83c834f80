"""Lead: the first sentences of each article in turn, the baseline news summarization must beat.

Round-robin over the articles (first sentence of each, then the second, ...) in input order
rather than the lead of one article: with several sources it is the stronger baseline
(about 42 R-1 on Multi-News), and it needs no choice of "the" article.
"""
from __future__ import annotations

import numpy as np

from .base import Method


class Lead(Method):
    """Round-robin lead: each article's first sentences in turn."""

    name = "lead"

    def scores(self, sentences, vectors) -> np.ndarray:
        articles = list(dict.fromkeys(s.article for s in sentences))
        order = {a: n for n, a in enumerate(articles)}
        # Position first, then article order: higher score = earlier in the round-robin.
        return np.array([-(s.position * len(articles) + order[s.article]) for s in sentences], dtype=float)
