"""Command line: parse, call the library, print. No pipeline logic lives here."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile

from .errors import NewsdigestError
from .settings import DEFAULT_METHOD

FORMATS = ("text", "markdown", "json")


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
    sub.add_parser("methods", help="list the selection methods")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "methods":
            from .methods import REGISTRY

            for name, cls in REGISTRY.items():
                print(f"{name}\t{(cls.__doc__ or '').strip().splitlines()[0]}")
            return 0
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
    from . import summarize
    from .render import render

    summary = summarize(args.paths, method=args.method, words=args.words, sentences=args.sentences,
                        tokens=args.tokens, keep_noise=args.keep_noise)
    for warning in summary.warnings:
        print(f"newsdigest: warning: {warning}", file=sys.stderr)
    out = render(summary, args.format)
    if args.output:
        write_atomically(args.output, out)
    else:
        sys.stdout.write(out)
    return 0


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
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


if __name__ == "__main__":
    sys.exit(main())
