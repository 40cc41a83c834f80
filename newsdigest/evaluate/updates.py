"""``evaluate updates``: what is new on a day of a long story, scored against human update summaries.

background-summaries (Pratapa et al. 2023) gives, for each date of an evolving story, three
annotators' "Update": what is new in the story that day. Three of its events are built on T17
topics whose articles are in the shared data (financial_crisis → finan, swine_flu → h1n1,
haitian_earthquake → haiti). One task per event date: the input is the topic's articles
published after the previous date up to this one, and the reader has read every earlier article
(``summarize(new, since=earlier)``); the budget is the three updates' mean length in words.

Beside it in the same run: the same summarizer without ``--since`` (the new articles alone), and
``lead-newest``, the opening sentences of the newest article (the NIST baseline of DUC's update
task). Scores are rouge-score F1 (stemmed), the references averaged per date, then a mean with a
95% bootstrap interval over dates, and the paired difference with and without ``--since``.

Each topic's articles are cleaned and segmented once; a day's clusters are views of those
documents (the same documents ``summarize`` would make of them, without re-reading them each day).
"""
from __future__ import annotations

import csv
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import methods
from ..attribute import restated
from ..errors import InputError
from ..model import Budget
from ..pipeline import build_cluster, restrict, summarize_cluster
from ..settings import DEFAULT_METHOD, Settings
from . import rouge
from .baselines import NewestLead
from .run import cut_words
from .timelines import topic_articles

EVENTS = {"financial_crisis": "finan", "swine_flu": "h1n1", "haitian_earthquake": "haiti"}
SYSTEMS = ("newsdigest --since", "newsdigest", "lead-newest")


@dataclass(frozen=True)
class UpdateReport:
    dates: tuple[str, ...]  # event/date of each task
    scores: dict  # rouge.fast's result: system → {"scores", "clusters"}
    paired: dict[str, tuple[float, float, float]]  # metric → mean difference (--since minus without) and its interval
    skipped: int  # event dates with no article published since the previous one


def _updates(path: Path) -> dict[str, list[str]]:
    """One annotator's file: ``[YYYY-MM-DD]`` → the update."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {r["Date"].strip("[] "): [r["Update"].strip()] for r in rows if r.get("Update", "").strip()}


def evaluate_updates(data: str | Path, settings: Settings = Settings(), words: int | None = None,
                     limit: int | None = None, with_baselines: bool = True,
                     progress: Callable[[str], None] | None = None, seed: int = 0) -> UpdateReport:
    progress = progress or (lambda message: None)  # None: quiet (the CLI's --quiet)
    data = Path(data)
    root = data / "background-summaries" if (data / "background-summaries").is_dir() else data
    t17 = data / "t17" if (data / "t17").is_dir() else root.parent / "t17"
    if not (root / "events").is_dir():
        raise InputError(str(root), "not found (give the shared data folder: background-summaries/ and t17/)")
    if not t17.is_dir():
        raise InputError(str(t17), "not found (the update tasks read the T17 articles beside background-summaries/)")
    selector = methods.get(DEFAULT_METHOD, settings)
    newest = NewestLead(settings)
    ids, hyps, refs = [], {s: [] for s in SYSTEMS}, []
    skipped = 0
    for event, topic in EVENTS.items():
        folder = root / "events" / event
        if not folder.is_dir() or topic not in {p.name for p in t17.iterdir()}:
            continue
        annotators = [_updates(p) for p in sorted(folder.glob("annotator*.tsv"))]
        dates = sorted(set().union(*annotators)) if annotators else []
        everything = topic_articles(t17 / topic)
        progress(f"{event}: {len(dates)} dates, {len(everything)} articles")
        cluster = build_cluster(everything, settings)
        previous = ""
        for day in dates:
            new = {a.id for a in everything if previous < a.date <= day}
            old = {a.id for a in everything if a.date <= previous}
            previous = day
            if not new:
                skipped += 1
                continue
            texts = [u for a in annotators for u in a.get(day, [])]
            budget = Budget(words=words or max(10, round(statistics.fmean(len(t.split()) for t in texts))))
            fresh, seen = restrict(cluster, new), restrict(cluster, old)
            known = restated(fresh, seen, settings) if old else frozenset()
            for name, chosen in (("newsdigest --since", summarize_cluster(fresh, selector, budget, settings, cite=False,
                                                                          known=known)),
                                 ("newsdigest", summarize_cluster(fresh, selector, budget, settings, cite=False)),
                                 ("lead-newest", summarize_cluster(fresh, newest, budget, settings, cite=False))):
                hyps[name].append(cut_words(chosen.text, budget.limit))
            ids.append(f"{event}/{day}")
            refs.append(tuple(texts))
            if limit and len(ids) >= limit:
                break
        if limit and len(ids) >= limit:
            break
    if not ids:
        raise InputError(str(root), "no update tasks: none of its events has T17 articles beside it")
    systems = {s: hyps[s] for s in SYSTEMS if with_baselines or s == "newsdigest --since"}
    scores = rouge.fast(systems, refs, ids, seed=seed)
    paired = {}
    if "newsdigest" in scores:
        for m in ("rouge1", "rouge2"):
            a = scores["newsdigest --since"]["clusters"]
            b = scores["newsdigest"]["clusters"]
            diff = rouge.bootstrap([a[c][m][2] - b[c][m][2] for c in ids], seed=seed)
            paired[m] = (diff.value, diff.low, diff.high)
    return UpdateReport(tuple(ids), scores, paired, skipped)


def render_report(report: UpdateReport, fmt: str = "text") -> str:
    head = ["system", "R-1 F", "R-2 F", "R-L F"]
    body = []
    for name, result in report.scores.items():
        s = result["scores"]
        body.append([name] + [f"{100 * s[f'{m}-f'].value:.2f} [{100 * s[f'{m}-f'].low:.2f}, {100 * s[f'{m}-f'].high:.2f}]"
                              for m in ("rouge1", "rouge2", "rougeLsum")])
    title = (f"Updates: {len(report.dates)} event dates of background-summaries on T17 articles "
             f"({report.skipped} dates without new articles skipped); rouge-score F1, stemmed")
    paired = "; ".join(f"{m.replace('rouge', 'R-')} {100 * d:+.2f} [{100 * lo:+.2f}, {100 * hi:+.2f}]"
                       for m, (d, lo, hi) in report.paired.items())
    if fmt == "json":
        import json

        return json.dumps({"dates": list(report.dates), "skipped": report.skipped,
                           "systems": {n: {k: [v.value, v.low, v.high] for k, v in r["scores"].items()}
                                       for n, r in report.scores.items()},
                           "paired_since_minus_without": report.paired}, indent=2) + "\n"
    if fmt == "markdown":
        lines = [f"**{title}**", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in body]
        return "\n".join(lines + (["", f"Paired, --since minus without: {paired}"] if paired else [])) + "\n"
    width = [max(len(r[i]) for r in [head] + body) for i in range(len(head))]
    lines = [title, "  ".join(h.ljust(w) for h, w in zip(head, width))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, width)) for r in body]
    if paired:
        lines.append(f"paired, --since minus without: {paired}")
    return "\n".join(lines) + "\n"
