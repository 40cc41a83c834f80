import re

import pytest

from newsdigest import build_cluster, summarize
from newsdigest.model import Article
from newsdigest.analyze.quotes import find_quotes

A = """Port Alden bridge reopens
"The bridge is safer today than on the day it first opened," Mayor Ilse Brandt said on Monday.
"We will not raise the toll before July," she added.
Engineer Tomas Keller told reporters the cables were "in far better shape than we feared".
Residents called the plan "daylight robbery" at a meeting on Sunday evening."""
B = """Bridge back in service
"The bridge is safer today than on the day it was first opened," said Brandt.
Finance director Omar Haddad warned that "the road fund must be repaid within five years".
The first buses crossed the bridge at six in the morning, ahead of the rush.
The ferry that carried commuters since November stops on Friday, the city council confirmed.
Traffic was light for most of the day, and there were no accidents.
"The ferry will keep running until Friday," the harbour master said, "and then it stops for good."
"""
C = """Bridge open again
Brandt praised the engineers who rebuilt the deck.
"They worked through the winter storms without a single accident."
"It is a great day for Port Alden," Haddad said."""

# (article, first words of the quote, speaker); "daylight robbery" is a scare quote, not a quotation
GOLD = [("a", "The bridge is safer today", "Brandt"), ("a", "We will not raise", "Brandt"),
        ("a", "in far better shape", "Keller"), ("b", "The bridge is safer today", "Brandt"),
        ("b", "the road fund must", "Haddad"), ("b", "The ferry will keep running", "the harbour master"),
        ("c", "They worked through", "Brandt"), ("c", "It is a great day", "Haddad")]


@pytest.fixture(scope="module")
def groups():
    return find_quotes(build_cluster([Article("a", A, source="Harbour Times"), Article("b", B, source="Valley News"),
                                      Article("c", C, source="Daily Courier")]))


def test_speakers_precision_and_recall_on_an_invented_cluster(groups):
    found = [(q.article, q.text, q.speaker) for g in groups for q in g.quotes]
    attributed = [f for f in found if f[2]]
    correct = [f for f in attributed if any(f[0] == a and f[1].startswith(start) and f[2] == who
                                            for a, start, who in GOLD)]
    precision, recall = len(correct) / len(attributed), len(correct) / len(GOLD)
    assert (precision, recall) == (1.0, 1.0), found
    assert not any("daylight robbery" in f[1] for f in found)  # two words in quotes are not a quotation


def test_split_quote_is_one_quote(groups):
    [ferry] = [q for g in groups for q in g.quotes if q.text.startswith("The ferry will keep")]
    assert ferry.text == "The ferry will keep running until Friday … and then it stops for good"


def test_the_same_quote_across_outlets_keeps_each_wording(groups):
    [safer] = [g for g in groups if any("safer today" in q.text for q in g.quotes)]
    assert safer.speaker == "Ilse Brandt" and safer.sources == 2
    assert {q.text for q in safer.quotes} == {
        "The bridge is safer today than on the day it first opened",
        "The bridge is safer today than on the day it was first opened"}


def test_sochi_quotes(sochi):
    summary = summarize([sochi])
    groups = summary.quotes
    [interference] = [g for g in groups if any("Interference in American elections is unacceptable" in q.text
                                                 for q in g.quotes)]
    assert interference.speaker.endswith("Pompeo")
    [mueller] = [g for g in groups if any("Mueller" in q.text and "exotic" in q.text for q in g.quotes)]
    assert mueller.speaker.endswith("Putin") and mueller.sources == 3
    assert {"exotic nature", "exotic work"} <= {m for q in mueller.quotes for m in re.findall(r"exotic \w+", q.text)}
    appended = re.compile(r"Minneapolis|missile|Flynn|Democracy Now|shooting", re.I)
    assert not any(appended.search(q.text) for g in groups for q in g.quotes)
    kept = {d.id: d for d in summary.cluster.representatives}
    for g in groups:  # every quote points at a kept sentence that contains it
        for q in g.quotes:
            source = kept[q.article].sentences[q.sentence].original
            assert all(part.strip(" .,") in source for part in q.text.split(" … ")), (q, source)



def _words(text):
    return " ".join(re.findall(r"\w+", text.lower().replace("’", "'")))


def _holds(longer, shorter):
    """Every part of ``shorter`` (split where an attribution stood) is in ``longer`` word for word."""
    return all(f" {_words(part)} " in f" {_words(longer)} " for part in shorter.split(" … "))


def test_sochi_quote_groups_hold_one_statement_each(sochi):
    """Each group is one statement: every two of its wordings state the same thing (the decision
    attribution uses), or one is the other's words quoted in part, so one speaker's different
    statements never share a group."""
    from newsdigest.support import supports

    groups = summarize([sochi]).quotes
    for g in groups:
        for i, a in enumerate(g.quotes):
            for b in g.quotes[:i]:
                assert supports(a.text, b.text).same or _holds(a.text, b.text) or _holds(b.text, a.text), \
                    (g.speaker, a.text, b.text)
    [worse] = [g for g in groups if any(q.text == "even worse place" for q in g.quotes)]
    assert worse.speaker.endswith("Pompeo") and worse.sources == 4  # every outlet that quotes the warning
    statements = ["Interference in American elections is unacceptable", "I conveyed that there are things",
                  "Some of our cooperation has been excellent"]
    for g in groups:
        assert sum(any(s in q.text for q in g.quotes) for s in statements) <= 1, [q.text for q in g.quotes]


def test_a_quote_in_part_is_the_same_statement():
    """An outlet that quotes a few words of a statement another outlet quotes whole quotes the same
    statement; a fragment of one content word, or one that adds words of its own, does not join."""
    full = Article("a", '"We will not raise the toll before July, whatever the council decides," Mayor Ilse Brandt said.\n'
                        'The bridge reopened on Monday after two years of repairs to its cables and deck.',
                   source="Harbour Times")
    part = Article("b", 'Brandt promised that the city would "not raise the toll before July" this year.\n'
                        'Engineers said the cables were in far better shape than they had feared.', source="Valley News")
    other = Article("c", 'Brandt said the city would "raise the toll in August" once the deck is paved.\n'
                         'She also said "not before July" twice in a short speech to the council.', source="Daily Courier")
    groups = find_quotes(build_cluster([full, part, other]))
    [toll] = [g for g in groups if any(q.article == "a" for q in g.quotes)]
    assert {q.article for q in toll.quotes} == {"a", "b"} and toll.sources == 2
    assert not any(q.article == "c" for g in groups if g is toll for q in g.quotes)
