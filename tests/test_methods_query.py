"""Query-focused selection: relevance to a query, and summaries that answer it (invented text)."""
import json
import shutil

import pytest

from conftest import EXAMPLE, REFERENCE_A, REFERENCE_B
from newsdigest import methods, summarize
from newsdigest.methods.query import focus
from newsdigest.model import Budget, Sentence
from newsdigest.pipeline import build_cluster, read_articles
from newsdigest.render import render
from newsdigest.vectors import content_terms


def _sentences(texts):
    return [Sentence("a", k, t, terms=content_terms(t)) for k, t in enumerate(texts)]


def test_relevance_ranks_the_sentence_that_names_the_query_first_and_expands_from_the_cluster():
    found = focus(_sentences(["The toll will rise from two to three crowns next year.",
                              "Residents protested the toll rise outside the town hall.",
                              "Crowns were counted by the protest organisers.",
                              "The weather was fine on Monday."]), "What about the toll?")
    assert found.relevance[0] == found.relevance.max() == 1.0 and found.relevance[3] == 0.0
    assert list(found.on_topic) == [True, True, False, False]
    assert found.relevance[2] > 0  # no query word, but the cluster's words around the toll (crowns)


@pytest.fixture(scope="module")
def cluster():
    return build_cluster(read_articles([EXAMPLE]))


@pytest.mark.parametrize("name", [n for n in methods.names(local=True)])
def test_every_method_answers_with_sentences_that_share_a_word_with_the_query(cluster, name):
    keys = methods.get(name).select(cluster, Budget(words=60), "What did the repairs cost?").keys
    asked = set(content_terms("What did the repairs cost?"))
    by_key = {(s.article, s.index): s for s in cluster.sentences}
    assert keys and all(asked & set(by_key[k].terms) for k in keys)


def test_a_query_summary_marks_relevance_and_differs_from_the_generic_one():
    generic = summarize([EXAMPLE], words=60)
    asked = summarize([EXAMPLE], words=60, query="What did residents say about the toll?")
    assert [s.text for s in asked.sentences] != [s.text for s in generic.sentences]
    assert all(s.relevance is not None and 0 < s.relevance <= 1 for s in asked.sentences)
    assert all(s.relevance is None for s in generic.sentences)
    data = json.loads(render(asked, "json"))
    assert data["query"] == "What did residents say about the toll?" and all("relevance" in s for s in data["summary"])
    assert "Question:" in render(asked, "markdown") and "Question:" in render(asked, "html")


def test_the_articles_holding_nothing_or_little_on_the_query_is_said_and_not_padded():
    nothing = summarize([EXAMPLE], words=100, query="volcanic eruption in Iceland")
    assert nothing.sentences == () and any("say nothing on the query" in w for w in nothing.warnings)
    little = summarize([EXAMPLE], words=200, query="steel cables")
    used = sum(len(s.text.split()) for s in little.sentences)
    assert 0 < used < 200 and any("hold little on the query" in w for w in little.warnings)
    assert all({"steel", "cabl"} & set(content_terms(s.text)) for s in little.sentences)


def test_query_on_the_command_line_and_in_the_http_api(capsys, tmp_path):
    from newsdigest.cli import main

    assert main(["summarize", str(EXAMPLE), "--query", "What did the repairs cost?", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["query"] == "What did the repairs cost?" and data["summary"]
    pytest.importorskip("fastapi", reason="the serve extra is not installed")
    from fastapi.testclient import TestClient

    from newsdigest.api import create_app

    with TestClient(create_app(db=str(tmp_path / "s.db"))) as client:
        articles = [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in sorted(EXAMPLE.glob("*.txt"))]
        body = client.post("/v1/summarize", json={"articles": articles, "words": 60, "query": "the toll"}).json()
    assert body["query"] == "the toll" and all("toll" in s["text"].lower() for s in body["summary"])


def test_evaluate_a_query_focused_set_beside_the_generic_default_and_the_newest_lead(tmp_path):
    from newsdigest.evaluate import evaluate
    from newsdigest.evaluate.rouge import check_official

    try:
        check_official()
    except Exception as exc:  # noqa: BLE001 - skip with the reason the scorer gives
        pytest.skip(str(exc))
    root = tmp_path / "main"
    for topic in ("D0001A", "D0002B"):
        shutil.copytree(EXAMPLE, root / "docs" / topic)
        (root / "refs").mkdir(parents=True, exist_ok=True)
        (root / "refs" / f"{topic[:-1]}.M.250.A.A").write_text(REFERENCE_A)
        (root / "refs" / f"{topic[:-1]}.M.250.A.B").write_text(REFERENCE_B)
        (root / "refs" / f"{topic[:-1]}.M.250.A.7").write_text("The bridge reopened.")  # system 7's run
    (root / "topics.sgml").write_text(
        "<topic>\n<num> D0001A </num>\n<title> Bridge toll </title>\n<narr>\nWhat do residents say about the "
        "toll?\n</narr>\n</topic>\n<topic>\n<num> D0002B </num>\n<title> Repairs </title>\n<narr>\nWhat did "
        "the repairs cost?\n</narr>\n</topic>\n")
    report = evaluate("duc2007-main", root, method_names=["hybrid"], words=60)
    names = {r.system: r for r in report.systems}
    assert {"hybrid", "hybrid-generic", "lead-newest", "random"} <= set(names)
    assert names["ID7"].kind == "participant"  # a numbered summary is a system's, not a reference
    from newsdigest.evaluate.run import load

    assert all(len(c.references) == 2 and dict(c.peers) == {"ID7": "The bridge reopened."}
               for c in load("duc2007-main", root))
    assert "rouge-su4-r" in names["hybrid"].scores and "-2 4 -u" in report.meta["rouge_flags"]


def test_an_answer_leads_with_its_most_relevant_sentence():
    asked = summarize([EXAMPLE], words=100, query="What did the repairs cost?")
    relevance = [s.relevance for s in asked.sentences]
    assert len(relevance) > 1 and relevance == sorted(relevance, reverse=True)


def test_since_says_what_is_new_and_leaves_out_what_the_reader_has_read():
    from newsdigest import Article

    old = [Article("old", "The Alden Harbour Bridge reopened to traffic on Monday after four months of storm repairs. "
                          "The repairs cost the city 42 million crowns.")]
    new = [Article("new1", "The Alden Harbour Bridge reopened to traffic on Monday after four months of storm repairs. "
                           "The city council voted on Wednesday to raise the bridge toll from two to three crowns. "
                           "Residents plan a protest against the higher toll outside the town hall on Friday."),
           Article("new2", "The city council voted on Wednesday to raise the toll on the bridge to three crowns. "
                           "The repairs cost the city 42 million crowns, officials said again.")]
    generic = summarize(new, words=60)
    update = summarize(new, words=60, since=old)
    said = " ".join(s.text for s in update.sentences)
    assert "reopened" in " ".join(s.text for s in generic.sentences)
    assert "reopened" not in said and "42 million" not in said and "toll" in said
    assert update.since == ("old",) and any("restate what the 1 earlier one said" in w for w in update.warnings)
    assert all(c.article != "old" for s in update.sentences for c in s.sources)  # cites the new articles only
    assert json.loads(render(update, "json"))["since"] == ["old"]
