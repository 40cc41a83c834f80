"""DUC 2003 as scraped pages: how much ROUGE survives page furniture, and whether any of it gets in.

Every DUC 2003 article is written out as the plain text a scraper saves, in three conditions:

  sgml       the corpus as published (the reference point)
  page       title line, then the body paragraphs: the same text as a .txt page, nothing added
  polluted   the page with furniture injected, seeded: a site header, a photo gallery with
             credited captions, a timestamp, a byline and share buttons above the text; related
             headlines (other clusters' titles, some behind "Related:" or "READ MORE:"), captions,
             lone "Advertisement" lines and calls to action glued to the start of a paragraph
             inside it; a footer (copyright, links, follow lines); and for a third of the
             articles another cluster's article appended under its own headline and timestamp

Each condition is summarized by the default method at 100 words and scored with official
ROUGE-1.5.5 (the DUC 2004 flags). A summary sentence counts as injected when its text is not
in the article's own body. The pollution is written from a list of forms scraped pages show,
not from newsdigest's rules; some forms (a skip link, a menu) have no rule and stay as headings.

    python benchmarks/clean_polluted.py [--data ../shared/data] [--seed 13]
"""
from __future__ import annotations

import random
import re
import sys
import tempfile
from pathlib import Path

from common import duc2003_folders, parser
from newsdigest import methods
from newsdigest.evaluate import cut_words
from newsdigest.evaluate import rouge
from newsdigest.evaluate.datasets import duc_reference
from newsdigest.ingest import read_paths
from newsdigest.model import Budget
from newsdigest.pipeline import build_cluster, summarize_cluster

HEADERS = ["Skip to main content", "Home | World | Politics | Business | Sport", "Menu", "Latest news",
           "Home » World", "Sections", "Subscribe | Log in"]
SHARE = ["FacebookTwitterEmail", "Share on Facebook Share on Twitter", "Share this article", "Follow",
         "Facebook Twitter WhatsApp Email Print", "Tweet Share"]
CREDITS = ["(AP Photo/{name})", "(Reuters/{name})", "[{name}/AFP via Getty Images]", "(Photo: {name})",
           "(File photo: {name}/EPA)"]
NAMES = ["Jon Ress", "Maria Lind", "Pavel Orlov", "Ana Souza", "Tom Weir", "Lee Chan"]
LABELS = ["", "", "Related: ", "READ MORE: ", "See also: "]
GLUED = ["Read more ", "Advertisement ", "Sign up for our newsletter ", "Download our app on Google Play ",
         "Story continues below advertisement ", "Read more Download our app on Google Play "]
APPEND_SHARE = 0.33
FOOTERS = ["Copyright © {year} The Daily Planet. All rights reserved.", "Follow us on Twitter",
           "Terms of Use | Privacy Policy | Contact Us | Advertise", "Sign up for our newsletter",
           "© {year} Planet Media Group", "Comments"]


def stamp(rng: random.Random, date: str) -> str:
    y, m, d = (date or "1998-10-17")[:10].split("-")
    month = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"][int(m) - 1]
    return rng.choice([f"Updated {int(d)} {month} {y}", f"Published: {month[:3]} {int(d)}, {y}",
                       f"{month} {int(d)}, {y} 10:42 AM", f"Posted {int(d)} {month} {y} 14:32 GMT"])


def caption(rng: random.Random, sentence: str) -> str:
    return sentence.rstrip(".") + ". " + rng.choice(CREDITS).format(name=rng.choice(NAMES))


def headline(article) -> str:
    """The article's title, or its first ten words as one (many DUC stories have none)."""
    if article.title:
        return article.title
    words = re.sub(r"^[A-Z ,.]+\([A-Z]+\) _ ", "", article.text.split("\n")[0]).split()[:10]
    return " ".join(words).rstrip(",;:.")


def polluted(rng: random.Random, article, others: list) -> str:
    body = article.text.split("\n")
    foreign = rng.choice(others)
    lines = [headline(article)]
    dated = stamp(rng, article.date)
    if rng.random() < 0.5:
        lines.append(rng.choice(HEADERS))
    if rng.random() < 0.4:
        for k in range(1, 3):
            lines += [f"{k} / 2", caption(rng, rng.choice(foreign.text.split("\n"))[:200])]
    lines.append(dated)
    if rng.random() < 0.4:
        lines.append("By " + rng.choice(NAMES))
    if rng.random() < 0.5:
        lines.append(rng.choice(SHARE))
    for n, para in enumerate(body):
        if n and rng.random() < 0.1:
            para = rng.choice(GLUED) + para
        lines.append(para)
        if n < len(body) - 1:
            r = rng.random()
            if r < 0.2:
                lines.append(rng.choice(LABELS) + headline(rng.choice(others)))
            elif r < 0.25:
                lines.append(caption(rng, rng.choice(foreign.text.split("\n"))[:200]))
            elif r < 0.3:
                lines.append("Advertisement")
    for footer in rng.sample(FOOTERS, rng.randint(1, 3)):
        lines.append(footer.format(year=(article.date or "1998")[:4]))
    appended = rng.random() < APPEND_SHARE
    if appended:
        tail = rng.choice(others)
        lines += [headline(tail), stamp(rng, tail.date)] + tail.text.split("\n")
    return "\n".join(lines) + "\n", appended


def norm(s: str) -> str:
    return " ".join(re.findall(r"\w+", s.lower()))


