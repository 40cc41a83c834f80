"""Sentence selectors behind one interface (``base.Method``), registered in one place (``registry``)."""
from __future__ import annotations

from .base import Method
from .centroid import Centroid
from .hybrid import Hybrid
from .ilp import ConceptILP
from .klsum import KLSum
from .lead import Lead
from .lexrank import LexRank
from .llm import Abstractive
from .registry import REGISTRY, get, names
from .submodular import Submodular

__all__ = ["Method", "Centroid", "Hybrid", "ConceptILP", "KLSum", "Lead", "LexRank", "Abstractive", "Submodular",
           "REGISTRY", "get", "names"]
