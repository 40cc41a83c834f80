"""Does the Spark job find what `ingest` finds? Duplicate groups and events, side by side.

    python benchmarks/spark_agreement.py [--data ../shared/data] [--sets duc2003,multinews,neus]
                                         [--stream /tmp/nd-stream/stream-10000.jsonl] [--master local[2]]

Each set's articles are written as one JSON Lines file in a shuffled order (seed 0), the order
the stream sees them in. The Spark stages (``spark.stages``: read, clean, near-duplicates,
events) and ``newsdigest cluster`` (the stream's ``ingest`` without a store) run on that file.
Reported: the duplicate groups each finds and how many are identical; the B³ F1 of Spark's
events against the stream's (1.0: the same partition); and, where the set has true events,
each one's B³ F1 and ARI against them.
"""
from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path

from common import parser
from newsdigest import Settings
from newsdigest.evaluate import load
from newsdigest.evaluate.clustering import adjusted_rand, bcubed
from newsdigest.spark import plan_inputs, session, stages
from newsdigest.stream import cluster

ap = parser(__doc__)
ap.add_argument("--sets", default="duc2003,multinews,neus")
ap.add_argument("--stream", help="also a synthetic stream (benchmarks/stream_throughput.py builds them); no truth")
ap.add_argument("--master", default="local[2]")
args = ap.parse_args()


def groups(pairs: dict[str, str]) -> set[frozenset]:
    out: dict[str, set] = {}
    for copy, first in pairs.items():
        out.setdefault(first, {first}).add(copy)
    return {frozenset(g) for g in out.values()}


def compare(name: str, path: Path, truth: dict[str, str] | None, spark) -> None:
    start = time.perf_counter()
    result = stages(spark, plan_inputs([str(path)]), Settings())
    spark_seconds = time.perf_counter() - start
    start = time.perf_counter()
    rows, _ = cluster([path])
    stream_seconds = time.perf_counter() - start
    stream_labels = {r["article"]: r["event"] for r in rows}
    stream_dups = {r["article"]: r["duplicate_of"] for r in rows if "duplicate_of" in r}
    keys = sorted(set(stream_labels) & set(result.labels))
    ours, theirs = [result.labels[k] for k in keys], [stream_labels[k] for k in keys]
    a, b = groups(result.duplicates), groups(stream_dups)
    line = (f"| {name} | {len(keys):,} | {len(a)} / {len(b)} / {len(a & b)} | "
            f"{len(set(ours)):,} / {len(set(theirs)):,} | {bcubed(ours, theirs)[2]:.3f} |")
    if truth:
        t = [truth[k] for k in keys]
        line += (f" {bcubed(ours, t)[2]:.3f} / {adjusted_rand(ours, t):.3f} |"
                 f" {bcubed(theirs, t)[2]:.3f} / {adjusted_rand(theirs, t):.3f} |")
    else:
        line += " – | – |"
    print(line + f" {spark_seconds:.0f} / {stream_seconds:.0f} |", flush=True)


spark, _ = session(args.master)
print("| input | articles | duplicate groups: Spark / ingest / identical | events: Spark / ingest "
      "| B³ F1 Spark vs ingest | Spark vs truth: B³ F1 / ARI | ingest vs truth: B³ F1 / ARI | seconds: Spark / ingest |")
print("|---|---:|---|---|---:|---|---|---|")
with tempfile.TemporaryDirectory() as tmp:
    for name in args.sets.split(","):
        clusters = load(name, args.data)
        articles = [a for c in clusters for a in c.articles]
        random.Random(0).shuffle(articles)
        path = Path(tmp) / f"{name}.jsonl"
        path.write_text("".join(json.dumps({"id": a.id, "title": a.title, "text": a.text, "date": a.date,
                                            "source": a.source, "url": a.url}) + "\n" for a in articles))
        compare(name, path, {a.id: c.id for c in clusters for a in c.articles}, spark)
    if args.stream:
        compare(Path(args.stream).name, Path(args.stream), None, spark)
spark.stop()
