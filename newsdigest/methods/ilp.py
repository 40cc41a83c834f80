"""Concept-coverage ILP (Gillick & Favre 2009, the core of ICSISumm).

Concepts are stemmed word bigrams (not two stop words) weighted by how many documents contain
them; rare ones (in fewer than ``ilp_min_df`` documents) are dropped. The summary maximises
the total weight of the concepts it covers, each counted once, under the length budget:

    max Σ w_i c_i   s.t.  Σ l_j s_j ≤ L,   s_j ≤ c_i (i in j),   Σ_{j ∋ i} s_j ≥ c_i,   c, s ∈ {0, 1}

(plus, when ``ilp_relevance`` γ > 0, a sentence-relevance term Σ b_j s_j, and with
``ilp_lead_concepts`` the rarer concepts of articles' opening sentences; both off for this method)
solved by HiGHS (``scipy.optimize.milp``), exactly unless it needs more than ``ilp_node_limit``
branch-and-bound nodes (then its best solution so far). The work is bounded by size, not by the
clock, so one input always gives one summary. If HiGHS has no feasible point, or the
``ilp_time_guard`` against pathological input fires, a greedy pass (best weight of new concepts
per unit of length) answers instead, so the method never hangs.
"""
from __future__ import annotations

import math
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..model import Cluster
from ..vectors import concepts
from .base import Fitted, Method, Pool
from .centroid import mead


@dataclass(frozen=True)
class Concepts:
    """The ILP's view of a cluster: concept weights, the concept × sentence occurrence matrix and
    each sentence's relevance bonus (zero unless ``ilp_relevance``)."""

    weights: np.ndarray
    occurrence: sparse.csc_matrix
    bonus: np.ndarray


class ConceptILP(Method):
    """Concept ILP (Gillick & Favre): most document-frequent bigrams, exactly, under the budget."""

    name = "ilp"

    def fit(self, pool: Pool) -> Fitted:
        weights, occurrence = self.concept_weights(pool.cluster)
        if pool.focus is not None and len(weights):
            # a query weighs each concept by the relevance of the most relevant sentence holding it
            # (Gillick et al. 2008's query-focused variant weighted by the query's words alone)
            near = np.asarray(occurrence.multiply(pool.focus.relevance[None, :]).max(axis=1).todense()).ravel()
            weights = weights * (1 + self.settings.query_concepts * near)
        covered = occurrence.T @ weights  # each sentence's concept weight (zeros if no concept is kept)
        bonus = np.zeros(len(pool.sentences))
        if self.settings.ilp_relevance and len(weights):
            # Sentence relevance beside concept coverage: MEAD's cosine to the centroid plus its
            # full lead bonus, scaled so the most relevant sentence earns γ × an average eligible
            # sentence's concept weight. γ was chosen with this score; the centroid method's
            # LexRank feature added here lowers DUC 2003 and MultiLing (docs/benchmarks.md).
            relevance = self.focused(pool, mead(pool.sentences, pool.vectors, position=1.0, centrality=0.0,
                                                settings=self.settings))
            among = pool.eligible if pool.eligible.any() else slice(None)
            bonus = (self.settings.ilp_relevance * covered[among].mean() * relevance
                     / max(relevance[among].max(), 1e-12))
        return Fitted(relevance=covered, state=Concepts(weights, occurrence.tocsc(), bonus))

    def fill(self, pool: Pool, fitted: Fitted, allowed: np.ndarray) -> list[int]:
        found: Concepts = fitted.state
        candidates = np.flatnonzero(allowed)
        chosen = solve(found.weights, found.occurrence[:, candidates].tocsr(), pool.costs[candidates], pool.limit,
                       self.settings.ilp_node_limit, self.settings.ilp_gap, found.bonus[candidates],
                       self.settings.ilp_time_guard)
        return [int(candidates[j]) for j in chosen]

    def concept_weights(self, cluster: Cluster) -> tuple[np.ndarray, sparse.csr_matrix]:
        """Concept weights and the concept × sentence occurrence matrix (``cluster.candidates``)."""
        sentences = cluster.candidates  # the representatives' sentences, article by article
        lang = cluster.language
        found = [set(concepts(s.text, lang)) for s in sentences]  # once per sentence: the hot path
        df: dict[tuple[str, str], int] = {}
        lead: dict[tuple[str, str], float] = {}  # earliest position a concept appears at, as 1/sqrt(i+1)
        seen: dict[str, set] = {}
        for s, here in zip(sentences, found):
            in_article = seen.setdefault(s.article, set())
            for c in here - in_article:
                in_article.add(c)
                df[c] = df.get(c, 0) + 1
                lead[c] = max(lead.get(c, 0.0), 1.0 / math.sqrt(s.position + 1))
        floor = min_df(len(cluster.own), self.settings.ilp_min_df)
        beta = self.settings.ilp_position
        weight = {c: n * (1 + beta * lead[c]) for c, n in df.items() if n >= floor}
        if self.settings.ilp_lead_concepts:
            # what an article opens with counts though fewer documents share it, at its document
            # frequency alone: on a story followed over months each article's opening is its news
            weight.update({c: float(n) for c, n in df.items() if n < floor and lead[c] == 1.0})
        kept = sorted(weight)
        index = {c: k for k, c in enumerate(kept)}
        rows, cols = [], []
        for j, here in enumerate(found):
            for c in here:
                if c in index:
                    rows.append(index[c])
                    cols.append(j)
        occurrence = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(kept), len(sentences)))
        return np.array([weight[c] for c in kept], dtype=float), occurrence


