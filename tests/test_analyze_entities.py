import pytest

from newsdigest import build_cluster
from newsdigest.analyze.entities import _spacy, find_entities
from newsdigest.ingest import read_paths


@pytest.fixture(scope="module")
def cluster(example):
    return build_cluster(read_paths([example]))


@pytest.fixture(scope="module")
def example():
    from conftest import EXAMPLE

    return EXAMPLE


def test_fallback_finds_names_two_sources_share(cluster):
    found = {e.name: e for e in find_entities(cluster, use_spacy=False)}
    assert found["Ilse Brandt"].sources == 3 and found["Ilse Brandt"].kind == "name"
    assert "Alden Harbour Bridge" in found
    assert not {"Monday", "October", "Mayor Ilse Brandt"} & set(found)  # dates and titles are not names
    assert all(e.sources >= 2 for e in found.values())
    assert "Jonas Weir" not in found  # quoted by one outlet only


@pytest.mark.skipif(_spacy() is None, reason="the entities extra (spaCy) is not installed")
def test_spacy_types_people_organisations_places(cluster, sochi):
    found = {e.name: e for e in find_entities(cluster)}
    assert found["Ilse Brandt"].kind == "person" and found["Keller & Dunn"].kind == "organization"
    people = {e.name for e in find_entities(build_cluster(read_paths([sochi]))) if e.kind == "person"}
    assert {"Mike Pompeo", "Vladimir Putin", "Sergei Lavrov"} <= people


def test_the_tagger_reads_only_the_words_around_a_name_two_outlets_write():
    from newsdigest.analyze.entities import _shared_spans
    from newsdigest.model import Article

    cluster = build_cluster([
        Article("a", "Mike Pompeo met Vladimir Putin in Sochi on Tuesday after a long flight from Norvik. "
                     "The talks lasted three hours. "
                     "Officials from Norvik also attended.", source="Herald"),
        Article("b", "POMPEO and Putin spoke for three hours. The weather in the resort was mild.", source="Courier")])
    kept = dict(zip(("a", "b"), _shared_spans(cluster.representatives, 2)))
    # four words either side of a shared name, within its sentence: "The", "Officials", "Norvik": one outlet
    assert kept["a"] == ["Mike Pompeo met Vladimir Putin in Sochi on Tuesday"]
    assert kept["b"] == ["POMPEO and Putin spoke for three hours."]  # capitals as entity keys are: lower-cased


def test_the_tagger_reads_the_first_occurrences_of_each_shared_name_in_a_document():
    from newsdigest.analyze.entities import _shared_spans
    from newsdigest.model import Article

    cluster = build_cluster([
        Article("a", "Pompeo landed early. The weather was mild and the sea was calm. "
                     "Pompeo met the press at noon. Later that day Pompeo flew home.", source="Herald"),
        Article("b", "Pompeo spoke for an hour.", source="Courier")])
    kept = dict(zip(("a", "b"), _shared_spans(cluster.representatives, 2, read=2)))
    assert kept["a"] == ["Pompeo landed early.", "Pompeo met the press at"]  # four words after; the third is not read
    assert dict(zip(("a", "b"), _shared_spans(cluster.representatives, 2)))["a"][-1] == "Later that day Pompeo flew home."


def test_a_name_tagged_in_a_document_counts_wherever_it_writes_it_with_the_clusters_kind():
    from newsdigest.analyze.entities import _throughout
    from newsdigest.model import Article

    cluster = build_cluster([
        Article("a", "Officials in Jordan met Ilse Brandt. Brandt said Jordan  would help. Brandt left.", source="Herald"),
        Article("b", "Jordan agreed, Brandt said.", source="Courier"),
        Article("c", "Jordan was calm. Brandt spoke.", source="Gazette")])
    docs = cluster.representatives
    # spaCy read a's first sentence, called Jordan a place in a and b and a person in c, and missed Brandt in c
    tagged = [[("Jordan", "place"), ("Ilse Brandt", "person")], [("Jordan", "place"), ("Brandt", "person")],
              [("Jordan", "person")]]
    found = dict(zip(("a", "b", "c"), _throughout(docs, tagged)))
    assert found["a"] == [("Jordan", "place"), ("Ilse Brandt", "person"), ("Jordan", "place")]  # "Brandt" alone is not a's
    assert found["b"] == [("Jordan", "place"), ("Brandt", "person")]
    assert found["c"] == [("Jordan", "place")]  # the cluster's kind; Brandt, never tagged in c, is not counted there
