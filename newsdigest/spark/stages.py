"""The Spark job's stages: clean and sign, near-duplicates, events; what ``ingest`` does,
without a store, with every order-dependent choice made in id order."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..clean import NO_TEXT, has_text
from ..model import Article
from ..settings import Settings
from .inputs import Inputs, latest, read_inputs

@dataclass(frozen=True)
class Signed:
    """An article cleaned and signed: what the near-duplicate and event stages work on."""

    id: str
    article: Article
    text: str  # the cleaned text without headings (``Cleaned.body``)
    signature: bytes  # the two MinHash signatures of ``DuplicateIndex``; empty when there is no text


def clean_and_sign(articles, settings: Settings):
    """RDD of ``Signed``; an article whose input has no text (reported, then dropped, as
    ``ingest`` does) gets no signature."""
    def partition(items: Iterable[Article]) -> Iterator[Signed]:
        from ..clean import clean_article, has_text
        from ..dedup import signature_values
        from ..language import with_languages

        for a in items:
            a = with_languages([a], settings.language)[0]
            text = clean_article(a, settings).body
            yield Signed(a.id, a, text, signature_values(text, settings).tobytes() if has_text(text) else b"")

    return articles.mapPartitions(partition)


def near_duplicates(signed, settings: Settings) -> dict[str, str]:
    """{duplicate id: original id}, as ``ingest`` decides it on input in id order: an article
    is a duplicate of the earliest kept article it matches, on the whole text or on the lead.

    Candidates come from LSH banding (``dedup.candidate_bands``: the bands and rows datasketch's
    ``MinHashLSH`` picks for 0.2 under the threshold, one bucket per band value), each confirmed
    on the MinHash Jaccard of the signature that proposed it. Identical signatures are collapsed
    first, so a page crawled ten thousand times is one bucket member, not fifty million pairs.
    The confirmed pairs are few; the driver walks them in id order (the connected components,
    with the stream's rule for which member is kept).
    """
    import numpy as np

    from ..dedup import candidate_bands

    threshold = settings.duplicate_threshold
    bands, rows = candidate_bands(settings)

    # exact copies: (the whole text's signature) -> smallest id; the others are its copies
    exact = signed.map(lambda x: (x.signature[: len(x.signature) // 2], x.id)).groupByKey().mapValues(sorted).cache()
    copies = exact.flatMap(lambda kv: [(c, kv[1][0]) for c in kv[1][1:]]).collect()
    firsts = (signed.map(lambda x: (x.id, x.signature))
              .subtractByKey(exact.flatMap(lambda kv: [(c, 0) for c in kv[1][1:]])).cache())  # id -> signature

    def band_keys(item):
        key, signature = item
        values = np.frombuffer(signature, dtype=np.uint32).reshape(2, -1)
        for which in range(2):
            for b in range(bands):
                yield (which, b, values[which, b * rows:(b + 1) * rows].tobytes()), key

    def bucket_pairs(ids):
        ids = sorted(set(ids))
        return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]]

    candidates = (firsts.flatMap(band_keys).groupByKey()
                  .flatMap(lambda kv: [((kv[0][0], a), b) for a, b in bucket_pairs(kv[1])]).distinct())
    edges = (candidates.map(lambda x: (x[0][1], (x[0][0], x[1]))).join(firsts)  # a -> ((which, b), sig a)
             .map(lambda x: (x[1][0][1], (x[1][0][0], x[0], x[1][1]))).join(firsts)  # b -> ((which, a, sig a), sig b)
             .filter(lambda x: _jaccard(x[1][0][2], x[1][1], x[1][0][0]) >= threshold)
             .map(lambda x: (x[1][0][1], x[0])).distinct().collect())
    neighbours: dict[str, list[str]] = {}
    for a, b in edges:
        neighbours.setdefault(b, []).append(a)  # a < b: b may be a copy of a
    original: dict[str, str] = {}
    for key in sorted(neighbours):
        earlier = [a for a in neighbours[key] if a not in original]
        if earlier:
            original[key] = min(earlier)
    for copy, first in copies:
        original[copy] = original.get(first, first)
    return original


def _jaccard(x: bytes, y: bytes, which: int) -> float:
    import numpy as np

    a = np.frombuffer(x, dtype=np.uint32).reshape(2, -1)[which]
    b = np.frombuffer(y, dtype=np.uint32).reshape(2, -1)[which]
    return float((a == b).mean())


def partitions_for(spark) -> int:
    """Tasks per wide stage: a few per core, so one slow group does not hold the rest."""
    return 4 * spark.sparkContext.defaultParallelism


def events(signed, duplicates: dict[str, str], settings: Settings, partitions: int | None = None) -> dict[str, str]:
    """{article id: event id} for every article with text.

    The articles are weighted with the whole input's IDF and cut into blocks: each day's
    articles in id order, at most ``spark_block`` a block (undated articles form blocks of
    their own). Each block is clustered by average link in one task. The driver then merges
    the blocks' groups into the active events in date order, with the same average link over
    summed vectors the stream uses between batches (``EventClusterer.add_groups``), so events
    that straddle a day or a block are joined. An event is named by its smallest article id.
    Duplicates join their original's event.
    """
    from collections import Counter

    from ..stream.cluster import EventClusterer, article_features

    dup_b = signed.context.broadcast(duplicates)
    features = (signed.filter(lambda x: x.id not in dup_b.value)
                .map(lambda x: (x.id, article_features(x.article, x.text))).cache())
    df = Counter(dict(features.flatMap(lambda kv: [(t, 1) for t in kv[1].terms]).reduceByKey(lambda a, b: a + b)
                      .filter(lambda kv: kv[1] > 1).collect()))  # terms seen once carry no weight
    seen = features.count()
    df_b = signed.context.broadcast(df)
    block = settings.spark_block

    # position of each article within its day, in id order
    by_day = features.map(lambda kv: ((-1 if kv[1].day is None else kv[1].day, kv[0]), kv[1]))
    ranked = by_day.sortByKey().zipWithIndex().cache()
    starts = dict(ranked.map(lambda x: (x[0][0][0], x[1])).reduceByKey(min).collect())
    starts_b = signed.context.broadcast(starts)
    blocks = ranked.map(lambda x: ((x[0][0][0], (x[1] - starts_b.value[x[0][0][0]]) // block), (x[0][0][1], x[0][1])))

    def cluster_block(items) -> list[tuple[list[str], object]]:
        import numpy as np

        from ..stream.cluster import Idf, average_link, group_of, weighted_vector

        items, idf = sorted(items, key=lambda kv: kv[0]), Idf(df_b.value, seen)
        vectors = [weighted_vector(f, idf, settings) for _, f in items]
        dated = np.array([f.day is not None for _, f in items], dtype=float)
        clusters = average_link(vectors, np.ones(len(items)), dated, settings.stream_time_weight,
                                settings.stream_threshold)
        return [([items[g][0] for g in members],
                 group_of([vectors[g] for g in members], [items[g][1].day for g in members])) for members in clusters]

    clusterer = EventClusterer(settings, seen=seen, df=df)
    members: dict[int, list[str]] = {}
    partitions = partitions or signed.getNumPartitions()
    # sorted before clustering (sortByKey samples what it sorts), then clustered once, in order
    for _, groups in (blocks.groupByKey(partitions).sortByKey(numPartitions=partitions).mapValues(cluster_block)
                      .toLocalIterator()):
        labels, merged = clusterer.add_groups([g for _, g in groups])
        for (ids, _), event in zip(groups, labels):
            members.setdefault(event, []).extend(ids)
        for gone, kept in merged.items():
            members[kept] += members.pop(gone)
    out = {i: min(ids) for ids in members.values() for i in ids}
    for copy, first in duplicates.items():
        if first in out:
            out[copy] = out[first]
    return out


@dataclass
class Stages:
    articles: object  # RDD of Article, one per id
    skipped: object  # RDD of (where, reason)
    duplicates: dict[str, str]  # copy -> original
    labels: dict[str, str]  # article -> event
    seconds: dict[str, float]


def stages(spark, inputs: Inputs, settings: Settings = Settings()) -> Stages:
    """Read, clean, near-duplicates, events: what ``ingest`` does, without a store."""
    partitions = partitions_for(spark)
    articles, read_skips = read_inputs(spark, inputs, settings)
    articles = latest(articles, partitions).cache()
    signed = clean_and_sign(articles, settings).cache()
    empty = signed.filter(lambda x: not has_text(x.text)).map(lambda x: (x.id, NO_TEXT))
    signed = signed.filter(lambda x: has_text(x.text))
    mark = time.perf_counter()
    duplicates = near_duplicates(signed, settings)  # the first action: reading and cleaning run here
    dedup = time.perf_counter() - mark
    mark = time.perf_counter()
    labels = events(signed, duplicates, settings, partitions)
    return Stages(articles, read_skips.union(empty), duplicates, labels,
                  {"read, clean, dedup": dedup, "events": time.perf_counter() - mark})


