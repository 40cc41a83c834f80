"""Words, stems and TF-IDF vectors: the one representation clean, methods and attribute share.

Content terms are lower-cased, stop words dropped, Snowball (Porter 2) stemmed, as in the
classical extractive summarizers (Radev's centroid, Erkan & Radev's LexRank).
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Sequence

import numpy as np
import snowballstemmer
from scipy import sparse

_WORD = re.compile(r"[^\W\d_](?:[\w’'-]*\w)?")
_TOKEN = re.compile(r"\w+(?:[’'.,-]\w+)*|[^\w\s]")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    text = resources.files("newsdigest.data").joinpath("stopwords-en.txt").read_text("utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def content_terms(text: str) -> tuple[str, ...]:
    """Stemmed content words of ``text`` (stop words and one-letter words dropped)."""
    stops = stop_words()
    out = []
    for m in _WORD.finditer(text):
        w = m.group().lower().replace("’", "'")
        if len(w) > 1 and w not in stops:
            out.append(stem(w))
    return tuple(out)


_BIGRAM_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def concepts(text: str) -> tuple[tuple[str, str], ...]:
    """Stemmed word bigrams, except those made of two stop words (Gillick & Favre 2009)."""
    stops = stop_words()
    words = [w.lower().replace("’", "'") for w in _BIGRAM_WORD.findall(text)]
    return tuple((stem(a), stem(b)) for a, b in zip(words, words[1:]) if not (a in stops and b in stops))


def count_tokens(text: str) -> int:
    """Tokens as WCEP counts them: words and punctuation marks separately."""
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
    for d in list(idf_docs) + list(docs):
        for t in d:
            vocab.setdefault(t, len(vocab))
    df = np.zeros(len(vocab))
    for d in idf_docs:
        for t in set(d):
            df[vocab[t]] += 1
    idf = np.log((1 + len(idf_docs)) / (1 + df)) + 1.0
    rows, cols, vals = [], [], []
    for i, d in enumerate(docs):
        counts: dict[int, int] = {}
        for t in d:
            j = vocab[t]
            counts[j] = counts.get(j, 0) + 1
        for j, c in counts.items():
            rows.append(i)
            cols.append(j)
            vals.append((1.0 + np.log(c)) * idf[j])
    m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(vocab)))
    return normalize_rows(m)


def normalize_rows(m: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)

