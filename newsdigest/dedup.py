"""Group near-duplicate articles (two crawls of one page, syndicated copies) with MinHash LSH.

Cleaning runs first, so two crawls of a page that differ only in what was appended to
them compare on their main text. The group's representative is the article with the most
kept text (the fuller crawl); only it is summarized and counted as a source.
"""
from __future__ import annotations

from typing import Sequence

from .model import Cleaned
from .settings import Settings


def shingles(text: str, size: int) -> set[bytes]:
    words = text.lower().split()
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i: i + size]).encode() for i in range(len(words) - size + 1)}


def duplicate_groups(docs: Sequence[Cleaned], settings: Settings = Settings()) -> list[tuple[str, ...]]:
    """A partition of the article ids; each group lists its representative first.

    LSH proposes candidate pairs in near-constant time per article; each candidate is then
    confirmed on the MinHash Jaccard estimate, and groups are the connected components.
    """
    from datasketch import MinHash, MinHashLSH  # 0.7 s to import: only when needed

    ids = [d.article.id for d in docs]
    texts = ["\n".join(d.paragraphs) for d in docs]
    hashes = []
    lsh = MinHashLSH(threshold=settings.duplicate_threshold, num_perm=settings.minhash_permutations)
    for key, text in zip(ids, texts):
        m = MinHash(num_perm=settings.minhash_permutations, seed=1)
        m.update_batch(shingles(text, settings.shingle_words))
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
