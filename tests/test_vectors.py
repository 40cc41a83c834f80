"""``tfidf``: the TF-IDF rows that cleaning, the methods and attribution share."""
import math

import numpy as np

from newsdigest.vectors import tfidf


def test_rows_are_sublinear_tf_times_smoothed_idf_on_the_unit_sphere():
    m = tfidf([["bridge", "bridge", "toll"], ["toll"], []])
    assert m.shape == (3, 2)
    idf = {"bridge": math.log(4 / 2) + 1, "toll": math.log(4 / 3) + 1}  # 3 documents; bridge in 1, toll in 2
    row = np.array([(1 + math.log(2)) * idf["bridge"], idf["toll"]])
    assert np.allclose(m[0].toarray().ravel(), row / np.linalg.norm(row))
    assert np.allclose(m[1].toarray().ravel(), [0, 1]) and m[2].nnz == 0  # an empty document stays empty


def test_idf_from_other_documents_and_their_vocabulary():
    m = tfidf([["ferry"]], idf_from=[["bridge"], ["bridge", "toll"]])
    assert m.shape == (1, 3)  # bridge, toll, then the documents' own ferry
    assert np.allclose(m.toarray(), [[0, 0, 1]])
    assert tfidf([]).shape == (0, 0)
