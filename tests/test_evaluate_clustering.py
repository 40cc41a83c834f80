import pytest

from newsdigest.evaluate.clustering import adjusted_rand, bcubed


def test_bcubed_of_a_perfect_and_a_lumped_partition():
    truth = ["a", "a", "b", "b", "b"]
    assert bcubed([1, 1, 2, 2, 2], truth) == (1.0, 1.0, 1.0)
    p, r, f = bcubed([0] * 5, truth)  # one big cluster: recall 1, precision (2*2/5 + 3*3/5) / 5
    assert (p, r) == (pytest.approx(13 / 25), 1.0) and f == pytest.approx(2 * p / (p + 1))
    p, r, _ = bcubed([0, 1, 2, 3, 4], truth)  # all singletons: precision 1, recall (2*1/2 + 3*1/3) / 5
    assert (p, r) == (1.0, pytest.approx(2 / 5))


def test_adjusted_rand_matches_the_textbook_example():
    # sklearn's documented example: adjusted_rand_score([0, 0, 1, 2], [0, 0, 1, 1]) == 0.5714...
    assert adjusted_rand([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(0.5714285714)
    assert adjusted_rand([0, 0, 1, 1], [1, 1, 0, 0]) == 1.0
    assert adjusted_rand([0, 1, 2, 3], [0, 0, 0, 0]) == 0.0
