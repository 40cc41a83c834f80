"""``evaluate t17``: timelines scored as news-tls scores them, beside baselines in one run.

The protocol of news-tls (Ghalandari & Ifrim, ACL 2020), which the published T17 numbers use:
one task per reference timeline; its input is the topic's articles published within the
timeline's first … last date; the output has as many dates as the reference (l) with k
sentences each, k the reference's mean sentences per date, rounded. Metrics come from the PyPI
package ``tilse`` (Martschat & Markert 2017), which runs the Perl ROUGE-1.5.5 it bundles (Porter
stemming, stop words removed): AR1-F and AR2-F are its alignment-based ROUGE-1 and ROUGE-2 with
many-to-one date alignment ("align+ m:1"); Date-F1 is the F1 of the predicted against the
reference dates. Precision and recall are averaged over tasks and F is computed from the
averages.

The baselines, in the same run: ``random`` (l days drawn among those the articles were published
on or name, k sentences of each drawn among its candidates, seeded) and ``most-published`` (the l
days with the most articles, each with the first sentences of its articles, in order).
"""
from __future__ import annotations

import csv
import datetime
import random
import statistics
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

from ..errors import ConfigError, InputError
from ..model import Article, Cluster, Timeline
from ..pipeline import build_cluster
from ..settings import Settings
from ..timelines import build_timeline, days_of

TILSE = "tilse==0.2.1"
_RULE = "-" * 32


@dataclass(frozen=True)
class TimelineTask:
    """One reference timeline and the articles of its topic within its dates."""

    name: str  # topic/timeline
    articles: tuple[Article, ...]
    reference: dict[str, tuple[str, ...]]  # YYYY-MM-DD → its sentences

    @property
    def dates(self) -> int:
        return len(self.reference)

    @property
    def per_date(self) -> int:
        return max(1, round(sum(map(len, self.reference.values())) / len(self.reference)))


def read_timeline(path: Path) -> dict[str, tuple[str, ...]]:
    """A timeline in the Timeline17 / tilse format: a date line, its sentences, a rule of 32
    dashes. A date written twice (one T17 timeline does) keeps the sentences of both entries."""
    out: dict[str, list[str]] = {}
    for n, block in enumerate(path.read_text(encoding="utf-8").split(_RULE)):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        try:
            day = datetime.date.fromisoformat(lines[0]).isoformat()
        except ValueError:
            raise InputError(str(path), f"entry {n + 1} does not start with a YYYY-MM-DD line: {lines[0][:40]!r}") from None
        out.setdefault(day, []).extend(lines[1:])
    if not out:
        raise InputError(str(path), "no dated entries")
    return {d: tuple(s) for d, s in sorted(out.items())}


def load_t17(root: Path) -> list[TimelineTask]:
    """``<topic>/outputwithpub.csv`` (``date,text``, one article a row) and ``<topic>/timelines/*.txt``."""
    root = Path(root)
    topics = sorted(p for p in root.iterdir() if (p / "timelines").is_dir()) if root.is_dir() else []
    if not topics:
        raise InputError(str(root), "no T17 topics (folders with outputwithpub.csv and timelines/)")
    tasks = []
    for topic in topics:
        articles = topic_articles(topic)
        for timeline in sorted((topic / "timelines").glob("*.txt")):
            reference = read_timeline(timeline)
            first, last = min(reference), max(reference)
            tasks.append(TimelineTask(f"{topic.name}/{timeline.stem}",
                                      tuple(a for a in articles if first <= a.date <= last), reference))
    return tasks


def topic_articles(topic: Path) -> list[Article]:
    """A T17 topic's ``outputwithpub.csv``: one article a row (``date,text``), in English."""
    path = topic / "outputwithpub.csv"
    if not path.exists():
        raise InputError(str(path), "not found (each T17 topic holds its articles as outputwithpub.csv)")
    csv.field_size_limit(sys.maxsize)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [(r.get("date", ""), r.get("text", "")) for r in csv.DictReader(handle)]
    return [Article(id=f"{topic.name}/{n:04d}", text=text, date=day, date_source="input", language="en")
            for n, (day, text) in enumerate(rows) if text.strip()]


# --- systems: each maps (task, cluster) to {date: [sentences]}
Predict = Callable[[TimelineTask, Cluster, Settings], dict[str, list[str]]]


def _ours(task: TimelineTask, cluster: Cluster, settings: Settings) -> dict[str, list[str]]:
    first, last = min(task.reference), max(task.reference)
    timeline = build_timeline(cluster, task.dates, task.per_date, settings, start=first, end=last, cite=False)
    return as_entries(timeline)


