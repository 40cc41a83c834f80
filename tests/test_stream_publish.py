"""publish: the static site of the store's events, its feeds, its atomic swap, and a look in Chromium."""
import json
import os
from pathlib import Path

import pytest

from cdp import find_chromium
from conftest import EXAMPLE, ROOT
from newsdigest.errors import InputError
from newsdigest.stream import Store, ingest
from newsdigest.stream.publish import publish

ARTIFACTS = Path(os.environ.get("NEWSDIGEST_ARTIFACTS", ROOT / "build" / "test-artifacts"))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("pub") / "s.db"
    ingest([EXAMPLE, ROOT / "examples" / "feed" / "feed.jsonl"], db)
    return str(db)


def test_the_site_has_an_index_a_page_per_event_and_two_feeds(store, tmp_path):
    import feedparser

    out = tmp_path / "site"
    done = publish(store, out, days=60, base_url="https://news.example.org")
    assert done.events == 3 and done.summarized == 3
    index = (out / "index.html").read_text()
    assert "2025-03-12: 2 events" in index and "Earlier" in index and index.count('href="events/') == 3
    with Store(store, create=False) as opened:
        bridge = next(e.id for e in opened.events() if e.size == 5)
    page = (out / "events" / f"{bridge}.html").read_text()
    assert "<h2>Summary</h2>" in page and "New since 2025-02-04" in page and page.count("<li class=day>") == 2
    assert "Sources" in page and "class=cite" in page
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo and feed.version == "atom10" and len(feed.entries) == 3
    assert feed.entries[0].link.startswith("https://news.example.org/events/")
    doc = json.loads((out / "feed.json").read_text())
    assert doc["version"] == "https://jsonfeed.org/version/1.1" and all(i["id"] and i["content_text"] for i in doc["items"])
    assert publish(store, out, days=60).summarized == 0  # the event pages come from the store's cache


def test_republishing_swaps_the_whole_folder_and_never_replaces_a_foreign_one(store, tmp_path):
    out = tmp_path / "site"
    publish(store, out, days=60)
    (out / "stale.html").write_text("left from an earlier run")
    publish(store, out, days=1)
    assert not (out / "stale.html").exists() and len(list((out / "events").iterdir())) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temporary folder left behind
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my own files")
    with pytest.raises(InputError, match="not a site"):
        publish(store, mine)
    assert (mine / "notes.txt").read_text() == "my own files"


@pytest.mark.skipif(find_chromium() is None, reason="chromium is not installed (make test installs Debian's)")
def test_the_index_and_an_event_page_in_a_browser(store, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make test installs it)")
    out = tmp_path / "site"
    publish(store, out, days=60)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto((out / "index.html").as_uri())
        assert page.locator(".events li").count() == 3
        assert "3 sources" in page.inner_text("body")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        page.screenshot(path=str(ARTIFACTS / "publish-index.png"), full_page=True)
        page.locator(".events a", has_text="Harbour Bridge").click()
        page.wait_for_selector("li.day")
        page.locator(".cite").first.click()
        page.mouse.move(1, 1)
        assert page.locator(".evidence").first.is_visible()
        page.screenshot(path=str(ARTIFACTS / "publish-event.png"), full_page=True)
        browser.close()
