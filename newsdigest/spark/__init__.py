"""The pipeline as a Spark job over news crawls: ``newsdigest spark-run`` or ``spark-submit``.

Each stage is a Spark transformation around the functions the single-process ``ingest`` uses
(``ingest.stream_file``, ``clean.clean_article``, ``dedup.DuplicateIndex``'s signatures,
``stream.cluster``'s vectors and average link, ``pipeline.summarize``), so both find the same
things. Every choice the stream makes by arrival order (which copy is the original, the order
in which groups merge) is made here in id order, so results do not depend on partitioning.
See docs/design.md, "Spark".
"""
from __future__ import annotations

import gzip
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError
from ..model import Article
from ..settings import Settings

FORMATS = ("jsonl", "parquet", "warc")
_MANIFEST = (".paths", ".paths.gz", ".txt")  # Common Crawl lists its WARC files in warc.paths.gz


@dataclass(frozen=True)
class Inputs:
    """What the job reads: files any ``ingest`` reader takes (WARC included) with the id
    base ``ingest`` would give them, and Parquet tables of articles."""

    files: tuple[tuple[str, str], ...]
    parquet: tuple[str, ...]
    missing: tuple[str, ...]  # named in a manifest but absent: skipped with a reason, not fatal


def plan_inputs(paths: Iterable[str]) -> Inputs:
    """Expand folders and manifests (one path a line, ``.paths``/``.paths.gz``/``.txt``). A path
    named on the command line must exist; one named in a manifest may be gone (a crawl
    listing outlives files) and is reported in the side output instead."""
    from ..ingest import input_files

    files: list[tuple[str, str]] = []
    parquet: list[str] = []
    missing: list[str] = []
    for path in paths:
        if not os.path.exists(path):
            raise InputError(path, "no such file or folder")
        if path.lower().endswith(_MANIFEST):
            listed = _manifest(path)
            missing += [p for p in listed if not os.path.exists(p)]
            targets = [p for p in listed if os.path.exists(p)]
        else:
            targets = [path]
        for target in targets:
            if target.lower().endswith(".parquet"):
                parquet.append(target)
            else:
                files += input_files([target])
    if not files and not parquet and not missing:
        raise InputError(" ".join(paths), "no input files")
    return Inputs(tuple(files), tuple(parquet), tuple(missing))


def _manifest(path: str) -> list[str]:
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as f:
            lines = [line.strip() for line in f]
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"unreadable manifest ({exc})") from None
    base = os.path.dirname(path)
    return [p if os.path.isabs(p) else os.path.join(base, p) for p in lines if p and not p.startswith("#")]


def read_inputs(spark, inputs: Inputs, settings: Settings):
    """(articles RDD of (order, Article), skipped RDD of (where, reason)). Files are read one
    task each (a crawl's WARC files are about 1 GB), a record at a time, by ``ingest``'s own
    readers; ``order`` is the position in the input, so a later version of an id wins, as an
    update does in ``ingest``."""
    sc = spark.sparkContext
    files = list(enumerate(inputs.files))

    def read(item) -> Iterator[tuple]:
        from ..ingest import stream_file

        n, (path, id_base) = item
        skipped: list[tuple[str, str]] = []
        for k, article in enumerate(stream_file(Path(path), id_base, settings, lambda w, r: skipped.append((w, r)))):
            yield "article", ((n, k), article)
            yield from (("skip", s) for s in skipped)
            skipped.clear()
        yield from (("skip", s) for s in skipped)

    records = sc.parallelize(files, max(1, len(files))).flatMap(read)
    if inputs.parquet:
        offset = len(files)
        rows = spark.read.parquet(*inputs.parquet).rdd.zipWithIndex()
        records = records.union(rows.map(lambda x: _parquet_record(x[0].asDict(recursive=True), offset, x[1])))
    if inputs.missing:
        records = records.union(sc.parallelize([("skip", (p, "listed in the manifest but absent")) for p in inputs.missing], 1))
    records = records.cache()
    articles = records.filter(lambda r: r[0] == "article").map(lambda r: r[1])
    skipped = records.filter(lambda r: r[0] == "skip").map(lambda r: r[1])
    return articles, skipped


def _parquet_record(row: dict, offset: int, n: int) -> tuple:
    from ..ingest.jsonl import to_article

    try:
        return "article", ((offset, n), to_article(row, f"parquet#{n}"))
    except (ValueError, TypeError) as exc:
        return "skip", (f"parquet row {n}", f"not an article: {exc}")


def latest(articles, partitions: int):
    """One article per id, the last read (``ingest`` updates an id's text in place), spread
    over ``partitions`` by id: a JSON Lines file is read by one task, but cleaning it need not be."""
    return articles.map(lambda x: (x[1].id, x)).reduceByKey(_later, partitions).map(lambda kv: kv[1][1])


def _later(a: tuple, b: tuple) -> tuple:
    return a if a[0] > b[0] else b