def as_entries(timeline: Timeline) -> dict[str, list[str]]:
    return {d.date: [s.text for s in d.sentences] for d in timeline.dates}


def _random(task: TimelineTask, cluster: Cluster, settings: Settings) -> dict[str, list[str]]:
    days = days_of(cluster, settings, min(task.reference), max(task.reference))
    draw = random.Random(f"random/{task.name}")
    chosen = sorted(draw.sample(sorted(days.weight), min(task.dates, len(days.weight))))
    out = {}
    for day in chosen:
        pool = [s for i, s in enumerate(days.sentences)
                if day in days.about(i) and s.words >= settings.min_sentence_words]
        if pool:
            out[day] = [s.text for s in draw.sample(pool, min(task.per_date, len(pool)))]
    return out


def _most_published(task: TimelineTask, cluster: Cluster, settings: Settings) -> dict[str, list[str]]:
    first, last = min(task.reference), max(task.reference)
    count: dict[str, int] = {}
    for d in cluster.own:
        if first <= d.article.date <= last:
            count[d.article.date] = count.get(d.article.date, 0) + 1
    chosen = sorted(sorted(count, key=lambda day: (-count[day], day))[:task.dates])
    out = {}
    for day in chosen:
        leads = [s for d in cluster.own if d.article.date == day for s in d.sentences
                 if not s.fragment and s.position == 0 and s.words >= settings.min_sentence_words]
        out[day] = [s.text for s in leads[:task.per_date]]
    return out


SYSTEMS: dict[str, Predict] = {"newsdigest": _ours, "random": _random, "most-published": _most_published}


# --- scoring
@dataclass(frozen=True)
class TimelineScore:
    ar1: tuple[float, float]  # precision, recall
    ar2: tuple[float, float]
    date: tuple[float, float]
    seconds: float = 0.0


