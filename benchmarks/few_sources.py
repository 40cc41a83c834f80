"""Concept ILP vs centroid as the number of sources grows: DUC 2003 cut to its first k articles.

    python benchmarks/few_sources.py [--data ../shared/data] [--k 2,3,5]

Official ROUGE-1.5.5 recall (R-1 / R-2) of the default's ILP branch (hybrid with the switch at
1 source), the centroid and lead, on the same truncated clusters: the evidence behind the
default's 5-source switch (docs/design.md).
"""
from dataclasses import replace

from common import parser
from newsdigest import Settings, build_cluster, methods
from newsdigest.evaluate import cut_words, load, rouge
from newsdigest.model import Budget
from newsdigest.pipeline import summarize_cluster

ap = parser(__doc__)
ap.add_argument("--k", default="2,3,5")
args = ap.parse_args()
clusters = load("duc2003", args.data)
settings = Settings()
systems = {"ilp branch": methods.get("hybrid", replace(settings, hybrid_min_documents=1)),
           "centroid": methods.get("centroid", settings), "lead": methods.get("lead", settings)}
for k in map(int, args.k.split(",")):
    built = [build_cluster(c.articles[:k], settings) for c in clusters]
    summaries = {name: [cut_words(summarize_cluster(b, m, Budget(words=100), settings).text, 100) for b in built]
                 for name, m in systems.items()}
    scored = rouge.official(summaries, [c.references for c in clusters], [c.id for c in clusters], 100)
    print(f"k = {k}: " + "; ".join(f"{name} {100 * scored[name]['scores']['rouge-1-r'].value:.2f} / "
                                     f"{100 * scored[name]['scores']['rouge-2-r'].value:.2f}" for name in systems),
          flush=True)
