"""Clustering quality against true events: B-cubed precision/recall/F1 and the adjusted Rand index."""
from __future__ import annotations

from collections import Counter
from math import comb
from typing import Hashable, Sequence


def bcubed(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> tuple[float, float, float]:
    """Bagga & Baldwin: per item, the share of its predicted cluster that is truly its event
    (precision) and of its event that is in its predicted cluster (recall), averaged."""
    pairs = Counter(zip(predicted, truth))
    in_pred, in_true = Counter(predicted), Counter(truth)
    n = len(predicted)
    precision = sum(c * c / in_pred[p] for (p, _), c in pairs.items()) / n
    recall = sum(c * c / in_true[t] for (_, t), c in pairs.items()) / n
    return precision, recall, 2 * precision * recall / (precision + recall)


def adjusted_rand(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> float:
    """Hubert & Arabie's adjusted Rand index: 1 for identical partitions, ~0 for random ones."""
    n = len(predicted)
    index = sum(comb(c, 2) for c in Counter(zip(predicted, truth)).values())
    a = sum(comb(c, 2) for c in Counter(predicted).values())
    b = sum(comb(c, 2) for c in Counter(truth).values())
    expected = a * b / comb(n, 2) if n > 1 else 0.0
    best = (a + b) / 2
    return 1.0 if best == expected else (index - expected) / (best - expected)
