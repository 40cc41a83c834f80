import re

import pytest

from conftest import shared
from newsdigest.evaluate import rouge
from newsdigest.evaluate.datasets import duc_reference


def test_official_reproduces_the_check_vector():
    """shared/data/rouge-check: the set-up (Perl modules, WordNet db, SEE files, flags) is right."""
    check = shared("rouge-check")
    refs = shared("duc2003") / "refs"
    expected = {f"rouge-{n}-{k.lower()}": float(v) for n, k, v in
                re.findall(r"ROUGE-(\d) Average_([RF]): ([\d.]+)", (check / "expected.txt").read_text())}
    peer = (check / "peer.txt").read_text()
    references = tuple(duc_reference(refs / f"D30003.M.100.T.{x}.html") for x in "BCDE")
    scores = rouge.official({"P": [peer]}, [references], ["D30003"], 100)["P"]["scores"]
    assert len(expected) == 8
    for key, value in expected.items():
        assert scores[key].value == pytest.approx(value, abs=5e-6), key


def test_official_scores_each_system_and_cluster():
    refs = ("the gunman was killed by police\nthe siege ended", "police shot the gunman dead")
    result = rouge.official({"good": ["police killed the gunman"], "bad": ["the weather was fine today"]},
                            [refs], ["c1"], 100)
    assert result["good"]["scores"]["rouge-1-r"].value > result["bad"]["scores"]["rouge-1-r"].value
    r, p, f = result["good"]["clusters"]["c1"]["rouge-1"]
    assert r == pytest.approx(result["good"]["scores"]["rouge-1-r"].value)  # one cluster: mean = that cluster
    assert 0 < p <= 1 and 0 < f <= 1


def test_see_page_is_what_rouge_reads():
    page = rouge.see_page(["A <b> & c", "second"], "x")
    assert '<a name="2">[2]</a> <a href="#2" id=2>second</a>' in page.splitlines()
    assert "A &lt;b&gt; &amp; c" in page  # a stray "<" would end the sentence for ROUGE


def test_fast_scores_f1_with_an_interval():
    result = rouge.fast({"s": ["police killed the gunman", "a b c"]},
                        [("police killed the gunman",), ("x y z",)], ["c1", "c2"])["s"]
    assert result["clusters"]["c1"]["rouge1"][2] == pytest.approx(1.0)
    assert result["clusters"]["c2"]["rouge1"][2] == 0.0
    score = result["scores"]["rouge1-f"]
    assert score.value == pytest.approx(0.5) and score.low <= score.value <= score.high


def test_bootstrap_is_seeded_and_brackets_the_mean():
    values = [0.1, 0.4, 0.35, 0.2, 0.5, 0.3]
    a, b = rouge.bootstrap(values, seed=3), rouge.bootstrap(values, seed=3)
    assert a == b and a.low < a.value < a.high
    constant = rouge.bootstrap([0.3] * 5)
    assert constant.low == constant.value == constant.high == pytest.approx(0.3)


def test_the_unicode_scorer_counts_words_of_any_script_that_rouge_score_drops():
    from newsdigest.evaluate.rouge import UnicodeTokenizer, fast

    hindi = "सरकार ने नया बजट मंज़ूर किया"
    assert UnicodeTokenizer().tokenize("Élan VITAL, दूसरा") == ["élan", "vital", "दूसरा"]
    scored = fast({"same": [hindi]}, [(hindi,)], ["c"], unicode=True)
    assert scored["same"]["clusters"]["c"]["rouge2"][0] == 1.0  # recall: every bigram found
    plain = fast({"same": [hindi]}, [(hindi,)], ["c"])
    assert plain["same"]["clusters"]["c"]["rouge2"][0] == 0.0  # rouge-score's own tokens: none at all
