import statistics

import pytest

from conftest import shared
from newsdigest.errors import InputError
from newsdigest.evaluate import load
from newsdigest.evaluate.datasets import DATASETS, load_duc, load_multinews, load_neus
from newsdigest.settings import Settings


def words(text):
    return len(text.split())


def test_duc2003_loader_on_the_real_set():
    shared("duc2003")
    clusters = load("duc2003", shared("."))
    assert len(clusters) == 30
    assert all(len(c.references) == 4 and 8 <= len(c.articles) <= 16 for c in clusters)
    # ~100 words, punctuation tokenized apart (" , ") so whitespace counts run higher
    assert all(90 <= words(r) <= 150 for c in clusters for r in c.references)
    assert clusters[0].id == "d30003t"  # the first cluster of DUC 2003 task 2
    # only <TEXT> is body: no SGML tag or DOCNO leaks into an article
    assert not any("<" in a.text or "DOCNO" in a.text for c in clusters for a in c.articles)


def test_multinews_loader_on_the_real_sample():
    clusters = load("multinews", shared("multinews-val"))
    assert len(clusters) == 250
    assert all(len(c.references) == 1 and c.articles for c in clusters)
    assert not any(c.references[0].startswith(("–", "-")) for c in clusters)
    assert all(a.text.strip() and "\n\n" not in a.text for c in clusters for a in c.articles)


def test_neus_loader_on_the_real_split():
    clusters = load("neus", shared("neus-val"))
    assert len(clusters) == 307
    assert statistics.mean(len(c.articles) for c in clusters) == pytest.approx(3, abs=0.1)
    assert all(a.title and "ARTICLE=>" not in a.text for c in clusters for a in c.articles)
    assert not any("TITLE=>" in c.references[0] for c in clusters)


def test_multiling_loader_on_the_real_set():
    clusters = load("multiling2011", shared("multiling2011-en"))
    assert [c.id for c in clusters] == [f"M00{n}" for n in range(10)]
    assert all(len(c.articles) == 10 and len(c.references) == 3 for c in clusters)


@pytest.mark.parametrize("name,folder", [("multinews", "multinews-val"), ("neus", "neus-val")])
def test_budget_is_the_mean_reference_length(name, folder):
    """The stated rule for sets without a conventional budget: the split's mean reference length."""
    clusters = load(name, shared(folder))
    mean = statistics.mean(words(r) for c in clusters for r in c.references)
    assert DATASETS[name].words == pytest.approx(mean, rel=0.03)


def test_duc_layout_with_see_models_as_in_duc_2004(tmp_path, example):
    import shutil

    shutil.copytree(example, tmp_path / "docs" / "d30001t")
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "D30001.M.100.T.A").write_text(
        '<html>\n<head>\n<title>D30001.M.100.T.A</title>\n</head>\n<body bgcolor="white">\n'
        '<a name="1">[1]</a> <a href="#1" id=1>The bridge reopened on Monday.</a>\n'
        '<a name="2">[2]</a> <a href="#2" id=2>Repairs cost 42 million crowns.</a>\n</body>\n</html>\n')
    [cluster] = list(load_duc(tmp_path, Settings()))
    assert cluster.references == ("The bridge reopened on Monday.\nRepairs cost 42 million crowns.",)
    assert len(cluster.articles) == 5


def test_duc_cluster_without_references_is_skipped_with_a_warning(duc_like, capsys):
    (duc_like / "docs" / "d00003t").mkdir()
    assert [c.id for c in load_duc(duc_like, Settings())] == ["d00001t", "d00002t"]
    assert "d00003t: no reference summaries" in capsys.readouterr().err


@pytest.mark.parametrize("loader", [load_duc, load_multinews, load_neus])
def test_missing_dataset_is_an_input_error(loader, tmp_path):
    with pytest.raises(InputError, match="not found"):
        list(loader(tmp_path / "nowhere", Settings()))


def test_malformed_multinews_row_names_the_line(tmp_path):
    bad = tmp_path / "mn.csv"
    bad.write_text('documents,num_documents,summary\n"[\'ok\']",1,"– fine"\n"[not python",1,"– s"\n')
    with pytest.raises(InputError, match=r"mn\.csv:3"):
        list(load_multinews(bad, Settings()))


def test_unknown_dataset_and_empty_set_are_clear_errors(tmp_path):
    from newsdigest.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown dataset"):
        load("duc2099", tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "refs").mkdir()
    with pytest.raises(InputError, match="no duc2003 clusters"):
        load("duc2003", tmp_path)


def test_neus_folder_of_another_split(tmp_path):
    line = "TITLE=> A. ARTICLE=> The bridge reopened on Monday after repairs. [SEP] TITLE=> B. ARTICLE=> Traffic returned."
    (tmp_path / "test.source").write_text(line + "\n")
    (tmp_path / "test.target").write_text("TITLE=> R. ARTICLE=> The bridge reopened.\n")
    [cluster] = list(load_neus(tmp_path, Settings()))
    assert [a.title for a in cluster.articles] == ["A.", "B."] and cluster.references == ("The bridge reopened.",)
