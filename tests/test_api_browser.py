"""The web page in headless Chromium (Debian's, driven by Playwright): upload, report, citation."""
import os
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make test installs it)")
from cdp import find_chromium  # noqa: E402
from conftest import EXAMPLE, ROOT  # noqa: E402

ARTIFACTS = Path(os.environ.get("NEWSDIGEST_ARTIFACTS", ROOT / "build" / "test-artifacts"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from newsdigest.api import Limits, create_app
    from newsdigest.stream import ingest

    db = tmp_path_factory.mktemp("web") / "s.db"
    ingest([EXAMPLE, EXAMPLE.parent / "feed" / "feed.jsonl"], db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(db=str(db), limits=Limits(workers=1)), host="127.0.0.1", port=port,
                            log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    srv.should_exit = True
    thread.join(10)


@pytest.mark.skipif(find_chromium() is None, reason="chromium is not installed (make test installs Debian's)")
def test_upload_the_example_read_the_report_open_a_citation(server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone-sized screen
        page.goto(server)
        page.set_input_files("#pick", sorted(str(f) for f in EXAMPLE.iterdir()))
        assert page.locator("#files li").count() == 5
        page.fill("#words", "80")
        page.click("button[type=submit]")
        page.wait_for_selector("#report .cite", timeout=60_000)
        evidence = page.locator("#report .evidence").first
        assert not evidence.is_visible()
        page.locator("#report .cite").first.click()
        page.mouse.move(1, 1)
        assert evidence.is_visible() and evidence.inner_text().strip()
        assert page.locator("#report .badge").count() >= 1
        assert "same page as" in page.inner_text("#report")  # the recrawl is shown as a duplicate
        page.screenshot(path=str(ARTIFACTS / "serve-report.png"), full_page=True)
        scroll = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert scroll, "the page scrolls sideways on a phone-sized screen"
        page.click("nav button[data-view=events]")
        page.wait_for_selector("#event-list li")
        assert page.locator("#event-list li").count() == 3
        page.fill("#day", "2025-03-12")
        page.click("#digest-form button")
        page.wait_for_selector("#digest section")
        assert page.locator("#digest section").count() == 2
        page.screenshot(path=str(ARTIFACTS / "serve-digest.png"), full_page=True)
        # an event's page: its summary, its latest update and its timeline
        page.locator("#event-list li", has_text="Harbour Bridge").locator("button.open").click()
        page.wait_for_selector("#ev-timeline li.day", timeout=60_000)
        page.wait_for_selector("#ev-update .cite")
        assert page.locator("#ev-timeline li.day").count() >= 2
        assert "New since 2025-02-04" in page.inner_text("#ev-update")
        assert page.locator("#ev-summary .cite").count() >= 1
        page.locator("#ev-timeline .cite").first.click()
        page.mouse.move(1, 1)
        assert page.locator("#ev-timeline .evidence").first.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        page.screenshot(path=str(ARTIFACTS / "serve-event.png"), full_page=True)
        browser.close()
