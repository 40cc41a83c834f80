"""``llm``: the default method's selection, fused by an LLM, every sentence checked.

The method only chooses (the default method's extractive summary, which is the answer whenever
the model fails) and says it needs an endpoint; ``pipeline.summarize_cluster`` then runs the
abstractive stage (``newsdigest.llm.rewrite``) after attribution.
"""
from __future__ import annotations

from ..config import check_llm
from ..settings import Settings
from .hybrid import Hybrid


class Abstractive(Hybrid):
    """Optional: an LLM fuses the default selection; sentences its sources do not support fall back."""

    name = "llm"
    needs_llm = True

    def __init__(self, settings: Settings = Settings()):
        super().__init__(settings)
        check_llm(settings.llm)
