"""Event clustering on shuffled benchmark clusters: B-cubed and ARI, stream method vs baseline.

    python benchmarks/stream_clustering.py [--data ../shared/data]
                                           [--sets duc2003,multinews,neus,duc2003+multinews+neus]
                                           [--seeds 0,1,2,3,4] [--batches 256] [--baseline 0.2] [--warmup 500]

Every article of a set is shuffled (seeded) into one stream and sent through ``Stream`` (what
``newsdigest ingest`` and ``cluster`` run: per-article cleaning, near-duplicate detection,
clustering) in batches. The true events are the set's clusters. The baseline is the one-pass
TF-IDF threshold (each article joins the event of its most similar earlier article, cosine ≥
``--baseline``) on the same cleaned articles. Seeds give the mean and the spread over orders.

A set smaller than ``stream_warmup`` (500) articles is clustered inside the warm-up, where each
batch re-clusters everything so far: the batch size then makes no difference. ``a+b+c`` mixes
sets into one stream (the events of all of them are the truth), so most of it is clustered
incrementally, after the warm-up, as a long feed would be.
"""
from __future__ import annotations

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
args = ap.parse_args()


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
        for batch in map(int, args.batches.split(",")):
            start = time.perf_counter()
            labels = stream_labels(articles, replace(Settings(), stream_batch=batch, stream_warmup=args.warmup))
            seconds = time.perf_counter() - start
            systems.setdefault(f"stream, batch {batch}", []).append(
                (*bcubed(labels, truth), adjusted_rand(labels, truth), len(set(labels)), seconds))
        start = time.perf_counter()
        labels = baseline_labels(articles, args.baseline)
        seconds = time.perf_counter() - start
        systems.setdefault(f"one-pass TF-IDF ≥ {args.baseline}", []).append(
            (*bcubed(labels, truth), adjusted_rand(labels, truth), len(set(labels)), seconds))
    print(f"| **{name}**: {len(articles)} articles, {len(clusters)} events | | | | | | |")
    for system, results in systems.items():
        print(row(system, results), flush=True)
