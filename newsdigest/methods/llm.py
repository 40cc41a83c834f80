"""``llm``: the default method's selection, fused by an LLM, every sentence checked (newsdigest.llm).

``select`` is the default method's extractive summary at the budget, the answer whenever the
model fails. ``write`` gives the model more material (``llm.material`` × the budget, so it has
room to fuse) and keeps what ``newsdigest.llm.rewrite`` lets through.
"""
from __future__ import annotations

import math
from dataclasses import replace

from ..attribute import attribute, reading_order
from ..llm import require, rewrite
from ..model import Budget, Cluster, Selection, SummarySentence
from ..settings import Settings
from .base import Method
from .hybrid import Hybrid


class Abstractive(Method):
    """Optional: an LLM fuses the default selection; sentences its sources do not support fall back."""

    name = "llm"
    needs_llm = True

    def __init__(self, settings: Settings = Settings()):
        super().__init__(settings)
        require(settings.llm)

    def select(self, cluster: Cluster, budget: Budget) -> Selection:
        return Hybrid(self.settings).select(cluster, budget)

    def write(self, cluster: Cluster, extracted: tuple[SummarySentence, ...],
              budget: Budget) -> tuple[tuple[SummarySentence, ...], tuple[str, ...]]:
        larger = replace(budget, **{budget.unit: math.ceil(budget.limit * self.settings.llm.material)})
        keys = reading_order(cluster, Hybrid(self.settings).select(cluster, larger).keys)
        return rewrite(cluster, attribute(cluster, keys, self.settings), extracted, budget, self.settings.llm)
