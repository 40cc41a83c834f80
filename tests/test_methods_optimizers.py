"""The optimizing selectors: concept ILP, submodular, KL-Sum, and the hybrid default."""
from itertools import combinations

import numpy as np
import pytest
from scipy import sparse

from newsdigest import methods
from newsdigest.methods import ilp
from newsdigest.methods.submodular import greedy, objective
from newsdigest.model import Article, Budget, Cluster
from newsdigest.pipeline import build_cluster

RNG = np.random.default_rng(7)


def brute_force(weights, occurrence, costs, limit, bonus):
    best_value = -1.0
    dense = occurrence.toarray() > 0
    for r in range(len(costs) + 1):
        for subset in combinations(range(len(costs)), r):
            if costs[list(subset)].sum() <= limit:
                value = weights[dense[:, list(subset)].any(axis=1)].sum() + bonus[list(subset)].sum() if subset else 0.0
                best_value = max(best_value, value)
    return best_value


@pytest.mark.parametrize("trial", range(6))
def test_ilp_finds_the_optimum_of_small_random_instances(trial):
    """Exact, also with the sentence-relevance term and with concept variables left continuous."""
    n_c, n_s = 12, 8
    occurrence = sparse.csr_matrix((RNG.random((n_c, n_s)) < 0.3).astype(float))
    weights = RNG.integers(1, 6, n_c).astype(float)
    costs = RNG.integers(5, 20, n_s).astype(float)
    bonus = RNG.random(n_s) * 2 if trial % 2 else np.zeros(n_s)
    chosen = ilp.solve(weights, occurrence, costs, 30, node_limit=10_000, bonus=bonus)
    assert costs[chosen].sum() <= 30
    covered = (occurrence.toarray()[:, chosen] > 0).any(axis=1) if chosen else np.zeros(n_c, bool)
    value = weights[covered].sum() + bonus[chosen].sum()
    assert value == pytest.approx(brute_force(weights, occurrence, costs, 30, bonus))


@pytest.mark.parametrize("trial", range(10))
def test_the_sentences_left_out_before_highs_are_in_no_optimal_summary(trial):
    """Reduced-cost fixing: every optimal summary of a random instance (all of them, by brute
    force) holds only sentences that ``possible`` keeps."""
    n_c, n_s = 14, 10
    occurrence = sparse.csr_matrix((RNG.random((n_c, n_s)) < 0.3).astype(float))
    weights = RNG.integers(1, 4, n_c).astype(float)  # small integers: many ties between optima
    costs = RNG.integers(5, 20, n_s).astype(float)
    bonus = RNG.random(n_s) if trial % 2 else np.zeros(n_s)
    kept = set(ilp.possible(weights, occurrence, costs, 35, bonus).tolist())
    best = brute_force(weights, occurrence, costs, 35, bonus)
    dense = occurrence.toarray() > 0
    for r in range(n_s + 1):
        for subset in combinations(range(n_s), r):
            chosen = list(subset)
            if costs[chosen].sum() <= 35 and weights[dense[:, chosen].any(axis=1)].sum() + bonus[chosen].sum() >= best - 1e-9:
                assert set(chosen) <= kept


@pytest.mark.parametrize("trial", range(4))
def test_concepts_held_by_the_same_sentences_merge_without_changing_any_summary_value(trial):
    n_c, n_s = 30, 6
    occurrence = sparse.csr_matrix((RNG.random((n_c, n_s)) < 0.25).astype(float))
    occurrence = occurrence[np.flatnonzero(np.diff(occurrence.indptr))]  # solve passes held concepts only
    weights = RNG.random(occurrence.shape[0]) * 3
    part, held = ilp.merged(occurrence, weights)
    rows = {tuple(np.flatnonzero(r)) for r in occurrence.toarray() > 0}
    assert part.shape[0] == len(rows) < occurrence.shape[0]  # one row per distinct set of sentences
    before, after = occurrence.toarray() > 0, part.toarray() > 0
    for r in range(n_s + 1):
        for chosen in map(list, combinations(range(n_s), r)):
            assert weights[before[:, chosen].any(axis=1)].sum() == pytest.approx(held[after[:, chosen].any(axis=1)].sum())


