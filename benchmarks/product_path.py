"""What a user calls, timed beside sumy's LexRank in the same run: ``newsdigest.summarize(folder)``.

    python benchmarks/product_path.py [--data ../shared/data] [--set duc2003] [--repeat 3]

Per cluster folder (DUC 2003 by default; any folder of folders works with --root), warm and in
process, best of --repeat:
- ``summarize(folder)``: the defaults, analysis on (quotes, disagreements, entities with spaCy),
  what JSON and HTML show;
- ``summarize(folder, analyze=False, cite=False)``: what ``--format text`` runs;
- sumy's LexRank ranking the same cleaned sentences to 100 words (newsdigest's ``sumy-lexrank``
  baseline: reading, cleaning and splitting are not timed for sumy, so the ratio favours it).

With ``--encoder-threads N`` a fourth row runs the analysis path with the encoder on N BLAS
threads beside spaCy (``Settings.encoder_threads_beside``; the default is 1), timed right
after the default on each cluster, and the paired mean difference is printed with a
bootstrap interval.

The sentence encoder's cache is emptied before every timed run: each run reads its cluster as a
user's first call on new articles would (before stop 37 the repeats found the first run's vectors
cached, which hid most of the encoder's cost from the analysis row).
"""
from __future__ import annotations

import statistics
from dataclasses import replace
from pathlib import Path

from common import parser
from newsdigest import Settings, summarize
from newsdigest.evaluate.baselines import Sumy
from newsdigest.evaluate.bench import best_of
from newsdigest.evaluate.rouge import bootstrap
from newsdigest.model import Budget
from newsdigest.pipeline import build_cluster
from newsdigest.ingest import read_paths
from newsdigest.support import ENCODER


def cold(fn):
    """``fn`` with the encoder's cache emptied first."""
    def run():
        ENCODER.clear()
        return fn()
    return run


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("--set", default="duc2003", help="a DUC-layout set inside --data (docs/<cluster>/)")
    ap.add_argument("--root", help="a folder of cluster folders instead")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--encoder-threads", type=int, help="also time the analysis path with this many encoder threads")
    args = ap.parse_args()
    root = Path(args.root) if args.root else Path(args.data) / args.set / "docs"
    folders = sorted(p for p in root.iterdir() if p.is_dir())
    settings = Settings()
    summarize([folders[0]])  # warm: the encoder, spaCy and every import loaded before timing
    rows = {"summarize (analysis on)": [], "summarize --format text": [], "sumy-lexrank (select only)": []}
    sumy, budget = Sumy(settings), Budget(words=100)
    other = f"summarize (analysis on), encoder on {args.encoder_threads} threads"
    if args.encoder_threads is not None:
        rows[other] = []
        threads = replace(settings, encoder_threads_beside=args.encoder_threads)
    for folder in folders:
        rows["summarize (analysis on)"].append(best_of(args.repeat, cold(lambda: summarize([folder]))))
        if args.encoder_threads is not None:
            rows[other].append(best_of(args.repeat, cold(lambda: summarize([folder], settings=threads))))
        rows["summarize --format text"].append(best_of(args.repeat, cold(lambda: summarize([folder], analyze=False, cite=False))))
        cluster = build_cluster(read_paths([folder], settings), settings)
        rows["sumy-lexrank (select only)"].append(best_of(args.repeat, lambda: sumy.select(cluster, budget)))
    base = statistics.median(rows["sumy-lexrank (select only)"])
    print(f"{root}: {len(folders)} clusters, best of {args.repeat}, warm, in process")
    print("| path | median s | worst s | × faster than sumy (median) |")
    print("|---|---:|---:|---:|")
    for name, times in rows.items():
        m = statistics.median(times)
        print(f"| {name} | {m:.3f} | {max(times):.3f} | {base / m:.2f} |")
    if args.encoder_threads is not None:
        diff = bootstrap([a - b for a, b in zip(rows["summarize (analysis on)"], rows[other])], 10_000, seed=0)
        print(f"default minus {args.encoder_threads} encoder threads, paired mean: {diff.value * 1000:+.1f} ms "
              f"[{diff.low * 1000:+.1f}, {diff.high * 1000:+.1f}] a cluster")


if __name__ == "__main__":
    main()
