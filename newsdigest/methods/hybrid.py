"""The default: concept ILP with lead-weighted concepts where document frequency means something,
centroid where it cannot.

Document frequency is the ILP's evidence that a fact matters; with a handful of sources it is
mostly 1 or 2 and ties everywhere. On DUC 2003 cut to its first 2 or 3 articles the ILP and the
centroid are within 0.2 R-2, from 5 articles on the ILP pulls ahead (+1.2 R-2;
benchmarks/few_sources.py), and on NeuS (3 sources) the centroid is ahead (docs/benchmarks.md). So: ILP from ``hybrid_min_documents``
distinct sources on, centroid below, both as registered elsewhere. Concepts are weighted
df · (1 + β / sqrt(1 + earliest position)), β = ``hybrid_position``: a fact in the lead of some
article counts more, as in news it usually matters more. Each sentence also earns a
relevance bonus from its centroid score (γ = ``hybrid_relevance``): concept coverage alone picks
dense mid-article sentences that, on topic series such as MultiLing's WikiNews, miss what
readers summarise. The concepts of each article's opening sentence count even where fewer
documents share them (``hybrid_lead_concepts``), at their document frequency alone.
"""
from __future__ import annotations

from dataclasses import replace

from ..model import Budget, Cluster, Selection
from .base import Method
from .centroid import Centroid
from .ilp import ConceptILP


class Hybrid(Method):
    """Default: lead-weighted concept ILP for 5+ sources, centroid for fewer."""

    name = "hybrid"

    def select(self, cluster: Cluster, budget: Budget, query: str = "", known: frozenset = frozenset()) -> Selection:
        if len(cluster.own) >= self.settings.hybrid_min_documents:
            ilp = replace(self.settings, ilp_position=self.settings.hybrid_position,
                          ilp_relevance=self.settings.hybrid_relevance,
                          ilp_lead_concepts=self.settings.hybrid_lead_concepts)
            return ConceptILP(ilp).select(cluster, budget, query, known)
        return Centroid(self.settings).select(cluster, budget, query, known)
