"""How well `clean` cuts appended foreign articles, measured on DUC 2003 with synthetic appends.

Every DUC 2003 article is cleaned within its own cluster in four scenarios:
  genuine       the article as published: any "appended article" cut is a false cut;
  append        a whole article of another cluster appended with no header: should be cut;
  append+header the same, preceded by a headline and an "Updated ..." line with its own date, as
                scraped pages do;
  fake header   another article's headline and an "Updated ..." line (of this article's date) inserted mid-article, nothing
                foreign after it: any cut is a false cut (a related-article teaser left in the text).
  live update   a headline made of the next paragraph's first words and an "Updated ..." line of
                the article's date inserted mid-article, as a live blog's updates are: any cut is
                a false cut.
A cut counts as right when it starts exactly where the foreign text starts.

    python benchmarks/clean_appended.py [--data ../shared/data]
"""
from __future__ import annotations

import random
import sys
import time
from dataclasses import replace

from common import duc2003_folders, parser
from newsdigest.clean import clean_cluster
from newsdigest.ingest import read_paths


def headline(article) -> str:
    return " ".join(article.text.split("\n")[0].rstrip(".").split()[:10]).rstrip(",;:")


def updated(article) -> str:
    """An "Updated …" line with the article's own date, as its page would print it."""
    y, m, d = (article.date or "1998-10-01")[:10].split("-")
    return f"Updated {int(d)} {MONTHS[int(m) - 1]} {y}"


MONTHS = "January February March April May June July August September October November December".split()


def main() -> int:
    args = parser(__doc__).parse_args()
    clusters = [read_paths([p]) for p in duc2003_folders(args.data)]
    rng = random.Random(13)
    stats = {k: [0, 0] for k in ("genuine", "append", "append+header", "fake header", "live update")}
    t0 = time.perf_counter()
    for ci, arts in enumerate(clusters):
        for res in clean_cluster(arts):
            stats["genuine"][0] += 1
            stats["genuine"][1] += any(c.reason.startswith("appended") for c in res.cuts)
        for scenario in ("append", "append+header", "fake header", "live update"):
            for ai in range(len(arts)):
                other = rng.choice([c for j, c in enumerate(clusters) if j != ci])
                foreign = rng.choice(other)
                target = arts[ai]
                paras = target.text.split("\n")
                header = f"{headline(foreign)}\n{updated(foreign)}"
                if scenario in ("fake header", "live update"):
                    mid = max(1, len(paras) // 2)
                    header = f"{headline(foreign)}\n{updated(target)}"
                    if scenario == "live update" and mid < len(paras):
                        header = " ".join(paras[mid].split()[:8]).rstrip(",;:.") + f"\n{updated(target)}"
                    text = "\n".join(paras[:mid] + [header] + paras[mid:])
                    first_foreign = None
                else:
                    extra = ([header] if scenario == "append+header" else []) + foreign.text.split("\n")
                    text = "\n".join(paras + extra)
                    first_foreign = extra[0].split("\n")[0]
                modified = list(arts)
                modified[ai] = replace(target, text=text)
                res = clean_cluster(modified)[ai]
                appended = [c for c in res.cuts if c.reason.startswith("appended")]
                stats[scenario][0] += 1
                if first_foreign is None:
                    stats[scenario][1] += bool(appended)
                else:
                    stats[scenario][1] += bool(appended) and appended[0].text == first_foreign
    dt = time.perf_counter() - t0
    print("| scenario | articles | right | rate |")
    print("|---|---:|---:|---:|")
    for name, (n, hits) in stats.items():
        what = "false cuts" if name in ("genuine", "fake header", "live update") else "cut at the boundary"
        print(f"| {name} ({what}) | {n} | {hits} | {hits / n:.1%} |")
    print(f"\n{dt:.1f} s for {sum(n for n, _ in stats.values())} cleanings", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
