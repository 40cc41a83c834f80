"""The registry: every method by name, in one place.

``get("lexrank", settings)`` is how the pipeline, the CLI, the API and ``evaluate`` reach a
method; adding a class to ``REGISTRY`` is all it takes to appear in all of them.
"""
from __future__ import annotations

from ..errors import ConfigError
from ..settings import Settings
from .base import Method
from .centroid import Centroid
from .hybrid import Hybrid
from .ilp import ConceptILP
from .klsum import KLSum
from .lead import Lead
from .lexrank import LexRank
from .llm import Abstractive
from .submodular import Submodular

REGISTRY: dict[str, type[Method]] = {cls.name: cls for cls in (Hybrid, Lead, Centroid, LexRank, Submodular, ConceptILP, KLSum, Abstractive)}


def names(local: bool = False) -> list[str]:
    """Every method, or with ``local`` only those that need no LLM endpoint (what ``evaluate`` runs by default)."""
    return [n for n, cls in REGISTRY.items() if not (local and cls.needs_llm)]


def get(name: str, settings: Settings = Settings()) -> Method:
    try:
        return REGISTRY[name](settings)
    except KeyError:
        raise ConfigError(f"unknown method {name!r}; choose from {', '.join(REGISTRY)}") from None