def main() -> int:
    ap = parser(__doc__)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--show-prose", action="store_true", help="print each injected sentence kept as prose")
    ap.add_argument("--pages", help="write the pages to this folder (kept) instead of a temporary one")
    args = ap.parse_args()
    rouge.check_official()
    folders = duc2003_folders(args.data)
    clusters = [read_paths([f]) for f in folders]
    refs_dir = Path(args.data) / "duc2003" / "refs"
    ids = [f.name for f in folders]
    references = [tuple(duc_reference(p) for p in sorted(refs_dir.glob(f"{f.name[:-1].upper()}.*"))) for f in folders]
    rng = random.Random(args.seed)
    selector = methods.get("hybrid")
    budget = Budget(words=100)
    summaries: dict[str, list[str]] = {"sgml": [], "page": [], "polluted": []}
    injected = {name: 0 for name in summaries}
    sentences = {name: 0 for name in summaries}
    not_applied = 0
    tails: dict[str, bool] = {}  # page -> an article was appended to it
    tail_cuts = {name: [0, 0, 0] for name in ("page", "polluted")}  # appended and cut, appended and kept, not appended but cut
    body_words = {name: [0, 0] for name in summaries}  # body words, of them kept as prose
    extra_words = {name: 0 for name in summaries}  # prose words kept that are not in the body
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.pages or scratch
        for ci, articles in enumerate(clusters):
            others = [a for j, c in enumerate(clusters) if j != ci for a in c]
            bodies = {a.id: norm(a.text) for a in articles}
            for name in summaries:
                if name == "sgml":
                    cluster = build_cluster(articles)
                else:
                    folder = Path(tmp) / name / ids[ci]
                    folder.mkdir(parents=True)
                    for a in articles:
                        text, appended = polluted(rng, a, others) if name == "polluted" else \
                            (f"{headline(a)}\n{stamp(random.Random(a.id), a.date)}\n\n{a.text}\n", False)
                        tails[a.id + ".txt"] = appended
                        (folder / f"{a.id}.txt").write_text(text, encoding="utf-8")
                    cluster = build_cluster(read_paths([folder]))
                not_applied += name == "polluted" and sum(
                    1 for d in cluster.documents for c in d.removed if not c.applied)
                for d in cluster.documents:
                    cut = any(c.reason.startswith("appended") for c in d.removed)
                    if name != "sgml" and (tails[d.id] or cut):
                        tail_cuts[name][0 if tails[d.id] and cut else 1 if tails[d.id] else 2] += 1
                        if tails[d.id] and not cut and args.show_prose:
                            print(f"  missed appended article [{name}] {ids[ci]}/{d.id}", file=sys.stderr)
                        if cut and not tails[d.id] and args.show_prose:
                            first = next(c for c in d.removed if c.reason.startswith("appended"))
                            print(f"  false tail cut [{name}] {d.id}: {first.reason}: {first.text[:100]!r}", file=sys.stderr)
                    body = bodies.get(d.id.removesuffix(".txt"), "")
                    body_words[name][0] += len(body.split())
                    for x in d.sentences:
                        if x.fragment:
                            continue
                        if norm(x.original) in body:
                            body_words[name][1] += len(norm(x.original).split())
                        else:
                            extra_words[name] += len(norm(x.original).split())
                            if args.show_prose:
                                print(f"  prose [{name}] {d.id}: {x.original[:120]!r}", file=sys.stderr)
                summary = summarize_cluster(cluster, selector, budget)
                for s in summary.sentences:
                    origin = next(x for d in cluster.documents for x in d.sentences
                                  if (d.id, x.index) == (s.sources[0].article, s.sources[0].sentence))
                    article_id = origin.article.removesuffix(".txt")
                    sentences[name] += 1
                    if norm(origin.original) not in bodies.get(article_id, ""):
                        injected[name] += 1
                        print(f"  injected [{name}] {ids[ci]}: {origin.original[:110]!r}", file=sys.stderr)
                summaries[name].append(cut_words(summary.text, budget.limit))
    scored = rouge.official(summaries, references, ids, budget.limit)
    print("| condition | R-1 R | R-2 R | summary sentences | from injected text | body words kept as prose "
          "| injected words kept as prose |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in summaries:
        s = scored[name]["scores"]
        total, kept = body_words[name]
        print(f"| {name} | {100 * s['rouge-1-r'].value:.2f} | {100 * s['rouge-2-r'].value:.2f} | "
              f"{sentences[name]} | {injected[name]} | {kept / total:.1%} | {extra_words[name]:,} |")
    if args.show_prose:
        for cid in ids:
            a, b = (scored[n]["clusters"][cid]["rouge-2"][0] for n in ("page", "polluted"))
            print(f"  {cid}: R-2 page {100 * a:.2f} polluted {100 * b:.2f} ({100 * (b - a):+.2f})", file=sys.stderr)
    base, dirty = (scored[n]["scores"]["rouge-2-r"].value for n in ("page", "polluted"))
    print(f"\nR-2 of polluted pages against clean pages: {100 * (dirty - base) / base:+.1f}% "
          f"(seed {args.seed}); proposed cuts not applied on polluted pages: {not_applied}")
    hit, missed, false = tail_cuts["polluted"]
    print(f"Appended articles cut: {hit} of {hit + missed}; pages given a tail cut with nothing appended: "
          f"{false} polluted, {tail_cuts['page'][2]} clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
