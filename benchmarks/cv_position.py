"""Cross-validate the default method's concept position weight β on DUC 2003.

    python benchmarks/cv_position.py [--data ../shared/data] [--values 0,1,3,10] [--folds 5]

β is the one number of the default method chosen by looking at DUC 2003. Scores every β on
every cluster once (official ROUGE-1.5.5, R-2 recall), then k-fold over clusters: β chosen on
the training folds, scored on the held-out fold. If the cross-validated score is close to the
score of the fixed β, the choice generalises across clusters rather than fitting them.
"""
from dataclasses import replace

import numpy as np

from common import parser
from newsdigest import Settings
from newsdigest.evaluate import evaluate

ap = parser(__doc__)
ap.add_argument("--values", default="0,1,3,10")
ap.add_argument("--folds", type=int, default=5)
args = ap.parse_args()
values = [float(v) for v in args.values.split(",")]
per_cluster = {}
for beta in values:
    report = evaluate("duc2003", args.data, method_names=["hybrid"], with_baselines=False,
                      settings=replace(Settings(), hybrid_position=beta))
    clusters = report.systems[0].clusters
    per_cluster[beta] = np.array([clusters[c]["rouge-2"][0] for c in sorted(clusters)])
    print(f"β = {beta:g}: R-2 recall {100 * per_cluster[beta].mean():.2f}", flush=True)
n = len(next(iter(per_cluster.values())))
order = np.random.default_rng(0).permutation(n)
held_out, picks = np.zeros(n), []
for fold in np.array_split(order, args.folds):
    train = np.setdiff1d(order, fold)
    best = max(values, key=lambda b: per_cluster[b][train].mean())
    picks.append(best)
    held_out[fold] = per_cluster[best][fold]
print(f"{args.folds}-fold CV: β picked per fold {picks}; held-out R-2 recall {100 * held_out.mean():.2f}")
