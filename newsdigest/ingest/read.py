"""Bytes to articles: the reader is chosen by content first (an HTML page saved as .txt is still
HTML), then by extension; every refusal is an ``InputError`` naming the input and the reason."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Callable

from ..errors import InputError
from ..model import Article
from ..settings import Settings
from . import html, jsonl, sgml, text
from .decode import decode, looks_binary
from .sources import source_kind

Reader = Callable[[str, str, str], list[Article]]  # (decoded text, id base, fetched day) -> articles

READERS: dict[str, Reader] = {
    "html": html.read,
    "sgml": sgml.read,
    "json": jsonl.read_json,
    "jsonl": jsonl.read_jsonl,
    "text": text.read,
}

_EXTENSIONS = {
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".sgml": "sgml", ".sgm": "sgml",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
}


_PROLOGUE = re.compile(r"^(?:\s+|<!--.*?-->|<\?xml[^>]*\?>)*", re.S)
_HTML_START = ("<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<style", "<script", "<link",
               "<!doctype xhtml")


def detect(content: str, name: str = "") -> str:
    """The reader for ``content``: its markup decides, the file extension breaks ties."""
    head = content[:8192].lstrip("\ufeff \t\r\n").lower()
    if "<doc>" in head and "<docno>" in head:
        return "sgml"
    start = _PROLOGUE.sub("", head[:4096], count=1)  # comments and an XML declaration before the markup
    if start.startswith(_HTML_START) or (not head.startswith(("{", "[")) and "</" in head
                                          and re.search(r"<(?:html|body)[\s>]", content[:65536], re.I)):
        return "html"
    ext = _EXTENSIONS.get(Path(name).suffix.lower())
    if ext in ("json", "jsonl"):
        return ext
    if head.startswith("{") or head.startswith("["):
        first_line = head.split("\n", 1)[0].rstrip()
        # One complete object on the first line and more lines after it: JSON Lines.
        if head.startswith("{") and first_line.endswith("}") and "\n" in head.strip():
            return "jsonl"
        return "json"
    return ext or "text"


def read_bytes(data: bytes, name: str, id_base: str, settings: Settings = Settings(),
               fetched: str = "") -> list[Article]:
    """Articles from raw bytes; ``name`` is used in errors, ``id_base`` for ids, ``fetched``
    (YYYY-MM-DD: the file's time, the crawl's date) bounds the dates a page may claim."""
    check_size(len(data), name, settings)
    if not data.strip():
        raise InputError(name, "file is empty")
    if looks_binary(data):
        raise InputError(name, "binary file, not text")
    listing = not_article(data)
    if listing:
        raise InputError(name, listing)
    content = decode(data, name)
    kind = detect(content, name)
    if kind == "html":
        html.check_tags(content, name, settings)
    try:
        articles = READERS[kind](content, id_base, fetched)
    except RecursionError:
        raise InputError(name, f"malformed {kind.upper()}: nested too deeply") from None
    except ValueError as exc:
        if kind in ("json", "jsonl") and _EXTENSIONS.get(Path(name).suffix.lower()) != kind:
            # Guessed from a leading "[" or "{" only: "[AP] WASHINGTON -" is prose, not JSON.
            articles = READERS["text"](content, id_base, fetched)
        else:
            raise InputError(name, str(exc) if kind == "html" else f"malformed {kind.upper()}: {exc}") from None
    if not any(ch.isalnum() for a in articles for ch in a.title + a.text):
        raise InputError(name, "no text (no letter or digit) in the file")
    return [a if a.path else _with_path(a, name) for a in articles]


_LISTINGS = {"feed": "an RSS or Atom feed", "sitemap": "a sitemap", "opml": "an OPML list of feeds",
             "urls": "a list of URLs"}


def not_article(data: bytes) -> str:
    """Why ``data`` is not an article but a list of them (a feed, a sitemap, an OPML list, a file
    of URLs), with what reads it; "" for anything else. Read as text, such a file would give an
    empty summary of its markup."""
    kind = source_kind(data)
    if not kind:
        return ""
    return f"{_LISTINGS[kind]}, not an article: `newsdigest watch` reads the articles it lists"


def check_size(size: int, name: str, settings: Settings) -> None:
    if size > settings.max_file_bytes:
        raise InputError(name, f"file is {size / 2**20:.1f} MiB, over the {settings.max_file_bytes / 2**20:g} MiB limit")


def check_unique(articles: list[Article]) -> None:
    seen: dict[str, str] = {}
    for a in articles:
        if a.id in seen:
            raise InputError(a.path or a.id, f"article id {a.id!r} also used by {seen[a.id]}")
        seen[a.id] = a.path or a.id


def _with_path(a: Article, name: str) -> Article:
    return replace(a, path=name)