def test_ilp_falls_back_to_greedy_when_highs_has_no_answer(monkeypatch):
    class NoAnswer:
        x = None

    monkeypatch.setattr(ilp, "milp", lambda **kwargs: NoAnswer())
    occurrence = sparse.csr_matrix(np.array([[1, 0, 1], [0, 1, 0], [1, 1, 0]], dtype=float))
    chosen = ilp.solve(np.array([3.0, 1.0, 2.0]), occurrence, np.array([10.0, 10.0, 10.0]), 20, node_limit=10)
    assert chosen == [0, 1]  # greedy: sentence 0 covers 5, then sentence 1 adds 1 (sentence 2 adds 0)


def test_ilp_never_uses_an_incumbent_cut_short_by_the_clock(monkeypatch):
    """The time guard is for pathological input; if it fires, the rule-chosen greedy answer is
    used, not whatever HiGHS had found by then (that would depend on machine load)."""
    class TimedOut:
        x = np.array([0.0, 0.0, 0.0, 0.0, 0.0, 1.0])
        message = "Time limit reached. (HiGHS Status 13: model_status is Time limit reached)"

    monkeypatch.setattr(ilp, "milp", lambda **kwargs: TimedOut())
    occurrence = sparse.csr_matrix(np.array([[1, 0, 1], [0, 1, 0], [1, 1, 0]], dtype=float))
    chosen = ilp.solve(np.array([3.0, 1.0, 2.0]), occurrence, np.array([10.0, 10.0, 10.0]), 20, node_limit=10)
    assert chosen == [0, 1]


def _busy(seconds):
    import time
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def test_the_same_cluster_gives_the_same_summary_on_a_loaded_machine():
    """Issue 19: with a 1-second time limit, two runs over DUC 2006 differed on one summary.
    The ILP's slowest DUC 2003 cluster is solved quiet and then with both cores busy."""
    import multiprocessing

    from conftest import shared
    from newsdigest.evaluate.datasets import load_duc
    from newsdigest.settings import Settings

    root = shared("duc2003")
    [cluster] = [c for c in load_duc(root, Settings()) if c.id == "d30005t"]
    built = build_cluster(cluster.articles)
    selector = methods.get("hybrid")
    quiet = selector.select(built, Budget(words=100)).keys
    workers = [multiprocessing.Process(target=_busy, args=(20,)) for _ in range(3)]
    for w in workers:
        w.start()
    try:
        loaded = [selector.select(built, Budget(words=100)).keys for _ in range(2)]
    finally:
        for w in workers:
            w.terminate()
            w.join()
    assert loaded == [quiet, quiet]


def test_writes_to_the_stdout_file_descriptor_are_silenced_while_highs_runs(capfd):
    """HiGHS's stray debug line is a C-level write to fd 1, like this one."""
    import os

    with ilp._quiet_stdout():
        os.write(1, b"HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();\n")
    os.write(1, b"after\n")
    assert capfd.readouterr().out == "after\n"


def test_min_df_scales_with_the_cluster():
    assert [ilp.min_df(d, 3) for d in (1, 2, 3, 6, 10, 30)] == [1, 1, 1, 2, 3, 3]


def test_submodular_greedy_never_loses_to_the_best_single_sentence():
    n = 30
    x = RNG.random((n, 10))
    w = (x / np.linalg.norm(x, axis=1, keepdims=True)) @ (x / np.linalg.norm(x, axis=1, keepdims=True)).T
    labels = RNG.integers(0, 5, n)
    costs = RNG.integers(5, 30, n).astype(float)
    cap, reward = 5 / n * w.sum(axis=1), w.sum(axis=0) / n
    chosen = greedy(w, labels, costs, 60, np.ones(n, bool), 5 / n, 6.0, 0.3)
    assert costs[chosen].sum() <= 60
    singles = np.where(costs <= 60, objective(w, labels, cap, reward, 6.0, None), -np.inf)
    assert objective(w, labels, cap, reward, 6.0, chosen) >= singles.max() - 1e-9


