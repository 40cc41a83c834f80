"""Command line: parse, call the library, print. No pipeline logic lives here."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile

from .errors import ConfigError, NewsdigestError
from .settings import DEFAULT_METHOD

FORMATS = ("text", "markdown", "json", "html")
LLM_FLAGS = ("base_url", "model", "api_key", "timeout_s", "max_tokens", "judge")


def _llm_options(parser: argparse.ArgumentParser) -> None:
    """The config file and the LLM endpoint, for every command that can run ``--method llm``."""
    g = parser.add_argument_group("settings and the LLM endpoint (for --method llm)")
    g.add_argument("--config", metavar="FILE", help="a TOML settings file ([llm] base_url, model, ...; "
                   "default: $NEWSDIGEST_CONFIG, else ~/.config/newsdigest/config.toml if present)")
    g.add_argument("--llm-base-url", dest="llm_base_url", metavar="URL",
                   help="OpenAI-compatible API root, e.g. http://127.0.0.1:8080/v1 (default: $OPENAI_BASE_URL)")
    g.add_argument("--llm-model", dest="llm_model", metavar="NAME", help="model name, always sent (default: $NEWSDIGEST_LLM_MODEL)")
    g.add_argument("--llm-api-key", dest="llm_api_key", metavar="KEY",
                   help="Bearer key (default: $OPENAI_API_KEY; the variable keeps it out of the process list)")
    g.add_argument("--llm-timeout", dest="llm_timeout_s", type=float, metavar="S", help="seconds per request (default 120)")
    g.add_argument("--llm-max-tokens", dest="llm_max_tokens", type=int, metavar="N", help="tokens per reply (default 512)")
    g.add_argument("--llm-judge", dest="llm_judge", action="store_true", default=None,
                   help="also ask the model whether each generated sentence is supported (one request a sentence)")


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    from .methods import names

    parser = argparse.ArgumentParser(prog="newsdigest", description="Multi-document news summarization with citations.")
    parser.add_argument("--version", action="version", version=f"newsdigest {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("summarize", help="summarize articles about one event",
                       description="Summarize files and folders of articles (text, HTML, TREC SGML, JSON, JSON Lines; - for stdin).")
    s.add_argument("paths", nargs="+", metavar="PATH")
    s.add_argument("--method", default=DEFAULT_METHOD, choices=names())
    budget = s.add_mutually_exclusive_group()
    budget.add_argument("--words", type=int, help="word budget (default 100)")
    budget.add_argument("--sentences", type=int, help="sentence budget")
    budget.add_argument("--tokens", type=int, help="token budget, WCEP-style (words and punctuation)")
    s.add_argument("--format", default="text", choices=FORMATS)
    s.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")
    s.add_argument("--keep-noise", action="store_true", help="do not clean the articles")
    s.add_argument("--no-compress", action="store_true",
                   help="keep sentences whole (by default leading connectives, short parentheticals and "
                        "trailing attributions of unquoted sentences are dropped)")
    _llm_options(s)
    sub.add_parser("methods", help="list the selection methods")
    q = sub.add_parser("quotes", help="list the quotations, who said them, and each outlet's wording",
                       description="Direct quotations in articles about one event, grouped across outlets.")
    q.add_argument("paths", nargs="+", metavar="PATH")
    q.add_argument("--format", default="text", choices=("text", "json"))
    q.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")

    from .evaluate.datasets import DATASETS, FAST, OFFICIAL

    data_help = "the shared data folder, or the dataset's own folder/file (default: $NEWSDIGEST_DATA or ../shared/data)"
    e = sub.add_parser("evaluate", help="score every method beside baselines on a benchmark",
                       description="Score methods and baselines with ROUGE on a benchmark dataset.")
    e.add_argument("dataset", choices=list(DATASETS))
    e.add_argument("--data", default=os.environ.get("NEWSDIGEST_DATA", "../shared/data"), help=data_help)
    e.add_argument("--method", action="extend", nargs="+", choices=names(), metavar="M",
                   help=f"registered methods (default: all of {', '.join(names(local=True))}; llm needs an endpoint)")
    e.add_argument("--words", type=int, help="budget in words (default: the dataset's conventional one)")
    e.add_argument("--scorer", choices=(OFFICIAL, FAST), help="default: the dataset's (official for DUC and MultiLing)")
    e.add_argument("--rouge-flags", metavar="FLAGS", help="ROUGE-1.5.5 options ({words} is the budget; "
                   "default: the DUC 2004 ones, -n 4 -x -m -l {words} -p 0.5 -c 95 -r 1000 -f A -t 0 -a)")
    e.add_argument("--no-baselines", action="store_true", help="skip lead/random/sumy anchors")
    e.add_argument("--limit", type=int, help="only the first N clusters (a quick look, not a result)")
    e.add_argument("--seed", type=int, default=0, help="seed of the random baseline and the bootstrap")
    e.add_argument("--format", default="text", choices=("text", "markdown", "json"))
    e.add_argument("--output", "-o", metavar="FILE", help="write the table here (atomically)")
    e.add_argument("--per-cluster", metavar="FILE", help="also write per-cluster scores as CSV")
    e.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    _llm_options(e)

    db_help = "the store file (default: $NEWSDIGEST_DB or newsdigest.db)"
    default_db = os.environ.get("NEWSDIGEST_DB", "newsdigest.db")
    i = sub.add_parser("ingest", help="add articles to the store, grouped into events as they arrive",
                       description="Read, clean, deduplicate and cluster articles into events, and store them. "
                                   "Re-running on the same input changes nothing; a file that cannot be read "
                                   "is reported and skipped (exit code 1), the rest is stored.")
    i.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - (JSON Lines on stdin)")
    i.add_argument("--db", default=default_db, help=db_help)
    i.add_argument("--batch", type=int, help="articles per transaction and clustering step (default 256)")
    i.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no summary line")
    ev = sub.add_parser("events", help="list the stored events with a one-line summary each")
    ev.add_argument("--db", default=default_db, help=db_help)
    ev.add_argument("--since", metavar="DATE", help="only events with an article on or after this day (YYYY-MM-DD)")
    ev.add_argument("--min-sources", type=int, default=1, metavar="N", help="only events reported by N outlets or more")
    ev.add_argument("--limit", type=int, metavar="N", help="only the N most recent events")
    ev.add_argument("--format", default="text", choices=("text", "json"))
    d = sub.add_parser("digest", help="each event of a day, summarized with citations")
    d.add_argument("--db", default=default_db, help=db_help)
    d.add_argument("--date", metavar="DATE", help="the day (YYYY-MM-DD; default: the latest day in the store)")
    d.add_argument("--min-sources", type=int, default=1, metavar="N", help="only events reported by N outlets or more")
    d.add_argument("--method", default=DEFAULT_METHOD, choices=names())
    d.add_argument("--words", type=int, default=100, help="word budget per event (default 100)")
    d.add_argument("--format", default="text", choices=FORMATS)
    d.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")
    _llm_options(d)
    c = sub.add_parser("cluster", help="group articles into events, without a store",
                       description="One-shot event clustering: one JSON object a line, "
                                   '{"article": id, "event": n} (plus "duplicate_of" for near-duplicates).')
    c.add_argument("paths", nargs="+", metavar="PATH")
    c.add_argument("--format", default="jsonl", choices=("jsonl", "tsv"))
    c.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")

    sv = sub.add_parser("serve", help="HTTP API and web page (needs the serve extra)",
                        description="Serve the API (OpenAPI schema at /docs) and the web page at /. "
                                    "Binding to anything but loopback needs a token.")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument("--db", help="a store for /v1/events and /v1/digest (default: none)")
    sv.add_argument("--token", help="required as 'Authorization: Bearer TOKEN' (default: $NEWSDIGEST_TOKEN)")
    sv.add_argument("--workers", type=int, help="summarizing processes (default 2)")
    sv.add_argument("--queue", type=int, help="requests that may wait for a worker; more get 429 (default 8)")
    _llm_options(sv)

    sp = sub.add_parser("spark-run", help="the pipeline as a Spark job (needs the spark extra)",
                        description="Read WARC/WARC.gz, JSON Lines or Parquet, clean, deduplicate, group into "
                                    "events and summarize each, on Spark. Also runs under spark-submit.")
    sp.add_argument("--input", nargs="+", required=True, metavar="PATH",
                    help="files or folders of any format ingest reads (WARC/WARC.gz included), Parquet tables of "
                         "articles, or manifests (.paths, .paths.gz, .txt: one path a line, as Common Crawl lists WARCs)")
    sp.add_argument("--output", required=True, metavar="DIR")
    sp.add_argument("--master", default="local[2]", help="Spark master (default local[2]; 'submit' leaves it to spark-submit)")
    sp.add_argument("--format", default="jsonl", choices=("jsonl", "parquet", "warc"),
                    help="events as JSON Lines part files, Parquet, or one WARC of resource records (default jsonl)")
    sp.add_argument("--words", type=int, default=100)
    sp.add_argument("--driver-memory", default="4g",
                    help="the driver's JVM heap with --master local[…] (default 4g; spark-submit sets its own)")
    sp.add_argument("--no-summaries", action="store_true",
                    help="stop after grouping: write only the assignments (what `newsdigest cluster` prints)")

    b = sub.add_parser("bench", help="time and measure memory per cluster, beside sumy's LexRank")
    b.add_argument("dataset", nargs="?", default="duc2003", choices=list(DATASETS))
    b.add_argument("--data", default=os.environ.get("NEWSDIGEST_DATA", "../shared/data"), help=data_help)
    b.add_argument("--method", action="extend", nargs="+", choices=names(), metavar="M")
    b.add_argument("--repeat", type=int, default=3, help="best of N runs per cluster (default 3)")
    b.add_argument("--limit", type=int)
    b.add_argument("--format", default="markdown", choices=("markdown", "json"))
    b.add_argument("--quiet", "-q", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "methods":
            from .methods import REGISTRY

            for name, cls in REGISTRY.items():
                print(f"{name}\t{(cls.__doc__ or '').strip().splitlines()[0]}")
            return 0
        if args.command == "quotes":
            return _quotes(args)
        if args.command == "evaluate":
            return _evaluate(args)
        if args.command == "bench":
            return _bench(args)
        if args.command in STREAM_COMMANDS:
            return STREAM_COMMANDS[args.command](args)
        return _summarize(args)
    except NewsdigestError as exc:
        print(f"newsdigest: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: one line unless asked for the traceback
        if os.environ.get("NEWSDIGEST_DEBUG"):
            raise
        print(f"newsdigest: internal error: {type(exc).__name__}: {exc} (set NEWSDIGEST_DEBUG=1 for details)",
              file=sys.stderr)
        return 1


def _summarize(args) -> int:
    from dataclasses import replace

    from . import summarize
    from .render import render

    summary = summarize(args.paths, method=args.method, words=args.words, sentences=args.sentences,
                        tokens=args.tokens, keep_noise=args.keep_noise,
                        settings=replace(_settings(args), compress=not args.no_compress),
                        analyze=args.format in ("json", "html"))  # the formats that show quotes etc.
    for warning in summary.warnings:
        print(f"newsdigest: warning: {warning}", file=sys.stderr)
    _emit(args.output, render(summary, args.format))
    return 0


def _quotes(args) -> int:
    import json

    from .pipeline import build_cluster, read_articles
    from .analyze import find_quotes
    from .render.json import quote_group

    articles = read_articles(args.paths, warn=lambda m: print(f"newsdigest: warning: {m}", file=sys.stderr))
    groups = find_quotes(build_cluster(articles))
    if args.format == "json":
        out = json.dumps([quote_group(g) for g in groups], ensure_ascii=False, indent=2) + "\n"
    else:
        lines = []
        for g in groups:
            lines.append(f"{g.speaker or '(speaker unknown)'} — {g.sources} source{'s' if g.sources != 1 else ''}")
            lines += [f'  "{q.text}"  [{q.article}#{q.sentence}]' for q in g.quotes]
        out = "\n".join(lines) + ("\n" if lines else "")
    _emit(args.output, out)
    return 0


def _progress(args):
    return None if args.quiet else (lambda message: print(f"newsdigest: {message}", file=sys.stderr, flush=True))


def _evaluate(args) -> int:
    from .evaluate import evaluate
    from .evaluate.report import FORMATS, per_cluster_csv

    for name, value in (("--words", args.words), ("--limit", args.limit)):
        if value is not None and value < 1:
            raise ConfigError(f"{name} must be at least 1")
    report = evaluate(args.dataset, args.data, method_names=args.method, words=args.words, scorer=args.scorer,
                      with_baselines=not args.no_baselines, limit=args.limit, seed=args.seed, settings=_settings(args),
                      progress=_progress(args), **({"rouge_flags": args.rouge_flags} if args.rouge_flags else {}))
    _emit(args.output, FORMATS[args.format](report))
    if args.per_cluster:
        write_atomically(args.per_cluster, per_cluster_csv(report))
    return 0


def _bench(args) -> int:
    import json

    from .evaluate.bench import as_markdown, bench

    result = bench(args.dataset, args.data, method_names=args.method, repeat=max(1, args.repeat),
                   limit=args.limit, progress=_progress(args))
    _emit(None, as_markdown(result) if args.format == "markdown" else json.dumps(result, indent=2) + "\n")
    return 0


def _settings(args):
    """Defaults, then the config file, the environment and the flags (newsdigest.config)."""
    from dataclasses import replace

    from .config import load

    flags = {name: getattr(args, f"llm_{name}", None) for name in LLM_FLAGS}
    settings = load(getattr(args, "config", None), os.environ, flags)
    for name in ("batch", "limit", "words"):
        value = getattr(args, name, None)
        if value is not None and value < 1:
            raise ConfigError(f"--{name} must be at least 1")
    if getattr(args, "min_sources", 1) < 1:
        raise ConfigError("--min-sources must be at least 1")
    return replace(settings, stream_batch=args.batch) if getattr(args, "batch", None) else settings


def _ingest(args) -> int:
    from .stream import ingest

    settings = _settings(args)

    bar = _progress_bar(args.quiet)
    with bar as advance:
        report = ingest(args.paths, args.db, settings, progress=advance, on_skip=bar.skipped)
    if not args.quiet:
        print(f"newsdigest: {report.line()}", file=sys.stderr)
    return 1 if report.skipped else 0


def _skip_line(where: str, reason: str) -> str:
    return f"newsdigest: skipped {where}: {reason}"


def _skipped(where: str, reason: str) -> None:
    print(_skip_line(where, reason), file=sys.stderr, flush=True)


class _progress_bar:
    """A rich progress bar on stderr (articles, rate, elapsed) when it is a terminal and not quiet."""

    def __init__(self, quiet: bool):
        self.quiet = quiet or not sys.stderr.isatty()
        self.bar = None

    def skipped(self, where: str, reason: str) -> None:
        """Report skipped input above the bar (printing beside a live bar would tear it)."""
        if self.bar is not None:
            self.bar.console.print(_skip_line(where, reason), markup=False, highlight=False, soft_wrap=True)
        else:
            _skipped(where, reason)

    def __enter__(self):
        if self.quiet:
            return None
        import time

        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.bar = Progress(SpinnerColumn(), TextColumn("ingesting: {task.completed:,} articles, {task.fields[rate]}"),
                            TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self.bar.start()
        task = self.bar.add_task("ingest", total=None, rate="")
        start = time.perf_counter()

        def advance(n: int) -> None:
            done = self.bar.tasks[0].completed + n
            self.bar.update(task, advance=n, rate=f"{done / max(time.perf_counter() - start, 1e-9):,.0f}/s")

        return advance

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _events(args) -> int:
    import json

    from .render.digest import event_fields
    from .stream import Store, day_text, list_events

    settings = _settings(args)
    with Store(args.db, create=False) as store:
        items = list_events(store, args.since, args.min_sources, args.limit, settings)
    if args.format == "json":
        out = json.dumps([{**event_fields(r), "headline": h} for r, h in items], ensure_ascii=False, indent=2) + "\n"
    else:
        out = "".join(f"{r.id}\t{day_text(r.first_day)}..{day_text(r.last_day)}\t{r.size} articles\t"
                      f"{r.sources} sources\t{h}\n" for r, h in items)
    _emit(None, out)
    return 0


def _digest(args) -> int:
    from .render.digest import render
    from .stream import Store, digest, parse_day

    settings = _settings(args)
    day = parse_day(args.date) if args.date else None
    with Store(args.db, create=False) as store:
        day, items = digest(store, day, settings, args.method, words=args.words, min_sources=args.min_sources,
                            analyze=args.format in ("json", "html"))
    for item in items:
        for warning in item.summary.warnings:
            print(f"newsdigest: warning: event {item.event.id}: {warning}", file=sys.stderr)
    _emit(args.output, render(day, items, args.format))
    return 0


def _cluster(args) -> int:
    import json

    from .stream import cluster

    records, report = cluster(args.paths, _settings(args), on_skip=_skipped)
    if args.format == "jsonl":
        out = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    else:
        out = "".join(f"{r['article']}\t{r['event']}\t{r.get('duplicate_of', '')}\n" for r in records)
    _emit(args.output, out)
    return 1 if report.skipped else 0


def _serve(args) -> int:
    from .api import loopback, token_from

    token = token_from(args.token)
    if not loopback(args.host) and not token:
        raise ConfigError(f"--host {args.host} is not loopback: give --token or set NEWSDIGEST_TOKEN")
    for name in ("workers", "queue"):
        value = getattr(args, name)
        if value is not None and value < (1 if name == "workers" else 0):
            raise ConfigError(f"--{name} is too small")
    if args.db:
        from .stream import Store

        Store(args.db, create=False).close()  # a missing or foreign store fails now, not per request
    try:
        import uvicorn

        from .api import Limits, create_app
    except ImportError:
        raise ConfigError("serve needs the serve extra: pip install 'newsdigest[serve]'") from None
    given = {name: getattr(args, name) for name in ("workers", "queue") if getattr(args, name) is not None}
    settings = _settings(args)
    if settings.llm.base_url:
        from .config import check_llm

        check_llm(settings.llm)
        given["seconds"] = max(Limits.seconds, settings.llm.timeout_s)  # a CPU model may take a while
    app = create_app(db=args.db, token=token, limits=Limits(**given), settings=settings)  # the defaults live in Limits
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0


def _spark_run(args) -> int:
    import importlib.util

    if importlib.util.find_spec("pyspark") is None:
        raise ConfigError("spark-run needs the spark extra: pip install 'newsdigest[spark]'")
    from .spark import run

    counts = run(args.input, args.output, None if args.master == "submit" else args.master, args.format,
                 _settings(args), args.words, summarize=not args.no_summaries, driver_memory=args.driver_memory)
    seconds = counts.pop("seconds")
    print("newsdigest: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()) + f" in {sum(seconds.values()):.1f} s ("
          + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items()) + ")", file=sys.stderr)
    return 0


STREAM_COMMANDS = {"ingest": _ingest, "events": _events, "digest": _digest, "cluster": _cluster, "serve": _serve,
                   "spark-run": _spark_run}


def _emit(path: str | None, text: str) -> None:
    if path:
        write_atomically(path, text)
    else:
        sys.stdout.write(text)


def write_atomically(path: str, text: str) -> None:
    """Write to a temporary file beside ``path``, then rename: never a half-written file."""
    from .errors import InputError

    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise InputError(path, "output folder does not exist")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".newsdigest-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; the user expects what open() would give
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


if __name__ == "__main__":
    sys.exit(main())
