"""evaluate updates: background-summaries' update summaries on the T17 articles, --since beside baselines."""
import pytest

from newsdigest.errors import InputError
from newsdigest.evaluate.updates import evaluate_updates, render_report


def _data(root):
    topic = root / "t17" / "haiti"
    (topic / "timelines").mkdir(parents=True)
    rows = [("2010-01-12", "A powerful earthquake struck Haiti on Tuesday , flattening much of Port-au-Prince .\n"
                           "Thousands of people were feared dead in the capital , officials said ."),
            ("2010-01-13", "Rescuers searched the rubble of Port-au-Prince on Wednesday for survivors of the quake .\n"
                           "The earthquake struck Haiti on Tuesday , flattening much of the capital ."),
            ("2010-01-14", "The first aid flights landed at the damaged airport of Port-au-Prince on Thursday .\n"
                           "Doctors set up field hospitals as the death toll from the earthquake rose .")]
    (topic / "outputwithpub.csv").write_text("date,text\n" + "".join(f'{d},"{t}"\n' for d, t in rows), encoding="utf-8")
    (topic / "timelines" / "bbc.txt").write_text("2010-01-12\nAn earthquake hits Haiti .\n" + "-" * 32 + "\n")
    event = root / "background-summaries" / "events" / "haitian_earthquake"
    event.mkdir(parents=True)
    for n in (1, 2):
        (event / f"annotator{n}.tsv").write_text(
            "Date\tUpdate\tBackground\n[2010-01-12]\tA powerful earthquake strikes Haiti.\t\n"
            "[2010-01-13]\tRescuers search the rubble for survivors.\tAn earthquake struck Haiti.\n"
            "[2010-01-14]\tAid flights land and doctors set up field hospitals.\tAn earthquake struck Haiti.\n"
            "[2010-01-20]\tNothing was published on this day here.\tAn earthquake struck Haiti.\n", encoding="utf-8")
    return root


def test_one_run_scores_since_beside_without_and_lead_newest(tmp_path):
    report = evaluate_updates(_data(tmp_path))
    assert report.dates == ("haitian_earthquake/2010-01-12", "haitian_earthquake/2010-01-13",
                            "haitian_earthquake/2010-01-14") and report.skipped == 1
    assert set(report.scores) == {"newsdigest --since", "newsdigest", "lead-newest"}
    assert report.scores["newsdigest --since"]["scores"]["rouge1-f"].value > 0
    assert set(report.paired) == {"rouge1", "rouge2"}
    assert "| newsdigest --since |" in render_report(report, "markdown")


def test_without_the_data_it_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        evaluate_updates(tmp_path)


def test_quiet_from_the_command_line_prints_no_progress(tmp_path, capsys):
    from newsdigest.cli import main

    data = _data(tmp_path / "data")
    out = tmp_path / "report.json"
    assert main(["evaluate", "updates", "--data", str(data), "--quiet", "--no-baselines", "--format", "json",
                 "--output", str(out)]) == 0
    assert "haitian_earthquake" not in capsys.readouterr().err and out.read_text().startswith("{")
