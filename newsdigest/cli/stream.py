"""The commands around the store and the services: ingest, events, digest, cluster, serve, spark-run."""
from __future__ import annotations

import sys
from dataclasses import replace

from ..errors import ConfigError
from .commands import emit, settings_from


def ingest(args) -> int:
    from ..stream import ingest

    config = _auto_workers(args, settings_from(args))
    bar = _progress_bar(args.quiet)
    with bar as advance:
        report = ingest(args.paths, args.db, config, progress=advance, on_skip=bar.skipped)
    if not args.quiet:
        print(f"newsdigest: {report.line()}", file=sys.stderr)
    return 1 if report.skipped else 0


def _auto_workers(args, config):
    """Without --workers, workers only once the stream is long enough to repay them (0: auto)."""
    return replace(config, stream_workers=0) if args.workers is None else config


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


def events(args) -> int:
    import json

    from ..render.digest import event_fields
    from ..stream import Store, day_text, list_events

    config = settings_from(args)
    with Store(args.db, create=False) as store:
        items = list_events(store, args.since, args.min_sources, args.limit, config)
    if args.format == "json":
        out = json.dumps([{**event_fields(r), "headline": h} for r, h in items], ensure_ascii=False, indent=2) + "\n"
    else:
        out = "".join(f"{r.id}\t{day_text(r.first_day)}..{day_text(r.last_day)}\t{r.size} articles\t"
                      f"{r.sources} sources\t{h}\n" for r, h in items)
    emit(None, out)
    return 0


def digest(args) -> int:
    from ..render.digest import render
    from ..stream import Store, digest, parse_day

    config = settings_from(args)
    day = parse_day(args.date) if args.date else None
    since = parse_day(args.since) if args.since else None
    analyze = args.format in ("json", "html")
    if args.event is not None and day is not None:
        raise ConfigError("--event goes with --since DATE (or alone, for its latest update), not with --date")
    with Store(args.db, create=False) as store:
        if args.event is not None:
            from ..stream import EventSummary, event_update

            rows = store.events(event_id=args.event)
            if not rows:
                raise ConfigError(f"{args.db}: no event {args.event} (see `newsdigest events --db {args.db}`)")
            day, summary = event_update(store, args.event, since, config, args.method, words=args.words, analyze=analyze)
            items, since = [EventSummary(rows[0], summary)], day
        elif since is not None:
            from ..stream import new_since

            day, items = since, new_since(store, since, config, args.method, words=args.words,
                                          min_sources=args.min_sources, analyze=analyze)
        else:
            day, items = digest(store, day, config, args.method, words=args.words, min_sources=args.min_sources,
                                analyze=analyze)
    for item in items:
        for warning in item.summary.warnings:
            print(f"newsdigest: warning: event {item.event.id}: {warning}", file=sys.stderr)
    emit(args.output, render(day, items, args.format, since=since is not None))
    return 0


def duration(text: str) -> float:
    """``90s``, ``15m``, ``2h``, ``1d`` or plain seconds → seconds."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    value, unit = (text[:-1], text[-1]) if text[-1:].lower() in units else (text, "s")
    try:
        seconds = float(value) * units[unit.lower()]
    except ValueError:
        raise ConfigError(f"--every {text!r}: not a time (90s, 15m, 2h)") from None
    if seconds < 1:
        raise ConfigError(f"--every {text!r}: at least one second")
    return seconds


def watch(args) -> int:
    import signal
    from dataclasses import replace

    from ..stream.publish import publish
    from ..stream.watch import watch

    if args.days < 1:
        raise ConfigError("--days must be at least 1")
    config = replace(settings_from(args), watch_every=duration(args.every))
    stopping = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.append(True))

    def after(report) -> None:
        if not args.quiet:
            print(f"newsdigest: round: {report.line()}", file=sys.stderr, flush=True)
        if args.publish:
            done = publish(args.db, args.publish, config, title=args.title, base_url=args.base_url, days=args.days)
            if not args.quiet:
                print(f"newsdigest: {done.line()}", file=sys.stderr, flush=True)

    reports = watch(args.sources, args.db, config, once=args.once, stop=lambda: bool(stopping), after=after,
                    on_error=lambda where, reason: print(_skip_line(where, reason), file=sys.stderr, flush=True))
    return 1 if args.once and reports and reports[-1].errors else 0


def publish(args) -> int:
    from ..stream.publish import publish

    if args.days < 1:
        raise ConfigError("--days must be at least 1")
    done = publish(args.db, args.out, settings_from(args), title=args.title, base_url=args.base_url, days=args.days,
                   words=args.words)
    print(f"newsdigest: {done.line()}", file=sys.stderr)
    return 0


def cluster(args) -> int:
    import json

    from ..stream import cluster

    records, report = cluster(args.paths, _auto_workers(args, settings_from(args)), on_skip=_skipped)
    if args.format == "jsonl":
        out = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    else:
        out = "".join(f"{r['article']}\t{r['event']}\t{r.get('duplicate_of', '')}\n" for r in records)
    emit(args.output, out)
    return 1 if report.skipped else 0


def serve(args) -> int:
    from ..api import loopback, token_from

    token = token_from(args.token)
    if not loopback(args.host) and not token:
        raise ConfigError(f"--host {args.host} is not loopback: give --token or set NEWSDIGEST_TOKEN")
    for name in ("workers", "queue"):
        value = getattr(args, name)
        if value is not None and value < (1 if name == "workers" else 0):
            raise ConfigError(f"--{name} is too small")
    if args.db:
        from ..stream import Store

        Store(args.db, create=False).close()  # a missing or foreign store fails now, not per request
    try:
        import uvicorn

        from ..api import Limits, create_app
    except ImportError:
        raise ConfigError("serve needs the serve extra: pip install 'newsdigest[serve]'") from None
    given = {name: getattr(args, name) for name in ("workers", "queue") if getattr(args, name) is not None}
    given["private_urls"] = args.fetch_private
    config = settings_from(args)
    if config.llm.base_url:
        from ..config import check_llm

        check_llm(config.llm)
        given["seconds"] = max(Limits.seconds, config.llm.timeout_s)  # a CPU model may take a while
    app = create_app(db=args.db, token=token, limits=Limits(**given), settings=config)  # the defaults live in Limits
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0


def spark_run(args) -> int:
    import importlib.util

    if importlib.util.find_spec("pyspark") is None:
        raise ConfigError("spark-run needs the spark extra: pip install 'newsdigest[spark]'")
    from ..spark import run

    counts = run(args.input, args.output, None if args.master == "submit" else args.master, args.format,
                 settings_from(args), args.words, summarize=not args.no_summaries, driver_memory=args.driver_memory)
    seconds = counts.pop("seconds")
    print("newsdigest: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()) + f" in {sum(seconds.values()):.1f} s ("
          + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items()) + ")", file=sys.stderr)
    return 0


