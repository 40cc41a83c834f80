from html.parser import HTMLParser

import pytest

from newsdigest import summarize
from newsdigest.model import Article
from newsdigest.render import render

from cdp import Browser, find_chromium


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(page: str):
    parser = Tags()
    parser.feed(page)
    return parser.tags


HOSTILE = [
    Article("evil<script>.txt", "The harbour bridge reopened on Monday after four months of repairs, "
            "<script>alert('x')</script> officials said in a statement.\n"
            '<img src=x onerror="alert(1)"> The toll will rise from two to three crowns in July this year.',
            title='"><script>alert(2)</script>', source="<b onmouseover=alert(3)>Herald</b>"),
    Article("b", 'Traffic returned to the harbour bridge on Monday after four months of repairs.\n'
            '"The bridge <i onclick=alert(4)>is</i> safer today than ever before," the mayor said.'),
]


def test_every_piece_of_source_text_is_escaped():
    page = render(summarize(HOSTILE), "html")
    tags = tags_of(page)
    assert [t for t, _ in tags].count("script") == 1  # ours, at the end, with no source text in it
    assert not any(name.startswith("on") for _, attrs in tags for name in attrs)
    assert not any(t in ("img", "b", "i") for t, _ in tags)
    assert "&lt;script&gt;" in page and "onerror=&quot;alert(1)&quot;" in page  # shown as text


def test_page_is_self_contained(example):
    page = render(summarize([example]), "html")
    tags = tags_of(page)
    assert not any(t in ("link", "img", "iframe") for t, _ in tags)
    assert not any("src" in attrs for t, attrs in tags if t == "script")
    assert "http://" not in page.split("<body>")[0] and "https://" not in page.split("<body>")[0]
    for section in ("Quotes", "Where the sources disagree", "Named by two or more sources", "Sources"):
        assert f"<h2>{section}</h2>" in page
    assert "single source" in page and "same page as 02_coastal-herald-recrawl.txt" in page
    assert "cleaning removed" in page


@pytest.mark.skipif(find_chromium() is None, reason="chromium is not installed (make test installs it)")
def test_clicking_a_citation_shows_its_backing_sentences(example, tmp_path):
    summary = summarize([example])
    page = tmp_path / "report.html"
    page.write_text(render(summary, "html"), encoding="utf-8")
    first = summary.sentences[1]  # a sentence backed by two sources
    browser = Browser(find_chromium())
    try:
        browser.open(page.as_uri())
        browser.move_mouse(2, 2)  # away from the text: hover reveals evidence too
        display = "getComputedStyle(document.getElementById('ev1')).display"
        assert browser.eval(display) == "none"
        browser.click("#s1 .cite")
        browser.move_mouse(2, 2)
        assert browser.eval(display) == "block"
        shown = browser.eval("document.getElementById('ev1').innerText")
        docs = {d.id: d for d in summary.cluster.documents}
        for c in first.sources:
            assert docs[c.article].sentences[c.sentence].original in shown
        browser.click("#s1 .cite")  # a second click hides it again
        browser.move_mouse(2, 2)
        assert browser.eval(display) == "none"
    finally:
        browser.close()


@pytest.mark.skipif(find_chromium() is None, reason="chromium is not installed (make test installs it)")
def test_a_right_to_left_summary_reads_right_to_left_in_the_browser(tmp_path):
    from newsdigest import Article

    texts = ["קו הרכבת הקלה נפתח מחדש ביום שני אחרי שישה שבועות של עבודות על הגשר.",
             "העבודות עלו שנים עשר מיליון שקלים, וחלק מהן מימנה המדינה.",
             "ראש העירייה חנך את הקו יחד עם עובדי חברת התחבורה בטקס קצר."]
    summary = summarize([Article(f"he{k}", " ".join(texts[k:] + texts[:k]), title=texts[k][:30]) for k in range(3)],
                        words=30)
    page = tmp_path / "rtl.html"
    page.write_text(render(summary, "html"), encoding="utf-8")
    browser = Browser(find_chromium())
    try:
        browser.open(page.as_uri())
        assert browser.eval("getComputedStyle(document.getElementById('s0')).direction") == "rtl"
        # the citation button, after the sentence in the markup, sits left of its last words
        # (in a left-to-right paragraph the same Hebrew run has it on its right)
        left = browser.eval("(() => { const s = document.getElementById('s0');"
                            " const t = document.createTreeWalker(s, NodeFilter.SHOW_TEXT).nextNode();"
                            " const n = t.textContent.trimEnd().length; const r = document.createRange();"
                            " r.setStart(t, n - 2); r.setEnd(t, n); const end = r.getBoundingClientRect();"
                            " return s.querySelector('.cite').getBoundingClientRect().right <= end.left + 2; })()")
        assert left is True
    finally:
        browser.close()
