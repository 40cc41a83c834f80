"""Words, stems and TF-IDF vectors: the one representation clean, methods and attribute share.

Content terms are lower-cased, stop words dropped, Snowball stemmed (Porter 2 for English), as in
the classical extractive summarizers (Radev's centroid, Erkan & Radev's LexRank); what a word, a
stop word and a stem are in each language is ``newsdigest.language``'s.
"""
from __future__ import annotations

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

    ``idf_from`` defaults to ``docs``; the vocabulary is the union of both.
    """
    idf_docs = docs if idf_from is None else idf_from
    vocab: dict[str, int] = {}
    for d in docs if idf_from is None else [*idf_docs, *docs]:
        for t in d:
            vocab.setdefault(t, len(vocab))
    df = np.zeros(len(vocab))
    for d in idf_docs:
        for t in set(d):
            df[vocab[t]] += 1
    idf = np.log((1 + len(idf_docs)) / (1 + df)) + 1.0
    rows: list[int] = []
    cols: list[int] = []
    counts: list[int] = []
    for i, d in enumerate(docs):
        tf: dict[int, int] = {}
        for t in d:
            j = vocab[t]
            tf[j] = tf.get(j, 0) + 1
        rows += [i] * len(tf)
        cols += tf.keys()
        counts += tf.values()
    columns = np.asarray(cols, dtype=np.int64)
    vals = (1.0 + np.log(np.asarray(counts, dtype=float))) * idf[columns]  # one ufunc call, not one per entry
    m = sparse.csr_matrix((vals, (np.asarray(rows, dtype=np.int64), columns)), shape=(len(docs), len(vocab)))
    return normalize_rows(m)


def normalize_rows(m: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)

