"""The pipeline as a Spark job over news crawls (issue 8, in progress: read, clean, dedup).

Each stage is a Spark transformation around the same functions the single-process ``ingest``
uses (``ingest.warc.read_warc``, ``clean.clean_article``, ``dedup.DuplicateIndex``'s
signatures), so both find the same things. Results do not depend on partitioning: every
choice that the stream makes by arrival order (which copy is the original) is made here by
the smallest id.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import Iterable, Iterator

from ..model import Article
from ..settings import Settings


def read_inputs(spark, paths: list[str], settings: Settings):
    """(articles RDD of Article, skipped RDD of (where, reason)) from WARC, JSON Lines or Parquet."""
    sc = spark.sparkContext
    warcs = [p for p in paths if p.endswith((".warc", ".warc.gz"))]
    jsonl = [p for p in paths if p.endswith((".jsonl", ".ndjson", ".json"))]
    parquet = [p for p in paths if p.endswith(".parquet")]
    records = sc.parallelize(sorted(warcs), max(1, len(warcs))).flatMap(lambda p: _warc_records(p, settings))
    if jsonl:
        records = records.union(sc.textFile(",".join(jsonl)).map(_json_record))
    if parquet:
        records = records.union(spark.read.parquet(*parquet).rdd.map(lambda row: _json_record(json.dumps(row.asDict()))))
    records = records.cache()
    articles = records.filter(lambda r: r[0] == "article").map(lambda r: Article(**r[1]))
    skipped = records.filter(lambda r: r[0] == "skip").map(lambda r: r[1])
    return articles, skipped


def _warc_records(path: str, settings: Settings) -> Iterator[tuple]:
    from ..ingest.warc import read_warc

    skipped: list[tuple[str, str]] = []
    try:
        with open(path, "rb") as f:
            for article in read_warc(f, path, settings, lambda w, r: skipped.append((w, r))):
                yield "article", asdict(article)
                while skipped:
                    yield "skip", skipped.pop(0)
    except OSError as exc:
        skipped.append((path, exc.strerror or "cannot be read"))
    for item in skipped:
        yield "skip", item


def _json_record(line: str) -> tuple:
    from ..ingest.jsonl import read_line

    try:
        return "article", asdict(read_line(line, f"line:{abs(hash(line)) % 10**12}"))
    except ValueError as exc:
        return "skip", ("json record", f"malformed: {exc}")


def clean_and_sign(articles, settings: Settings):
    """RDD of (id, article, cleaned text, signature bytes), articles with no main text dropped."""
    def partition(items: Iterable[Article]) -> Iterator[tuple]:
        from ..clean import clean_article
        from ..dedup import DuplicateIndex

        index = DuplicateIndex(settings)
        for a in items:
            text = "\n".join(clean_article(a, settings).paragraphs)
            if text.strip():
                yield a.id, a, text, DuplicateIndex.dump(index.signature(text))

    return articles.mapPartitions(partition)


def duplicate_groups(signed, settings: Settings) -> dict[str, str]:
    """{article id: representative id} for every article in a group of near-duplicates.

    LSH banding as datasketch does it (same bands, same hash of each band) proposes pairs that
    share a band; each pair is confirmed on the MinHash Jaccard, on the whole text or on the
    lead as ``DuplicateIndex`` does; groups are connected components; the representative is
    the smallest id, whatever the partitioning.
    """
    import numpy as np

    from datasketch.lsh import _optimal_param

    perms = settings.minhash_permutations
    bands, rows = _optimal_param(settings.duplicate_threshold, perms, 0.5, 0.5)

    def band_keys(item):
        key, _, _, signature = item
        values = np.frombuffer(signature, dtype=np.uint32).reshape(2, -1)
        for which in range(2):
            for b in range(bands):
                yield (which, b, values[which, b * rows:(b + 1) * rows].tobytes()), key

    pairs = (signed.flatMap(band_keys).groupByKey()
             .flatMap(lambda kv: _pairs(sorted(set(kv[1])))).distinct())
    by_id = signed.map(lambda x: (x[0], x[3]))
    threshold = settings.duplicate_threshold
    confirmed = (pairs.join(by_id).map(lambda x: (x[1][0], (x[0], x[1][1])))
                 .join(by_id).map(lambda x: (x[1][0][0], x[0], x[1][0][1], x[1][1]))
                 .filter(lambda x: _similar(x[2], x[3], threshold))
                 .map(lambda x: (x[0], x[1])).collect())
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.get(k, k) != k:
            parent[k] = parent.get(parent[k], parent[k])
            k = parent[k]
        return k

    members = set()
    for a, b in confirmed:
        members |= {a, b}
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {k: find(k) for k in sorted(members)}


def _pairs(ids: list[str]) -> Iterator[tuple[str, str]]:
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            yield a, b


def _similar(x: bytes, y: bytes, threshold: float) -> bool:
    import numpy as np

    a = np.frombuffer(x, dtype=np.uint32).reshape(2, -1)
    b = np.frombuffer(y, dtype=np.uint32).reshape(2, -1)
    return bool(((a == b).mean(axis=1) >= threshold).any())


def events(signed, duplicates: dict[str, str], settings: Settings) -> dict[str, str]:
    """{article id: event id} for every article: the day's articles are clustered together (as
    one batch of the stream, with the IDF of the whole input), then each day's events are
    merged into the events of the days before it in date order, by the same average link over
    their summed vectors, as the stream merges its batches. An event is named by its smallest
    article id, so the result does not depend on partitioning. Duplicates join their
    representative's event."""
    from collections import Counter

    import numpy as np

    from ..stream.cluster import EventClusterer, _average_link, article_features

    keep = signed.filter(lambda x: duplicates.get(x[0], x[0]) == x[0])
    features = keep.map(lambda x: (x[0], article_features(x[1], x[2]))).cache()
    df = Counter(dict(features.flatMap(lambda kv: [(t, 1) for t in kv[1].terms]).reduceByKey(lambda a, b: a + b)
                      .collect()))
    seen = features.count()
    df_b = signed.context.broadcast((df, seen))

    def cluster_day(items):
        df_all, n = df_b.value
        items = sorted(items, key=lambda kv: kv[0])
        clusterer = EventClusterer(settings, seen=n, df=df_all)
        vectors = [clusterer._vector(f) for _, f in items]
        dated = np.array([f.day is not None for _, f in items], dtype=float)
        groups = _average_link(vectors, np.ones(len(items)), dated, settings.stream_time_weight,
                               settings.stream_threshold)
        for members in groups:
            vector: dict = {}
            for g in members:
                for t, x in vectors[g].items():
                    vector[t] = vector.get(t, 0.0) + x
            yield ([items[g][0] for g in members], vector, len(members), int(sum(dated[g] for g in members)))

    by_day = features.map(lambda kv: (kv[1].day if kv[1].day is not None else -1, kv)).groupByKey()
    day_groups = sorted(by_day.flatMap(lambda d: [(d[0], g) for g in cluster_day(d[1])]).collect(),
                        key=lambda x: (x[0], min(x[1][0])))
    # merge across days in date order: the groups of each day against the events so far
    active: list[tuple[list[str], dict, int, int]] = []
    finished: list[list[str]] = []
    for day in sorted({d for d, _ in day_groups}):
        todays = [g for d, g in day_groups if d == day]
        groups = active + todays
        merged = _average_link([g[1] for g in groups], np.array([g[2] for g in groups], dtype=float),
                               np.array([g[3] for g in groups], dtype=float), settings.stream_time_weight,
                               settings.stream_threshold)
        active = []
        for members in merged:
            ids = [i for g in members for i in groups[g][0]]
            vector: dict = {}
            for g in members:
                for t, x in groups[g][1].items():
                    vector[t] = vector.get(t, 0.0) + x
            active.append((ids, vector, sum(groups[g][2] for g in members), sum(groups[g][3] for g in members)))
        active.sort(key=lambda g: min(g[0]))
        while len(active) > settings.stream_window:  # the oldest events leave, as in the stream
            finished.append(active.pop(0)[0])
    finished += [g[0] for g in active]
    out = {i: min(ids) for ids in finished for i in ids}
    for member, representative in duplicates.items():
        out[member] = out[representative]
    return out


