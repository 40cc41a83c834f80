"""What each part of the default method adds: DUC 2003 and MultiLing (official ROUGE), NeuS (rouge-score).

    python benchmarks/ablation.py [--data ../shared/data] [--datasets duc2003,neus,multiling2011]

Every row is the ``hybrid`` method under other settings, so the rows differ in one switch each.
"""
from dataclasses import replace

from common import parser
from newsdigest import Settings
from newsdigest.evaluate import evaluate

ROWS = [
    ("Gillick & Favre concept ILP, every cluster",
     dict(hybrid_position=0.0, hybrid_relevance=0.0, compress=False, hybrid_min_documents=1)),
    ("+ lead-weighted concepts (β = 3)", dict(hybrid_relevance=0.0, compress=False, hybrid_min_documents=1)),
    ("+ sentence compression", dict(hybrid_relevance=0.0, hybrid_min_documents=1)),
    ("+ sentence relevance in the objective (γ = 0.5)", dict(hybrid_min_documents=1)),
    ("+ centroid below 5 sources = **default**", dict()),
    ("default without compression", dict(compress=False)),
    ("default without lead weighting (β = 0)", dict(hybrid_position=0.0)),
    ("default without sentence relevance (γ = 0)", dict(hybrid_relevance=0.0)),
]
KEYS = {"rouge-1.5.5": ("rouge-1-r", "rouge-2-r", "recall"), "rouge-score": ("rouge1-f", "rouge2-f", "F1")}

ap = parser(__doc__)
ap.add_argument("--datasets", default="duc2003,neus,multiling2011")
args = ap.parse_args()
names = args.datasets.split(",")
cells = {label: [] for label, _ in ROWS}
heads = []
for name in names:
    for label, change in ROWS:
        report = evaluate(name, args.data, method_names=["hybrid"], with_baselines=False,
                          settings=replace(Settings(), **change))
        r1, r2, kind = KEYS[report.scorer]
        scores = report.systems[0].scores
        cells[label].append(f"{100 * scores[r1].value:.2f} / {100 * scores[r2].value:.2f}")
        print(f"{name}: {label}: {cells[label][-1]}", flush=True)
    heads.append(f"{name} R-1 / R-2 {kind}")
print("\n| variant | " + " | ".join(heads) + " |\n|---|" + "---:|" * len(heads))
for label, _ in ROWS:
    print(f"| {label} | " + " | ".join(cells[label]) + " |")
