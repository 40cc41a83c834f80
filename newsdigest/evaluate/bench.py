"""Speed and memory per cluster, each method beside sumy's LexRank on the same clusters.

Warm and in-process: one untimed run first (imports, caches), then for every cluster the
best of ``repeat`` runs of (a) cleaning + dedup + segmentation, shared by all methods, and
(b) each method's selection + attribution. Peak memory is tracemalloc's peak over one
whole-pipeline run per cluster (Python allocations, numpy included), measured apart from
the timings because tracing slows everything down.
"""
from __future__ import annotations

import statistics
import time
import tracemalloc
from typing import Callable

from ..methods.base import Method
from ..model import Budget
from ..pipeline import build_cluster, summarize_cluster
from ..settings import Settings
from ..support import ENCODER
from .run import dataset, load, systems
from .baselines import Sumy

REFERENCE = "sumy-lexrank"


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    """The fastest of ``repeat`` runs: the least disturbed by a noisy machine."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _peak(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _cold(cluster, selector: Method, budget: Budget, settings: Settings):
    """Select and attribute with the sentence encoder's cache empty, as for a new cluster."""
    ENCODER.clear()
    return summarize_cluster(cluster, selector, budget, settings)


def bench(name: str, data, *, method_names=None, repeat: int = 3, limit: int | None = None,
          settings: Settings = Settings(), progress: Callable[[str], None] | None = None) -> dict:
    """Per-cluster timings and memory of every chosen method and of sumy's LexRank.

    Returns ``{"dataset", "clusters", "words", "rows": [...]}``; each row has the median and
    worst seconds for selection alone and for the whole pipeline, peak MiB, and how many
    times faster than sumy's LexRank the selection is (median over median).
    """
    say = progress or (lambda message: None)
    ds = dataset(name)
    budget = Budget(words=ds.words)
    clusters = load(name, data, settings, limit)
    chosen: list[Method] = [m for m, _ in systems(settings, method_names, with_baselines=False)]
    chosen.append(Sumy(settings, "lexrank"))
    articles = [c.articles for c in clusters]
    built = [build_cluster(a, settings) for a in articles]
    for selector in chosen:  # warm-up: imports, stemmer caches
        summarize_cluster(built[0], selector, budget, settings)
    say(f"{name}: timing cleaning, dedup and segmentation")
    prepare = [best_of(repeat, lambda a=a: build_cluster(a, settings)) for a in articles]
    rows = []
    for selector in chosen:
        say(f"{name}: timing {selector.name}")
        before = ENCODER.encoded
        select = [best_of(repeat, lambda c=c: _cold(c, selector, budget, settings)) for c in built]
        encoded = (ENCODER.encoded - before) / (len(built) * repeat)  # every run starts cold: the same count
        whole = [p + s for p, s in zip(prepare, select)]
        peaks = [_peak(lambda a=a: summarize_cluster(build_cluster(a, settings), selector, budget, settings))
                 for a in articles]
        rows.append({"system": selector.name,
                     "select_median_s": statistics.median(select), "select_worst_s": max(select),
                     "pipeline_median_s": statistics.median(whole), "pipeline_worst_s": max(whole),
                     "peak_mib_median": statistics.median(peaks), "peak_mib_worst": max(peaks),
                     "encoded_sentences_mean": encoded})
    reference = next(r for r in rows if r["system"] == REFERENCE)["select_median_s"]
    for row in rows:
        row["times_faster_than_sumy_lexrank"] = reference / row["select_median_s"]
    return {"dataset": name, "clusters": len(clusters), "words": budget.limit, "repeat": repeat,
            "prepare_median_s": statistics.median(prepare), "prepare_worst_s": max(prepare), "rows": rows}


def as_markdown(result: dict) -> str:
    out = [f"**{result['dataset']}: {result['clusters']} clusters, {result['words']} words; warm, in-process, "
           f"best of {result['repeat']} per cluster; cleaning + dedup + segmentation: median "
           f"{result['prepare_median_s']:.3f} s, worst {result['prepare_worst_s']:.3f} s**", "",
           "| system | select median s | select worst s | pipeline median s | pipeline worst s "
           "| peak MiB median | peak MiB worst | × faster than sumy-lexrank | sentences encoded per cluster |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in result["rows"]:
        out.append(f"| {r['system']} | {r['select_median_s']:.4f} | {r['select_worst_s']:.4f} | "
                   f"{r['pipeline_median_s']:.3f} | {r['pipeline_worst_s']:.3f} | {r['peak_mib_median']:.1f} | "
                   f"{r['peak_mib_worst']:.1f} | {r['times_faster_than_sumy_lexrank']:.1f} | {r['encoded_sentences_mean']:.0f} |")
    return "\n".join(out) + "\n"
