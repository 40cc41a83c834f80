"""Group near-duplicate articles (two crawls of one page, syndicated copies) with MinHash LSH.

Cleaning runs first, so two crawls of a page that differ only in what was appended to
them compare on their main text. The group's representative is the article with the most
kept text (the fuller crawl); only it is summarized and counted as a source.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Sequence

import numpy as np

from .model import Cleaned
from .settings import Settings


def shingles(text: str, size: int) -> set[bytes]:
    return set(_grams(text.lower().split(), size))


def _grams(words: list[str], size: int) -> list[bytes]:
    """The word ``size``-grams of ``words`` in order (the whole text when it is shorter)."""
    if len(words) < size:
        return [" ".join(words).encode()] if words else []
    return [" ".join(words[i: i + size]).encode() for i in range(len(words) - size + 1)]


SCHEME = "affine32"  # datasketch's permutation scheme, named so stored signatures stay readable
_EMPTY = np.uint32(0xFFFFFFFF)
_CHUNK = 4096  # shingles permuted at once: 2 MiB of uint32 at 128 permutations


@lru_cache(maxsize=8)
def _permutations(permutations: int) -> np.ndarray:
    """datasketch's (a, b) for ``affine32`` with seed 1, drawn once per process (it draws them
    anew for every MinHash object, which costs more than hashing a page)."""
    from datasketch import MinHash

    return MinHash(num_perm=permutations, seed=1, scheme=SCHEME).permutations


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, which ``affine32`` applies to each input hash."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _hashes(grams: Sequence[bytes]) -> np.ndarray:
    """Each gram's input hash, as datasketch's default ``sha1_hash32`` and ``affine32`` make it."""
    sha1 = hashlib.sha1
    return _fmix32(np.frombuffer(b"".join([sha1(g).digest()[:4] for g in grams]), dtype="<u4").astype(np.uint32))


def _min_values(hashes: np.ndarray, permutations: int) -> np.ndarray:
    """The MinHash values of input ``hashes``: for each permutation a * h + b (mod 2^32), the least."""
    a, b = _permutations(permutations)
    values = np.full(permutations, _EMPTY, dtype=np.uint32)
    for start in range(0, len(hashes), _CHUNK):
        h = hashes[start: start + _CHUNK]
        values = np.minimum(values, (a[:, None] * h[None, :] + b[:, None]).min(axis=1))
    return values


def hash_values(grams: Sequence[bytes], permutations: int) -> np.ndarray:
    """The MinHash values of ``grams`` exactly as datasketch's ``MinHash.update_batch`` computes
    them (``affine32``, seed 1, SHA-1's first four bytes), for all of a text's shingles at once:
    one SHA-1 call each and numpy over the permutations (a test compares the two)."""
    return _min_values(_hashes(grams), permutations)


def minhash(text: str, settings: Settings, hashvalues=None):
    """The datasketch MinHash of ``text``'s word shingles, or one rebuilt from ``hashvalues``."""
    from datasketch import MinHash

    if hashvalues is None:
        hashvalues = hash_values(list(shingles(text, settings.shingle_words)), settings.minhash_permutations)
    return MinHash(num_perm=settings.minhash_permutations, seed=1, scheme=SCHEME, hashvalues=hashvalues,
                   permutations=_permutations(settings.minhash_permutations))


def signature_values(text: str, settings: Settings) -> np.ndarray:
    """The two MinHashes ``DuplicateIndex`` compares, of the whole text and of its lead (the first
    ``duplicate_lead_words`` words), as rows of one array. The lead's shingles are the first of
    the text's, so each is hashed once."""
    words = text.lower().split()
    size, lead = settings.shingle_words, settings.duplicate_lead_words
    grams = _grams(words, size)
    hashes = _hashes(grams)
    if len(words) <= lead:
        lead_hashes = hashes
    elif lead >= size:
        lead_hashes = hashes[: lead - size + 1]
    else:
        lead_hashes = _hashes(_grams(words[:lead], size))
    n = settings.minhash_permutations
    return np.stack([_min_values(hashes, n), _min_values(lead_hashes, n)])


def lsh_index(settings: Settings):
    """An empty MinHashLSH for the duplicate threshold. Its bands and rows are computed once per
    process: datasketch derives them by numerical integration on every construction (36 ms,
    more than deduplicating a small cluster)."""
    from datasketch import MinHashLSH

    return MinHashLSH(threshold=settings.duplicate_threshold, num_perm=settings.minhash_permutations,
                      params=lsh_bands(settings.duplicate_threshold, settings.minhash_permutations))


@lru_cache(maxsize=8)
def lsh_bands(threshold: float, permutations: int) -> tuple[int, int]:
    """(bands, rows per band) that datasketch picks for ``threshold`` (equal weight to false
    positives and negatives)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=permutations)
    return lsh.b, lsh.r


def duplicate_groups(docs: Sequence[Cleaned], settings: Settings = Settings()) -> list[tuple[str, ...]]:
    """A partition of the article ids; each group lists its representative first.

    LSH proposes candidate pairs in near-constant time per article; each candidate is then
    confirmed on the MinHash Jaccard estimate, and groups are the connected components.
    """
    ids = [d.article.id for d in docs]
    texts = [d.body for d in docs]
    hashes = []
    lsh = lsh_index(settings)
    for key, text in zip(ids, texts):
        m = minhash(text, settings)
        hashes.append(m)
        if text.strip():
            lsh.insert(key, m)
    position = {k: n for n, k in enumerate(ids)}
    parent = {k: k for k in ids}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for key, m, text in zip(ids, hashes, texts):
        if not text.strip():
            continue
        for other in lsh.query(m):
            if other != key and m.jaccard(hashes[position[other]]) >= settings.duplicate_threshold:
                parent[find(other)] = find(key)
    groups: dict[str, list[int]] = {}
    for n, key in enumerate(ids):
        groups.setdefault(find(key), []).append(n)
    size = [len(t.split()) for t in texts]
    out = []
    for members in groups.values():
        members.sort(key=lambda n: (-size[n], n))  # fullest text first, then input order
        out.append(tuple(ids[n] for n in members))
    out.sort(key=lambda g: position[g[0]])
    return out


class DuplicateIndex:
    """Near-duplicates across a stream: MinHash LSH over the last ``window`` articles kept.

    The batch version above sees a whole cluster, whose cleaning has cut what each crawl had
    appended; a stream sees one article at a time, with its tail still on. So an article is
    also compared on its lead (the first ``duplicate_lead_words`` words), where a recrawl or a
    syndicated copy matches even when the tails differ. The signatures are plain bytes, so a
    store can keep them and rebuild the window on restart.

    The index is datasketch's ``MinHashLSH`` banding (its bands and rows for the threshold, one
    bucket per band value) kept in plain dicts over the signatures as arrays, so that an
    article costs no MinHash objects, and a key leaves its buckets when it leaves the window:
    memory stays flat on an endless stream. Candidates are confirmed on the MinHash Jaccard
    estimate, as ``MinHash.jaccard`` computes it.
    """

    def __init__(self, settings: Settings = Settings(), window: int | None = None):
        self.settings = settings
        self.window = window or settings.stream_duplicate_window
        self._bands, self._rows = lsh_bands(settings.duplicate_threshold, settings.minhash_permutations)
        # per signature (whole text, lead) and band: band value -> the keys that have it, in order
        self._buckets: list[list[dict[bytes, dict[str, None]]]] = [[{} for _ in range(self._bands)] for _ in range(2)]
        self._kept: dict[str, tuple[int, np.ndarray]] = {}  # key -> (arrival number, signature), oldest first
        self._first: dict[int, str] = {}  # arrival number -> key
        self._count = 0

    def signature(self, text: str) -> np.ndarray:
        return signature_values(text, self.settings)

    @staticmethod
    def dump(signature: np.ndarray) -> bytes:
        return signature.tobytes()

    @staticmethod
    def load(data: bytes) -> np.ndarray:
        """The signature ``dump`` (or ``signature_values(…).tobytes()``) wrote."""
        return np.frombuffer(data, dtype=np.uint32).reshape(2, -1)

    def _bands_of(self, values: np.ndarray) -> list[bytes]:
        r = self._rows
        return [values[b * r: (b + 1) * r].tobytes() for b in range(self._bands)]

    def find(self, signature: np.ndarray) -> str | None:
        """The earliest kept article that ``signature`` near-duplicates, on the whole text or the lead."""
        hits = []
        for which, values in enumerate(signature):
            candidates = set()
            for buckets, band in zip(self._buckets[which], self._bands_of(values)):
                candidates.update(buckets.get(band, ()))
            n = len(values)
            hits += [self._kept[k][0] for k in candidates
                     if np.count_nonzero(values == self._kept[k][1][which]) / n >= self.settings.duplicate_threshold]
        return self._first[min(hits)] if hits else None

    def add(self, key: str, signature: np.ndarray) -> None:
        if key in self._kept:
            return
        for buckets, values in zip(self._buckets, signature):
            for bucket, band in zip(buckets, self._bands_of(values)):
                bucket.setdefault(band, {})[key] = None
        self._kept[key] = (self._count, signature)
        self._first[self._count] = key
        self._count += 1
        while len(self._kept) > self.window:
            oldest = next(iter(self._kept))
            number, old = self._kept.pop(oldest)
            del self._first[number]
            for buckets, values in zip(self._buckets, old):
                for bucket, band in zip(buckets, self._bands_of(values)):
                    members = bucket[band]
                    del members[oldest]
                    if not members:
                        del bucket[band]