def _f(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _evaluator():
    try:
        from tilse.evaluation import rouge
    except ImportError:
        raise ConfigError(f"evaluate t17 scores with tilse: pip install --no-deps {TILSE} (make test installs it)") from None
    return rouge.TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"])


def tilse_timeline(entries: dict[str, Sequence[str]]):
    from tilse.data import timelines

    return timelines.Timeline({datetime.date.fromisoformat(d): list(s) for d, s in entries.items() if s})


def score(predicted: dict[str, Sequence[str]], reference: dict[str, Sequence[str]], evaluator=None) -> TimelineScore:
    """AR1, AR2 (tilse's align+ m:1) and the dates' precision and recall of one timeline."""
    from tilse.data import timelines

    evaluator = evaluator or _evaluator()
    predicted = {d: s for d, s in predicted.items() if s}
    if predicted:
        scores = evaluator.evaluate_align_date_content_costs_many_to_one(
            tilse_timeline(predicted), timelines.GroundTruth([tilse_timeline(reference)]))
        ar1 = (scores["rouge_1"]["precision"], scores["rouge_1"]["recall"])
        ar2 = (scores["rouge_2"]["precision"], scores["rouge_2"]["recall"])
    else:
        ar1 = ar2 = (0.0, 0.0)
    hits = len(set(predicted) & set(reference))
    return TimelineScore(ar1, ar2, (hits / len(predicted) if predicted else 0.0, hits / len(reference)))


@dataclass(frozen=True)
class TimelineReport:
    tasks: tuple[str, ...]
    rows: dict[str, tuple[TimelineScore, ...]]  # system → one score per task
    published: dict[str, tuple[float, float, float]]

    def macro(self, system: str) -> dict[str, float]:
        rows = self.rows[system]
        out = {}
        for name in ("ar1", "ar2", "date"):
            p = statistics.fmean(getattr(r, name)[0] for r in rows)
            rec = statistics.fmean(getattr(r, name)[1] for r in rows)
            out[name] = _f(p, rec)
        out["seconds"] = statistics.fmean(r.seconds for r in rows)
        return out


# news-tls Table 4 (all 19 T17 tasks; AR1-F, AR2-F, Date-F1), for orientation only
PUBLISHED = {"news-tls Datewise": (0.120, 0.035, 0.544), "news-tls Clust": (0.082, 0.020, 0.407),
             "Martschat 2018": (0.105, 0.030, 0.544), "Tran 2013": (0.094, 0.022, 0.517),
             "Chieu 2004": (0.066, 0.019, 0.251)}


# --- other systems' timelines for the same tasks: <folder>/<system>/[<topic>/]<timeline>.txt (tilse format)
PEER_FOLDERS = ("peers", "predictions", "systems")


def peer_timelines(folders: Sequence[Path], tasks: Sequence[TimelineTask],
                   warn: Callable[[str], None] = lambda m: None) -> dict[str, list[dict[str, tuple[str, ...]]]]:
    """System → its timeline for every task, from each folder's subfolders (one a system). A system
    without a timeline for some task is left out with a warning: a macro over other tasks would
    not compare."""
    out = {}
    for folder in folders:
        for system in sorted(p for p in Path(folder).iterdir() if p.is_dir()):
            found, missing = [], []
            for task in tasks:
                topic, name = task.name.split("/", 1)
                path = next((p for p in (system / topic / f"{name}.txt", system / f"{name}.txt") if p.is_file()), None)
                if path is None:
                    missing.append(task.name)
                else:
                    found.append(read_timeline(path))
            if missing:
                warn(f"{system}: no timeline for {', '.join(missing[:3])}{' …' if len(missing) > 3 else ''}; left out")
            elif system.name not in out:
                out[system.name] = found
    return out


def evaluate_t17(data: str | Path, settings: Settings = Settings(), systems: Sequence[str] | None = None,
                 limit: int | None = None, progress: Callable[[str], None] | None = None,
                 peers: str | Path | None = None) -> TimelineReport:
    """Our timelines and the baselines on every T17 task, scored by tilse in one run, beside other
    systems' timelines for the same tasks where they are given (``peers``, or a ``peers/`` folder
    in the data: ``<system>/[<topic>/]<timeline>.txt``)."""
    progress = progress or (lambda message: None)  # None: quiet (the CLI's --quiet)
    root = Path(data)
    if (root / "t17").is_dir():
        root = root / "t17"
    if not root.exists():
        raise InputError(str(root), "not found (give the shared data folder or the t17 folder)")
    if peers is not None and not Path(peers).is_dir():
        raise InputError(str(peers), "not a folder (one subfolder a system, holding <timeline>.txt files)")
    tasks = load_t17(root)[:limit]
    folders = [Path(peers)] if peers is not None else [root / n for n in PEER_FOLDERS if (root / n).is_dir()]
    others = peer_timelines(folders, tasks, lambda m: print(f"newsdigest: warning: {m}", file=sys.stderr))
    names = list(systems or SYSTEMS)
    unknown = [n for n in names if n not in SYSTEMS]
    if unknown:
        raise ConfigError(f"unknown timeline system {unknown[0]!r}; choose from {', '.join(SYSTEMS)}")
    evaluator = _evaluator()
    rows: dict[str, list[TimelineScore]] = {n: [] for n in names}
    for task in tasks:
        progress(f"{task.name}: {len(task.articles)} articles, {task.dates} dates × {task.per_date}")
        cluster = build_cluster(task.articles, settings)
        for name in names:
            start = time.perf_counter()
            predicted = SYSTEMS[name](task, cluster, settings)
            seconds = time.perf_counter() - start
            rows[name].append(replace(score(predicted, task.reference, evaluator), seconds=seconds))
    for name, timelines in others.items():
        rows[f"{name} (given)"] = [score(t, task.reference, evaluator) for t, task in zip(timelines, tasks)]
    return TimelineReport(tuple(t.name for t in tasks), {n: tuple(r) for n, r in rows.items()}, PUBLISHED)


def render_report(report: TimelineReport, fmt: str = "text") -> str:
    """The macro table (and per task in JSON)."""
    if fmt == "json":
        import json

        return json.dumps({
            "tasks": list(report.tasks),
            "systems": {n: {"macro": report.macro(n),
                            "per_task": [{"task": t, "ar1": r.ar1, "ar2": r.ar2, "date": r.date, "seconds": r.seconds}
                                         for t, r in zip(report.tasks, rows)]}
                        for n, rows in report.rows.items()},
            "published": report.published,
        }, indent=2) + "\n"
    head = ["system", "AR1-F", "AR2-F", "Date-F1", "s / timeline"]
    body = []
    for name in report.rows:
        m = report.macro(name)
        seconds = "" if name.endswith(" (given)") else f"{m['seconds']:.2f}"  # read, not made here
        body.append([name, f"{m['ar1']:.3f}", f"{m['ar2']:.3f}", f"{m['date']:.3f}", seconds])
    for name, (a1, a2, d) in report.published.items():
        body.append([f"{name} (published, 19 tasks)", f"{a1:.3f}", f"{a2:.3f}", f"{d:.3f}", ""])
    title = f"T17, {len(report.tasks)} timelines (news-tls protocol; tilse align+ m:1)"
    if fmt == "markdown":
        lines = [f"**{title}**", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in body]
        return "\n".join(lines) + "\n"
    width = [max(len(r[i]) for r in [head] + body) for i in range(len(head))]
    lines = [title, "  ".join(h.ljust(w) for h, w in zip(head, width))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, width)) for r in body]
    return "\n".join(lines) + "\n"

