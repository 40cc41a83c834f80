"""Group near-duplicate articles (two crawls of one page, syndicated copies) with MinHash LSH.

Cleaning runs first, so two crawls of a page that differ only in what was appended to
them compare on their main text. The group's representative is the article with the most
kept text (the fuller crawl); only it is summarized and counted as a source.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np

from .model import Cleaned
from .settings import Settings


def shingles(text: str, size: int) -> set[bytes]:
    """The text's word ``size``-grams as ``signature_values`` reads them: lower-cased, split on
    white space, joined by one space (the whole text when it is shorter)."""
    words = text.lower().split()
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i: i + size]).encode() for i in range(len(words) - size + 1)}


SCHEME = "affine32"  # datasketch's permutation scheme, named so stored signatures stay readable
SIGNATURES = 2  # the shingle hash stores record: 1 SHA-1's first four bytes (stores before migration 7), 2 ``shingle_hash``
_EMPTY = np.uint32(0xFFFFFFFF)
_CHUNK = 4096  # shingles permuted at once: 2 MiB of uint32 at 128 permutations
_BASE = 0x9E3779B97F4A7C15  # odd, so invertible modulo 2^64
_MASK = (1 << 64) - 1
_CACHED_POWERS = 1 << 20  # powers kept for texts up to 1 MiB (16 MiB); a longer text's are computed and dropped


def shingle_hash(gram: bytes) -> int:
    """A shingle's 32-bit input hash: its bytes as a polynomial in ``_BASE`` modulo 2^64
    (byte k times ``_BASE``^k), the two halves xor-ed. Give it to datasketch as ``hashfunc``
    for the values ``signature_values`` computes; this is the definition, the vectorised
    ``_shingle_hashes`` the implementation."""
    h, power = 0, 1
    for byte in gram:
        h = (h + byte * power) & _MASK
        power = (power * _BASE) & _MASK
    return (h >> 32) ^ (h & 0xFFFFFFFF)


@lru_cache(maxsize=4)
def _powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    """``_BASE``^k and ``_BASE``^-k modulo 2^64 for k < ``size`` (numpy's uint64 wraps)."""
    forward = np.full(size, _BASE, dtype=np.uint64)
    inverse = np.full(size, pow(_BASE, -1, 1 << 64), dtype=np.uint64)
    forward[0] = inverse[0] = 1
    return np.cumprod(forward, dtype=np.uint64), np.cumprod(inverse, dtype=np.uint64)


def _shingle_hashes(words: list[str], size: int) -> np.ndarray:
    """``shingle_hash`` of every word ``size``-gram of ``words`` in order, from one pass of numpy
    over the joined text: a prefix sum of byte k times ``_BASE``^k gives any span's polynomial,
    shifted back to its start by ``_BASE``^-start."""
    if not words:
        return np.empty(0, dtype=np.uint32)
    data = np.frombuffer(" ".join(words).encode(), dtype=np.uint8)
    n = len(data)
    length = max(4096, 1 << n.bit_length())
    forward, inverse = _powers(length) if length <= _CACHED_POWERS else _powers.__wrapped__(length)
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum(data * forward[:n], out=prefix[1:])
    spaces = np.flatnonzero(data == 32)
    starts, ends = np.concatenate(([0], spaces + 1)), np.concatenate((spaces, [n]))
    if len(words) < size:
        starts, ends = starts[:1], ends[-1:]
    else:
        starts, ends = starts[: len(words) - size + 1], ends[size - 1:]
    h = (prefix[ends] - prefix[starts]) * inverse[starts]
    return ((h >> np.uint64(32)) ^ (h & np.uint64(0xFFFFFFFF))).astype(np.uint32)


@lru_cache(maxsize=8)
def _permutations(permutations: int) -> np.ndarray:
    """datasketch's (a, b) for ``affine32`` with seed 1, as its ``MinHash`` draws them from
    numpy's ``RandomState(1)`` (an odd ``a``, any ``b``), once per process; a test compares
    them with datasketch's, which is not imported here: its import costs a quarter of a second."""
    gen = np.random.RandomState(1)
    a = gen.randint(0, 1 << 31, permutations, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, permutations, dtype=np.uint32)
    return np.array([a, b])


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, which ``affine32`` applies to each input hash."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _min_values(hashes: np.ndarray, permutations: int, lead: int | None = None) -> np.ndarray:
    """The MinHash values of input ``hashes`` (for each permutation a * fmix32(h) + b mod 2^32,
    the least); with ``lead``, a second row of the values of the first ``lead`` hashes alone."""
    a, b = _permutations(permutations)
    hashes = _fmix32(hashes)
    values = np.full((2, permutations), _EMPTY, dtype=np.uint32)
    for start in range(0, len(hashes), _CHUNK):
        permuted = a[:, None] * hashes[None, start: start + _CHUNK] + b[:, None]
        values[0] = np.minimum(values[0], permuted.min(axis=1))
        if lead is not None and start < lead:
            values[1] = np.minimum(values[1], permuted[:, : lead - start].min(axis=1))
    return values if lead is not None else values[0]


def signature_values(text: str, settings: Settings) -> np.ndarray:
    """The two MinHashes ``DuplicateIndex`` compares, of the whole text and of its lead (the first
    ``duplicate_lead_words`` words), as rows of one array: datasketch's ``MinHash`` values
    (``affine32``, seed 1) with ``shingle_hash`` as its hash function, the lead's shingles being
    the first of the text's (a test compares the two)."""
    words = text.lower().split()
    size, lead = settings.shingle_words, settings.duplicate_lead_words
    hashes = _shingle_hashes(words, size)
    n = settings.minhash_permutations
    if len(words) <= lead:
        return np.stack([_min_values(hashes, n)] * 2)
    if lead >= size:
        return _min_values(hashes, n, lead - size + 1)
    return np.stack([_min_values(hashes, n), _min_values(_shingle_hashes(words[:lead], size), n)])


@lru_cache(maxsize=8)
def lsh_bands(threshold: float, permutations: int) -> tuple[int, int]:
    """(bands, rows per band) as datasketch's ``MinHashLSH`` picks them for ``threshold``: the
    least false-positive plus false-negative probability mass (equal weights), the first met in
    its order. The integrals are of polynomials of degree bands · rows ≤ ``permutations``, so
    Gauss-Legendre quadrature with ``permutations`` / 2 + 1 nodes is exact (datasketch uses
    scipy's ``quad``; a test compares the picks)."""
    nodes, weights = np.polynomial.legendre.leggauss(permutations // 2 + 1)
    below, below_w = threshold * (nodes + 1) / 2, weights * threshold / 2
    above, above_w = threshold + (1 - threshold) * (nodes + 1) / 2, weights * (1 - threshold) / 2
    best = (np.inf, 0, 0)
    for b in range(1, permutations + 1):
        for r in range(1, permutations // b + 1):
            error = below_w @ (1 - (1 - below ** r) ** b) + above_w @ (1 - above ** r) ** b
            if error < best[0]:
                best = (error, b, r)
    return best[1], best[2]


_PROPOSED_BELOW = 0.2
"""The LSH bands that propose pairs are those for a Jaccard this far below the threshold: at 0.7
with 128 permutations (25 bands of 5 rows) they propose 99% of the pairs at the threshold and
all but 0.005% at 0.8, where the threshold's own bands (14 of 9) proposed 44% and 87%; so the
decision, not the banding, says what is a duplicate."""


def candidate_bands(settings: Settings) -> tuple[int, int]:
    """(bands, rows) of the LSH that proposes near-duplicate pairs (``_PROPOSED_BELOW``), for
    ``duplicate_groups``, the stream's ``DuplicateIndex`` and the Spark job alike."""
    return lsh_bands(max(0.05, settings.duplicate_threshold - _PROPOSED_BELOW), settings.minhash_permutations)


def duplicate_groups(docs: Sequence[Cleaned], settings: Settings = Settings()) -> list[tuple[str, ...]]:
    """A partition of the article ids; each group lists its representative first.

    LSH proposes candidate pairs in near-constant time per article (``candidate_bands``); each
    candidate is then decided on the exact Jaccard of the two texts' shingle sets, so a
    cluster's groups do not depend on MinHash's sampling noise (about ±0.04 at the threshold),
    and groups are the connected components. (A stream cannot keep every text's shingles:
    ``DuplicateIndex`` decides on the estimate.)
    """
    ids = [d.article.id for d in docs]
    texts = [d.body for d in docs]
    n_perm, threshold, size = settings.minhash_permutations, settings.duplicate_threshold, settings.shingle_words
    bands, rows = candidate_bands(settings)
    values = [_min_values(_shingle_hashes(text.lower().split(), size), n_perm) for text in texts]
    buckets: dict[tuple[int, bytes], list[int]] = {}
    has_text = [bool(text.strip()) for text in texts]
    for n, v in enumerate(values):
        if has_text[n]:
            for band in enumerate(band_values(v, bands, rows)):
                buckets.setdefault(band, []).append(n)
    parent = list(range(len(docs)))
    sets: dict[int, set[bytes]] = {}

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def exact(a: int, b: int) -> float:
        for k in (a, b):
            if k not in sets:
                sets[k] = shingles(texts[k], size)
        return len(sets[a] & sets[b]) / len(sets[a] | sets[b])

    for n, v in enumerate(values):
        if not has_text[n]:
            continue
        candidates = {other for band in enumerate(band_values(v, bands, rows)) for other in buckets[band]}
        for other in sorted(candidates):
            if other != n and find(other) != find(n) and exact(n, other) >= threshold:
                parent[find(other)] = find(n)
    groups: dict[int, list[int]] = {}
    for n in range(len(docs)):
        groups.setdefault(find(n), []).append(n)
    lengths = [len(t.split()) for t in texts]
    for members in groups.values():
        members.sort(key=lambda n: (-lengths[n], n))  # fullest text first, then input order
    return [tuple(ids[n] for n in members) for members in sorted(groups.values(), key=lambda m: m[0])]


def band_values(values: np.ndarray, bands: int, rows: int) -> list[bytes]:
    """The LSH bands of one signature, as datasketch's ``MinHashLSH`` cuts them: ``rows``
    values each, from the start."""
    return [values[b * rows: (b + 1) * rows].tobytes() for b in range(bands)]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The MinHash estimate of two signatures' Jaccard similarity, as ``MinHash.jaccard``."""
    return np.count_nonzero(a == b) / len(a)


class DuplicateIndex:
    """Near-duplicates across a stream: MinHash LSH over the last ``window`` articles kept.

    The batch version above sees a whole cluster, whose cleaning has cut what each crawl had
    appended; a stream sees one article at a time, with its tail still on. So an article is
    also compared on its lead (the first ``duplicate_lead_words`` words), where a recrawl or a
    syndicated copy matches even when the tails differ. The signatures are plain bytes, so a
    store can keep them and rebuild the window on restart.

    The index is datasketch's ``MinHashLSH`` banding (its bands and rows for 0.2 under the
    threshold, ``candidate_bands``; one bucket per band value) kept in plain dicts over the
    signatures as arrays, so that an article costs no MinHash objects, and a key leaves its
    buckets when it leaves the window: memory stays flat on an endless stream. Most buckets
    hold one key, so a bucket is that key itself until a second one joins it. Candidates are
    confirmed on the MinHash Jaccard estimate, as ``MinHash.jaccard`` computes it.
    """

    def __init__(self, settings: Settings = Settings(), window: int | None = None):
        self.settings = settings
        self.window = window or settings.stream_duplicate_window
        self._bands, self._rows = candidate_bands(settings)
        # per signature (whole text, lead) and band: band value -> the key that has it, or the keys in order
        self._buckets: list[list[dict[bytes, str | dict[str, None]]]] = [[{} for _ in range(self._bands)]
                                                                         for _ in range(2)]
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
        return band_values(values, self._bands, self._rows)

    def find(self, signature: np.ndarray) -> str | None:
        """The earliest kept article that ``signature`` near-duplicates, on the whole text or the lead."""
        hits = []
        for which, values in enumerate(signature):
            candidates = set()
            for buckets, band in zip(self._buckets[which], self._bands_of(values)):
                members = buckets.get(band)
                if members is not None:
                    candidates.update((members,) if isinstance(members, str) else members)
            hits += [self._kept[k][0] for k in candidates
                     if jaccard(values, self._kept[k][1][which]) >= self.settings.duplicate_threshold]
        return self._first[min(hits)] if hits else None

    def add(self, key: str, signature: np.ndarray) -> None:
        if key in self._kept:
            return
        for buckets, values in zip(self._buckets, signature):
            for bucket, band in zip(buckets, self._bands_of(values)):
                members = bucket.setdefault(band, key)
                if members is not key:
                    if isinstance(members, str):
                        members = bucket[band] = {members: None}
                    members[key] = None
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
                    if isinstance(members, str):
                        del bucket[band]
                        continue
                    del members[oldest]
                    if len(members) == 1:
                        bucket[band] = next(iter(members))
