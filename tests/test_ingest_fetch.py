"""The polite fetcher against a local server: robots.txt, redirects, limits, 304s, broken answers."""
import gzip
import socket
from dataclasses import replace

import pytest

from news_server import NewsServer, Page
from newsdigest.errors import InputError
from newsdigest.ingest import read_paths
from newsdigest.ingest.fetch import Fetcher, normalize
from newsdigest.settings import Settings

FAST = replace(Settings(), fetch_delay=0.0)
ARTICLE = ("<html><head><title>Bridge reopens</title></head><body><article><h1>Bridge reopens</h1>"
           + "<p>The Alden Harbour Bridge reopened to traffic on Monday after four months of repairs.</p>" * 3
           + "</article></body></html>")


@pytest.fixture
def site():
    server = NewsServer({
        "/robots.txt": Page("User-agent: *\nDisallow: /private/\n", "text/plain"),
        "/news/a.html": Page(ARTICLE),
        "/private/b.html": Page(ARTICLE),
        "/r1": Page(status=302, headers={"Location": "/r2"}),
        "/r2": Page(status=301, headers={"Location": "/news/a.html"}),
        "/loop": Page(status=302, headers={"Location": "/loop"}),
        "/big.html": Page("<p>" + "x" * 5000 + "</p>"),
        "/slow.html": Page(ARTICLE, delay=3.0),
        "/broken.html": Page(ARTICLE, broken=True),
        "/zipped.html": Page(gzip.compress(ARTICLE.encode()), headers={"Content-Encoding": "gzip"}),
        "/gone.html": Page(status=410),
    })
    yield server
    server.close()


def test_a_page_is_fetched_once_robots_txt_read_once_and_named_newsdigest(site):
    fetcher = Fetcher(FAST)
    answer = fetcher.get(site.url + "/news/a.html")
    assert answer.ok and b"Bridge reopens" in answer.body and answer.etag
    assert fetcher.get(site.url + "/zipped.html").body == ARTICLE.encode()  # gzip decoded
    assert site.hits["/robots.txt"] == 1 and fetcher.agent.startswith("newsdigest/")


def test_robots_txt_disallow_is_respected_without_a_request(site):
    answer = Fetcher(FAST).get(site.url + "/private/b.html")
    assert answer.error == "disallowed by robots.txt" and "/private/b.html" not in site.hits


def test_redirects_are_followed_and_bounded(site):
    fetcher = Fetcher(FAST)
    answer = fetcher.get(site.url + "/r1")
    assert answer.ok and answer.url == site.url + "/news/a.html"
    assert Fetcher(FAST).get(site.url + "/loop").error == "more than 5 redirects"


def test_a_conditional_request_gets_304(site):
    fetcher = Fetcher(FAST)
    first = fetcher.get(site.url + "/news/a.html")
    again = fetcher.get(site.url + "/news/a.html", first.etag, first.last_modified)
    assert again.unchanged and not again.body and fetcher.conditional == 1 and fetcher.not_modified == 1


@pytest.mark.parametrize("path, settings, reason", [
    ("/big.html", replace(FAST, max_file_bytes=1000), "over the"),
    ("/slow.html", replace(FAST, fetch_timeout=1.0), "slower than 1 s"),
    ("/gone.html", FAST, "HTTP 410"),
])
def test_limits_and_errors_are_answers_not_exceptions(site, path, settings, reason):
    answer = Fetcher(settings).get(site.url + path)
    assert not answer.ok and reason in answer.error


def test_a_connection_cut_mid_body_is_an_error(site):
    answer = Fetcher(FAST).get(site.url + "/broken.html")
    assert not answer.ok and answer.error


def test_a_dead_host_is_an_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    answer = Fetcher(FAST).get(f"http://127.0.0.1:{port}/x.html")
    assert answer.error == "connection refused"
    assert Fetcher(FAST).get("ftp://example.org/x").error == "not an http(s) URL"
    for broken in ("HTTP://[", "http://example.org:port/"):  # found by schemathesis through the API's urls
        assert Fetcher(FAST).get(broken).error.startswith("not a valid URL")


def test_requests_to_one_host_are_spaced(site):
    waits = []
    fetcher = Fetcher(replace(Settings(), fetch_delay=2.0), sleep=waits.append)
    fetcher.get(site.url + "/news/a.html")  # robots.txt, then the page
    fetcher.get(site.url + "/news/a.html")
    assert len(waits) == 2 and all(0 < w <= 2.0 for w in waits)


def test_urls_are_input_wherever_paths_are(site):
    articles = read_paths([site.url + "/news/a.html?utm_source=feed"], FAST)
    assert articles[0].id == site.url + "/news/a.html" and articles[0].url == site.url + "/news/a.html?utm_source=feed"
    assert articles[0].title == "Bridge reopens" and articles[0].source == "127.0.0.1"
    with pytest.raises(InputError, match="gone.html: HTTP 410"):
        read_paths([site.url + "/gone.html"], FAST)


def test_normalize_strips_tracking_and_fragments():
    assert normalize("HTTPS://Example.com:443/a/?utm_source=x&id=3&fbclid=y#top") == "https://example.com/a/?id=3"


def test_a_page_that_cannot_be_fetched_does_not_stop_the_others(site):
    from newsdigest import summarize

    done = summarize([site.url + "/news/a.html", site.url + "/gone.html"], words=30, settings=FAST)
    assert done.sentences and any("gone.html: skipped (HTTP 410)" in w for w in done.warnings)
    with pytest.raises(InputError, match="gone.html: HTTP 410"):  # nothing left: the reason, not "no articles"
        summarize([site.url + "/gone.html"], settings=FAST)
