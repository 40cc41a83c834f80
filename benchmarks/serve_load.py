"""A load check of `newsdigest serve` on loopback, from a second process.

    python benchmarks/serve_load.py [--requests 200] [--concurrency 4] [--workers 2] [--queue 8]

Starts `newsdigest serve` (a child process, default limits but the given workers and queue),
then sends `--requests` POST /v1/summarize/files requests (the bundled example's five files,
100 words) from this process with `--concurrency` at once, and reports throughput, latency
percentiles and every non-200 answer. A second burst with more requests in flight than
workers + queue shows the 429s the queue limit gives instead of unbounded waiting.
"""
from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "harbour-bridge"

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--requests", type=int, default=200)
ap.add_argument("--concurrency", type=int, default=4)
ap.add_argument("--workers", type=int, default=2)
ap.add_argument("--queue", type=int, default=8)
args = ap.parse_args()

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
server = subprocess.Popen([sys.executable, "-m", "newsdigest.cli", "serve", "--port", str(port),
                           "--workers", str(args.workers), "--queue", str(args.queue)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
url = f"http://127.0.0.1:{port}"
files = [(f.name, f.read_bytes()) for f in sorted(EXAMPLE.iterdir())]


def one(_=None) -> tuple[int, float]:
    start = time.perf_counter()
    r = httpx.post(f"{url}/v1/summarize/files", files=[("files", f) for f in files], data={"words": "100"},
                   timeout=120)
    return r.status_code, time.perf_counter() - start


try:
    for _ in range(200):
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    for _ in range(args.workers * 2):  # warm the worker processes (imports, first summaries)
        one()
    start = time.perf_counter()
    with ThreadPoolExecutor(args.concurrency) as pool:
        results = list(pool.map(one, range(args.requests)))
    wall = time.perf_counter() - start
    times = sorted(t for _, t in results)
    codes = Counter(c for c, _ in results)
    q = statistics.quantiles(times, n=100)
    print(f"{args.requests} requests, {args.concurrency} at a time, {args.workers} workers, queue {args.queue}: "
          f"{args.requests / wall:.1f} requests/s; latency median {statistics.median(times):.3f} s, "
          f"p95 {q[94]:.3f} s, max {times[-1]:.3f} s; status codes {dict(codes)}")
    burst = args.workers + args.queue + 10
    with ThreadPoolExecutor(burst) as pool:
        codes = Counter(c for c, _ in pool.map(one, range(burst)))
    print(f"burst of {burst} at once (limit {args.workers + args.queue} in flight): status codes {dict(codes)}")
finally:
    server.terminate()
    server.wait(10)