def min_df(documents: int, floor: int) -> int:
    """Gillick & Favre's 3 documents for ~10-document clusters, scaled down for small clusters."""
    return max(1, min(floor, math.ceil(documents / 3)))


def milp(**problem):
    """scipy's HiGHS front end, imported on first use (it adds ~0.4 s to every CLI start)."""
    from scipy.optimize import milp as highs

    return highs(**problem)


def solve(weights: np.ndarray, occurrence: sparse.csr_matrix, costs: np.ndarray, limit: float,
          node_limit: int, gap: float = 1e-4, bonus: np.ndarray | None = None,
          time_guard: float = 30.0) -> list[int]:
    """Indexes of the chosen sentences: HiGHS's answer within ``node_limit`` nodes, or the greedy
    one if HiGHS has none or ran into ``time_guard`` (a clock-dependent incumbent is never used).
    HiGHS gets only the sentences that can be in an optimal summary (``possible``)."""
    n_c, n_s = occurrence.shape
    bonus = np.zeros(n_s) if bonus is None else bonus
    if n_c == 0:
        return _greedy(weights, occurrence, costs, limit, bonus)
    keep = possible(weights, occurrence, costs, limit, bonus)
    part = occurrence[:, keep].tocsr()
    rows = np.flatnonzero(np.diff(part.indptr))  # concepts the kept sentences still hold
    part, held = merged(part[rows], weights[rows])
    n_c = len(held)
    # sum_j s_j - c_i >= 0 for each concept, and the budget. Gillick & Favre also state
    # s_j <= c_i for every occurrence; with positive weights a maximum sets c_i = 1 whenever
    # i is covered anyway, so those rows (thousands) change no optimum and only slow HiGHS.
    cover = sparse.hstack([-sparse.identity(n_c), part]).tocsr()
    length = sparse.csr_matrix(np.r_[np.zeros(n_c), costs[keep]][None, :])
    with _quiet_stdout():
        result = milp(c=-np.r_[held, bonus[keep]], integrality=np.r_[np.zeros(n_c), np.ones(len(keep))],
                      bounds=(0, 1),
                      constraints=[(cover, 0, np.inf), (length, -np.inf, limit)],
                      options={"node_limit": node_limit, "time_limit": time_guard, "mip_rel_gap": gap,
                               "disp": False})
    if result.x is None or "time limit" in str(getattr(result, "message", "")).lower():
        return _greedy(weights, occurrence, costs, limit, bonus)
    return [int(keep[j]) for j in range(len(keep)) if result.x[n_c + j] > 0.5]


