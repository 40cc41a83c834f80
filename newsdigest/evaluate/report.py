"""An evaluation report as a table (text or markdown), as JSON, and per cluster as CSV.

Scores are printed ×100 with their 95% interval; the columns name the scorer, so an official
ROUGE-1.5.5 number and a rouge-score number can never be read as the same thing.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from ..model import Report, Score
from ..settings import DEFAULT_METHOD
from .datasets import FAST, OFFICIAL, UNICODE
from .rouge import bootstrap

# (column title, score key); recall first for official ROUGE, F1 for rouge-score.
_COLUMNS = {
    OFFICIAL: (("R-1 R", "rouge-1-r"), ("R-2 R", "rouge-2-r"), ("R-1 F", "rouge-1-f"), ("R-2 F", "rouge-2-f")),
    "rouge-score": (("R-1 F", "rouge1-f"), ("R-2 F", "rouge2-f"), ("R-Lsum F", "rougeLsum-f")),
    UNICODE: (("R-1 R", "rouge1-r"), ("R-2 R", "rouge2-r"), ("R-1 F", "rouge1-f"), ("R-2 F", "rouge2-f")),
}
_WITH_INTERVAL = 2  # the first columns carry their confidence interval


def _has_su4(report: Report) -> bool:
    """Official ROUGE with ``-2 4 -u`` (DUC 2005-2007's flags): R-SU4 is the task's second measure."""
    return report.scorer == OFFICIAL and any("rouge-su4-r" in r.scores for r in report.systems)


def _cells(report: Report) -> tuple[list[str], list[list[str]]]:
    columns = _COLUMNS[report.scorer]
    if _has_su4(report):
        columns = columns[:2] + (("R-SU4 R", "rouge-su4-r"),) + columns[2:]  # DUC 2005-2007's second measure
    head = ["system", "kind"] + [f"{title} (95% CI)" if n < _WITH_INTERVAL or report.scorer == FAST or "SU4" in title
                                 else title for n, (title, _) in enumerate(columns)] + ["s/cluster"]
    rows = []
    for result in report.systems:
        row = [result.system, result.kind]
        for n, (_, key) in enumerate(columns):
            score = result.scores.get(key)
            if score is None:
                row.append("–")
            elif n < _WITH_INTERVAL or report.scorer == FAST or key == "rouge-su4-r":
                row.append(f"{100 * score.value:.2f} [{100 * score.low:.2f}–{100 * score.high:.2f}]")
            else:
                row.append(f"{100 * score.value:.2f}")
        row.append(f"{result.seconds:.3f}")
        rows.append(row)
    return head, rows


# The paired comparison: R-2 recall for official ROUGE, R-2 F1 for rouge-score.
_PAIRED = {OFFICIAL: ("rouge-2", 0, "R-2 recall"), "rouge-score": ("rouge2", 2, "R-2 F1"),
           UNICODE: ("rouge2", 0, "R-2 recall")}


def paired(report: Report, measure: tuple[str, int, str] | None = None) -> tuple[str, str, dict[str, Score]]:
    """Default method minus each other system, per cluster, with a 95% bootstrap interval.

    Systems scored on the same clusters are compared pairwise: an interval above zero says the
    default wins on these clusters beyond resampling noise, which overlapping per-system
    intervals cannot say. Returns (base system, metric label, {system: difference}).
    """
    if not report.systems:
        return "", "", {}
    names = [r.system for r in report.systems]
    base = report.systems[names.index(DEFAULT_METHOD) if DEFAULT_METHOD in names else 0]
    metric, which, label = measure or _PAIRED[report.scorer]
    ids = list(base.clusters)
    out = {}
    for result in report.systems:
        if result is base:
            continue
        diffs = [base.clusters[c][metric][which] - result.clusters[c][metric][which] for c in ids]
        out[result.system] = bootstrap(diffs, 10_000, seed=0)
    return base.system, label, out


def _paired_lines(report: Report) -> list[str]:
    measures = [None] + ([("rouge-su4", 0, "R-SU4 recall")] if _has_su4(report) else [])
    lines = []
    for measure in measures:
        base, label, diffs = paired(report, measure)
        if not diffs:
            return []
        cells = [f"{name} {100 * d.value:+.2f} [{100 * d.low:+.2f}, {100 * d.high:+.2f}]" for name, d in diffs.items()]
        lines.append(f"Paired {label} difference, {base} minus each system (×100, 95% bootstrap CI over clusters): "
                     + "; ".join(cells))
    return lines


# Where a method stands among the shared task's participants: the measure the task ranked by.
_RANKED = {OFFICIAL: (("R-2", "rouge-2-r"), ("R-SU4", "rouge-su4-r")), "rouge-score": (("R-2 F1", "rouge2-f"),),
           UNICODE: (("R-2", "rouge2-r"),)}


def _rank_lines(report: Report) -> list[str]:
    """Each method's rank among the participants' runs the set holds, per ranked measure."""
    peers = [r for r in report.systems if r.kind == "participant"]
    lines = []
    for label, key in _RANKED[report.scorer] if peers else ():
        scored = [r.scores[key].value for r in peers if key in r.scores]
        cells = [f"{r.system} {1 + sum(v > r.scores[key].value for v in scored)}"
                 for r in report.systems if r.kind == "method" and key in r.scores]
        if scored and cells:
            lines.append(f"Rank among the {len(scored)} participants' runs on {label} (1 = best): " + "; ".join(cells))
    return lines


def title(report: Report) -> str:
    how = (f"official Perl script, {report.meta.get('rouge_flags', '')}".rstrip(", ") if report.scorer == OFFICIAL
           else "Google rouge-score over letters, marks and digits of any script, lower-cased, unstemmed"
           if report.scorer == UNICODE else "Google rouge-score, stemmed")
    name = f"{report.dataset} ({report.meta['language']})" if report.meta.get("language") else report.dataset
    found = report.meta.get("identified")
    ident = f"; articles identified as {', '.join(f'{k} {v}' for k, v in found.items())}" if found else ""
    return f"{name}: {report.clusters} clusters, {report.words} words, {report.scorer} ({how}){ident}"


def as_text(report: Report) -> str:
    head, rows = _cells(report)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    line = lambda cells: "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([title(report), line(head), *map(line, rows), *_paired_lines(report), *_rank_lines(report)]) + "\n"


def as_markdown(report: Report) -> str:
    head, rows = _cells(report)
    out = [f"**{title(report)}**", "", "| " + " | ".join(head) + " |",
           "|" + "|".join(["---", "---"] + ["---:"] * (len(head) - 2)) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    out += ["", *_paired_lines(report), *_rank_lines(report)] if len(report.systems) > 1 else []
    meta = report.meta
    if meta:
        versions = ", ".join(f"{k} {v}" for k, v in meta.get("versions", {}).items())
        out += ["", f"{meta.get('date', '')}; {meta.get('machine', '')}; {versions}"]
        if meta.get("command"):
            out.append(f"`{meta['command']}`")
    return "\n".join(out) + "\n"


def as_json(report: Report) -> str:
    """Every score with its interval, per cluster too (the schema is in docs/json-schema.md)."""
    data = asdict(report)
    base, label, diffs = paired(report)
    data["paired"] = {"base": base, "metric": label,
                      "differences": {k: {"value": v.value, "low": v.low, "high": v.high} for k, v in diffs.items()}}
    for system in data["systems"]:
        system["scores"] = {k: {"value": v["value"], "low": v["low"], "high": v["high"]}
                            for k, v in system["scores"].items()}
        system["clusters"] = {c: {m: dict(zip(("recall", "precision", "f1"), v)) for m, v in metrics.items()}
                              for c, metrics in system["clusters"].items()}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def per_cluster_csv(report: Report) -> str:
    """Long format, one row per system, cluster and metric: what a significance test needs."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["dataset", "scorer", "system", "cluster", "metric", "recall", "precision", "f1"])
    for result in report.systems:
        for cluster, metrics in result.clusters.items():
            for metric, (r, p, f) in metrics.items():
                writer.writerow([report.dataset, report.scorer, result.system, cluster, metric, r, p, f])
    return out.getvalue()


FORMATS = {"text": as_text, "markdown": as_markdown, "json": as_json}
