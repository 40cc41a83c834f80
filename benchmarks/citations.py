"""Which outlets back each summary sentence, written down so that two versions can be read side by side.

    python benchmarks/citations.py --data ../shared/data --out after.json
    python benchmarks/citations.py --diff before.json after.json

The first form summarizes (defaults, 100 words, no analysis) the 30 DUC 2003 clusters, the
sochi cluster and the first 80 clusters of Multi-News val and of NeuS val, and writes each summary
sentence with its sources (article, sentence, the source sentence's text). Run it in a worktree
of the earlier commit for "before" (``PYTHONPATH=.`` there). The second form prints every sentence
whose sources changed, each source gained (+) or lost (-), and a count: the material for reading
a change to attribution beside what it did, rather than a single number.
"""
from __future__ import annotations

import json
import sys

from common import duc2003_folders, parser

ap = parser(__doc__)
ap.add_argument("--out", help="where to write the citations (JSON)")
ap.add_argument("--diff", nargs=2, metavar=("BEFORE", "AFTER"), help="compare two files this script wrote")
ap.add_argument("--clusters", type=int, default=80, help="clusters of Multi-News and of NeuS (default 80)")
args = ap.parse_args()


def cited(summary) -> list[dict]:
    text = {(s.article, s.index): s.original for s in summary.cluster.sentences}
    return [{"text": s.text, "support": s.support,
             "sources": [[c.article, c.sentence, text.get((c.article, c.sentence), "")] for c in s.sources]}
            for s in summary.sentences]


def write(path: str) -> None:
    from newsdigest import summarize
    from newsdigest.evaluate import load

    out = {}
    for folder in duc2003_folders(args.data):
        out[f"duc2003/{folder.name}"] = cited(summarize(folder, analyze=False))
    out["sochi-2019"] = cited(summarize(f"{args.data}/sochi-2019", analyze=False))
    for name in ("multinews", "neus"):
        for k, cluster in enumerate(load(name, args.data)):
            if k >= args.clusters:
                break
            out[f"{name}/{k}"] = cited(summarize(list(cluster.articles), analyze=False))
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)


def diff(before_path: str, after_path: str) -> None:
    with open(before_path, encoding="utf-8") as f:
        before = json.load(f)
    with open(after_path, encoding="utf-8") as f:
        after = json.load(f)
    sentences = changed = counts = 0
    for key, old_summary in before.items():
        for old, new in zip(old_summary, after.get(key, [])):
            sentences += 1
            if old["text"] != new["text"]:
                print(f"{key}: another sentence chosen: {new['text'][:120]}")
                continue
            was, now = ({tuple(s[:2]) for s in x["sources"]} for x in (old, new))
            if was == now:
                continue
            changed += 1
            counts += old["support"] != new["support"]
            print(f"{key}: support {old['support']} -> {new['support']} | {old['text'][:200]}")
            print("".join(f"   + {s[2][:200]}\n" for s in new["sources"] if tuple(s[:2]) not in was), end="")
            print("".join(f"   - {s[2][:200]}\n" for s in old["sources"] if tuple(s[:2]) not in now), end="")
    print(f"{sentences} sentences, {changed} with other sources, {counts} with another support count")


if args.diff:
    diff(*args.diff)
elif args.out:
    write(args.out)
else:
    sys.exit("give --out FILE or --diff BEFORE AFTER")
