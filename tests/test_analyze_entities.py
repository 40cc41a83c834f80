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
