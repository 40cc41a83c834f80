import json

import numpy as np
import pytest

from conftest import make_duc_like
from newsdigest import methods
from newsdigest.errors import ConfigError
from newsdigest.evaluate import cut_words, evaluate, systems
from newsdigest.evaluate.bench import as_markdown, bench
from newsdigest.evaluate.report import as_json, as_markdown as table_markdown, as_text, per_cluster_csv
from newsdigest.methods.base import Method


def test_cut_words_keeps_lines_and_stops_at_the_budget():
    assert cut_words("a b c\nd e f\ng h", 5) == "a b c\nd e"
    assert cut_words("a b c\nd e", 5) == "a b c\nd e"
    assert cut_words("a b", 1) == "a"


def test_every_registered_method_and_the_anchors_are_compared():
    names = [m.name for m, _ in systems()]
    assert names[: len(methods.names(local=True))] == methods.names(local=True)
    assert {"lead", "random", "sumy-lexrank", "sumy-textrank", "sumy-lsa"} <= set(names)
    only = [(m.name, kind) for m, kind in systems(method_names=["centroid"])]
    assert only[0] == ("centroid", "method") and ("lead", "baseline") in only  # lead stays as an anchor


class Longest(Method):
    """Longest sentences first (a method registered in one place, for this test)."""

    name = "longest"

    def scores(self, sentences, vectors):
        return np.array([s.words for s in sentences], dtype=float)


def test_a_method_registered_in_one_place_shows_up_in_evaluate(monkeypatch, duc_like):
    monkeypatch.setitem(methods.REGISTRY, Longest.name, Longest)
    report = evaluate("duc2003", duc_like, scorer="rouge-score", with_baselines=False)
    assert [s.system for s in report.systems] == methods.names(local=True)
    assert "longest" in as_text(report)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """Official ROUGE-1.5.5 over all systems, on the invented example laid out as DUC."""
    return evaluate("duc2003", make_duc_like(tmp_path_factory.mktemp("duc")), words=60)


def test_official_report_scores_all_systems_per_cluster(report):
    assert report.scorer == "rouge-1.5.5" and report.words == 60 and report.clusters == 2
    by_name = {s.system: s for s in report.systems}
    assert set(by_name) >= {"centroid", "lead", "random", "sumy-lexrank"}
    for result in report.systems:
        assert set(result.clusters) == {"d00001t", "d00002t"}
        score = result.scores["rouge-1-r"]
        assert score.low <= score.value <= score.high
        per_cluster = [result.clusters[c]["rouge-1"][0] for c in result.clusters]
        assert score.value == pytest.approx(np.mean(per_cluster), abs=1e-5)
    # the invented cluster's references describe the bridge: a real method beats random
    assert by_name["centroid"].scores["rouge-1-r"].value > by_name["random"].scores["rouge-1-r"].value


def test_json_output_schema(report):
    data = json.loads(as_json(report))
    assert set(data) == {"dataset", "scorer", "words", "clusters", "systems", "meta", "paired"}
    assert data["paired"]["base"] == "hybrid" and "random" in data["paired"]["differences"]
    assert set(data["meta"]) == {"command", "date", "machine", "versions", "rouge_flags", "identified"}
    assert data["meta"]["identified"] == {"en": 10}  # the two invented English clusters' articles
    system = data["systems"][0]
    assert set(system) == {"system", "kind", "scores", "clusters", "seconds"}
    assert set(system["scores"]["rouge-2-r"]) == {"value", "low", "high"}
    assert set(system["clusters"]["d00001t"]["rouge-1"]) == {"recall", "precision", "f1"}
    assert {s["kind"] for s in data["systems"]} == {"method", "baseline"}


def test_tables_name_the_scorer_and_never_mix_kinds(report):
    text, markdown = as_text(report), table_markdown(report)
    assert "rouge-1.5.5" in text.splitlines()[0]
    assert "R-1 R (95% CI)" in text and "R-Lsum" not in text
    assert markdown.count("\n| ") == len(report.systems) + 1
    assert "Paired R-2 recall difference, hybrid minus each system" in text


def test_per_cluster_csv_has_a_row_per_system_cluster_and_metric(report):
    rows = per_cluster_csv(report).splitlines()
    assert rows[0] == "dataset,scorer,system,cluster,metric,recall,precision,f1"
    assert len(rows) - 1 == len(report.systems) * 2 * 4  # 2 clusters, ROUGE-1..4


def test_bench_times_each_method_beside_sumy_lexrank(duc_like):
    result = bench("duc2003", duc_like, method_names=["centroid"], repeat=1)
    names = [r["system"] for r in result["rows"]]
    assert names == ["centroid", "sumy-lexrank"]
    for row in result["rows"]:
        assert 0 < row["select_median_s"] <= row["select_worst_s"]
        assert row["pipeline_median_s"] >= row["select_median_s"] and row["peak_mib_worst"] > 0
    assert result["rows"][1]["times_faster_than_sumy_lexrank"] == pytest.approx(1.0)
    assert "× faster than sumy-lexrank" in as_markdown(result)


