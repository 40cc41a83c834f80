"""The whole Spark job on the driver: a session, the stages, the summaries, and the files it writes."""
from __future__ import annotations

import json
import os
import time
from typing import Iterable

from ..atomic import replacing, write_text
from ..errors import InputError
from ..settings import Settings
from .inputs import plan_inputs
from .stages import partitions_for, stages
from .summaries import summaries

FORMATS = ("jsonl", "parquet", "warc")


def session(master: str | None, driver_memory: str = Settings.spark_driver_memory):
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


def run(inputs: list[str], output: str, master: str | None = Settings.spark_master, fmt: str = "jsonl",
        settings: Settings = Settings(), words: int | None = None, spark=None, summarize: bool = True,
        driver_memory: str = Settings.spark_driver_memory) -> dict:
    """The whole job: read, clean, dedup, cluster, summarize. Writes ``output``/events (one
    summary per event, JSON Lines part files, Parquet, or one WARC of ``resource`` records),
    ``output``/assignments (``newsdigest cluster``'s lines: article, event, duplicate_of) and
    ``output``/skipped.jsonl (what could not be used, with the reason). ``summarize`` False
    stops after the assignments. Returns the counts and the seconds each stage took.
    ``master`` None leaves it to ``spark-submit``; ``words`` defaults to ``settings.words``."""
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
        _assignments(spark, labels, duplicates, partitions_for(spark)).saveAsTextFile(os.path.join(output, "assignments"))
        written = len(set(labels.values()))
        if summarize:
            from pyspark import StorageLevel

            mark = time.perf_counter()
            docs = summaries(articles, labels, duplicates, settings, words, partitions_for(spark))
            docs = docs.persist(StorageLevel.MEMORY_AND_DISK)  # written, then counted: summarized once
            written = _write(spark, docs, os.path.join(output, "events"), fmt)
            seconds["summarize, write"] = time.perf_counter() - mark
        reasons = result.skipped.collect()
        write_text(os.path.join(output, "skipped.jsonl"),
                   "".join(json.dumps({"where": w, "reason": r}, ensure_ascii=False) + "\n" for w, r in sorted(reasons)))
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
    from io import BytesIO

    from warcio.warcwriter import WARCWriter

    n = 0
    with replacing(path, binary=True) as f:
        writer = WARCWriter(f, gzip=True)
        for doc in docs:
            body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
            record = writer.create_warc_record(f"urn:newsdigest:event:{doc['event']}", "resource",
                                               payload=BytesIO(body), length=len(body),
                                               warc_content_type="application/json")
            writer.write_record(record)
            n += 1
    return n
