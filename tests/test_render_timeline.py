"""Timeline output: the text format's shape, the JSON document, the HTML page in a browser."""
import json
import os
import re
from pathlib import Path

import pytest

import newsdigest
from newsdigest.cli import main
from newsdigest.render import render_timeline

from cdp import Browser, find_chromium
from conftest import EXAMPLE

ARTIFACTS = Path(os.environ.get("NEWSDIGEST_ARTIFACTS", EXAMPLE.parents[1] / "build" / "test-artifacts"))


@pytest.fixture(scope="module")
def story():
    return newsdigest.timeline([EXAMPLE])


def test_text_is_a_date_line_its_sentences_and_a_blank_line(story):
    blocks = render_timeline(story, "text").split("\n\n")
    assert blocks[-1] == ""
    for block, day in zip(blocks, story.dates):
        lines = block.splitlines()
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", lines[0]) and lines[0] == day.date
        assert lines[1:] == [s.text for s in day.sentences]


def test_json_lists_days_with_cited_sentences_and_the_articles(story):
    doc = json.loads(render_timeline(story, "json"))
    assert [d["date"] for d in doc["timeline"]] == [d.date for d in story.dates]
    articles = {a["id"]: a for a in doc["articles"]}
    for day in doc["timeline"]:
        for s in day["sentences"]:
            assert s["support"] >= 1
            origin = s["sources"][0]  # the sentence as its article wrote it (the text may be compressed)
            written = articles[origin["article"]]["sentences"][origin["sentence"]]
            assert set(re.findall(r"\w+", s["text"].lower())) <= set(re.findall(r"\w+", written.lower()))


def test_the_cli_writes_each_format_and_rejects_bad_flags(capsys, example, tmp_path):
    assert main(["timeline", str(example), "--dates", "1", "--per-date", "1"]) == 0
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == 2
    target = tmp_path / "t.md"
    assert main(["timeline", str(example), "--format", "markdown", "-o", str(target)]) == 0
    assert target.read_text().startswith("## Timeline")
    for bad in (["--dates", "0"], ["--from", "soon"], ["--db", str(tmp_path / "x.db")]):
        assert main(["timeline", str(example), *bad]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("newsdigest: error:")
    assert not (tmp_path / "x.db").exists()


@pytest.mark.skipif(find_chromium() is None, reason="chromium is not installed (make test installs it)")
def test_the_html_timeline_draws_its_days_and_opens_citations(story, tmp_path):
    page = tmp_path / "timeline.html"
    page.write_text(render_timeline(story, "html"), encoding="utf-8")
    browser = Browser(find_chromium())
    try:
        browser.open(page.as_uri())
        assert browser.eval("document.querySelectorAll('li.day').length") == len(story.dates)
        assert browser.eval("[...document.querySelectorAll('li.day time')].map(t => t.getAttribute('datetime')).join()") \
            == ",".join(d.date for d in story.dates)
        # each day is drawn on the rail: a marker left of its text, the days one below the other
        tops = browser.eval("[...document.querySelectorAll('li.day')].map(e => e.getBoundingClientRect().top)")
        assert tops == sorted(tops) and len(set(tops)) == len(tops)
        marker = browser.eval("getComputedStyle(document.querySelector('li.day'), '::before').backgroundColor")
        assert marker not in ("", "rgba(0, 0, 0, 0)")
        display = "getComputedStyle(document.getElementById('ev0')).display"
        browser.move_mouse(2, 2)
        assert browser.eval(display) == "none"
        browser.click("#s0 .cite")
        browser.move_mouse(2, 2)
        assert browser.eval(display) == "block"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        browser.screenshot(str(ARTIFACTS / "timeline.png"))
        assert (ARTIFACTS / "timeline.png").stat().st_size > 5000
    finally:
        browser.close()