def possible(weights: np.ndarray, occurrence: sparse.csr_matrix, costs: np.ndarray, limit: float,
             bonus: np.ndarray) -> np.ndarray:
    """The sentences that an optimal summary can hold, by reduced-cost fixing (Nemhauser & Wolsey
    1988, the step HiGHS itself repeats at its root, restarting each time). The LP relaxation's
    value bounds every summary's; a summary holding sentence j is worth at most that bound minus
    j's reduced cost. Where that is below the best of three greedy summaries, no optimum holds j,
    and the problem without it has the same optima. Every sentence is kept if the LP fails."""
    n_c, n_s = occurrence.shape
    every = np.arange(n_s)
    cover = sparse.hstack([sparse.identity(n_c), -occurrence]).tocsr()  # c_i - sum_j s_j <= 0
    a_ub = sparse.vstack([cover, sparse.csr_matrix(np.r_[np.zeros(n_c), costs][None, :])]).tocsr()
    with _quiet_stdout():
        lp = linprog(-np.r_[weights, bonus], A_ub=a_ub, b_ub=np.r_[np.zeros(n_c), limit], bounds=(0, 1),
                     method="highs-ds")
    if lp.status != 0:
        return every
    bound = -lp.fun
    by_sentence = occurrence.T.tocsr()
    lp_order = [j for j in np.argsort(-lp.x[n_c:], kind="stable") if lp.x[n_c + j] > 1e-6]
    best = max(_value(weights, by_sentence, bonus, chosen)
               for chosen in (_fill(weights, by_sentence, costs, limit, bonus, [], per_cost=True),
                              _fill(weights, by_sentence, costs, limit, bonus, [], per_cost=False),
                              _fill(weights, by_sentence, costs, limit, bonus, lp_order, per_cost=True)))
    reduced = lp.lower.marginals[n_c:]  # what setting s_j = 1 from 0 costs the LP's value, at least
    return every[reduced <= bound - best + 1e-6 * max(1.0, abs(bound))]


def merged(occurrence: sparse.csr_matrix, weights: np.ndarray) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Concepts held by exactly the same sentences as one concept of their summed weight. A summary
    covers all of them or none, so the problem has the same optima. After ``possible`` many of a
    sentence's concepts are its own alone: the default's 111 dev problems keep 70% of their
    concepts (9,079 of 13,048)."""
    occurrence = occurrence.tocsr()
    occurrence.sort_indices()
    first: dict[bytes, int] = {}
    group = np.empty(occurrence.shape[0], dtype=np.int64)
    for i in range(occurrence.shape[0]):
        key = occurrence.indices[occurrence.indptr[i]: occurrence.indptr[i + 1]].tobytes()
        group[i] = first.setdefault(key, len(first))
    rows = np.unique(group, return_index=True)[1]  # each group's first concept, in group order
    return occurrence[rows], np.bincount(group, weights=weights, minlength=len(rows))


def linprog(*args, **kwargs):
    """scipy's HiGHS LP front end, imported on first use (as ``milp``)."""
    from scipy.optimize import linprog as highs

    return highs(*args, **kwargs)


@contextmanager
def _quiet_stdout():
    """HiGHS prints a debug line to C stdout even when silent (ERGO-Code/HiGHS#2783); it must not
    end up in a summary piped to a file. fd 1 is pointed at /dev/null meanwhile (process-wide:
    another thread's prints in that window are lost, never misplaced)."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)  # C's stdout, whatever Python's sys.stdout currently is
    except OSError:  # no fd 1 at all
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _greedy(weights, occurrence, costs, limit, bonus) -> list[int]:
    """The fallback: repeatedly the sentence adding most new concept weight per unit of length."""
    return _fill(weights, occurrence.T.tocsr(), costs, limit, bonus, [], per_cost=True)


def _fill(weights, by_sentence, costs, limit, bonus, first, per_cost: bool) -> list[int]:
    """``first`` in order where each still fits, then repeatedly the sentence adding most new
    concept weight (per unit of length, with ``per_cost``) while one adds any."""
    uncovered = weights.astype(float).copy()
    chosen: list[int] = []
    used = 0.0
    for j in first:
        if used + costs[j] <= limit:
            chosen.append(int(j))
            used += costs[j]
            uncovered[by_sentence[j].indices] = 0.0
    while True:
        gains = by_sentence @ uncovered + bonus
        gains[chosen] = -1
        gains[used + costs > limit] = -1
        best = int(np.argmax(gains / np.maximum(costs, 1) if per_cost else gains))
        if gains[best] <= 0:
            return chosen
        chosen.append(best)
        used += costs[best]
        uncovered[by_sentence[best].indices] = 0.0


def _value(weights, by_sentence, bonus, chosen) -> float:
    """The objective of a summary: the weight of the concepts it covers, once each, and its bonus."""
    covered = np.zeros(len(weights), dtype=bool)
    for j in chosen:
        covered[by_sentence[j].indices] = True
    return float(weights[covered].sum() + bonus[chosen].sum())
