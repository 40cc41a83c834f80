import io
import json
import sys

import pytest

from newsdigest.errors import InputError
from newsdigest.ingest import detect, read_bytes, read_paths
from newsdigest.settings import Settings

SGML = """<DOC>
<DOCNO> APW19981017.0151 </DOCNO>
<DATE_TIME> 10/17/1998 05:50:00 </DATE_TIME>
<HEADER> w2985 &Cx1f; wstm- </HEADER>
<BODY><SLUG> BC-Britain-Pinochet </SLUG>
<TEXT>
	   LONDON (AP) _ An influential lawmaker backed Spanish requests
to question Gen. Augusto Pinochet.
	   ``There have been 3,197 cases,'' Ann Clwyd said.
</TEXT></BODY></DOC>
<DOC><DOCNO> NYT19981018.0098 </DOCNO><DATE> 19981018 </DATE>
<TEXT><P> First paragraph of the second story. </P><P> Its second paragraph. </P></TEXT></DOC>
"""


def test_plain_text_short_first_line_without_full_stop_is_the_title():
    [a] = read_bytes(b"Bridge reopens\n\nThe bridge reopened on Monday.\n", "a.txt", "a.txt")
    assert a.title == "Bridge reopens"
    assert a.text == "The bridge reopened on Monday."
    [b] = read_bytes(b"The bridge reopened on Monday.\nMore text.\n", "b.txt", "b.txt")
    assert b.title == "" and b.text.startswith("The bridge")


def test_a_first_line_above_a_dateline_is_the_title_even_with_a_full_stop():
    # a headline a translator closed with a full stop, its date below in another script's digits
    page = "हैती ने ७.० मैगनिट्यूड का भुकंप आया।\nमंगलवार, जनवरी १२, २०१०\nपहला वाक्य। दूसरा वाक्य।\n"
    [a] = read_bytes(page.encode(), "h.txt", "h.txt")
    assert a.title == "हैती ने ७.० मैगनिट्यूड का भुकंप आया।"
    assert a.text.startswith("मंगलवार")
    # a sentence above a line that merely holds numbers stays the text's first sentence
    [b] = read_bytes(b"The bridge reopened on Monday.\nIn 2005 it carried 12 million cars.\n", "b.txt", "b.txt")
    assert b.title == "" and b.text.startswith("The bridge")


@pytest.mark.parametrize("line, dated", [
    ("Tuesday, July 12, 2005", True), ("السبت 8 يناير 2005", True),
    ("2005/01/08", True), ("Samedi 1er janvier 2005", True), ("In 2005 he won 3 races.", False),
    ("The 2005 season", False), ("Page 1 of 3", False), ("", False)])
def test_looks_dated_needs_a_year_and_a_day_on_a_short_line(line, dated):
    from newsdigest.lexicon import looks_dated

    assert looks_dated(line) is dated


def test_sgml_reads_every_doc_with_docno_date_and_text_only():
    arts = read_bytes(SGML.encode(), "x.sgml", "x.sgml")
    assert [a.id for a in arts] == ["APW19981017.0151", "NYT19981018.0098"]
    first, second = arts
    assert first.date == "1998-10-17" and second.date == "1998-10-18"
    assert first.source == "APW"
    assert "BC-Britain" not in first.text and "w2985" not in first.text  # SLUG and HEADER are not body
    # hard-wrapped lines are joined, paragraphs kept, wire quotes made typographic
    assert first.text.split("\n") == [
        "LONDON (AP) _ An influential lawmaker backed Spanish requests to question Gen. Augusto Pinochet.",
        "\u201cThere have been 3,197 cases,\u201d Ann Clwyd said.",
    ]
    assert second.text.split("\n") == ["First paragraph of the second story.", "Its second paragraph."]


