"""What the human-readable formats share."""
from __future__ import annotations

from ..model import Summary


def citation_numbers(summary: Summary) -> dict[str, int]:
    """Article id -> [n], numbered in order of first citation in the summary."""
    number: dict[str, int] = {}
    for s in summary.sentences:
        for c in s.sources:
            number.setdefault(c.article, len(number) + 1)
    return number