SOURCES = [
    ["The harbour bridge reopened on Monday after four months of storm repairs.",
     "Mayor Ilse Brandt led the first convoy of buses across the bridge at dawn.",
     "Engineers replaced fourteen steel cables on the eastern span of the bridge."],
    ["Traffic returned to the harbour bridge on Monday after four months of repairs.",
     "The repair bill reached 42 million crowns for the city and the road fund.",
     "A ferry that replaced the bridge will stop running on Friday this week."],
]


def cluster_of(n_sources):
    """``n_sources`` outlets, each its own source (built one by one, so dedup cannot merge them)."""
    docs = [build_cluster([Article(f"s{k}", "\n".join(SOURCES[k % 2]))]).documents[0] for k in range(n_sources)]
    return Cluster(documents=tuple(docs), groups=tuple((d.id,) for d in docs))


@pytest.mark.parametrize("n_sources,expected", [(2, "centroid"), (4, "centroid"), (5, "ilp"), (8, "ilp")])
def test_hybrid_uses_the_ilp_from_five_sources(monkeypatch, n_sources, expected):
    used = []
    for name in ("centroid", "ilp"):
        cls = methods.REGISTRY[name]
        monkeypatch.setattr(cls, "select", lambda self, c, b, q="", k=frozenset(), n=name, f=cls.select:
                            used.append(n) or f(self, c, b, q, k))
    cluster = cluster_of(n_sources)
    assert len(cluster.representatives) == n_sources
    keys = methods.get("hybrid").select(cluster, Budget(words=30)).keys
    assert used == [expected] and keys


@pytest.mark.parametrize("name", ["submodular", "ilp", "klsum", "hybrid"])
def test_optimizers_fill_but_never_exceed_the_budget(name):
    cluster = cluster_of(6)
    by_key = {(s.article, s.index): s for s in cluster.sentences}
    for budget in (Budget(words=40), Budget(tokens=30), Budget(sentences=2)):
        keys = methods.get(name).select(cluster, budget).keys
        assert keys and sum(budget.cost(by_key[k]) for k in keys) <= budget.limit


def test_lead_concepts_count_below_the_floor_at_their_document_frequency():
    """A story followed over time: each article opens with news no other article repeats."""
    from dataclasses import replace

    from newsdigest.settings import Settings
    from newsdigest.vectors import concepts

    shared = "The storm damaged the harbour bridge of the city, the council said."
    openings = ["Divers found a second crack in the western pylon on Tuesday.",
                "Volunteers cleared fallen branches from the ring road overnight.",
                "Insurers estimated the damage at nine million crowns on Thursday.",
                "The regional court fined the ferry operator for a late safety report."]
    docs = [build_cluster([Article(f"a{k}", f"{opening}\n{shared}")]).documents[0] for k, opening in enumerate(openings)]
    cluster = Cluster(documents=tuple(docs), groups=tuple((d.id,) for d in docs))
    lang = cluster.language
    opening_concepts = set(concepts(openings[2], lang)) - set(concepts(shared, lang))
    settings = Settings()
    plain, _ = ilp.ConceptILP(settings).concept_weights(cluster)
    kept, _ = ilp.ConceptILP(replace(settings, ilp_lead_concepts=True)).concept_weights(cluster)
    assert len(kept) == len(plain) + len(set().union(*(set(concepts(o, lang)) for o in openings)) - set(concepts(shared, lang)))
    assert opening_concepts and sorted(kept)[:1] == [1.0]  # each at its document frequency, 1, no lead bonus
    assert plain.min() > 1.0  # the shared sentence's concepts: 4 documents and the lead bonus