@pytest.mark.parametrize("content,reason", [
    ("<DOC><DOCNO> X </DOCNO><TEXT> body", "no complete"),
    ("<DOC><DOCNO> X </DOCNO></DOC>", "has no <TEXT>"),
    ("<DOC><DOCNO>A</DOCNO><TEXT>a</TEXT></DOC><DOC><DOCNO>B</DOCNO><TEXT>b", "2 <DOC> opened but 1 closed"),
])
def test_malformed_sgml_is_refused_with_the_reason(content, reason):
    with pytest.raises(InputError) as err:
        read_bytes(content.encode(), "bad.sgml", "bad.sgml")
    assert "bad.sgml" in str(err.value) and reason in str(err.value)


def test_json_forms_and_optional_fields():
    one = json.dumps({"id": "a1", "body": "Text one.", "title": "T", "url": "http://x", "published": "2024-01-02"})
    [a] = read_bytes(one.encode(), "one.json", "one.json")
    assert (a.id, a.text, a.title, a.url, a.date) == ("a1", "Text one.", "T", "http://x", "2024-01-02")
    many = json.dumps({"articles": [{"text": "A."}, {"text": "B.", "source": "Wire"}]})
    arts = read_bytes(many.encode(), "many.json", "many.json")
    assert [a.id for a in arts] == ["many.json#1", "many.json#2"] and arts[1].source == "Wire"


def test_json_lines_ids_and_a_bad_line_named():
    good = b'{"id": 1, "text": "A."}\n\n{"text": "B."}\n'
    assert [a.id for a in read_bytes(good, "f.jsonl", "f.jsonl")] == ["1", "f.jsonl#3"]
    with pytest.raises(InputError, match=r"f.jsonl: malformed JSONL: line 2"):
        read_bytes(b'{"text": "A."}\n{"text": \n', "f.jsonl", "f.jsonl")
    with pytest.raises(InputError, match="no string field 'text' or 'body'"):
        read_bytes(b'{"headline": "x"}\n', "g.jsonl", "g.jsonl")


def test_prose_that_merely_starts_with_a_bracket_is_text():
    [a] = read_bytes(b"[AP] WASHINGTON - The Senate voted on Friday.\n", "wire", "wire")
    assert a.text == "[AP] WASHINGTON - The Senate voted on Friday."


def test_a_lone_surrogate_escaped_in_json_becomes_a_replacement_character_not_a_crash(tmp_path):
    """JSON may escape half of a UTF-16 pair ("\\ud800"); no encoder can write that character,
    so every later stage that encodes text (hashing, MinHash, the store) would fail on it."""
    import newsdigest

    body = "The harbour bridge reopened on Monday \\ud800 after four months of repairs, officials said."
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "a", "title": "Bridge \\udfff", "text": "' + body + '"}\n', encoding="utf-8")
    [article] = read_paths([path])
    assert "\ufffd" in article.text and article.title == "Bridge \ufffd"
    article.text.encode("utf-8")  # writable now
    summary = newsdigest.summarize([path])
    assert "\ufffd" in summary.sentences[0].text
    given = newsdigest.summarize([newsdigest.Article("b", "The bridge reopened \ud800 on Monday after repairs to its deck.")])
    assert "\ufffd" in given.sentences[0].text


def test_malformed_json_is_refused():
    with pytest.raises(InputError, match=r"x.json: malformed JSON: line 1"):
        read_bytes(b'{"text": "unterminated', "x.json", "x.json")


def test_html_main_text_title_date_and_site(example):
    [a] = read_paths([example / "03_valley-news.html"])
    assert a.title == "Harbour bridge back in service as tolls row looms"
    assert a.source == "Valley News" and a.date == "2025-02-03"
    assert "Traffic flowed again" in a.text
    assert "Five cafes" not in a.text and "Weather" not in a.text  # navigation and side boxes are dropped


def test_detect_by_content_before_extension():
    assert detect("<!DOCTYPE html><html><body><p>x</p></body></html>", "page.txt") == "html"
    assert detect("<DOC>\n<DOCNO> X </DOCNO>", "a.txt") == "sgml"
    assert detect('{"text": "a"}\n{"text": "b"}\n', "feed") == "jsonl"
    assert detect('[{"text": "a"}]', "feed") == "json"
    assert detect("Plain words.", "a.json.txt") == "text"


