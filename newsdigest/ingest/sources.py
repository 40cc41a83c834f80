"""What ``watch`` reads to find articles: RSS/Atom feeds, sitemaps, OPML lists and files of URLs.

The bytes are fetched elsewhere (``fetch``, with its conditional requests); here they are only
parsed, by the field's libraries: feedparser for RSS and Atom, ultimate-sitemap-parser for
sitemaps (news sitemaps and indexes too), and the standard library's XML parser for OPML's
``<outline xmlUrl=…>``. A source yields article entries (URL, title and day where it gives them)
and further sources (a sitemap index's sitemaps, an OPML list's feeds).
"""
from __future__ import annotations

import datetime
import logging
import re
import zlib
from dataclasses import dataclass

from ..errors import InputError

_GZIP = b"\x1f\x8b"
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
_FEEDS = (b"rss", b"feed", b"RDF")
_SITEMAPS = (b"urlset", b"sitemapindex")
_URL_LINE = re.compile(r"^https?://\S+$", re.I)
_URL_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:https?://|#)", re.I)


@dataclass(frozen=True)
class Entry:
    """An article a source points to; ``title``, ``date`` (YYYY-MM-DD) and ``source`` are the
    source's own, used when the page lacks them; ``updated`` (ISO time) says when the source last
    saw it change."""

    url: str
    title: str = ""
    date: str = ""
    updated: str = ""
    source: str = ""  # the outlet: the item's <source>, else the feed's title, else ""


@dataclass(frozen=True)
class Found:
    kind: str  # feed, sitemap, sitemap index, opml, urls
    entries: tuple[Entry, ...] = ()
    sources: tuple[str, ...] = ()  # further sources to read: sitemaps of an index, feeds of an OPML list
    validators: tuple[str, str] | None = None  # (ETag, Last-Modified) of the answer it was parsed from


def parse_source(data: bytes, where: str, limit: int) -> Found:
    """Entries and further sources from a source's bytes (gzip-compressed or not); an InputError
    names what is wrong (an HTML page, a malformed feed, nothing in it)."""
    if data[:2] == _GZIP:
        data = _gunzip(data, where, limit)
    kind = source_kind(data)
    if kind == "feed":
        return _feed(data, where)
    if kind == "sitemap":
        return _sitemap(data, where)
    if kind == "opml":
        return _opml(data, where)
    if kind == "urls":
        return Found("urls", tuple(Entry(line) for line in dict.fromkeys(_lines(data))))
    root = _root(data)  # none of them: what it is instead, for the message
    if root.lower() == b"html":
        raise InputError(where, "an HTML page, not a feed, sitemap or OPML list")
    raise InputError(where, "not a feed, sitemap, OPML list or list of URLs"
                     + (f" (starts with <{root.decode('ascii', 'replace')}>)" if root else ""))


def source_kind(data: bytes) -> str:
    """"feed", "sitemap", "opml" or "urls" when ``data`` (not compressed) is one of the sources
    ``watch`` reads, by its root element or, for a list of URLs, by every line being one; else
    "". ``summarize`` refuses these: they list articles, they are not one."""
    root = _root(data)
    if root in _FEEDS:
        return "feed"
    if root in _SITEMAPS:
        return "sitemap"
    if root.lower() == b"opml":
        return "opml"
    if not _URL_START.match(data):
        return ""  # not a list of URLs: decided without decoding a large article
    lines = _lines(data)
    return "urls" if lines and all(_URL_LINE.match(line) for line in lines) else ""


def _root(data: bytes) -> bytes:
    """The name of the first element, past a byte-order mark, the XML declaration and comments."""
    head = data[:8192].lstrip(b"\xef\xbb\xbf \t\r\n")[:2048]
    return next((m.group(1) for m in _ROOT.finditer(head) if not m.group(0).startswith((b"<?", b"<!"))), b"")


def _lines(data: bytes) -> list[str]:
    """The non-blank lines that are not ``#`` comments (a file of URLs)."""
    text = data.decode("utf-8-sig", "replace")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _gunzip(data: bytes, where: str, limit: int) -> bytes:
    try:
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = inflate.decompress(data, limit + 1)
    except zlib.error as exc:
        raise InputError(where, f"broken gzip: {exc}") from None
    if len(out) > limit:
        raise InputError(where, f"over the {limit / 2**20:g} MiB limit once decompressed")
    return out


