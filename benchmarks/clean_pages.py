"""Cleaning precision and recall on real web pages: trafilatura alone vs newsdigest's kept text.

The pages are trafilatura's own evaluation set (``html-pages/``: 990 pages, snippets that must
be kept and snippets that must go). Scored with trafilatura's metric (whitespace-normalised,
case-sensitive substring): a ``with`` snippet present is a true positive, a ``without`` snippet
present a false positive. Three systems on the same pages in one run:

  trafilatura-standard   trafilatura.extract as its evaluation runs it (include_tables=True)
  reader                 the text newsdigest's HTML reader gets from trafilatura (what is cleaned)
  newsdigest             the paragraphs ``clean_article`` keeps from that text

Per cleaning rule: how many ``with`` snippets the reader had and a cut of that rule removed
(true body lost) and how many ``without`` snippets it removed (furniture caught). Also the
share of the reader's words that cleaning keeps, and pages that lose more than half of them.

The pages are split in two halves by a hash of their URL: ``--split dev`` is the half the rules
were looked at on, ``--split test`` the half kept for reporting; ``all`` is both.

    python benchmarks/clean_pages.py [--data ../shared/data] [--split test] [--show-losses N] [--settings JSON]
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from common import parser


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def half(url: str) -> str:
    return "dev" if hashlib.sha1(url.encode()).digest()[0] % 2 == 0 else "test"


def load(data: str, split: str) -> list[tuple[str, dict, Path]]:
    root = Path(data) / "html-pages"
    if not (root / "evaldata.json").is_file():
        sys.exit(f"{root}/evaldata.json: not found (set --data or NEWSDIGEST_DATA)")
    items = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    out = []
    for url, item in sorted(items.items()):
        if split != "all" and half(url) != split:
            continue
        for sub in ("cache", "eval"):
            path = root / sub / (item["file"] + ".gz")
            if path.is_file():
                out.append((url, item, path))
                break
    return out


def run_page(job: tuple[str, dict, Path, dict]) -> dict:
    import trafilatura

    from newsdigest.clean import clean_article
    from newsdigest.errors import NewsdigestError
    from newsdigest.ingest import read_bytes
    from newsdigest.settings import Settings

    url, item, path, changes = job
    settings = Settings(**changes)
    raw = gzip.open(path).read()
    out = {"url": url, "with": item["with"], "without": item["without"]}
    try:
        out["standard"] = trafilatura.extract(raw, include_comments=False, include_tables=True) or ""
    except Exception as exc:  # trafilatura's own failures count as empty output, as in its evaluation
        out["standard"] = ""
        out["standard_error"] = repr(exc)
    try:
        articles = read_bytes(raw, str(path), path.name, settings)
    except NewsdigestError as exc:
        out.update(reader="", kept="", cuts=[], error=str(exc))
        return out
    a = articles[0]
    cleaned = clean_article(a, settings)
    out["reader"] = a.text
    out["kept"] = "\n".join(cleaned.paragraphs)
    out["cuts"] = [(c.text, c.reason, getattr(c, "applied", True)) for c in cleaned.cuts]
    return out


def counts(item: dict, text: str) -> tuple[int, int, int, int]:
    t = norm(text)
    tp = sum(1 for w in item["with"] if norm(w) in t)
    fp = sum(1 for w in item["without"] if norm(w) in t)
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


def scores(c: Counter) -> str:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f = 2 * c["tp"] / (2 * c["tp"] + c["fp"] + c["fn"]) if c["tp"] else 0.0
    a = (c["tp"] + c["tn"]) / sum(c.values()) if sum(c.values()) else 0.0
    return f"{p:.3f} | {r:.3f} | {a:.3f} | {f:.3f}"


def main() -> int:
    ap = parser(__doc__)
    ap.add_argument("--split", choices=("dev", "test", "all"), default="test")
    ap.add_argument("--show-losses", type=int, default=0, help="print this many true-body snippets lost, with their rule")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--settings", default="{}", help='Settings changes as JSON, e.g. \'{"link_share": 0.8}\'')
    args = ap.parse_args()
    changes = json.loads(args.settings)
    pages = [(*page, changes) for page in load(args.data, args.split)]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(run_page, pages, chunksize=8))
    dt = time.perf_counter() - t0
    totals = {name: Counter() for name in ("standard", "reader", "kept")}
    lost, caught = Counter(), Counter()
    losses = []
    words_in = words_kept = 0
    half_lost = []
    errors = [r for r in results if r.get("error")]
    for r in results:
        for name in totals:
            tp, fp, fn, tn = counts(r, r.get(name, ""))
            totals[name].update(tp=tp, fp=fp, fn=fn, tn=tn)
        reader, kept = norm(r["reader"]), norm(r["kept"])
        n_in, n_kept = len(reader.split()), len(kept.split())
        words_in += n_in
        words_kept += n_kept
        if n_in and n_kept < 0.5 * n_in:
            half_lost.append((r["url"], n_in, n_kept))
        for key, bucket in (("with", lost), ("without", caught)):
            for snippet in r[key]:
                s = norm(snippet)
                if s in reader and s not in kept:
                    why = [reason for text, reason, applied in r["cuts"] if applied and s in norm(text)]
                    rule = why[0] if why else "joined across a cut"
                    bucket[rule] += 1
                    if key == "with":
                        losses.append((rule, r["url"], snippet))
    n = len(results)
    print(f"{n} pages ({args.split} split), {dt:.0f} s, {len(errors)} refused by the reader\n")
    print("| system | precision | recall | accuracy | F1 |")
    print("|---|---:|---:|---:|---:|")
    for name, label in (("standard", "trafilatura, standard settings"),
                        ("reader", "trafilatura, as newsdigest's reader calls it"),
                        ("kept", "newsdigest, kept after cleaning")):
        print(f"| {label} | {scores(totals[name])} |")
    print(f"\nWords of the reader's text kept by cleaning: {words_kept / max(words_in, 1):.1%}; "
          f"pages keeping less than half: {len(half_lost)}")
    rules = sorted(set(lost) | set(caught), key=lambda k: (-lost[k], -caught[k]))
    print("\n| rule | must-keep snippets removed | must-drop snippets removed |")
    print("|---|---:|---:|")
    for rule in rules:
        print(f"| {rule} | {lost[rule]} | {caught[rule]} |")
    print(f"| all rules | {sum(lost.values())} | {sum(caught.values())} |")
    for url, n_in, n_kept in half_lost[:20]:
        print(f"  half lost: {url} {n_kept}/{n_in} words", file=sys.stderr)
    for rule, url, snippet in losses[: args.show_losses]:
        print(f"  lost [{rule}] {url}: {snippet[:100]!r}", file=sys.stderr)
    for r in errors[:10]:
        print(f"  refused: {r['error']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
