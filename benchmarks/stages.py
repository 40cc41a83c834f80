"""Where the time of one ``summarize`` goes: each stage timed per cluster, by cluster size.

    python benchmarks/stages.py [--data ../shared/data] [--sets duc2003,multinews] [--limit N]

Every cluster runs the whole path once, warm (the encoder and spaCy loaded before timing, the
encoder's cache emptied per cluster), stage by stage as ``newsdigest.pipeline`` chains them:
clean, dedup, segment, select (the default method), attribute, quotes, disagreements, entities,
and rendering as JSON. Clusters are binned by their sentence count; each row is the median
seconds of each stage over the bin, and the stage's share of the median total.
"""
from __future__ import annotations

import statistics
import time

from common import parser
from newsdigest import Settings, methods
from newsdigest.analyze import find_disagreements, find_entities, find_quotes
from newsdigest.attribute import attribute, reading_order
from newsdigest.clean import clean_cluster
from newsdigest.dedup import duplicate_groups
from newsdigest.evaluate import load
from newsdigest.model import Budget, Cluster, Summary
from newsdigest.render import render
from newsdigest.segment import segment
from newsdigest.support import ENCODER

STAGES = ("clean", "dedup", "segment", "select", "attribute", "quotes", "disagreements", "entities", "render")
BINS = ((0, 100), (100, 250), (250, 500), (500, 10**9))


def timed(articles, settings: Settings) -> tuple[int, dict[str, float]]:
    out: dict[str, float] = {}

    def step(name, fn, *args):
        start = time.perf_counter()
        value = fn(*args)
        out[name] = time.perf_counter() - start
        return value

    ENCODER.clear()
    cleaned = step("clean", clean_cluster, articles, settings)
    groups = step("dedup", duplicate_groups, cleaned, settings)
    cluster = step("segment", lambda: Cluster(documents=tuple(segment(c, settings) for c in cleaned), groups=tuple(groups)))
    budget = Budget(words=settings.words)
    selector = methods.get("hybrid", settings)
    keys = step("select", lambda: reading_order(cluster, selector.select(cluster, budget).keys))
    sentences = step("attribute", attribute, cluster, keys, settings)
    quotes = step("quotes", find_quotes, cluster)
    disagreements = step("disagreements", find_disagreements, cluster, quotes)
    entities = step("entities", find_entities, cluster)
    summary = Summary("hybrid", budget, sentences, cluster, (), quotes=quotes, disagreements=disagreements,
                      entities=entities)
    step("render", render, summary, "json")
    return len(cluster.sentences), out


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("--sets", default="duc2003,multinews")
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    settings = Settings()
    warm = load("duc2003", args.data, settings, limit=1)[0].articles
    timed(warm, settings)  # load the encoder and spaCy outside the timing
    rows = []
    for name in args.sets.split(","):
        rows += [timed(c.articles, settings) for c in load(name, args.data, settings, limit=args.limit)]
    print(f"{len(rows)} clusters of {args.sets}; median seconds per stage (share of the median total)")
    print("| sentences | clusters | " + " | ".join(STAGES) + " | total |")
    print("|---|---:|" + "---:|" * (len(STAGES) + 1))
    for low, high in BINS:
        chosen = [t for n, t in rows if low <= n < high]
        if not chosen:
            continue
        med = {s: statistics.median(t[s] for t in chosen) for s in STAGES}
        total = statistics.median(sum(t.values()) for t in chosen)
        cells = " | ".join(f"{med[s]:.3f} ({100 * med[s] / total:.0f}%)" for s in STAGES)
        label = f"{low}–{high}" if high < 10**9 else f"{low}+"
        print(f"| {label} | {len(chosen)} | {cells} | {total:.3f} |", flush=True)


if __name__ == "__main__":
    main()
