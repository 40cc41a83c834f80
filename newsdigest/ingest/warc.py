"""WARC and WARC.gz files of crawled HTML (Common Crawl's CC-NEWS): one record at a time.

Each HTML ``response`` record becomes an ``Article`` through the HTML reader (trafilatura),
with the record's target URI as id and URL and its WARC-Date as the date when the page states
none (``date_source`` ``crawl``); no date the page claims may be later than that. Everything else is skipped with a reason through ``skip`` — a request or metadata record,
a non-HTML payload, an oversized page, a page with no text or too many tags, a record warcio cannot
parse — so one bad record never stops a crawl file. warcio is an optional dependency (the
``warc`` and ``spark`` extras); it is imported only when a WARC file is read.
"""
from __future__ import annotations

from dataclasses import replace
from typing import BinaryIO, Callable, Iterator

from ..model import Article
from ..settings import Settings

Skip = Callable[[str, str], None]


def read_warc(stream: BinaryIO, name: str, settings: Settings = Settings(),
              skip: Skip = lambda where, reason: None) -> Iterator[Article]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from . import html
    from .decode import decode

    records = ArchiveIterator(stream)
    n = 0
    while True:
        n += 1
        try:
            record = next(records)
        except StopIteration:
            return
        except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
            first_line = " ".join(str(exc).split()).split(". ")[0] or type(exc).__name__
            skip(f"{name} record {n}", f"unreadable WARC record ({first_line})")
            return  # the rest of the file cannot be located after a broken record
        if record.format != "warc":  # warcio reads anything else as an old ARC file
            skip(f"{name} record {n}", "unreadable WARC record (not WARC)")
            return
        uri = record.rec_headers.get_header("WARC-Target-URI") or f"{name}#{n}"
        where = f"{name} {uri}"
        if record.rec_type != "response":
            continue  # requests, metadata, warcinfo: not pages, and not worth a report each
        content_type = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
        if "html" not in content_type.lower():
            skip(where, f"not HTML ({content_type or 'no Content-Type'})")
            continue
        try:
            body = record.content_stream().read(settings.max_file_bytes + 1)
        except Exception as exc:  # a truncated or badly encoded payload (warcio raises several kinds)
            skip(where, f"unreadable payload ({type(exc).__name__})")
            continue
        if len(body) > settings.max_file_bytes:
            skip(where, f"page over the {settings.max_file_bytes / 2**20:g} MiB limit")
            continue
        crawled = (record.rec_headers.get_header("WARC-Date") or "")[:10]
        try:
            content = decode(body, where)
            html.check_tags(content, where, settings)
            (article,) = html.read(content, uri, crawled)
        except Exception as exc:  # no text, too many tags, undecodable bytes: this page only
            skip(where, str(exc) or type(exc).__name__)
            continue
        if not article.date and crawled:
            # a news crawl fetches a page within days of publication: the best date it has
            article = replace(article, date=crawled, date_source="crawl")
        yield replace(article, id=uri, url=article.url or uri, path=name)
