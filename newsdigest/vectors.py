"""Words, stems and TF-IDF vectors: the one representation clean, methods and attribute share.

Content terms are lower-cased, stop words dropped, Snowball stemmed (Porter 2 for English), as in
the classical extractive summarizers (Radev's centroid, Erkan & Radev's LexRank); what a word, a
stop word and a stem are in each language is ``newsdigest.language``'s.
"""
from __future__ import annotations

from itertools import chain
from typing import Sequence

import numpy as np
import regex
from scipy import sparse

from .language import language

_TOKEN = regex.compile(r"\w+(?:[’'.,-]\w+)*|[^\w\s]")


def stop_words(lang: str = "en") -> frozenset[str]:
    return language(lang).stops


def stem(word: str, lang: str = "en") -> str:
    return language(lang).stem(word)


def content_terms(text: str, lang: str = "en") -> tuple[str, ...]:
    """Stemmed content words of ``text`` (stop words and one-letter words dropped)."""
    return language(lang).terms(text)


def concepts(text: str, lang: str = "en") -> tuple[tuple[str, str], ...]:
    """Stemmed word bigrams, except those made of two stop words (Gillick & Favre 2009)."""
    return language(lang).concepts(text)


def count_tokens(text: str) -> int:
    """Tokens as WCEP counts them: words and punctuation marks separately (``regex``'s ``\\w``, so
    a Devanagari vowel sign stays in its word)."""
    return len(_TOKEN.findall(text))


def count_words(text: str) -> int:
    """Words as ROUGE's -l limit counts them: runs of non-space."""
    return len(text.split())


def tfidf(docs: Sequence[Sequence[str]], idf_from: Sequence[Sequence[str]] | None = None) -> sparse.csr_matrix:
    """Row-normalised TF-IDF matrix of term lists (sublinear tf, smoothed idf).

    ``idf_from`` defaults to ``docs``; the vocabulary is the union of both, numbered in the
    order its terms are first met (``idf_from`` first). Counting is numpy over all tokens at
    once: each (document, term) pair once, in document then column order, as scipy's
    duplicate-summing conversion leaves a matrix built entry by entry."""
    idf_docs = docs if idf_from is None else idf_from
    seen = dict.fromkeys(chain.from_iterable(docs if idf_from is None else chain(idf_docs, docs)))
    vocab = dict(zip(seen, range(len(seen))))
    rows, cols, counts = _pairs(docs, vocab)
    if idf_from is None:
        df = np.bincount(cols, minlength=len(vocab))
    else:
        df = np.bincount(_pairs(idf_docs, vocab)[1], minlength=len(vocab))
    idf = np.log((1 + len(idf_docs)) / (1 + df.astype(float))) + 1.0
    vals = (1.0 + np.log(counts.astype(float))) * idf[cols]  # one ufunc call, not one per entry
    indptr = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=len(docs)), out=indptr[1:])
    return normalize_rows(sparse.csr_matrix((vals, cols, indptr), shape=(len(docs), len(vocab))))


def _pairs(docs: Sequence[Sequence[str]], vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each (document, term column) pair that occurs, sorted, with its count."""
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    ids = np.fromiter(map(vocab.__getitem__, chain.from_iterable(docs)), dtype=np.int64, count=int(lengths.sum()))
    width = max(1, len(vocab))
    keys, counts = np.unique(np.repeat(np.arange(len(docs), dtype=np.int64), lengths) * width + ids,
                             return_counts=True)
    return keys // width, keys % width, counts


def normalize_rows(m: sparse.csr_matrix) -> sparse.csr_matrix:
    """Each row of ``tfidf``'s canonical matrix scaled to unit length (an empty row left empty).

    The same bits as the product ``diags(1 / norms) @ m`` this replaced, without building it:
    squares summed per row as ``m.multiply(m).sum(axis=1)`` sums them (``np.add.reduceat``), each value
    times its row's 1 / norm, and each row's entries in the order scipy's sparse product leaves
    them, last first. Every later dot product sums in that order, so it is kept."""
    lengths = np.diff(m.indptr)
    filled = np.flatnonzero(lengths)
    norms = np.zeros(m.shape[0])
    norms[filled] = np.sqrt(np.add.reduceat(m.data * m.data, m.indptr[filled]))  # as scipy's sum(axis=1)
    norms[norms == 0] = 1.0
    rows = np.repeat(np.arange(m.shape[0]), lengths)
    reverse = m.indptr[rows] + m.indptr[rows + 1] - 1 - np.arange(m.nnz)  # each row's entries, last first
    data = (m.data * np.repeat(1.0 / norms, lengths))[reverse]
    return sparse.csr_matrix((data, m.indices[reverse], m.indptr.copy()), shape=m.shape)
