"""HTML pages: main text, its structure and metadata by trafilatura, the field's reference extractor.

trafilatura runs with its standard settings (tables kept, comments left out), which score best
of its modes on its own evaluation pages (benchmarks/clean_pages.py). Its output tree is kept as
structure: every line of the article's text gets a ``Block`` saying which element it came from
(paragraph, heading, list item, quote, table row, code) and how much of it is link text, so
cleaning can act on markup instead of re-guessing it from flat text.

Dates: first the page's markup only (meta tags, JSON-LD, ``<time>``, the URL: htmldate without
its free-text search); then a date printed in the page, but never the January 1st that htmldate
falls back to for a "Copyright 2025" footer; never later than when the page was fetched (the
file's time, the WARC record's date), passed in as ``fetched``.
"""
from __future__ import annotations

from datetime import date as _date

from ..errors import InputError
from ..model import Article, Block
from ..settings import Settings

# Elements whose lines are read one by one; any other element is one block of its tag's kind.
_KINDS = {"p": "p", "head": "head", "item": "item", "quote": "quote", "code": "code", "row": "cell"}
_CONTAINERS = {"list", "div", "table", "body", "article", "section"}


def check_tags(content: str, name: str, settings: Settings) -> None:
    """Refuse a page with more than ``max_html_tags`` tags before parsing it (a time bound)."""
    tags = content.count("<")
    if tags > settings.max_html_tags:
        raise InputError(name, f"page has {tags:,} tags, over the limit of {settings.max_html_tags:,}")


def read(content: str, id_base: str, fetched: str = "") -> list[Article]:
    # Imported here: trafilatura takes ~0.3 s to import and most inputs are not HTML.
    import trafilatura

    latest = fetched or _date.today().isoformat()
    options = dict(with_metadata=True, include_comments=False, include_tables=True, include_links=True,
                   deduplicate=False)
    try:
        doc = trafilatura.bare_extraction(
            content, **options,
            date_extraction_params={"original_date": True, "extensive_search": False, "max_date": latest})
    except (ValueError, TypeError, RecursionError, MemoryError) as exc:  # lxml on hostile markup
        raise ValueError(f"unparsable page ({type(exc).__name__})") from None
    lines: list[tuple[str, Block]] = []
    if doc is not None and doc.body is not None:
        lines = blocks(doc.body)
    if not lines:
        # A page too short for trafilatura's thresholds: its baseline (<article>, <p> and
        # JSON-LD articleBody) rather than losing the page.
        try:
            body, _, _ = trafilatura.baseline(content)
        except (ValueError, TypeError, RecursionError, MemoryError):
            body = None
        lines = blocks(body) if body is not None else []
    if not lines:
        raise ValueError("no text found in the page")
    meta = doc if doc is not None else None
    date, source = (meta.date, "metadata") if meta is not None and meta.date else _text_date(content, latest)
    return [Article(
        id=id_base,
        text="\n".join(text for text, _ in lines),
        title=" ".join(((meta and meta.title) or "").split()),
        source=(meta and (meta.sitename or meta.hostname)) or "",
        date=date,
        url=(meta and meta.url) or "",
        blocks=tuple(b for _, b in lines),
        date_source=source if date else "",
    )]


def _text_date(content: str, latest: str) -> tuple[str, str]:
    """A date printed in the page (htmldate's extensive search), minus its copyright-year guess."""
    from htmldate import find_date

    try:
        found = find_date(content, extensive_search=True, original_date=True, max_date=latest)
    except Exception:  # htmldate on a page lxml can hardly parse: no date rather than no article
        return "", ""
    if not found or found.endswith("-01-01"):
        # "Copyright 2025" becomes 2025-01-01 and a bare year its January 1st: not a publication date
        return "", ""
    return found, "page text"


def blocks(body) -> list[tuple[str, Block]]:
    """(line, block) for every non-empty line of trafilatura's output tree, in document order."""
    out: list[tuple[str, Block]] = []
    _walk(body, out)
    return out


def _walk(element, out: list[tuple[str, Block]]) -> None:
    _loose(element.text, out)
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""  # comments and processing instructions
        if tag == "table" and child.find(".//row") is not None:
            for row in child.iter("row"):
                _emit(row, "cell", out)
        elif tag in _CONTAINERS:
            _walk(child, out)
        elif tag:
            _emit(child, _KINDS.get(tag, "p"), out)
        _loose(child.tail, out)


def _loose(text: str | None, out: list[tuple[str, Block]]) -> None:
    """Text between blocks (rare in trafilatura's trees) is a paragraph of its own."""
    if text and text.strip():
        out.append((" ".join(text.split()), Block("p")))


_BREAKS = {"lb", "p", "item", "head", "quote", "list", "row"}


def _emit(element, kind: str, out: list[tuple[str, Block]]) -> None:
    """One element's lines: a ``<lb/>`` or a nested block element starts a new line."""
    from lxml import etree

    lines: list[list[tuple[str, bool]]] = [[]]  # (text, inside a link) pieces of each line
    links = 0
    for event, el in etree.iterwalk(element, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        nested = el is not element
        if event == "start":
            if nested and tag in _BREAKS:
                lines.append([])
            links += tag == "ref"
            if tag == "cell" and lines[-1]:
                lines[-1].append((" | ", False))
            if tag and el.text:
                lines[-1].append((el.text, links > 0))
        else:
            links -= tag == "ref"
            if nested and tag in _BREAKS and tag != "lb":
                lines.append([])
            if nested and el.tail:
                lines[-1].append((el.tail, links > 0))
    for line in lines:
        text = " ".join("".join(t for t, _ in line).split())
        if text:
            chars = sum(len(t.strip()) for t, _ in line) or 1
            in_links = sum(len(t.strip()) for t, link in line if link)
            out.append((text, Block(kind, round(min(1.0, in_links / chars), 3))))
