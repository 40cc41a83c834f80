"""One method under changed settings on the dev sets: how the "tried" rows of docs/benchmarks.md are made.

    python benchmarks/dev_settings.py hybrid '{"hybrid_relevance": 1.0}' [--datasets duc2003,multiling2011]

Prints R-1 / R-2 (official recall for DUC and MultiLing, rouge-score F1 otherwise) per dataset.
"""
import json
from dataclasses import replace

from common import parser
from newsdigest import Settings
from newsdigest.evaluate import evaluate

ap = parser(__doc__)
ap.add_argument("method")
ap.add_argument("settings", nargs="?", default="{}", help="a JSON object of Settings fields")
ap.add_argument("--datasets", default="duc2003,neus")
args = ap.parse_args()
settings = replace(Settings(), **json.loads(args.settings))
for name in args.datasets.split(","):
    report = evaluate(name, args.data, method_names=[args.method], with_baselines=False, settings=settings)
    keys = ("rouge-1-r", "rouge-2-r") if report.scorer == "rouge-1.5.5" else ("rouge1-f", "rouge2-f")
    scores = report.systems[0].scores
    print(f"{name}: {args.method} {args.settings}: {100 * scores[keys[0]].value:.2f} / {100 * scores[keys[1]].value:.2f}",
          flush=True)
