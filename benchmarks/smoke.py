"""Robustness: summarize and render every format at several budgets over real clusters; count failures.

    python benchmarks/smoke.py [--data ../shared/data]
"""
import time
import traceback

from common import parser
from newsdigest import summarize
from newsdigest.evaluate import load
from newsdigest.render import FORMATS, render

args = parser(__doc__).parse_args()
fails, runs, start = 0, 0, time.time()
for name, limit in (("duc2003", None), ("multinews", 60), ("neus", 40), ("multiling2011", None)):
    for cluster in load(name, args.data, limit=limit):
        for budget in ({"words": 100}, {"tokens": 40}, {"sentences": 3}, {"words": 250}):
            try:
                summary = summarize(list(cluster.articles), **budget)
                for fmt in FORMATS:
                    render(summary, fmt)
                runs += 1
            except Exception:
                fails += 1
                print(name, cluster.id, budget)
                traceback.print_exc(limit=3)
print(f"{runs} runs, {fails} failures, {time.time() - start:.0f} s")