def test_folder_is_read_recursively_with_relative_ids(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("First article here.")
    (tmp_path / "sub" / "b.txt").write_text("Second article here.")
    (tmp_path / ".hidden").write_text("ignored")
    warnings = []
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" * 50)
    arts = read_paths([tmp_path], warn=warnings.append)
    assert [a.id for a in arts] == ["a.txt", "sub/b.txt"]
    assert len(warnings) == 1 and "photo.jpg" in warnings[0] and "binary" in warnings[0]


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Title line\nBody text here.\n")))
    [a] = read_paths(["-"])
    assert a.id == "stdin" and a.title == "Title line"


@pytest.mark.parametrize("setup,reason", [
    (lambda p: None, "no such file or folder"),
    (lambda p: p.mkdir(), "folder has no files"),
    (lambda p: p.write_bytes(b""), "file is empty"),
    (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10), "binary file"),
])
def test_unusable_paths_name_the_file_and_reason(tmp_path, setup, reason):
    target = tmp_path / "input"
    setup(target)
    with pytest.raises(InputError) as err:
        read_paths([target])
    assert str(target) in str(err.value) and reason in str(err.value)


_RSS = (b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Example News</title>'
        b'<item><title>Bridge reopens</title><link>https://example.org/a</link>'
        b'<description>The bridge reopened on Monday.</description></item></channel></rss>')


