"""Event clustering on shuffled benchmark clusters: B-cubed and ARI, stream method vs baseline.

    python benchmarks/stream_clustering.py [--data ../shared/data]
                                           [--sets duc2003,multinews,neus,duc2003+multinews+neus]
                                           [--seeds 0,1,2,3,4] [--batches 256] [--baseline 0.2] [--warmup 500]
                                           [--settings JSON ...] [--no-baseline] [--halves N]

Every article of a set is shuffled (seeded) into one stream and sent through ``Stream`` (what
``newsdigest ingest`` and ``cluster`` run: per-article cleaning, near-duplicate detection,
clustering) in batches. The true events are the set's clusters. The baseline is the one-pass
TF-IDF threshold (each article joins the event of its most similar earlier article, cosine ≥
``--baseline``) on the same cleaned articles. Seeds give the mean and the spread over orders.

A set smaller than ``stream_warmup`` (500) articles is clustered inside the warm-up, where each
batch re-clusters everything so far: the batch size then makes no difference. ``a+b+c`` mixes
sets into one stream (the events of all of them are the truth), so most of it is clustered
incrementally, after the warm-up, as a long feed would be.

``--settings '{"stream_threshold": 0.15}'`` (repeatable) adds a row per Settings variant of the
stream method. ``--halves N`` instead cross-validates inside each set: N random halvings of its
clusters, a variant (of ``--settings``, or a grid of thresholds and time weights) chosen on one
half's stream and scored on the other's, both ways.
"""
from __future__ import annotations

import json
import random
import statistics
import time
from dataclasses import replace

from common import parser
from newsdigest import Settings
from newsdigest.clean import clean_article
from newsdigest.evaluate import load
from newsdigest.evaluate.clustering import adjusted_rand, bcubed
from newsdigest.stream import IngestReport, Store, Stream
from newsdigest.stream.cluster import article_features, one_pass

ap = parser(__doc__)
ap.add_argument("--sets", default="duc2003,multinews,neus,duc2003+multinews+neus")
ap.add_argument("--seeds", default="0,1,2,3,4")
ap.add_argument("--batches", default="256", help="batch sizes of the stream method, comma-separated")
ap.add_argument("--baseline", type=float, default=0.2, help="cosine threshold of the one-pass baseline")
ap.add_argument("--warmup", type=int, default=Settings().stream_warmup,
                help="articles re-clustered from scratch at the start of a stream (0: none)")
ap.add_argument("--settings", action="append", default=[], metavar="JSON",
                help='Settings fields for the stream method, e.g. \'{"stream_threshold": 0.15}\'; '
                     "repeat for more rows (default: the shipped settings)")
ap.add_argument("--no-baseline", action="store_true", help="leave out the one-pass baseline rows")
ap.add_argument("--halves", type=int, default=0, metavar="N",
                help="instead: split-half cross-validation over N random halvings of each set's clusters, "
                     "the --settings variants (or a threshold × time-weight grid) chosen on one half, scored on the other")
args = ap.parse_args()
variants = [json.loads(v) for v in args.settings] or [{}]


def stream_labels(articles, settings) -> list[int]:
    report = IngestReport()
    with Store(":memory:") as store:
        stream = Stream(settings, store)
        for _ in stream.run(articles, report):
            pass
        skipped = {where for where, _ in report.skipped}  # no text: scored as an event of its own
        return [f"skipped {a.id}" if a.id in skipped else stream.event_of(a.id) for a in articles]


def baseline_labels(articles, threshold) -> list[int]:
    terms = [article_features(a, clean_article(a).body).terms for a in articles]
    return one_pass(terms, threshold)


def row(name, results):
    cols = list(zip(*results))  # P, R, F, ARI, events, seconds
    fmt = [f"{statistics.mean(c):.3f}" + (f" ± {statistics.stdev(c):.3f}" if len(c) > 1 else "") for c in cols[:4]]
    return (f"| {name} | " + " | ".join(fmt) + f" | {statistics.mean(cols[4]):.0f} | {statistics.mean(cols[5]):.2f} |")


