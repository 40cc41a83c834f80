"""watch against a local news site: rounds, conditional requests, failures, changes, a kill and a restart."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT
from news_server import NewsServer, Page
from newsdigest.settings import Settings
from newsdigest.stream import Store
from newsdigest.stream.watch import watch

FAST = replace(Settings(), fetch_delay=0.0)
TRAM = ROOT / "examples" / "tramway-lerac"


def _type(path: Path) -> str:
    return "text/html; charset=utf-8" if path.suffix == ".html" else "text/plain; charset=utf-8"


def _rss(base: str, links: list[str], title: str = "Harbour news") -> str:
    items = "".join(f"<item><title>{Path(link).stem}</title><link>{base}{link}?utm_source=rss</link>"
                    f"<pubDate>Mon, 03 Feb 2025 09:00:00 GMT</pubDate></item>" for link in links)
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>{title}</title>{items}</channel></rss>"


def _sitemap(base: str, links: list[str], lastmod: str = "2025-03-10T08:00:00Z") -> str:
    urls = "".join(f"<url><loc>{base}{link}</loc><lastmod>{lastmod}</lastmod></url>" for link in links)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


@pytest.fixture
def site():
    """The bundled examples as a news site: a feed of the bridge story's pages (plus one robots.txt
    forbids and one over the size limit), a sitemap index of the tramway story's pages."""
    routes = {"/robots.txt": Page("User-agent: *\nDisallow: /private/\n", "text/plain"),
              "/private/secret.html": Page("<p>not for crawlers</p>"),
              "/news/huge.html": Page("<p>" + "word " * 60_000 + "</p>")}
    bridge = [f"/news/{f.name}" for f in sorted(EXAMPLE.iterdir())]
    tram = [f"/tram/{f.name}" for f in sorted(TRAM.iterdir())]
    for folder, links in ((EXAMPLE, bridge), (TRAM, tram)):
        for f, link in zip(sorted(folder.iterdir()), links):
            routes[link] = Page(f.read_bytes(), _type(f))
    server = NewsServer(routes)
    server.set("/feed.xml", Page(_rss(server.url, bridge + ["/private/secret.html", "/news/huge.html"]),
                                 "application/rss+xml"))
    server.set("/sitemap_index.xml", Page(f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                                          f'sitemap/0.9"><sitemap><loc>{server.url}/sitemap-tram.xml</loc></sitemap>'
                                          f'</sitemapindex>', "application/xml"))
    server.set("/sitemap-tram.xml", Page(_sitemap(server.url, tram), "application/xml"))
    server.bridge, server.tram = bridge, tram
    yield server
    server.close()


def test_a_round_stores_the_pages_and_the_next_one_asks_only_conditionally(site, tmp_path):
    db = str(tmp_path / "w.db")
    settings = replace(FAST, max_file_bytes=200_000)
    errors = []
    (first,) = watch([site.url + "/feed.xml", site.url + "/sitemap_index.xml"], db, settings, once=True,
                     on_error=lambda where, reason: errors.append((where, reason)))
    assert first.ingest.stored == 9 and first.ingest.duplicates == 1 and first.listed == 11
    assert sorted(r.split(", ")[-1] for _, r in errors) == ["disallowed by robots.txt", "over the 0.190735 MiB limit"]
    assert "/private/secret.html" not in site.hits
    with Store(db, create=False) as store:
        assert sorted(e.size for e in store.events()) == [4, 5]  # the bridge story and the tramway story
    site.log.clear()
    (second,) = watch([site.url + "/feed.xml", site.url + "/sitemap_index.xml"], db, settings, once=True)
    # robots.txt is remembered for a day; the three sources answer 304; no page is asked for again
    assert site.log == [("/feed.xml", True), ("/sitemap_index.xml", True), ("/sitemap-tram.xml", True)]
    assert second.not_modified == 3 and second.ingest.stored == 0 and not second.errors


