import json

from conftest import is_deletion_of
from newsdigest import summarize
from newsdigest.settings import DEFAULT_METHOD
from newsdigest.render import render


def test_text_is_the_summary_only_one_sentence_a_line(example):
    s = summarize([example], words=60)
    assert render(s, "text").splitlines() == [x.text for x in s.sentences]


def test_markdown_cites_numbered_sources_and_reports_duplicates(example):
    md = render(summarize([example], words=60), "markdown")
    assert md.startswith(f"## Summary ({DEFAULT_METHOD}, 60 words)")
    assert "[1]" in md and "## Sources" in md
    assert "same page as `02_coastal-herald-recrawl.txt`" in md


def test_markdown_escapes_source_text():
    from newsdigest.model import Article

    s = summarize([Article("x", "The <b>bridge</b> *reopened* on Monday after four months of repairs.", title="[t](u)")])
    md = render(s, "markdown")
    assert "<b>" not in md and "\\<b\\>" in md and "\\[t\\](u)" in md


def test_json_schema_and_citations_index_kept_sentences(example):
    data = json.loads(render(summarize([example], words=100), "json"))
    assert set(data) == {"method", "budget", "language", "summary", "articles", "duplicates", "quotes",
                         "disagreements", "entities", "warnings"}
    assert data["language"] == "en"
    assert all(set(e) == {"name", "kind", "mentions", "sources"} for e in data["entities"])
    kinds = {d["kind"] for d in data["disagreements"]}
    assert kinds == {"number", "spelling", "quote"}  # the example has one of each: 40/42 million, Brandt/Brant, a quote
    for group in data["quotes"]:
        assert set(group) == {"speaker", "sources", "quotes"}
        assert all(set(q) == {"text", "speaker", "article", "sentence"} for q in group["quotes"])
    assert all(set(s) - {"claims"} == {"text", "kind", "sources", "support", "single_source"} for s in data["summary"])
    assert {s["kind"] for s in data["summary"]} == {"extracted"}
    assert data["budget"] == {"unit": "words", "limit": 100}
    articles = {a["id"]: a for a in data["articles"]}
    assert set(articles["01_coastal-herald.txt"]) == {"id", "title", "source", "date", "date_source", "url",
                                                      "language", "sentences", "removed"}
    assert {a["language"] for a in data["articles"]} == {"en"}  # identified: the example gives none
    assert articles["01_coastal-herald.txt"]["date"] == "2025-02-03"  # "Updated 3 February 2025" above the text
    assert articles["01_coastal-herald.txt"]["date_source"] == "dateline"
    assert articles["03_valley-news.html"]["date_source"] == "metadata"
    assert data["duplicates"] == [["01_coastal-herald.txt", "02_coastal-herald-recrawl.txt"]]
    for item in data["summary"]:
        origin = item["sources"][0]
        # the article lists its sentences as written; the summary may show them compressed
        assert is_deletion_of(item["text"], articles[origin["article"]]["sentences"][origin["sentence"]])
        for src in item["sources"]:
            assert 0 <= src["sentence"] < len(articles[src["article"]]["sentences"])
        outlets = {articles[c["article"]]["source"].lower() or c["article"] for c in item["sources"]}
        assert item["support"] == len(outlets) and item["single_source"] == (item["support"] == 1)
    reasons = {r["reason"] for a in data["articles"] for r in a["removed"]}
    assert {"gallery counter", "photo caption", "timestamp"} <= reasons
    assert all(set(r) == {"text", "reason", "applied"} and r["applied"] for a in data["articles"] for r in a["removed"])


def test_json_articles_carry_every_article_field_but_its_text_and_local_path():
    from newsdigest import Article
    from newsdigest.model import ARTICLE_STRINGS

    given = Article(**{k: f"{k}-value" for k in ARTICLE_STRINGS if k not in ("text", "language")}, language="en",
                    text="The harbour bridge reopened on Monday after four months of storm repairs.")
    [record] = json.loads(render(summarize([given]), "json"))["articles"]
    assert record["id"] == "id-value" and record["title"] == "title-value" and record["language"] == "en"
    assert set(ARTICLE_STRINGS) - set(record) == {"text", "path"}