def half_f1(clusters, chosen, variant, cache) -> float:
    """B³ F1 of the stream over the clusters ``chosen`` (indexes), shuffled with seed 0."""
    key = (tuple(chosen), json.dumps(variant, sort_keys=True))
    if key not in cache:
        articles = [a for i in chosen for a in clusters[i].articles]
        truth_of = {a.id: clusters[i].id for i in chosen for a in clusters[i].articles}
        random.Random(0).shuffle(articles)
        labels = stream_labels(articles, replace(Settings(), stream_warmup=args.warmup, **variant))
        cache[key] = bcubed(labels, [truth_of[a.id] for a in articles])[2]
    return cache[key]


def split_half(name: str) -> None:
    """Choose a variant on one half of the set's clusters, score it on the other, both ways, for
    ``--halves`` random halvings; print the chosen variants' held-out mean beside each fixed one's."""
    clusters = [c for part in name.split("+") for c in load(part, args.data)]
    grid = variants if args.settings else [{"stream_threshold": t, "stream_time_weight": w}
                                           for t in (0.125, 0.15, 0.175, 0.2, 0.25) for w in (0.0, 0.1, 0.2)]
    cache: dict = {}
    held: list[float] = []
    fixed: dict[str, list[float]] = {json.dumps(v): [] for v in grid}
    picks: dict[str, int] = {}
    for split in range(args.halves):
        order = list(range(len(clusters)))
        random.Random(split).shuffle(order)
        halves = (sorted(order[: len(order) // 2]), sorted(order[len(order) // 2:]))
        for fit, test in ((0, 1), (1, 0)):
            best = max(grid, key=lambda v: half_f1(clusters, halves[fit], v, cache))  # first of ties: grid order
            picks[json.dumps(best)] = picks.get(json.dumps(best), 0) + 1
            held.append(half_f1(clusters, halves[test], best, cache))
            for v in grid:
                fixed[json.dumps(v)].append(half_f1(clusters, halves[test], v, cache))
    print(f"{name}: {len(clusters)} clusters, {args.halves} halvings × 2: chosen on one half, B³ F1 on the other "
          f"{statistics.mean(held):.3f}")
    print("  chosen: " + "; ".join(f"{k} ×{n}" for k, n in sorted(picks.items(), key=lambda kv: -kv[1])))
    for v, scores in fixed.items():
        print(f"  fixed {v}: {statistics.mean(scores):.3f}")


if args.halves:
    for name in args.sets.split(","):
        split_half(name)
    raise SystemExit(0)

print("| set · system | B³ precision | B³ recall | B³ F1 | ARI | events found | seconds |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name in args.sets.split(","):
    clusters = [c for part in name.split("+") for c in load(part, args.data)]
    truth_of = {a.id: c.id for c in clusters for a in c.articles}
    systems: dict[str, list] = {}
    for seed in map(int, args.seeds.split(",")):
        articles = [a for c in clusters for a in c.articles]
        random.Random(seed).shuffle(articles)
        truth = [truth_of[a.id] for a in articles]
        for variant in variants:
            for batch in map(int, args.batches.split(",")):
                start = time.perf_counter()
                labels = stream_labels(articles, replace(Settings(), stream_batch=batch, stream_warmup=args.warmup,
                                                         **variant))
                seconds = time.perf_counter() - start
                label = f"stream {json.dumps(variant)}, batch {batch}" if args.settings else f"stream, batch {batch}"
                systems.setdefault(label, []).append(
                    (*bcubed(labels, truth), adjusted_rand(labels, truth), len(set(labels)), seconds))
        if args.no_baseline:
            continue
        start = time.perf_counter()
        labels = baseline_labels(articles, args.baseline)
        seconds = time.perf_counter() - start
        systems.setdefault(f"one-pass TF-IDF ≥ {args.baseline}", []).append(
            (*bcubed(labels, truth), adjusted_rand(labels, truth), len(set(labels)), seconds))
    print(f"| **{name}**: {len(articles)} articles, {len(clusters)} events | | | | | | |")
    for system, results in systems.items():
        print(row(system, results), flush=True)