_SURROGATE_REFERENCE = re.compile(rb"&#(?:5[5-7]\d{3}|[xX][dD][89a-fA-F][0-9a-fA-F]{2});")
"""A character reference to half of a UTF-16 pair (55296-57343; the decimal range is wider, the
check below narrows it): no character, and feedparser's lenient parser fails encoding it."""


def _feed(data: bytes, where: str) -> Found:
    import feedparser

    data = _SURROGATE_REFERENCE.sub(
        lambda m: b"&#xFFFD;" if 0xD800 <= _reference(m.group()) <= 0xDFFF else m.group(), data)
    try:
        parsed = feedparser.parse(data)
    except (UnicodeError, ValueError) as exc:  # its lenient parser on references no character has
        raise InputError(where, f"malformed feed: {str(exc)[:120]}") from None
    channel = " ".join(parsed.feed.get("title", "").split())
    entries = []
    for e in parsed.entries:
        link = e.get("link") or next((x.get("href") for x in e.get("links", []) if x.get("href")), "")
        if not link:
            continue
        updated = dict.get(e, "updated_parsed")  # (feedparser's own get maps a missing one to published, with a warning)
        published = dict.get(e, "published_parsed") or updated
        updated = updated or published
        outlet = " ".join((e.get("source") or {}).get("title", "").split()) or channel
        entries.append(Entry(link, " ".join(e.get("title", "").split()), _day(published), _stamp(updated), outlet))
    if not entries and parsed.bozo:
        raise InputError(where, f"malformed feed: {str(parsed.get('bozo_exception', '')).splitlines()[0][:120]}")
    return Found("feed", tuple(entries))


def _reference(ref: bytes) -> int:
    """The code point of a numeric character reference (``&#55296;``, ``&#xD800;``)."""
    body = ref[2:-1]
    return int(body[1:], 16) if body[:1] in (b"x", b"X") else int(body)


def _sitemap(data: bytes, where: str) -> Found:
    from usp.objects.sitemap import IndexXMLSitemap, InvalidSitemap
    from usp.tree import sitemap_from_str

    logging.getLogger("usp").setLevel(logging.ERROR)  # it logs every odd line; we report per source
    parsed = sitemap_from_str(data.decode("utf-8", "replace"))
    if isinstance(parsed, InvalidSitemap):
        raise InputError(where, f"malformed sitemap: {parsed.reason}")
    if isinstance(parsed, IndexXMLSitemap):
        return Found("sitemap index", sources=tuple(dict.fromkeys(s.url for s in parsed.sub_sitemaps)))
    entries = []
    for page in parsed.pages:
        story = page.news_story
        published = story.publish_date if story else None
        changed = page.last_modified or published
        entries.append(Entry(page.url, " ".join((story.title or "").split()) if story else "",
                             published.date().isoformat() if published else "", changed.isoformat() if changed else "",
                             (story.publication_name or "") if story else ""))
    return Found("sitemap", tuple(entries))


def _opml(data: bytes, where: str) -> Found:
    import xml.etree.ElementTree as ET

    if b"<!ENTITY" in data:  # no entity expansion (billion laughs): an OPML list never needs one
        raise InputError(where, "malformed OPML: it declares entities")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputError(where, f"malformed OPML: {exc}") from None
    feeds = [o.get("xmlUrl") or o.get("xmlurl") for o in root.iter("outline")]
    return Found("opml", sources=tuple(dict.fromkeys(f for f in feeds if f)))


def _day(parsed) -> str:
    return datetime.date(*parsed[:3]).isoformat() if parsed else ""


def _stamp(parsed) -> str:
    return datetime.datetime(*parsed[:6], tzinfo=datetime.timezone.utc).isoformat() if parsed else ""


def read_local(path: str, limit: int) -> bytes:
    """A source given as a file (an OPML list, a file of URLs, a saved feed or sitemap)."""
    from pathlib import Path

    p = Path(path)
    try:
        size = p.stat().st_size
        if size > limit:
            raise InputError(path, f"file is {size / 2**20:.1f} MiB, over the {limit / 2**20:g} MiB limit")
        return p.read_bytes()
    except OSError as exc:
        raise InputError(path, exc.strerror or "cannot be read") from None
