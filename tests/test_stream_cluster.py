import random
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from newsdigest import Article, Settings
from newsdigest.evaluate.clustering import bcubed
from newsdigest.stream.cluster import (EventClusterer, Features, Idf, average_link, article_day, article_features,
                                       one_pass, weighted_vector)


def partition(labels):
    groups = {}
    for n, label in enumerate(labels):
        groups.setdefault(label, set()).add(n)
    return sorted(map(sorted, groups.values()))


@pytest.mark.parametrize("seed", range(5))
def testaverage_link_matches_scipy_on_singletons(seed):
    """The nearest-neighbour chain with a threshold gives scipy's average-link clusters cut there."""
    rng = np.random.default_rng(seed)
    centres = rng.random((4, 30))
    x = np.vstack([c + 0.6 * rng.random((6, 30)) for c in centres])
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    groups = [{k: float(v) for k, v in enumerate(row)} for row in x]
    threshold = float(np.median(x @ x.T))
    ours = average_link(groups, np.ones(len(x)), np.zeros(len(x)), 0.0, threshold)
    distance = np.clip(1 - x @ x.T, 0, None)
    np.fill_diagonal(distance, 0)
    theirs = fcluster(linkage(squareform(distance, checks=False), "average"), 1 - threshold, "distance")
    assert sorted(map(sorted, ours)) == partition(theirs)


def testaverage_link_of_groups_uses_their_sums():
    """A group of two counts as its two articles: a third joins only if the pair average is high."""
    a, b, c = {"x": 1.0}, {"y": 1.0}, {"x": 0.8, "y": 0.6}
    group = {"x": 1.0, "y": 1.0}  # a + b, similarity between them 0
    # c vs the group: (0.8 + 0.6) / 2 = 0.7
    assert average_link([group, c], np.array([2.0, 1.0]), np.zeros(2), 0, 0.69) == [[0, 1]]
    assert average_link([group, c], np.array([2.0, 1.0]), np.zeros(2), 0, 0.71) == [[0], [1]]
    assert average_link([a, b], np.ones(2), np.zeros(2), 0, 0.1) == [[0], [1]]


def test_time_term_is_a_triangular_kernel():
    settings = replace(Settings(), stream_time_weight=0.2, stream_days=10)
    same, near, far = (weighted_vector(Features(Counter(), d), Idf(Counter(), 0), settings) for d in (100, 105, 130))
    dot = lambda u, v: sum(x * v.get(k, 0.0) for k, x in u.items())
    assert dot(same, same) == pytest.approx(0.2)  # w * kernel(0) = w; minus w/2 later: +w/2
    assert dot(same, near) == pytest.approx(0.1)  # half the window apart: kernel 1/2
    assert dot(same, far) == 0.0


def _feed(seed=0, events=12, per_event=4, spread_days=40, common=20):
    """Features of invented articles: each event has its own words and a day."""
    rng = random.Random(seed)
    items = []
    for e in range(events):
        words = [f"w{e}_{k}" for k in range(15)]
        day = 738000 + rng.randrange(spread_days)
        for _ in range(per_event):
            terms = Counter(rng.sample(words, 8) + rng.sample([f"common{k}" for k in range(common)], min(5, common)))
            items.append((e, Features(terms, day + rng.randrange(2))))
    rng.shuffle(items)
    return [t for t, _ in items], [f for _, f in items]


def _run(clusterer, features, batch):
    labels, merged = {}, {}
    for k in range(0, len(features), batch):
        keys = [str(n) for n in range(k, min(k + batch, len(features)))]
        result = clusterer.add(features[k: k + batch], keys)
        labels.update(zip(keys, result.labels))
        labels.update(result.moved)
        merged.update(result.merged)

    def final(e):
        while e in merged:
            e = merged[e]
        return e

    return [final(labels[str(n)]) for n in range(len(features))]


def test_finds_the_events_of_a_clear_feed():
    truth, features = _feed()
    assert bcubed(_run(EventClusterer(), features, batch=8), truth)[2] > 0.95


def test_after_the_warmup_small_batches_still_find_the_events():
    truth, features = _feed(events=60)
    labels = _run(EventClusterer(replace(Settings(), stream_warmup=100)), features, batch=4)
    assert bcubed(labels[100:], truth[100:])[2] > 0.9


def test_inside_the_warmup_the_batch_size_makes_no_difference():
    truth, features = _feed(seed=3)
    runs = [partition(_run(EventClusterer(Settings()), features, batch)) for batch in (1, 5, 48)]
    assert runs[0] == runs[1] == runs[2]


def test_no_two_active_events_could_still_merge_after_a_batch():
    """The invariant that lets a batch look only at events sharing a term with it."""
    settings = replace(Settings(), stream_warmup=0)
    _, features = _feed(seed=1, events=20)
    clusterer = EventClusterer(settings)
    for k in range(0, len(features), 7):
        clusterer.add(features[k: k + 7])
        events = list(clusterer.events.values())
        groups = [dict(e.vector) for e in events]
        sizes = np.array([e.size for e in events], dtype=float)
        dated = np.array([e.dated for e in events], dtype=float)
        again = average_link(groups, sizes, dated, settings.stream_time_weight, settings.stream_threshold)
        assert all(len(c) == 1 for c in again)


def test_the_window_bounds_the_active_events_and_reports_retired_ones():
    settings = replace(Settings(), stream_window=5, stream_warmup=0)
    _, features = _feed(events=20, per_event=1, common=0)
    clusterer = EventClusterer(settings)
    retired = set()
    for k in range(0, len(features), 4):
        result = clusterer.add(features[k: k + 4])
        retired |= result.retired
        assert len(clusterer.events) <= 5
    assert len(retired) == clusterer.next_id - len(clusterer.events)


def test_state_handed_back_in_continues_the_same_stream():
    """A store saves events and frequencies after each batch; resuming gives the same result."""
    settings = replace(Settings(), stream_warmup=0)
    _, features = _feed(seed=2)
    whole = EventClusterer(settings)
    first = [whole.add(features[k: k + 6]).labels for k in range(0, len(features), 6)]
    part = EventClusterer(settings)
    second = [part.add(features[k: k + 6]).labels for k in range(0, 24, 6)]
    resumed = EventClusterer(settings, seen=part.seen, df=Counter(part.df), next_id=part.next_id,
                             events=[replace(e, vector=dict(e.vector)) for e in part.events.values()])
    second += [resumed.add(features[k: k + 6]).labels for k in range(24, len(features), 6)]
    assert first == second


def test_features_count_names_twice_and_read_the_day():
    article = Article("a", "Officials in Lyon said the bridge reopened.", title="", date="2024-03-05T10:00:00Z")
    features = article_features(article, article.text)
    assert features.terms["lyon"] == 2 and features.terms["bridg"] == 1
    assert features.day == article_day(article) and article_day(Article("b", "x", date="last week")) is None


def test_one_pass_baseline_joins_the_most_similar_earlier_article():
    items = [Counter({"a": 2, "b": 1}), Counter({"c": 1, "d": 1}), Counter({"a": 2, "b": 1, "e": 1})]
    assert one_pass(items, 0.5) == [0, 1, 0]