@pytest.mark.parametrize("data,what", [
    (_RSS, "an RSS or Atom feed"),
    (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>', "an RSS or Atom feed"),
    (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/a</loc></url></urlset>',
     "a sitemap"),
    (b'<opml version="2.0"><body><outline xmlUrl="https://example.org/rss"/></body></opml>', "an OPML list of feeds"),
    (b"\xef\xbb\xbf# two pages\nhttps://example.org/a\n\nhttps://example.org/b\n", "a list of URLs"),
])
def test_a_feed_sitemap_or_url_list_is_refused_as_not_an_article(tmp_path, data, what):
    # read as text, each gave an empty summary of its markup, exit code 0
    target = tmp_path / "listing.xml"
    target.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_paths([target])
    assert str(err.value) == f"{target}: {what}, not an article: `newsdigest watch` reads the articles it lists"


def test_a_feed_inside_a_folder_is_skipped_with_a_warning(tmp_path):
    (tmp_path / "a.txt").write_text("First article here.")
    (tmp_path / "feed.xml").write_bytes(_RSS)
    warnings = []
    assert [a.id for a in read_paths([tmp_path], warn=warnings.append)] == ["a.txt"]
    assert warnings == [f"{tmp_path / 'feed.xml'}: skipped (an RSS or Atom feed, not an article: "
                        "`newsdigest watch` reads the articles it lists)"]


def test_an_article_that_opens_with_a_url_is_still_an_article():
    [a] = read_bytes(b"https://example.org/a\nThe bridge reopened on Monday after repairs.\n", "a.txt", "a.txt")
    assert "reopened on Monday" in a.text


def test_legacy_encodings_are_decoded(tmp_path):
    text = "Café owners in Zürich said the façade was finished. Prices rose by 5 percent over the year."
    (tmp_path / "latin1.txt").write_bytes(text.encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    arts = read_paths([tmp_path / "latin1.txt", tmp_path / "utf16.txt"])
    assert all("Zürich" in a.text and "façade" in a.text for a in arts)


def test_oversized_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 11_000_000)  # 55 MB
    with pytest.raises(InputError, match=r"big.txt: file is 52.5 MiB, over the 20 MiB limit"):
        read_paths([big])
    small_limit = Settings(max_file_bytes=10)
    with pytest.raises(InputError, match="over the"):
        read_bytes(b"x" * 11, "f.txt", "f.txt", small_limit)


def test_duplicate_ids_are_refused(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "x", "text": "A."}\n{"id": "x", "text": "B."}\n')
    with pytest.raises(InputError, match="article id 'x' also used"):
        read_paths([tmp_path / "a.jsonl"])


def test_html_after_a_comment_or_a_style_block_is_still_html():
    assert detect("<!-- *** NO CACHE *** -->\n<!doctype html>\n<html><body><p>x</p></body></html>", "p.txt") == "html"
    assert detect("<style>\n  .a { opacity: 1 }\n</style>\n<html><body><p>x</p></body></html>", "p") == "html"


def test_html_keeps_its_structure_as_blocks():
    page = (b"<html><body><article><h1>Bridge reopens</h1>"
            b"<p>The harbour bridge reopened to traffic on Monday after four months of storm repairs.</p>"
            b"<h2>What it cost</h2><p>The repairs cost 42 million crowns, the city's officials said.</p>"
            b"<ul><li><a href='/a'>Five cafes to try this spring</a></li><li>A list item of plain text</li></ul>"
            b"</article></body></html>")
    [a] = read_bytes(page, "p.html", "p.html")
    lines = a.text.split("\n")
    assert len(a.blocks) == len(lines)
    kinds = dict(zip(lines, a.blocks))
    assert kinds["What it cost"].kind == "head"
    assert kinds["Five cafes to try this spring"].kind == "item" and kinds["Five cafes to try this spring"].links == 1.0
    assert kinds["A list item of plain text"].links == 0.0


def test_page_dates_say_where_they_came_from():
    meta = b"<html><head><meta property='article:published_time' content='2025-02-03T09:00:00'></head>"
    body = b"<body><article><p>The harbour bridge reopened to traffic on Monday after four months of repairs.</p>"
    [a] = read_bytes(meta + body + b"</article></body></html>", "a.html", "a.html")
    assert (a.date, a.date_source) == ("2025-02-03", "metadata")
    # a copyright year is not a publication date
    footer = b"<footer>Copyright 2025 Valley News. All rights reserved.</footer></body></html>"
    [b] = read_bytes(b"<html><body><article><p>The harbour bridge reopened to traffic on Monday after four "
                     b"months of repairs.</p></article>" + footer, "b.html", "b.html")
    assert (b.date, b.date_source) == ("", "")
    # nor a date after the page was fetched
    [c] = read_bytes(meta + body + b"</article></body></html>", "c.html", "c.html", fetched="2025-01-31")
    assert c.date != "2025-02-03"
    [t] = read_bytes(b"Bridge reopens\nMonday, 22 July 2019\nLatest news\n16 May 2019\n\nThe bridge reopened on "
                     b"Monday after four months of repairs, officials said.\n", "t.txt", "t.txt")
    assert (t.date, t.date_source) == ("2019-05-16", "dateline")  # the story's own date, under its headline
    # a caption under the date bar names another day in a sentence: the date bar's date stands
    [u] = read_bytes(b"Tributes paid\n\nTuesday, July 7, 2009\nAmbulances at Russell Square after the July 7, 2005 "
                     b"bombings.\n\nA permanent memorial for the victims of the bombings has been unveiled in Hyde "
                     b"Park, London, England, on the fourth anniversary.\n", "u.txt", "u.txt")
    assert u.date == "2009-07-07"
    [s] = read_bytes(SGML.encode(), "x.sgml", "x.sgml")[:1]
    assert s.date_source == "input"


def test_a_mostly_utf8_file_with_one_broken_byte_stays_utf8():
    data = ("Zażółć gęślą jaźń. " * 50).encode() + b"\xc3\x28" + "Łódź.".encode()
    [a] = read_bytes(data, "pl.txt", "pl.txt")
    assert "Zażółć gęślą jaźń." in a.text and "Łódź." in a.text and "\ufffd" in a.text


def test_sgml_date_with_minutes_is_iso():
    doc = b"<DOC><DOCNO> A </DOCNO><DATE_TIME> 1998-10-21 11:23 </DATE_TIME><TEXT> The bridge reopened. </TEXT></DOC>"
    [a] = read_bytes(doc, "a.sgml", "a.sgml")
    assert a.date == "1998-10-21"
