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


def test_numpy_counting_equals_the_matrix_built_entry_by_entry():
    """The same bits as building the matrix term by term and letting scipy sum duplicates."""
    import random

    from scipy import sparse

    from newsdigest.vectors import normalize_rows

    rng = random.Random(5)
    words = [f"w{k}" for k in range(40)]
    docs = [[rng.choice(words) for _ in range(rng.randrange(0, 30))] for _ in range(25)]
    background = [[rng.choice(words[:20]) for _ in range(10)] for _ in range(6)]
    for idf_from in (None, background):
        idf_docs = docs if idf_from is None else idf_from
        vocab: dict[str, int] = {}
        for d in (docs if idf_from is None else [*idf_docs, *docs]):
            for t in d:
                vocab.setdefault(t, len(vocab))
        df = np.zeros(len(vocab))
        for d in idf_docs:
            for t in set(d):
                df[vocab[t]] += 1
        idf = np.log((1 + len(idf_docs)) / (1 + df)) + 1.0
        rows, cols, vals = [], [], []
        for i, d in enumerate(docs):
            for t in dict.fromkeys(d):
                rows.append(i)
                cols.append(vocab[t])
                vals.append((1.0 + np.log(float(d.count(t)))) * idf[vocab[t]])
        expected = normalize_rows(sparse.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(vocab))))
        got = tfidf(docs, idf_from)
        assert got.shape == expected.shape
        assert np.array_equal(got.indptr, expected.indptr) and np.array_equal(got.indices, expected.indices)
        assert np.array_equal(got.data, expected.data)


def test_row_scaling_gives_the_bits_of_the_sparse_product_it_replaced():
    """``normalize_rows`` against ``diags(1 / norms) @ m``: values, column order, everything."""
    from scipy import sparse

    from newsdigest.vectors import normalize_rows

    rng = np.random.default_rng(7)
    for _ in range(50):
        dense = rng.random((12, 30)) * (rng.random((12, 30)) < 0.3)
        dense[rng.integers(0, 12)] = 0.0  # an empty row
        m = sparse.csr_matrix(dense)
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        expected = sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)
        got = normalize_rows(m)
        assert np.array_equal(got.indptr, expected.indptr) and np.array_equal(got.indices, expected.indices)
        assert got.data.tobytes() == expected.data.tobytes()
