"""What the Spark job reads: files any ``ingest`` reader takes (WARC included), manifests of
them, and Parquet tables of articles; one article per id, the last read."""
from __future__ import annotations

import gzip
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError
from ..settings import Settings

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


