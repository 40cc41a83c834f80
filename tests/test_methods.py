from dataclasses import replace

import numpy as np
import pytest

from newsdigest import methods
from newsdigest.errors import ConfigError
from newsdigest.model import Article, Budget
from newsdigest.pipeline import build_cluster
from newsdigest.settings import Settings

A = ["The harbour bridge reopened on Monday after four months of storm repairs in the city.",
     "Mayor Ilse Brandt led the first convoy of buses across the repaired bridge at dawn.",
     "The repairs cost 42 million crowns, a third of it from the national road fund.",
     "Engineers replaced fourteen steel cables and rebuilt one hundred metres of deck."]
B = ["Traffic returned to the harbour bridge on Monday after four months of storm repairs.",
     "The repair bill reached 42 million crowns, according to the city finance office.",
     "Some residents oppose a plan to raise the bridge toll from two to three crowns."]
C = ["The harbour bridge is open again after storm repairs that took four months, officials said.",
     "A ferry that replaced the bridge during the closure will stop running on Friday."]


@pytest.fixture(scope="module")
def cluster():
    # Uncompressed: these tests are about selection; compression has its own (test_compress.py).
    return build_cluster([Article("a", "\n".join(A)), Article("b", "\n".join(B)), Article("c", "\n".join(C))],
                         replace(Settings(), compress=False))


def test_registry_reaches_every_method_by_name():
    assert methods.names() == ["hybrid", "lead", "centroid", "lexrank", "submodular", "ilp", "klsum", "llm"]
    assert methods.names(local=True) == methods.names()[:-1]
    assert all(methods.get(n).name == n for n in methods.names(local=True))
    with pytest.raises(ConfigError, match="unknown method 'nope'"):
        methods.get("nope")


@pytest.mark.parametrize("name", methods.names(local=True))
@pytest.mark.parametrize("budget", [Budget(words=40), Budget(sentences=2), Budget(tokens=40), Budget(words=15)])
def test_budget_is_never_exceeded_and_whole_sentences_are_kept(cluster, name, budget):
    keys = methods.get(name).select(cluster, budget).keys
    by_key = {(s.article, s.index): s for s in cluster.sentences}
    chosen = [by_key[k] for k in keys]
    assert chosen and sum(budget.cost(s) for s in chosen) <= budget.limit
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("name", methods.names(local=True))
def test_when_no_sentence_fits_the_best_one_is_returned_alone(cluster, name):
    selection = methods.get(name).select(cluster, Budget(words=3))
    assert len(selection.keys) == 1
    assert len(selection.scores) == len(cluster.prose)  # the ranking the fallback chose by


# One skeleton (methods/base.py) for every method: eligible sentences that fit first, then any
# sentence that fits, and only then one sentence over the budget.
@pytest.mark.parametrize("name", methods.names(local=True))
def test_a_short_sentence_that_fits_comes_before_one_over_the_budget(name):
    short = build_cluster([Article("a", "The harbour bridge reopened on Monday after four months of storm repairs.\n"
                                        "The ferry will stop.\nRepairs cost 42 million crowns, a third from the road fund."),
                           Article("b", "Traffic returned to the harbour bridge on Monday after months of repairs.")],
                          replace(Settings(), compress=False))
    by_key = {(s.article, s.index): s for s in short.prose}
    keys = methods.get(name).select(short, Budget(words=5)).keys
    assert [by_key[k].text for k in keys] == ["The ferry will stop."]


# Lin & Bilmes's diversity term rewards spreading over k-means clusters but does not forbid a
# repeat; on a 9-sentence cluster it takes two wordings of the opener, faithfully to the paper.
@pytest.mark.parametrize("name", [n for n in methods.names(local=True) if n != "submodular"])
def test_near_repeats_are_not_selected_together(cluster, name):
    keys = methods.get(name).select(cluster, Budget(sentences=4)).keys
    openers = {("a", 0), ("b", 0), ("c", 0)}  # three wordings of "the bridge reopened after four months"
    assert len(openers & set(keys)) == 1


def test_lead_takes_the_articles_in_turn(cluster):
    assert methods.get("lead").select(cluster, Budget(sentences=3)).keys[:1] == (("a", 0),)
    scores = methods.get("lead").select(cluster, Budget(sentences=3)).scores
    assert scores[("a", 0)] > scores[("b", 0)] > scores[("c", 0)] > scores[("a", 1)]


def test_lexrank_scores_are_a_probability_distribution(cluster):
    scores = methods.get("lexrank").select(cluster, Budget(sentences=1)).scores
    assert np.isclose(sum(scores.values()), 1.0)
    # the sentence echoed by all three articles is the most central
    assert max(scores, key=scores.get) in {("a", 0), ("b", 0), ("c", 0)}


@pytest.mark.parametrize("name", methods.names(local=True))
def test_empty_cluster_selects_nothing(name):
    empty = build_cluster([Article("a", "Menu\nLogin")])
    assert methods.get(name).select(empty, Budget(words=50)).keys == ()