def summaries(articles, labels: dict[str, str], settings: Settings, words: int = 100):
    """RDD of one JSON document per event (the digest's event schema: the CLI's summary JSON
    with the event's id, days, size and sources), summarized by ``pipeline.summarize``."""
    labels_b = articles.context.broadcast(labels)

    def summarize_event(item):
        from ..attribute import source_key
        from ..pipeline import summarize
        from ..render.json import as_dict

        event, members = item
        members = sorted(members, key=lambda a: a.id)
        summary = summarize(members, words=words, settings=settings)
        days = sorted(a.date[:10] for a in members if a.date)
        duplicates = {m for group in summary.cluster.duplicates for m in group[1:]}
        return {"event": event, "first": days[0] if days else None, "last": days[-1] if days else None,
                "size": len(members), "sources": len({source_key(a) for a in members if a.id not in duplicates}),
                **as_dict(summary)}

    return (articles.filter(lambda a: a.id in labels_b.value)
            .map(lambda a: (labels_b.value[a.id], a)).groupByKey().map(summarize_event))


def run(inputs: list[str], output: str, master: str | None = "local[2]", fmt: str = "jsonl",
        settings: Settings = Settings(), words: int = 100) -> dict:
    """The whole job: read, clean, dedup, cluster, summarize; write one summary per event to
    ``output`` (JSON Lines or Parquet) and the skipped input with its reasons beside it.
    Returns the counts. ``master`` None leaves it to ``spark-submit``."""
    import os
    import sys

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("newsdigest")
    if master:
        builder = builder.master(master)
    spark = builder.getOrCreate()
    try:
        articles, skipped = read_inputs(spark, inputs, settings)
        articles = articles.cache()
        signed = clean_and_sign(articles, settings).cache()
        groups = duplicate_groups(signed, settings)
        labels = events(signed, groups, settings)
        docs = summaries(articles, labels, settings, words).map(lambda d: json.dumps(d, ensure_ascii=False))
        os.makedirs(output, exist_ok=True)
        if fmt == "parquet":
            spark.read.json(docs).write.mode("overwrite").parquet(os.path.join(output, "events.parquet"))
        else:
            _write_lines(sorted(docs.collect()), os.path.join(output, "events.jsonl"))  # small: one line an event
        reasons = skipped.collect()
        _write_lines([json.dumps({"where": w, "reason": r}) for w, r in reasons], os.path.join(output, "skipped.jsonl"))
        return {"articles": articles.count(), "kept": signed.count(), "duplicates": sum(1 for k, v in groups.items() if k != v),
                "events": len(set(labels.values())), "skipped": len(reasons)}
    finally:
        spark.stop()


def _write_lines(lines: list[str], path: str) -> None:
    """Atomically: a temporary file renamed into place."""
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".newsdigest-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.writelines(line + "\n" for line in lines)
    os.replace(tmp, path)
