"""The method contract and the one selection skeleton every method shares.

A method is configured once (``__init__`` only stores settings, as in scikit-learn) and then
applied with ``select(cluster, budget)``. The skeleton is the same for all of them:

1. **guard**: no prose sentence, no selection;
2. **fit** the method's view of the cluster once (scores, concept weights, a word distribution);
3. **fill** the budget from the candidates of the first tier that yields anything: the
   ``eligible`` sentences that fit, then any sentence that fits;
4. **fallback**: if no sentence fits the budget at all, the most relevant one alone (the only
   case in which the budget is exceeded; ``summarize_cluster`` warns about it).

A scoring method (centroid, LexRank, lead) implements ``scores`` only and inherits ``fit`` and
the greedy ``fill``: best first, skipping what does not fit or repeats a chosen sentence. A
method with its own optimiser (ILP, submodular, KL-Sum) implements ``fit`` and ``fill``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar, Iterator

import numpy as np

from ..model import Budget, Cluster, Selection, Sentence
from ..settings import Settings
from ..vectors import tfidf
from .query import Focus, focus


@dataclass(frozen=True)
class Fitted:
    """A method's view of one cluster: a relevance score per sentence (the fallback's ranking and
    ``Selection.scores``) and whatever else its ``fill`` needs."""

    relevance: np.ndarray
    state: Any = None


class Pool:
    """The candidates of one selection: the cluster's prose sentences, their cost under the
    budget, which are eligible, and their TF-IDF vectors (computed on first use).

    Eligible: at least ``min_sentence_words`` words; a shorter sentence is a candidate only when
    no eligible one fits. Methods see ``Cluster.prose`` only, so a fragment (a heading, a label,
    a line cut off mid-sentence) is never a candidate, and only the sentences in the cluster's
    language are (``Cluster.candidates``): a summary is written in one language."""

    def __init__(self, cluster: Cluster, budget: Budget, min_words: int, query: str = "",
                 known: frozenset = frozenset()):
        self.cluster = cluster
        self.sentences: tuple[Sentence, ...] = cluster.candidates
        self.limit = budget.limit
        self.costs = np.array([budget.cost(s) for s in self.sentences], dtype=float)
        self.eligible = np.array([s.words >= min_words for s in self.sentences], dtype=bool)
        self.focus: Focus | None = focus(self.sentences, query, cluster.language) if query.strip() else None
        # what may be chosen at all: not what the reader has seen (``--since``), and for a query only
        # what shares a word with it
        self.open = np.array([(s.article, s.index) not in known for s in self.sentences], dtype=bool)
        if self.focus is not None:
            self.open &= self.focus.on_topic

    @cached_property
    def vectors(self):
        return tfidf([s.terms for s in self.sentences])

    def tiers(self) -> Iterator[np.ndarray]:
        """Masks of the candidates, tried in turn: eligible and fitting, then fitting; for a query,
        only sentences that share a word with it, ever."""
        fits = (self.costs <= self.limit) & self.open
        first = fits & self.eligible
        if first.any():
            yield first
        if fits.any() and not np.array_equal(first, fits):
            yield fits

    def keys(self, chosen) -> tuple[tuple[str, int], ...]:
        return tuple((self.sentences[i].article, self.sentences[i].index) for i in chosen)


class Method:
    name: ClassVar[str] = ""
    needs_llm: ClassVar[bool] = False  # True: reaches an LLM endpoint (settings.llm), so off by default in evaluate
    filtered: ClassVar[bool] = True
    """False for the published baselines: every sentence eligible, no redundancy filter."""

    def __init__(self, settings: Settings = Settings()):
        self.settings = settings

    def select(self, cluster: Cluster, budget: Budget, query: str = "", known: frozenset = frozenset()) -> Selection:
        """The sentences to say, within ``budget``; with a ``query``, those that answer it
        (``methods.query``): none that shares no word with it, so the summary may be shorter;
        none of the ``known`` keys (sentences that restate what the reader has read)."""
        if not cluster.candidates:
            return Selection(keys=())
        pool = Pool(cluster, budget, self.settings.min_sentence_words if self.filtered else 0, query, known)
        if not pool.open.any():
            return Selection(keys=())
        fitted = self.fit(pool)
        chosen: list[int] = []
        for allowed in pool.tiers():
            chosen = self.fill(pool, fitted, allowed)
            if chosen:
                break
        if not chosen:
            chosen = [int(np.flatnonzero(pool.open)[np.argmax(fitted.relevance[pool.open])])]
        scores = pool.focus.relevance if pool.focus is not None else fitted.relevance
        return Selection(keys=pool.keys(chosen),
                         scores={(s.article, s.index): float(x) for s, x in zip(pool.sentences, scores)})

    def fit(self, pool: Pool) -> Fitted:
        """The method's view of the cluster; by default its ``scores``, moved towards the query."""
        return Fitted(self.focused(pool, self.scores(pool.sentences, pool.vectors)))

    def query_share(self, pool: Pool) -> np.ndarray:
        """Each sentence's weight as something to cover or match under a query: ``1 - query_weight``
        plus ``query_weight`` × its relevance (1 for all without a query)."""
        if pool.focus is None:
            return np.ones(len(pool.sentences))
        return (1 - self.settings.query_weight) + self.settings.query_weight * pool.focus.relevance

    def focused(self, pool: Pool, scores: np.ndarray) -> np.ndarray:
        """``scores`` as they are, or with a query, ``1 - query_weight`` of them (scaled to 0-1)
        and ``query_weight`` of each sentence's relevance to the query."""
        if pool.focus is None:
            return scores
        low, high = float(scores.min()), float(scores.max())
        scaled = (scores - low) / (high - low) if high > low else np.ones_like(scores)
        weight = self.settings.query_weight
        return (1 - weight) * scaled + weight * pool.focus.relevance

    def fill(self, pool: Pool, fitted: Fitted, allowed: np.ndarray) -> list[int]:
        """Indexes chosen among the ``allowed`` candidates within the budget; by default best score first."""
        redundancy = self.settings.redundancy if self.filtered else math.inf
        return greedy_fill(pool, fitted.relevance, allowed, redundancy)

    def scores(self, sentences: tuple[Sentence, ...], vectors) -> np.ndarray:
        """One score per sentence, higher is better."""
        raise NotImplementedError


def greedy_fill(pool: Pool, scores: np.ndarray, allowed: np.ndarray, redundancy: float) -> list[int]:
    """Best-first among the ``allowed`` sentences within the budget, skipping any whose cosine
    with a chosen one exceeds ``redundancy``."""
    order = sorted(np.flatnonzero(allowed), key=lambda i: (-scores[i], i))
    cheapest = pool.costs[allowed].min()
    chosen: list[int] = []
    used = 0.0
    # the highest cosine of every sentence with one already chosen, updated as each is chosen
    # (one sparse product per chosen sentence instead of one per candidate)
    closest = np.full(len(pool.sentences), -np.inf)
    for i in order:
        if used + cheapest > pool.limit:
            break  # nothing more can fit
        if used + pool.costs[i] > pool.limit or closest[i] > redundancy:
            continue
        chosen.append(int(i))
        used += pool.costs[i]
        if redundancy < math.inf:
            vectors = pool.vectors
            closest = np.maximum(closest, np.asarray((vectors @ vectors[i].T).todense()).ravel())
    return chosen
