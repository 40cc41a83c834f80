"""Spark job throughput on the synthetic stream, in local[1] and local[2], beside `ingest`.

    python benchmarks/stream_throughput.py --out /tmp/nd-stream     # builds the streams (and times ingest)
    python benchmarks/spark_scaling.py --streams /tmp/nd-stream [--sizes 10000,100000] [--masters local[1],local[2]]

The streams are the JSON Lines files that ``stream_throughput.py`` builds from the dev data
(word-permuted copies of DUC 2003, Multi-News, NeuS and MultiLing articles; its docstring says
how). Each run is ``newsdigest spark-run`` in a child process, JVM start included; the job
prints the seconds of each stage, and the table splits the work ``ingest`` also does (read,
clean, near-duplicates, events) from the summaries, which ``ingest`` leaves to ``digest``.
``--ingest`` also times single-process ``newsdigest ingest`` on the same files.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import parser

ap = parser(__doc__)
ap.add_argument("--streams", default="/tmp/nd-stream", help="folder of stream-N.jsonl files")
ap.add_argument("--sizes", default="10000,100000")
ap.add_argument("--masters", default="local[1],local[2]")
ap.add_argument("--ingest", action="store_true", help="also time `newsdigest ingest` on each stream")
ap.add_argument("--no-summaries", default="", help="sizes run with --no-summaries (read to events only)")
args = ap.parse_args()

STAGE = re.compile(r"([a-z, ]+?) (\d+\.\d) s")


def spark_run(stream: Path, master: str, summaries: bool) -> dict:
    out = Path(tempfile.mkdtemp(prefix="nd-spark-")) / "out"
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "newsdigest.cli", "spark-run", "--input", str(stream),
                           "--output", str(out), "--master", master] + ([] if summaries else ["--no-summaries"]),
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    shutil.rmtree(out.parent, ignore_errors=True)
    if proc.returncode:
        sys.exit(f"spark-run failed ({proc.returncode}): {proc.stderr.strip()[-800:]}")
    line = [x for x in proc.stderr.splitlines() if x.startswith("newsdigest:")][-1]
    stages = {k.strip(" ,("): float(v) for k, v in STAGE.findall(line.split(" s (", 1)[1])}
    articles = int(line.split("newsdigest: ")[1].split(" articles")[0].replace(",", ""))
    return {"line": line, "wall": wall, "stages": stages, "articles": articles}


def ingest(stream: Path) -> tuple[float, str]:
    db = Path(tempfile.mkdtemp(prefix="nd-ingest-")) / "s.db"
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "newsdigest.cli", "ingest", str(stream), "--db", str(db)],
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    shutil.rmtree(db.parent, ignore_errors=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"ingest failed: {proc.stderr.strip()[-500:]}")
    return wall, proc.stderr.strip().splitlines()[-1]


rows = []
for size in [int(s) for s in args.sizes.split(",")]:
    stream = Path(args.streams) / f"stream-{size}.jsonl"
    if not stream.exists():
        sys.exit(f"{stream}: not found (build it with benchmarks/stream_throughput.py --articles {size * 10 if size < 100_000 else size})")
    if args.ingest:
        wall, line = ingest(stream)
        print(f"{stream.name} ingest: {line} | wall {wall:.0f} s", flush=True)
        rows.append((size, "ingest (one process)", wall, wall, None))
    for master in args.masters.split(","):
        r = spark_run(stream, master, str(size) not in args.no_summaries.split(","))
        s = r["stages"]
        pipeline = s["read, clean, dedup"] + s["events"]
        print(f"{stream.name} {master}: {r['line']} | wall {r['wall']:.0f} s", flush=True)
        rows.append((size, f"spark-run {master}", r["wall"], s["start"] + pipeline, s.get("summarize, write")))

print("\n| articles | run | wall s | articles/s (whole job) | articles/s (read→events, as ingest) | summaries s |")
print("|---:|---|---:|---:|---:|---:|")
for size, name, wall, pipeline, summarize in rows:
    print(f"| {size:,} | {name} | {wall:.0f} | {size / wall:.0f} | {size / pipeline:.0f} | "
          f"{'–' if summarize is None else f'{summarize:.0f}'} |")
