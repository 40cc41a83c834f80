"""Segmentation throughput on DUC 2003 and the CLI's start-up.

    python benchmarks/speed.py [--data ../shared/data] [--repeat 3]

Per-method times and memory per cluster are ``newsdigest bench``. Here: segmentation over all
DUC text, best of ``--repeat``; start-up, the median wall time of five ``newsdigest --version``
and ``newsdigest summarize examples/harbour-bridge`` runs.
"""
from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import duc2003_folders, parser
from newsdigest.evaluate.bench import best_of
from newsdigest.ingest import read_paths
from newsdigest.segment import split_sentences

ROOT = Path(__file__).resolve().parent.parent


def command_time(args, n=5):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = parser(__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    clusters = [read_paths([p]) for p in duc2003_folders(args.data)]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"DUC 2003: {len(clusters)} clusters, {sum(map(len, clusters))} articles\n")
    paragraphs = [p for c in clusters for a in c for p in a.text.split("\n")]
    size = sum(len(p.encode()) for p in paragraphs)
    t = best_of(args.repeat, lambda: [split_sentences(p) for p in paragraphs])
    print(f"segmentation: {size / 1e6:.2f} MB in {t:.3f} s = {size / 1e6 / t:.1f} MB/s")
    exe = shutil.which("newsdigest") or str(Path(sys.executable).parent / "newsdigest")
    print(f"CLI start-up (`newsdigest --version`, median of 5): {command_time([exe, '--version']):.3f} s")
    print(f"CLI on the bundled example (median of 5): "
          f"{command_time([exe, 'summarize', 'examples/harbour-bridge']):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
