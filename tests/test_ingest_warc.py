import gzip
import io

import pytest

warcio = pytest.importorskip("warcio", reason="warcio is not installed (the spark extra)")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from newsdigest.ingest.warc import read_warc  # noqa: E402
from newsdigest.settings import Settings  # noqa: E402

PAGE = """<!DOCTYPE html><html><head><title>{title}</title></head><body><nav>Home | World | Sport</nav>
<article><h1>{title}</h1><p>{body}</p><p>Officials said the work would continue through the spring,
and that the costs were within the budget approved last year by the city council.</p></article>
</body></html>"""


def _warc(records, gz=True) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for uri, content_type, payload, rec_type in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, rec_type, payload=io.BytesIO(payload),
                                                      http_headers=headers if rec_type == "response" else None,
                                                      warc_headers_dict={"WARC-Date": "2025-03-03T10:00:00Z"}))
    return out.getvalue()


def _page(title, body):
    return PAGE.format(title=title, body=body).encode()


def test_html_responses_become_articles_and_the_rest_is_skipped_with_a_reason():
    data = _warc([
        ("https://a.example/bridge", "text/html; charset=utf-8",
         _page("Bridge reopens", "The Alden Harbour Bridge reopened to traffic on Monday after four months."), "response"),
        ("https://a.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200), "response"),
        ("https://a.example/empty", "text/html", b"<html><body><div></div></body></html>", "response"),
        ("https://a.example/bridge", "application/json", b"{}", "metadata"),
        ("https://b.example/ferry", "text/html",
         _page("Ferry strike", "Ferry crews in Port Alden stopped work on Monday over rosters."), "response"),
    ])
    skipped = []
    articles = list(read_warc(io.BytesIO(data), "crawl.warc.gz", skip=lambda w, r: skipped.append((w, r))))
    assert [a.id for a in articles] == ["https://a.example/bridge", "https://b.example/ferry"]
    assert articles[0].title == "Bridge reopens" and "reopened to traffic" in articles[0].text
    assert articles[0].date == "2025-03-03" and articles[0].url == "https://a.example/bridge"
    reasons = dict(skipped)
    assert "not HTML (image/png)" in reasons["crawl.warc.gz https://a.example/logo.png"]
    assert "no text found" in reasons["crawl.warc.gz https://a.example/empty"]
    assert len(skipped) == 2  # the metadata record is not a page and not worth a report


def test_oversized_pages_and_broken_files_are_skipped_not_fatal():
    big = _page("Big", "word " * 3000)
    data = _warc([("https://a.example/big", "text/html", big, "response"),
                  ("https://a.example/ok", "text/html", _page("Fine", "A short page about the harbour bridge."), "response")],
                 gz=False)
    skipped = []
    settings = Settings(max_file_bytes=5000)
    articles = list(read_warc(io.BytesIO(data), "c.warc", settings, lambda w, r: skipped.append((w, r))))
    assert [a.id for a in articles] == ["https://a.example/ok"]
    assert "over the" in skipped[0][1]
    broken = gzip.compress(b"this is not a WARC file at all\r\n" * 50)
    skipped.clear()
    assert list(read_warc(io.BytesIO(broken), "bad.warc.gz", skip=lambda w, r: skipped.append((w, r)))) == []
    assert skipped and "unreadable WARC record" in skipped[0][1]