def clean_and_sign(articles, settings: Settings):
    """RDD of (id, article, cleaned text, signature bytes); an article whose input has no text
    (reported, then dropped, as ``ingest`` does) gets no signature."""
    def partition(items: Iterable[Article]) -> Iterator[tuple]:
        from ..clean import clean_article, has_text
        from ..dedup import DuplicateIndex

        index = DuplicateIndex(settings)
        for a in items:
            text = clean_article(a, settings).body
            yield a.id, a, text, DuplicateIndex.dump(index.signature(text)) if has_text(text) else b""

    return articles.mapPartitions(partition)


def near_duplicates(signed, settings: Settings) -> dict[str, str]:
    """{duplicate id: original id}, as ``ingest`` decides it on input in id order: an article
    is a duplicate of the earliest kept article it matches, on the whole text or on the lead.

    Candidates come from LSH banding (the bands and rows datasketch's ``MinHashLSH`` picks
    for the threshold, one bucket per band value), each confirmed on the MinHash Jaccard of
    the signature that proposed it. Identical signatures are collapsed first, so a page
    crawled ten thousand times is one bucket member, not fifty million pairs. The confirmed
    pairs are few; the driver walks them in id order (the connected components, with the
    stream's rule for which member is kept).
    """
    import numpy as np

    from ..dedup import lsh_bands

    threshold = settings.duplicate_threshold
    bands, rows = lsh_bands(threshold, settings.minhash_permutations)

    # exact copies: (the whole text's signature) -> smallest id; the others are its copies
    exact = signed.map(lambda x: (x[3][: len(x[3]) // 2], x[0])).groupByKey().mapValues(sorted).cache()
    copies = exact.flatMap(lambda kv: [(c, kv[1][0]) for c in kv[1][1:]]).collect()
    firsts = (signed.map(lambda x: (x[0], x[3]))
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


def _partitions(spark) -> int:
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
    features = (signed.filter(lambda x: x[0] not in dup_b.value)
                .map(lambda x: (x[0], article_features(x[1], x[2]))).cache())
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

        from ..stream.cluster import average_link, group_of, weighted_vector

        items = sorted(items, key=lambda kv: kv[0])
        vectors = [weighted_vector(f, df_b.value, seen, settings) for _, f in items]
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


def summaries(articles, labels: dict[str, str], duplicates: dict[str, str], settings: Settings, words: int = 100,
              partitions: int | None = None):
    """RDD of one JSON document per event in event order, by ``pipeline.summarize`` on its articles: the
    schema of ``newsdigest digest --format json``'s events (the CLI's summary JSON with the
    event's id, days, size and sources)."""
    from ..render.json import as_dict

    labels_b = articles.context.broadcast(labels)
    dup_b = articles.context.broadcast(duplicates)
    partitions = partitions or articles.getNumPartitions()

    def summarize_event(item):
        from ..outlets import source_key
        from ..pipeline import summarize
        from ..render.digest import event_fields
        from ..stream.cluster import article_day
        from ..model import EventRow

        event, members = item
        members = sorted(members, key=lambda a: a.id)
        summary = summarize(members, words=words, settings=settings, analyze=True)
        days = sorted(d for d in map(article_day, members) if d is not None)
        sources = len({source_key(a) for a in members if a.id not in dup_b.value})  # outlets, copies not counted
        row = EventRow(event, days[0] if days else None, days[-1] if days else None, len(members), sources)
        return {**event_fields(row), **as_dict(summary)}

    return (articles.filter(lambda a: a.id in labels_b.value)
            .map(lambda a: (labels_b.value[a.id], a)).groupByKey(partitions)
            .sortByKey(numPartitions=partitions)  # sorted before summarizing: sampling the keys is cheap
            .map(summarize_event))


def session(master: str | None, driver_memory: str = "4g"):
    """A SparkSession: the caller's if one is active (spark-submit, a notebook, a test), else a
    new one; and whether this job made it (and so must stop it). In local mode the driver's
    JVM is the whole cluster, and Spark's default heap (1 GiB) dies in the shuffles of a
    100,000-article run: ``driver_memory`` sets it (spark-submit's --driver-memory otherwise)."""
    import sys

    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active, False
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers need this environment's packages
    builder = (SparkSession.builder.appName("newsdigest").config("spark.ui.showConsoleProgress", "false")
               .config("spark.pyspark.python", os.environ["PYSPARK_PYTHON"]))
    if master:
        builder = builder.master(master).config("spark.driver.memory", driver_memory)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark, True


@dataclass
class Stages:
    articles: object  # RDD of Article, one per id
    skipped: object  # RDD of (where, reason)
    duplicates: dict[str, str]  # copy -> original
    labels: dict[str, str]  # article -> event
    seconds: dict[str, float]


def stages(spark, inputs: Inputs, settings: Settings = Settings()) -> Stages:
    """Read, clean, near-duplicates, events: what ``ingest`` does, without a store."""
    partitions = _partitions(spark)
    articles, read_skips = read_inputs(spark, inputs, settings)
    articles = latest(articles, partitions).cache()
    signed = clean_and_sign(articles, settings).cache()
    from ..clean import NO_TEXT, has_text

    empty = signed.filter(lambda x: not has_text(x[2])).map(lambda x: (x[0], NO_TEXT))
    signed = signed.filter(lambda x: has_text(x[2]))
    mark = time.perf_counter()
    duplicates = near_duplicates(signed, settings)  # the first action: reading and cleaning run here
    dedup = time.perf_counter() - mark
    mark = time.perf_counter()
    labels = events(signed, duplicates, settings, partitions)
    return Stages(articles, read_skips.union(empty), duplicates, labels,
                  {"read, clean, dedup": dedup, "events": time.perf_counter() - mark})


def run(inputs: list[str], output: str, master: str | None = "local[2]", fmt: str = "jsonl",
        settings: Settings = Settings(), words: int = 100, spark=None, summarize: bool = True,
        driver_memory: str = "4g") -> dict:
    """The whole job: read, clean, dedup, cluster, summarize. Writes ``output``/events (one
    summary per event, JSON Lines part files, Parquet, or one WARC of ``resource`` records),
    ``output``/assignments (``newsdigest cluster``'s lines: article, event, duplicate_of) and
    ``output``/skipped.jsonl (what could not be used, with the reason). ``summarize`` False
    stops after the assignments. Returns the counts and the seconds each stage took.
    ``master`` None leaves it to ``spark-submit``."""
    if fmt not in FORMATS:
        raise InputError(fmt, f"unknown output format (choose from {', '.join(FORMATS)})")
    plan = plan_inputs(inputs)
    if os.path.exists(output) and (not os.path.isdir(output) or os.listdir(output)):
        raise InputError(output, "output exists and is not an empty folder (choose another, or remove it)")
    started = time.perf_counter()
    spark, own = (spark, False) if spark is not None else session(master, driver_memory)
    seconds = {"start": time.perf_counter() - started}
    try:
        result = stages(spark, plan, settings)
        seconds.update(result.seconds)
        articles, duplicates, labels = result.articles, result.duplicates, result.labels
        os.makedirs(output, exist_ok=True)
        _assignments(spark, labels, duplicates, _partitions(spark)).saveAsTextFile(os.path.join(output, "assignments"))
        written = len(set(labels.values()))
        if summarize:
            from pyspark import StorageLevel

            mark = time.perf_counter()
            docs = summaries(articles, labels, duplicates, settings, words, _partitions(spark))
            docs = docs.persist(StorageLevel.MEMORY_AND_DISK)  # written, then counted: summarized once
            written = _write(spark, docs, os.path.join(output, "events"), fmt)
            seconds["summarize, write"] = time.perf_counter() - mark
        reasons = result.skipped.collect()
        _write_lines([json.dumps({"where": w, "reason": r}, ensure_ascii=False) for w, r in sorted(reasons)],
                     os.path.join(output, "skipped.jsonl"))
        return {"articles": articles.count(), "duplicates": len(duplicates), "events": written,
                "skipped": len(reasons), "seconds": {k: round(v, 1) for k, v in seconds.items()}}
    finally:
        if own:
            spark.stop()


def _assignments(spark, labels: dict[str, str], duplicates: dict[str, str], partitions: int):
    """``newsdigest cluster``'s JSON Lines, one article a line, in id order."""
    rows = [{"article": k, "event": e, **({"duplicate_of": duplicates[k]} if k in duplicates else {})}
            for k, e in sorted(labels.items())]
    return spark.sparkContext.parallelize(rows, partitions).map(lambda r: json.dumps(r, ensure_ascii=False))


def _write(spark, docs, path: str, fmt: str) -> int:
    """Events written by Spark's own committers (part files appear only when the job succeeds),
    or, for WARC, streamed through the driver into one file renamed into place."""
    if fmt == "jsonl":
        docs.map(lambda d: json.dumps(d, ensure_ascii=False)).saveAsTextFile(path)
        return docs.count()  # cached by the caller: not summarized twice
    if fmt == "parquet":
        spark.read.json(docs.map(lambda d: json.dumps(d, ensure_ascii=False))).write.parquet(path)
        return docs.count()
    return _write_warc(docs.toLocalIterator(), path + ".warc.gz")


def _write_warc(docs: Iterable[dict], path: str) -> int:
    """One ``resource`` record per event (application/json, the JSON Lines document), so the
    summaries travel with crawl tooling; WARC-Target-URI names the event."""
    import tempfile
    from io import BytesIO

    from warcio.warcwriter import WARCWriter

    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".newsdigest-")
    n = 0
    try:
        with os.fdopen(fd, "wb") as f:
            writer = WARCWriter(f, gzip=True)
            for doc in docs:
                body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
                record = writer.create_warc_record(f"urn:newsdigest:event:{doc['event']}", "resource",
                                                   payload=BytesIO(body), length=len(body),
                                                   warc_content_type="application/json")
                writer.write_record(record)
                n += 1
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return n


def _write_lines(lines: list[str], path: str) -> None:
    """Atomically: a temporary file renamed into place."""
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".newsdigest-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.writelines(line + "\n" for line in lines)
    os.replace(tmp, path)
