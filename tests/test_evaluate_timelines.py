"""evaluate t17: tilse's metrics reproduced on their documented example, the T17 layout read, a run."""
import datetime
import importlib.util

import pytest

from newsdigest.errors import InputError
from newsdigest.evaluate.timelines import evaluate_t17, load_t17, read_timeline, render_report, score

needs_tilse = pytest.mark.skipif(importlib.util.find_spec("tilse") is None,
                                 reason="tilse is not installed (make test installs it)")


@needs_tilse
def test_tilse_reproduces_its_documented_example():
    """tilse's EVALUATION.md: concat ROUGE-1 P/R/F .1667/.3333/.2222, align+ m:1 .0833/.1667/.1111."""
    from tilse.data import timelines
    from tilse.evaluation import rouge

    evaluator = rouge.TimelineRougeEvaluator(measures=["rouge_1"])
    predicted = timelines.Timeline({datetime.date(2010, 1, 1): ["Just a test .", "Another sentence ."],
                                    datetime.date(2010, 1, 3): ["Some more content .", "Even more !"]})
    truth = timelines.GroundTruth([
        timelines.Timeline({datetime.date(2010, 1, 2): ["Just a test ."],
                            datetime.date(2010, 1, 4): ["This one does not match ."]}),
        timelines.Timeline({datetime.date(2010, 1, 5): ["Another timeline !"]})])
    concat = evaluator.evaluate_concat(predicted, truth)["rouge_1"]
    aligned = evaluator.evaluate_align_date_content_costs_many_to_one(predicted, truth)["rouge_1"]
    assert [round(concat[k], 4) for k in ("precision", "recall", "f_score")] == [0.1667, 0.3333, 0.2222]
    assert [round(aligned[k], 4) for k in ("precision", "recall", "f_score")] == [0.0833, 0.1667, 0.1111]


def _topic(root, name="storm"):
    folder = root / name
    (folder / "timelines").mkdir(parents=True)
    rows = [("2025-02-01", "A storm hit the coast of Alden on Saturday , cutting power to thousands of homes .\n"
                           "Officials said the storm was the worst in a decade ."),
            ("2025-02-02", "Crews restored power to most homes in Alden on Sunday after the storm .\n"
                           "Officials said schools will reopen on Monday once the roads are cleared ."),
            ("2025-02-03", "Schools in Alden reopened on Monday after the storm , officials said .\n"
                           "The mayor thanked the crews who restored power after the storm of Saturday ."),
            ("2025-03-01", "An unrelated story from March about the harbour festival and its music .")]
    (folder / "outputwithpub.csv").write_text(
        "date,text\n" + "".join(f'{d},"{t}"\n' for d, t in rows), encoding="utf-8")
    (folder / "timelines" / "tl.txt").write_text(
        "2025-02-01\nA storm hits the coast of Alden , cutting power .\n" + "-" * 32 + "\n"
        "2025-02-03\nSchools reopen after the storm .\n" + "-" * 32 + "\n"
        "2025-02-03\nThe mayor thanks the crews .\n" + "-" * 32 + "\n", encoding="utf-8")
    return root


def test_the_t17_layout_is_read_one_task_a_timeline_inputs_within_its_dates(tmp_path):
    tasks = load_t17(_topic(tmp_path))
    assert len(tasks) == 1
    task = tasks[0]
    assert task.name == "storm/tl" and [a.date for a in task.articles] == ["2025-02-01", "2025-02-02", "2025-02-03"]
    assert task.reference["2025-02-03"] == ("Schools reopen after the storm .", "The mayor thanks the crews .")
    assert (task.dates, task.per_date) == (2, 2)  # a date written twice keeps both entries


def test_a_broken_timeline_is_an_input_error(tmp_path):
    path = tmp_path / "tl.txt"
    path.write_text("not a date\nsomething\n" + "-" * 32 + "\n")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        read_timeline(path)
    with pytest.raises(InputError, match="no T17 topics"):
        load_t17(tmp_path)


@needs_tilse
def test_scores_count_dates_and_content():
    reference = {"2025-02-01": ["A storm hits the coast of Alden ."], "2025-02-03": ["Schools reopen ."]}
    perfect = score(reference, reference)
    assert perfect.date == (1.0, 1.0) and perfect.ar1 == (1.0, 1.0)
    off = score({"2025-02-02": ["Nothing alike here at all ."]}, reference)
    assert off.date == (0.0, 0.0) and off.ar1 == (0.0, 0.0)
    assert score({}, reference).ar2 == (0.0, 0.0)


@needs_tilse
def test_one_run_scores_newsdigest_beside_the_baselines(tmp_path):
    report = evaluate_t17(_topic(tmp_path))
    assert set(report.rows) == {"newsdigest", "random", "most-published"}
    ours = report.macro("newsdigest")
    assert ours["date"] == 1.0 and ours["ar1"] > 0  # the two days most articles name
    table = render_report(report, "markdown")
    assert "| newsdigest |" in table and "news-tls Datewise (published, 19 tasks)" in table


@needs_tilse
def test_other_systems_timelines_are_scored_in_the_same_run(tmp_path, capsys):
    root = _topic(tmp_path)
    given = tmp_path / "given"
    (given / "copycat" / "storm").mkdir(parents=True)  # the reference itself: a perfect score
    (given / "copycat" / "storm" / "tl.txt").write_text((root / "storm" / "timelines" / "tl.txt").read_text())
    (given / "offday").mkdir()
    (given / "offday" / "tl.txt").write_text("2025-02-02\nCrews restored power .\n" + "-" * 32 + "\n")
    (given / "partial").mkdir()  # holds no timeline for the task: left out, said
    report = evaluate_t17(root, systems=["most-published"], peers=given)
    assert set(report.rows) == {"most-published", "copycat (given)", "offday (given)"}
    assert report.macro("copycat (given)")["ar1"] == pytest.approx(1.0) and report.macro("copycat (given)")["date"] == 1.0
    assert report.macro("offday (given)")["date"] == 0.0
    assert "partial: no timeline for storm/tl; left out" in capsys.readouterr().err
    with pytest.raises(InputError, match="not a folder"):
        evaluate_t17(root, peers=tmp_path / "nowhere")


def test_quiet_t17_run_takes_no_progress_callback(tmp_path):
    report = evaluate_t17(_topic(tmp_path), systems=["most-published"], progress=None)
    assert report.rows
