"""Group near-duplicate articles (two crawls of one page, syndicated copies) with MinHash LSH.

Cleaning runs first, so two crawls of a page that differ only in what was appended to
them compare on their main text. The group's representative is the article with the most
kept text (the fuller crawl); only it is summarized and counted as a source.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from .model import Cleaned
from .settings import Settings


def shingles(text: str, size: int) -> set[bytes]:
    words = text.lower().split()
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i: i + size]).encode() for i in range(len(words) - size + 1)}


SCHEME = "affine32"  # datasketch's permutation scheme, named so stored signatures stay readable


def minhash(text: str, settings: Settings, permutations=None, hashvalues=None):
    """The MinHash of ``text``'s word shingles (or one rebuilt from ``hashvalues``). Pass the
    ``permutations`` of an earlier MinHash: datasketch draws them anew for every object
    otherwise, which costs more than hashing a page."""
    from datasketch import MinHash

    m = MinHash(num_perm=settings.minhash_permutations, seed=1, scheme=SCHEME, hashvalues=hashvalues,
                permutations=permutations)
    if hashvalues is None:
        m.update_batch(shingles(text, settings.shingle_words))
    return m


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
        m = minhash(text, settings, hashes[0].permutations if hashes else None)
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
    """

    def __init__(self, settings: Settings = Settings(), window: int | None = None):
        self.settings = settings
        self.window = window or settings.stream_duplicate_window
        self._lsh = self._new_lsh()
        self._kept: dict = {}  # key -> (arrival number, signatures), oldest first
        self._first: dict[int, str] = {}  # arrival number -> key
        self._count = 0
        self._permutations = None  # drawn once: datasketch would redraw them for every MinHash

    def _new_lsh(self) -> list:
        self._since_rebuild = 0
        return [lsh_index(self.settings) for _ in range(2)]  # whole text, lead

    def _minhash(self, text: str, hashvalues=None):
        m = minhash(text, self.settings, self._permutations, hashvalues)
        self._permutations = m.permutations
        return m

    def signature(self, text: str) -> tuple:
        lead = " ".join(text.split()[: self.settings.duplicate_lead_words])
        return self._minhash(text), self._minhash(lead)

    @staticmethod
    def dump(signature: tuple) -> bytes:
        return b"".join(m.hashvalues.tobytes() for m in signature)

    def load(self, data: bytes) -> tuple:
        import numpy as np

        values = np.frombuffer(data, dtype=np.uint32).reshape(2, -1)
        return tuple(self._minhash("", v.copy()) for v in values)

    def find(self, signature: tuple) -> str | None:
        """The earliest kept article that ``signature`` near-duplicates, on the whole text or the lead."""
        hits = [self._kept[k][0] for n, (lsh, m) in enumerate(zip(self._lsh, signature)) for k in lsh.query(m)
                if m.jaccard(self._kept[k][1][n]) >= self.settings.duplicate_threshold]
        return self._first[min(hits)] if hits else None

    def add(self, key: str, signature: tuple) -> None:
        if key in self._kept:
            return
        for lsh, m in zip(self._lsh, signature):
            lsh.insert(key, m)
        self._kept[key] = (self._count, signature)
        self._first[self._count] = key
        self._count += 1
        while len(self._kept) > self.window:
            oldest = next(iter(self._kept))
            for lsh in self._lsh:
                lsh.remove(oldest)
            del self._first[self._kept.pop(oldest)[0]]
        self._since_rebuild += 1
        if self._since_rebuild >= self.window:
            # datasketch's buckets keep the memory of keys removed from them: once a window,
            # rebuild the index from what is kept, so memory stays flat on an endless stream
            self._lsh = self._new_lsh()
            for kept, (_, signature) in self._kept.items():
                for lsh, m in zip(self._lsh, signature):
                    lsh.insert(kept, m)
