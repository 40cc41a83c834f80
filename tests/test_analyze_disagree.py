from dataclasses import replace

from newsdigest import Settings, build_cluster, summarize
from newsdigest.analyze.disagree import find_disagreements
from newsdigest.model import Article
from newsdigest.analyze.quotes import find_quotes

A = """Bridge reopens after repairs
The repairs cost 42 million crowns, the council said on Monday in a statement.
Engineers replaced 14 steel cables during the four months of work on the deck.
Foreign Minister Sergei Lavrov sent his congratulations to the people of the city.
The storm in October killed 3 people in the old port district of the city.
"The bridge is safer today than on the day it first opened," Mayor Ilse Brandt said.
The new traffic lights on the eastern approach were switched on Monday morning by the council."""
B = """Bridge open again
The repairs cost 40 million crowns, a third of it paid by the national road fund.
Engineers replaced 14 new steel cables on the eastern span of the bridge.
Foreign Minister Sergey Lavrov sent his congratulations to the people of the city.
The toll will rise from two to three crowns in July to pay back the road fund.
Some 12 people were injured when the storm hit the harbour in October last year.
"The bridge is safer today than on the day it was first opened," Mayor Ilse Brandt said.
Ferries from North Korea and a North Korean delegation attended the ceremony on Monday.
The new traffic lights on the eastern approach were switched on Tuesday morning by the council.
The ferry that replaced the bridge will stop running on Friday this week."""

GOLD = {("number", "million crowns"), ("spelling", "Sergei Lavrov"), ("quote", "Ilse Brandt"),
        ("date", "Monday / Tuesday")}  # Friday's ferry and Monday's ceremony are other events


def invented(source_b="Valley News"):
    # Uncleaned: these short invented pages are about disagreements, not about noise (the
    # cleaner takes B's varied tail for an appended article).
    return build_cluster([Article("a", A, source="Harbour Times"), Article("b", B, source=source_b)],
                         replace(Settings(), keep_noise=True))


def test_precision_and_recall_on_an_invented_cluster():
    cluster = invented()
    found = {(d.kind, d.subject) for d in find_disagreements(cluster, find_quotes(cluster))}
    precision = len(found & GOLD) / len(found)
    recall = len(found & GOLD) / len(GOLD)
    assert (precision, recall) == (1.0, 1.0), found


def test_versions_carry_their_sources():
    cluster = invented()
    [number] = [d for d in find_disagreements(cluster) if d.kind == "number"]
    assert [(v.text, [c.article for c in v.citations]) for v in number.versions] == [
        ("40 million crowns", ["b"]), ("42 million crowns", ["a"])]


def test_one_outlet_does_not_disagree_with_itself():
    assert not find_disagreements(invented(source_b="Harbour Times"), find_quotes(invented("Harbour Times")))


def test_sochi_disagreements(sochi):
    summary = summarize([sochi])
    found = {(d.kind, v.text) for d in summary.disagreements for v in d.versions}
    assert {("quote", "exotic nature of"), ("quote", "exotic work of")} <= found
    assert {("spelling", "Sergei Lavrov"), ("spelling", "Sergey Lavrov")} <= found
