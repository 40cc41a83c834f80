"""Choose the redundancy threshold on DUC 2003 (a development set; DUC 2004 is the test).

    python benchmarks/dev_redundancy.py [--data ../shared/data] [--scorer rouge-1.5.5]

Runs ``newsdigest.evaluate`` once per threshold, registered methods only, and prints R-1/R-2
recall ×100 for each method.
"""
import sys
from dataclasses import replace

from common import parser
from newsdigest import Settings
from newsdigest.evaluate import evaluate

ap = parser(__doc__)
ap.add_argument("--scorer", default="rouge-1.5.5", choices=("rouge-1.5.5", "rouge-score"))
ap.add_argument("--values", default="0.2,0.3,0.4,0.5")
args = ap.parse_args()
key = {"rouge-1.5.5": ("rouge-1-r", "rouge-2-r"), "rouge-score": ("rouge1-r", "rouge2-r")}[args.scorer]
print(f"DUC 2003, 100 words, {args.scorer}, recall R-1 / R-2")
for value in map(float, args.values.split(",")):
    report = evaluate("duc2003", args.data, scorer=args.scorer, with_baselines=False,
                      settings=replace(Settings(), redundancy=value))
    cells = [f"{s.system} {100 * s.scores[key[0]].value:.2f} / {100 * s.scores[key[1]].value:.2f}" for s in report.systems]
    print(f"{value:.2f} | " + " | ".join(cells), flush=True)
sys.exit(0)
