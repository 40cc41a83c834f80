"""Files, folders and standard input: which files are read, in which order, with which ids, and
what a stream does with input it cannot use."""
from __future__ import annotations

import os
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import InputError
from ..model import Article
from ..settings import Settings
from . import jsonl
from .decode import decode, looks_binary
from .fetch import is_url, read_url
from .read import check_size, check_unique, not_article, read_bytes


def read_paths(paths: Iterable[str | os.PathLike], settings: Settings = Settings(),
               warn: Callable[[str], None] = lambda m: None) -> list[Article]:
    """Articles from files, folders (recursive) and ``-`` (standard input), in the given order.

    A file named on the command line must be readable. Inside a folder, hidden files and
    binary files (images, archives) are skipped with a warning; anything else that fails
    to read is an error, because it looked like an article.
    """
    articles: list[Article] = []
    for raw in paths:
        path = str(raw)
        if is_url(path):  # fetched politely (robots.txt, a delay per host, size and time limits)
            articles += read_url(path, settings)
            continue
        if path == "-":
            articles += read_bytes(sys.stdin.buffer.read(), "<stdin>", "stdin", settings)
            continue
        p = Path(path)
        if not p.exists():
            raise InputError(path, "no such file or folder")
        if p.is_dir():
            articles += _read_folder(p, settings, warn)
        else:
            data, fetched = read_file(p, settings)
            articles += read_bytes(data, path, p.name, settings, fetched)
    check_unique(articles)
    return articles


def _read_folder(folder: Path, settings: Settings, warn: Callable[[str], None]) -> list[Article]:
    found: list[Article] = []
    files = sorted(_walk_sorted(folder))
    if not files:
        raise InputError(str(folder), "folder has no files")
    for f in files:
        data, fetched = read_file(f, settings)
        rel = f.relative_to(folder).as_posix()
        if not data.strip() or looks_binary(data):
            warn(f"{f}: skipped ({'empty' if not data.strip() else 'binary'} file)")
            continue
        listing = not_article(data)
        if listing:
            warn(f"{f}: skipped ({listing})")
            continue
        found += read_bytes(data, str(f), rel, settings, fetched)
    if not found:
        raise InputError(str(folder), "no readable articles in folder")
    return found


def read_file(p: Path, settings: Settings) -> tuple[bytes, str]:
    """The file's bytes and the day it was last written; an oversized file is refused before it is read."""
    try:
        stat = p.stat()
        check_size(stat.st_size, str(p), settings)
        return p.read_bytes(), date.fromtimestamp(stat.st_mtime).isoformat()
    except OSError as exc:
        raise InputError(str(p), exc.strerror or "cannot be read") from None


_LINE_FORMATS = (".jsonl", ".ndjson")


def stream_paths(paths: Iterable[str | os.PathLike], settings: Settings = Settings(),
                 skip: Callable[[str, str], None] = lambda where, reason: None) -> Iterator[Article]:
    """Articles one file at a time, and JSON Lines one line at a time, for a stream of any
    length. Unlike ``read_paths``, input that cannot be used is reported through ``skip``
    (where, reason) and passed over: one broken file must not stop a feed."""
    for path, id_base in input_files(paths, skip):
        if is_url(path):
            try:
                yield from read_url(path, settings)
            except InputError as exc:
                skip(path, exc.reason)
        elif path == "-":
            yield from _stream_lines(sys.stdin.buffer, "<stdin>", "stdin", settings, skip)
        else:
            yield from stream_file(Path(path), id_base, settings, skip)


def input_files(paths: Iterable[str | os.PathLike],
                skip: Callable[[str, str], None] = lambda where, reason: None) -> Iterator[tuple[str, str]]:
    """(file, id base) for every file named or under a folder named, in sorted order, as
    ``stream_paths`` reads them: a job that reads the files elsewhere gives the same ids."""
    for raw in paths:
        path = str(raw)
        p = Path(path)
        if path == "-" or is_url(path):
            yield path, "stdin" if path == "-" else path
        elif not p.exists():
            skip(path, "no such file or folder")
        elif p.is_dir():
            for f in _walk_sorted(p):
                yield str(f), f.relative_to(p).as_posix()
        else:
            yield path, p.name


_WARC = (".warc", ".warc.gz")


def stream_file(p: Path, id_base: str, settings: Settings = Settings(),
                skip: Callable[[str, str], None] = lambda where, reason: None) -> Iterator[Article]:
    """The articles of one file; a WARC file's HTML pages one record at a time."""
    if p.name.lower().endswith(_WARC):
        try:
            from .warc import read_warc
        except ImportError:
            skip(str(p), "reading WARC needs warcio: pip install 'newsdigest[warc]'")
            return
        try:
            with p.open("rb") as f:
                yield from read_warc(f, str(p), settings, skip)
        except OSError as exc:
            skip(str(p), exc.strerror or "cannot be read")
        return
    if p.suffix.lower() in _LINE_FORMATS:
        try:
            with p.open("rb") as f:
                yield from _stream_lines(f, str(p), id_base, settings, skip)
        except OSError as exc:
            skip(str(p), exc.strerror or "cannot be read")
        return
    try:
        data, fetched = read_file(p, settings)
        articles = read_bytes(data, str(p), id_base, settings, fetched)
    except InputError as exc:
        skip(exc.where, exc.reason)
        return
    yield from articles


def _stream_lines(f, name: str, id_base: str, settings: Settings, skip) -> Iterator[Article]:
    """JSON Lines read line by line; a bad line is skipped, not the file."""
    any_line = False
    for lineno, raw in enumerate(f, 1):
        if not raw.strip():
            continue
        any_line = True
        where = f"{name}:{lineno}"
        try:
            check_size(len(raw), where, settings)
            if looks_binary(raw):
                raise InputError(where, "binary data, not text")
            article = jsonl.read_line(decode(raw, where), f"{id_base}#{lineno}")
        except InputError as exc:
            skip(exc.where, exc.reason)
            continue
        except ValueError as exc:
            skip(where, f"malformed JSON Lines: {exc}")
            continue
        yield replace(article, path=name)
    if not any_line:
        skip(name, "file is empty")


def _walk_sorted(folder: Path) -> Iterator[Path]:
    """Files under ``folder`` in sorted order, hidden ones left out, without listing it all first."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name
