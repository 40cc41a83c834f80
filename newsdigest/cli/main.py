"""``main``: parse, run the command, turn errors into one line and an exit code."""
from __future__ import annotations

import os
import sys

from ..errors import NewsdigestError
from . import commands, stream
from .parser import build_parser, version

COMMANDS = {"summarize": commands.summarize, "timeline": commands.timeline, "methods": commands.methods, "quotes": commands.quotes,
            "paraphrase": commands.paraphrase,
            "evaluate": commands.evaluate, "bench": commands.bench, "ingest": stream.ingest,
            "events": stream.events, "digest": stream.digest, "watch": stream.watch, "publish": stream.publish,
            "cluster": stream.cluster, "serve": stream.serve,
            "spark-run": stream.spark_run}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--version"]:  # answered before the parser, which imports every method to list them
        print(version())
        return 0
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
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
