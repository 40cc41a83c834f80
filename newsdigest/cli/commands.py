"""What each command does with its parsed arguments: call the library, print, write."""
from __future__ import annotations

import os
import sys

from ..atomic import write_text
from ..errors import ConfigError
from .parser import LLM_FLAGS


def summarize(args) -> int:
    from dataclasses import replace

    from .. import summarize
    from ..render import render

    summary = summarize(args.paths, method=args.method, words=args.words, sentences=args.sentences,
                        tokens=args.tokens, keep_noise=args.keep_noise,
                        settings=replace(settings_from(args), compress=not args.no_compress),
                        analyze=args.format in ("json", "html"),  # the formats that show quotes etc.
                        cite=args.format != "text",  # text prints the sentences alone
                        query=args.query, since=args.since)
    for warning in summary.warnings:
        print(f"newsdigest: warning: {warning}", file=sys.stderr)
    emit(args.output, render(summary, args.format))
    return 0


def timeline(args) -> int:
    from .. import timeline
    from ..render import render_timeline

    if bool(args.db) != (args.event is not None):
        raise ConfigError("--db and --event go together (a stored event), or give PATH...")
    if args.db and args.paths:
        raise ConfigError("give PATH... or --db with --event, not both")
    if not args.db and not args.paths:
        raise ConfigError("give PATH... (files or folders) or --db FILE --event ID")
    inputs = args.paths
    if args.db:
        from ..stream import Store

        with Store(args.db, create=False) as store:
            inputs = store.articles(args.event)
        if not inputs:
            raise ConfigError(f"{args.db}: no event {args.event} (see `newsdigest events --db {args.db}`)")
    found = timeline(inputs, dates=args.dates, per_date=args.per_date, query=args.query, start=args.start,
                     end=args.end, keep_noise=args.keep_noise, settings=settings_from(args),
                     cite=args.format != "text")
    for warning in found.warnings:
        print(f"newsdigest: warning: {warning}", file=sys.stderr)
    emit(args.output, render_timeline(found, args.format))
    return 0


def methods(args) -> int:
    from ..methods import REGISTRY

    for name, cls in REGISTRY.items():
        print(f"{name}\t{(cls.__doc__ or '').strip().splitlines()[0]}")
    return 0


def quotes(args) -> int:
    import json

    from ..analyze import find_quotes
    from ..pipeline import build_cluster, english_view, read_articles
    from ..render.common import plural
    from ..render.json import quote_group

    settings = settings_from(args)
    articles = read_articles(args.paths, settings, warn=lambda m: print(f"newsdigest: warning: {m}", file=sys.stderr))
    cluster = build_cluster(articles, settings)
    english = english_view(cluster)  # the quote finder reads English speech verbs
    if len(english.documents) < len(cluster.documents):
        print(f"newsdigest: warning: quotes are found in English articles only; "
              f"{len(cluster.documents) - len(english.documents)} of {len(cluster.documents)} skipped", file=sys.stderr)
    groups = find_quotes(english)
    if args.format == "json":
        out = json.dumps([quote_group(g) for g in groups], ensure_ascii=False, indent=2) + "\n"
    else:
        lines = []
        for g in groups:
            lines.append(f"{g.speaker or '(speaker unknown)'} — {plural(g.sources, 'source')}")
            lines += [f'  "{q.text}"  [{q.article}#{q.sentence}]' for q in g.quotes]
        out = "\n".join(lines) + ("\n" if lines else "")
    emit(args.output, out)
    return 0


def paraphrase(args) -> int:
    from ..ingest import read_pairs
    from ..support import agreements

    verdicts = agreements(read_pairs(args.path))
    emit(args.output, "".join(f"{v.score:.4f}\t{int(v.same)}\n" for v in verdicts))
    return 0


def progress(args):
    return None if args.quiet else (lambda message: print(f"newsdigest: {message}", file=sys.stderr, flush=True))


def evaluate(args) -> int:
    from ..evaluate import evaluate
    from ..evaluate.report import FORMATS, per_cluster_csv

    for name, value in (("--words", args.words), ("--limit", args.limit)):
        if value is not None and value < 1:
            raise ConfigError(f"{name} must be at least 1")
    if args.dataset == "t17":
        return _evaluate_t17(args)
    if args.dataset == "updates":
        return _evaluate_updates(args)
    report = evaluate(args.dataset, args.data, method_names=args.method, words=args.words, scorer=args.scorer,
                      with_baselines=not args.no_baselines, limit=args.limit, seed=args.seed, settings=settings_from(args),
                      progress=progress(args), language=args.dataset_language or "",
                      **({"rouge_flags": args.rouge_flags} if args.rouge_flags else {}))
    emit(args.output, FORMATS[args.format](report))
    if args.per_cluster:
        write_text(args.per_cluster, per_cluster_csv(report))
    return 0


def _evaluate_t17(args) -> int:
    from ..evaluate.timelines import evaluate_t17, render_report

    systems = None if not args.no_baselines else ["newsdigest"]
    report = evaluate_t17(args.data, settings_from(args), systems=systems, limit=args.limit, progress=progress(args),
                          peers=args.peers)
    emit(args.output, render_report(report, args.format))
    return 0


def _evaluate_updates(args) -> int:
    from ..evaluate.updates import evaluate_updates, render_report

    report = evaluate_updates(args.data, settings_from(args), words=args.words, limit=args.limit,
                              with_baselines=not args.no_baselines, progress=progress(args), seed=args.seed)
    emit(args.output, render_report(report, args.format))
    return 0


def bench(args) -> int:
    import json

    from ..evaluate.bench import as_markdown, bench

    result = bench(args.dataset, args.data, method_names=args.method, repeat=max(1, args.repeat),
                   limit=args.limit, progress=progress(args))
    emit(None, as_markdown(result) if args.format == "markdown" else json.dumps(result, indent=2) + "\n")
    return 0


def settings_from(args):
    """Defaults, then the config file, the environment and the flags (newsdigest.config)."""
    from dataclasses import replace

    from ..config import load

    flags = {name: getattr(args, f"llm_{name}", None) for name in LLM_FLAGS}
    settings = load(getattr(args, "config", None), os.environ, flags)
    for name in ("batch", "limit", "words", "workers"):
        value = getattr(args, name, None)
        if value is not None and value < 1:
            raise ConfigError(f"--{name} must be at least 1")
    if getattr(args, "min_sources", 1) < 1:
        raise ConfigError("--min-sources must be at least 1")
    if getattr(args, "language", None):
        from ..language import language

        settings = replace(settings, language=language(args.language).code)
    if getattr(args, "workers", None):
        settings = replace(settings, stream_workers=args.workers)
    return replace(settings, stream_batch=args.batch) if getattr(args, "batch", None) else settings


def emit(path: str | None, text: str) -> None:
    if path:
        write_text(path, text)
    else:
        sys.stdout.write(text)