def test_paired_difference_is_the_mean_of_per_cluster_differences(report):
    from newsdigest.evaluate.report import paired

    base, label, diffs = paired(report)
    by_name = {s.system: s for s in report.systems}
    expected = np.mean([by_name[base].clusters[c]["rouge-2"][0] - by_name["random"].clusters[c]["rouge-2"][0]
                        for c in by_name[base].clusters])
    assert label == "R-2 recall" and diffs["random"].value == pytest.approx(expected)
    assert diffs["random"].low <= diffs["random"].value <= diffs["random"].high


def test_multiling_in_another_language_is_scored_with_unicode_tokens_beside_its_participants(tmp_path):
    """An invented French set in MultiLing's layout, with two participants' runs."""
    root = tmp_path / "multiling2011" / "french"
    for folder in ("SourceTexts", "ModelSummaries", "PeerSummaries"):
        (root / folder).mkdir(parents=True)
    facts = ["La ligne de tramway a rouvert lundi après six semaines de travaux sur le pont de la Verne.",
             "Les travaux ont coûté douze millions d'euros, dont un tiers payé par la région.",
             "La maire Claire Duval a inauguré la ligne avec les agents de la régie.",
             "Les commerçants du port espèrent retrouver leurs clients cette semaine.",
             "L'opposition juge que le chantier aurait dû avoir lieu pendant l'été."]
    for k in range(3):
        (root / "SourceTexts" / f"M000{k}.french").write_text(
            "Le tramway roule de nouveau\n\n" + " ".join(facts[k:] + facts[:k]), encoding="utf-8")
    (root / "ModelSummaries" / "M000.A.250").write_text(" ".join(facts[:3]), encoding="utf-8")
    (root / "PeerSummaries" / "M000.ID1.250").write_text(facts[4], encoding="utf-8")
    (root / "PeerSummaries" / "M000.ID2.250").write_text(" ".join(facts[:2]), encoding="utf-8")
    report = evaluate("multiling2011", tmp_path, method_names=["hybrid"], words=40, language="fr")
    assert report.scorer == "rouge-unicode" and report.meta["language"] == "fr"
    assert report.meta["identified"] == {"fr": 3}
    kinds = {r.system: r.kind for r in report.systems}
    assert kinds["ID1"] == kinds["ID2"] == "participant" and kinds["lead-first"] == "baseline"
    recall = {r.system: r.scores["rouge2-r"].value for r in report.systems}
    assert recall["ID2"] > recall["ID1"]  # two of the reference's three facts against one it lacks
    with pytest.raises(ConfigError, match="one language"):
        evaluate("neus", tmp_path, language="fr")


def make_duc_update(root):
    """An invented DUC 2007 update-task folder from the bundled example: topic D0901A, subset A
    (three pages), B and C (one each), a reference and a participant's run for B and C."""
    import shutil

    from conftest import EXAMPLE, REFERENCE_B

    files = sorted(EXAMPLE.iterdir())
    for subset, picked in (("A", files[:3]), ("B", files[3:4]), ("C", files[4:])):
        folder = root / "docs" / "D0901A" / f"D0901A-{subset}"
        folder.mkdir(parents=True)
        for f in picked:
            shutil.copy(f, folder / f.name)
    (root / "refs").mkdir()
    for subset in ("B", "C"):
        (root / "refs" / f"D0901-{subset}.M.100.A.A").write_text(REFERENCE_B)
        (root / "refs" / f"D0901-{subset}.M.100.A.40").write_text("The bridge reopened.")  # system 40's run
    (root / "update_topics.sgml").write_text(
        "<topic>\n<num> D0901A </num>\n<title> Harbour bridge </title>\n<narr>\nWhat did the repairs cost and "
        "what happens to the toll?\n</narr>\n</topic>\n")
    return root


def test_the_update_task_loads_each_later_subset_with_the_earlier_ones_as_read(tmp_path):
    from newsdigest.evaluate.run import load

    clusters = load("duc2007-update", make_duc_update(tmp_path / "update"))
    assert [c.id for c in clusters] == ["D0901A-B", "D0901A-C"]  # A has nothing earlier: not an update
    b, c = clusters
    assert len(b.seen) == 3 and len(c.seen) == 4 and {a.id for a in b.seen} < {a.id for a in c.seen}
    assert not {a.id for a in b.articles} & {a.id for a in b.seen}
    assert b.query.startswith("Harbour bridge. What did the repairs cost") and dict(b.peers) == {"ID40": "The bridge reopened."}


def test_evaluate_an_update_set_with_since_and_query_beside_the_same_summarizer_without(tmp_path):
    from newsdigest.evaluate.rouge import check_official

    try:
        check_official()
    except Exception as exc:  # noqa: BLE001 - skip with the reason the scorer gives
        pytest.skip(str(exc))
    report = evaluate("duc2007-update", make_duc_update(tmp_path / "update"), method_names=["hybrid"])
    names = {r.system: r for r in report.systems}
    assert {"hybrid", "hybrid-generic", "hybrid-no-since", "lead-newest", "ID40"} <= set(names)
    assert report.words == 100 and "-2 4 -u" in report.meta["rouge_flags"]
    text = as_text(report)
    assert "Rank among the 1 participants' runs on R-2 (1 = best): hybrid " in text
