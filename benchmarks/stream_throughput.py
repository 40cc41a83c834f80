"""Ingest throughput and memory on a long synthetic stream built from the dev data.

    python benchmarks/stream_throughput.py [--data ../shared/data] [--articles 100000] [--out /tmp/nd-stream]

How the stream is built: the articles of DUC 2003, Multi-News (validation sample), NeuS and
MultiLing 2011 (about 2,000 real articles) are copied as often as needed. Copy k keeps every
article's layout, sentence lengths, punctuation, stop words and word-frequency profile, but
replaces each other word by another of about the same corpus frequency (a permutation drawn
for copy k within blocks of 50 frequency ranks, case kept), and moves dated articles k weeks
later. So every copy is new text with new events that no copy before it near-duplicates,
with the statistics of real news. Each copy is shuffled; copies follow one another.

The stream is written as JSON Lines, then ``newsdigest ingest`` runs on it in a child process
(default settings: batches of 256) and prints its own throughput line; peak memory is the
child's maximum resident set size. The same runs on the first 10% of the stream show that
memory stays flat as the stream grows.
"""
from __future__ import annotations

import json
import random
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from common import parser
from newsdigest.evaluate import load
from newsdigest.vectors import stop_words

ap = parser(__doc__)
ap.add_argument("--articles", type=int, default=100_000)
ap.add_argument("--out", default="/tmp/nd-stream")
ap.add_argument("--seed", type=int, default=0)
args = ap.parse_args()

WORD = re.compile(r"[A-Za-z]+")


def base_articles():
    out = []
    for name in ("duc2003", "multinews", "neus", "multiling2011"):
        for c in load(name, args.data):
            out += c.articles
    return out


def permutations(articles, copies: int, seed: int):
    stops = stop_words()
    counts = Counter(w.lower() for a in articles for w in WORD.findall(f"{a.title}\n{a.text}"))
    ranked = [w for w, _ in counts.most_common() if w not in stops and len(w) > 1]
    rng = random.Random(seed)
    for _ in range(copies):
        mapping = {}
        for k in range(0, len(ranked), 50):
            block = ranked[k: k + 50]
            shuffled = block[:]
            rng.shuffle(shuffled)
            mapping.update(zip(block, shuffled))
        yield mapping


def rewrite(text: str, mapping: dict) -> str:
    def sub(m):
        w = m.group()
        new = mapping.get(w.lower())
        if new is None:
            return w
        return new.upper() if w.isupper() and len(w) > 1 else new.capitalize() if w[0].isupper() else new
    return WORD.sub(sub, text)


def build(path: Path, n: int) -> None:
    articles = base_articles()
    copies = -(-n // len(articles))
    written = 0
    rng = random.Random(args.seed)
    with path.open("w", encoding="utf-8") as f:
        for k, mapping in enumerate(permutations(articles, copies, args.seed)):
            order = articles[:]
            rng.shuffle(order)
            for a in order:
                if written == n:
                    return
                day = ""
                if a.date:
                    try:
                        day = (date.fromisoformat(a.date[:10]) + timedelta(weeks=k)).isoformat()
                    except ValueError:
                        pass
                f.write(json.dumps({"id": f"{a.id}~{k}", "title": rewrite(a.title, mapping), "date": day,
                                    "source": a.source, "text": rewrite(a.text, mapping)}) + "\n")
                written += 1


def run(stream: Path, db: Path) -> tuple[str, float, float]:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "newsdigest.cli", "ingest", str(stream), "--db", str(db)],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):  # 1: some articles skipped (no main text), reported
        sys.exit(f"ingest failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    line = proc.stderr.strip().splitlines()[-1]
    return line, seconds, peak


out = Path(args.out)
out.mkdir(parents=True, exist_ok=True)
full = out / f"stream-{args.articles}.jsonl"
head = out / f"stream-{args.articles // 10}.jsonl"
if not full.exists():
    t = time.perf_counter()
    build(full, args.articles)
    print(f"built {full} ({full.stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - t:.0f} s", flush=True)
with full.open() as src, head.open("w") as dst:
    for _, line in zip(range(args.articles // 10), src):
        dst.write(line)
# RUSAGE_CHILDREN's peak is the largest child so far: run the small stream first
for stream in (head, full):
    line, seconds, peak = run(stream, out / f"{stream.stem}.db")
    size = Path(out / f"{stream.stem}.db").stat().st_size / 2**20
    print(f"{stream.name}: {line} | wall {seconds:.0f} s | peak RSS so far {peak:.0f} MiB | store {size:.0f} MiB",
          flush=True)