def test_broken_sources_are_reported_retried_later_and_never_stop_the_round(site, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/rss"
    site.set("/broken.xml", Page("<rss><channel><item><title>cut", "application/rss+xml"))
    site.set("/logo.png", Page(b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"))
    db = str(tmp_path / "w.db")
    sources = [dead, site.url + "/broken.xml", site.url + "/logo.png", site.url + "/sitemap-tram.xml"]
    (report,) = watch(sources, db, FAST, once=True)
    reasons = dict(report.errors)
    assert reasons[dead].startswith("connection refused") and "malformed feed" in reasons[site.url + "/broken.xml"]
    assert "not a feed" in reasons[site.url + "/logo.png"] and report.ingest.stored == 4
    with Store(db, create=False) as store:
        assert store.source(site.url + "/broken.xml")["failures"] == 1
    site.log.clear()
    (again,) = watch(sources, db, FAST, once=True)
    assert [p for p, _ in site.log] == ["/sitemap-tram.xml"]  # the failing ones wait for their back-off
    assert not again.errors
    site.log.clear()
    watch(sources, db, replace(FAST, watch_every=1.0), once=True)  # a fast loop: the back-off is still 5 minutes
    assert [p for p, _ in site.log] == ["/sitemap-tram.xml"]


def test_a_page_that_changes_is_fetched_again_conditionally_and_updated(site, tmp_path):
    db = str(tmp_path / "w.db")
    watch([site.url + "/sitemap-tram.xml"], db, FAST, once=True)
    changed = site.tram[0]
    site.set(changed, Page(site.routes[changed].data + "\n\nCorrection: the line reopens on Tuesday.".encode(),
                           "text/plain; charset=utf-8"))
    site.set("/sitemap-tram.xml", Page(_sitemap(site.url, site.tram[:1], "2025-03-11T08:00:00Z")
                                       .replace("</urlset>", _sitemap(site.url, site.tram[1:]).split(">", 2)[2]),
                                       "application/xml"))
    site.log.clear()
    (report,) = watch([site.url + "/sitemap-tram.xml"], db, FAST, once=True)
    assert site.log == [("/sitemap-tram.xml", True), (changed, True)]  # only the page its sitemap says changed
    assert report.ingest.updated == 1
    with Store(db, create=False) as store:
        texts = [a.text for e in store.events() for a in store.articles(e.id)]
    assert any("Correction: the line reopens on Tuesday." in t for t in texts)


def test_opml_lists_and_files_of_urls_are_sources(site, tmp_path):
    opml = tmp_path / "feeds.opml"
    opml.write_text(f'<opml version="2.0"><body><outline text="h" xmlUrl="{site.url}/feed.xml"/></body></opml>')
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(f"{site.url}{link}\n" for link in site.tram))
    (report,) = watch([str(opml), str(urls)], str(tmp_path / "w.db"), replace(FAST, max_file_bytes=200_000), once=True)
    assert report.sources == 3 and report.ingest.stored == 9


def _cli(*args, **kw):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "newsdigest.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, **kw)


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_round_resumes_without_fetching_a_stored_page_again(site, tmp_path, how):
    for link in site.tram:  # slow pages: the kill lands mid-round
        site.set(link, Page(site.routes[link].data, "text/plain; charset=utf-8", delay=0.4))
    config = tmp_path / "c.toml"
    config.write_text("fetch_delay = 0.0\n")
    db = str(tmp_path / "w.db")
    args = ("watch", site.url + "/sitemap-tram.xml", "--db", db, "--once", "--config", str(config))
    process = _cli(*args)
    deadline = time.time() + 60
    while sum(site.hits.get(link, 0) for link in site.tram) < 2 and time.time() < deadline:
        time.sleep(0.05)
    process.send_signal(how)
    _, err = process.communicate(timeout=30)
    if how == signal.SIGTERM:  # the page in hand is finished and stored, then a clean exit
        assert process.returncode == 0 and "stopped early" in err
        with Store(db, create=False) as store:
            kept = len(store.pages(site.url + link for link in site.tram))
        assert 2 <= kept < len(site.tram)
    finished = _cli(*args)
    _, err = finished.communicate(timeout=120)
    assert finished.returncode == 0, err
    with Store(db, create=False) as store:
        assert sum(e.size for e in store.events()) == len(site.tram)
    hits = [site.hits[link] for link in site.tram]
    # a clean stop refetches nothing; a hard kill loses only the batch it had not committed
    assert hits == [1] * len(hits) if how == signal.SIGTERM else max(hits) <= 2


def test_watch_publishes_a_valid_atom_feed_after_its_round(site, tmp_path):
    import feedparser

    out = tmp_path / "site"
    process = _cli("watch", site.url + "/sitemap-tram.xml", "--db", str(tmp_path / "w.db"), "--once",
                   "--publish", str(out), "--days", "400", "--base-url", "https://news.example.org/")
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "round: 1 source read" in err and "published 1 event page" in err
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo and feed.version == "atom10" and len(feed.entries) == 1
    assert feed.entries[0].link.startswith("https://news.example.org/events/")
    assert json.loads((out / "feed.json").read_text())["version"] == "https://jsonfeed.org/version/1.1"
