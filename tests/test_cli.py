import json
import subprocess
import sys

import pytest

from newsdigest import methods
from newsdigest.cli import main
from newsdigest.settings import DEFAULT_METHOD


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_summarize_prints_the_summary_only(capsys, example):
    code, out, err = run(capsys, "summarize", str(example), "--sentences", "2")
    assert code == 0 and len(out.splitlines()) == 2 and err == ""


def test_output_file_is_written(capsys, example, tmp_path):
    target = tmp_path / "s.json"
    code, out, _ = run(capsys, "summarize", str(example), "--format", "json", "-o", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text())["method"] == DEFAULT_METHOD
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]  # no temporary file left behind


@pytest.mark.parametrize("name,content,reason", [
    ("missing", None, "no such file or folder"),
    ("empty", "folder", "folder has no files"),
    ("b.bin", b"\x00\x01\x02" * 100, "binary file"),
    ("bad.json", b'{"text": ', "malformed JSON"),
    ("bad.sgml", b"<DOC><DOCNO> X </DOCNO><TEXT> a", "malformed SGML"),
    ("bad.html", b"<html><body></body></html>", "no text found in the page"),
])
def test_bad_input_is_one_line_exit_2_and_no_output_file(capsys, tmp_path, name, content, reason):
    path = tmp_path / name
    if content == "folder":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    target = tmp_path / "out.md"
    code, out, err = run(capsys, "summarize", str(path), "-o", str(target))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("newsdigest: error: ") and reason in err and str(path) in err
    assert not target.exists()


def test_article_with_no_sentences_is_a_warning_and_an_empty_summary(capsys, tmp_path):
    (tmp_path / "menu.txt").write_text("Menu\nHome » News\nFollow\n")
    code, out, err = run(capsys, "summarize", str(tmp_path / "menu.txt"))
    assert code == 0 and out == "" and "warning: no sentences left" in err


def test_skipped_files_in_a_folder_are_reported_on_stderr(capsys, tmp_path, example):
    (tmp_path / "04.txt").write_bytes((example / "04_daily-courier.txt").read_bytes())
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" * 50)
    code, out, err = run(capsys, "summarize", str(tmp_path))
    assert code == 0 and out and "warning:" in err and "photo.jpg: skipped (binary file)" in err


def test_single_article_is_summarized(capsys, example):
    code, out, _ = run(capsys, "summarize", str(example / "04_daily-courier.txt"), "--words", "40")
    assert code == 0 and 0 < len(out.split()) <= 40


def test_bad_budget_is_a_usage_error(capsys, example):
    code, _, err = run(capsys, "summarize", str(example), "--words", "0")
    assert code == 2 and "at least 1" in err


def test_methods_lists_the_registry(capsys):
    code, out, _ = run(capsys, "methods")
    assert code == 0 and [l.split("\t")[0] for l in out.splitlines()] == methods.names()


def test_console_script_runs_from_stdin(example):
    text = (example / "04_daily-courier.txt").read_bytes()
    proc = subprocess.run([sys.executable, "-m", "newsdigest.cli", "summarize", "-", "--tokens", "40"],
                          input=text, capture_output=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() and proc.stderr == b""


def test_evaluate_prints_a_table_and_writes_per_cluster_scores(capsys, duc_like, tmp_path):
    scores = tmp_path / "per-cluster.csv"
    code, out, err = run(capsys, "evaluate", "duc2003", "--data", str(duc_like), "--method", "centroid",
                         "--scorer", "rouge-score", "--per-cluster", str(scores), "-q")
    assert code == 0 and err == ""
    assert out.splitlines()[0].startswith("duc2003: 2 clusters, 100 words, rouge-score")
    assert any(line.startswith("centroid ") for line in out.splitlines())
    assert scores.read_text().startswith("dataset,scorer,system,cluster,metric")


def test_evaluate_json_to_a_file(capsys, duc_like, tmp_path):
    target = tmp_path / "report.json"
    code, out, _ = run(capsys, "evaluate", "duc2003", "--data", str(duc_like), "--no-baselines",
                       "--scorer", "rouge-score", "--format", "json", "-o", str(target), "-q")
    assert code == 0 and out == ""
    assert [s["kind"] for s in json.loads(target.read_text())["systems"]] == ["method"] * len(methods.names(local=True))


@pytest.mark.parametrize("args,reason", [
    (["evaluate", "duc2003", "--data", "/no/such/folder"], "/no/such/folder: not found"),
    (["evaluate", "duc2003", "--words", "0"], "--words must be at least 1"),
    (["evaluate", "multinews", "--data", "/no/such.csv"], "/no/such.csv: not found"),
])
def test_evaluate_errors_are_one_line_exit_2(capsys, args, reason):
    code, out, err = run(capsys, *args, "-q")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and reason in err


def test_no_compress_keeps_sentences_as_written(capsys, example):
    from newsdigest.ingest import read_paths

    written = {line.strip() for a in read_paths([example]) for line in a.text.splitlines()}
    _, out, _ = run(capsys, "summarize", str(example), "--no-compress", "--words", "150")
    assert out and all(any(line in w for w in written) for line in out.splitlines())


def test_output_file_gets_the_usual_permissions(capsys, example, tmp_path):
    import os

    old = os.umask(0o022)
    try:
        target = tmp_path / "s.txt"
        run(capsys, "summarize", str(example), "-o", str(target))
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644


def test_quotes_lists_speakers_and_each_outlets_wording(capsys, example):
    code, out, err = run(capsys, "quotes", str(example))
    assert code == 0 and err == ""
    assert "Ilse Brandt — 3 sources" in out
    assert '  "safer today than on the day it first opened"' in out


def test_quotes_json(capsys, example):
    code, out, _ = run(capsys, "quotes", str(example), "--format", "json")
    groups = json.loads(out)
    assert code == 0 and groups and set(groups[0]) == {"speaker", "sources", "quotes"}


def test_ingest_events_digest_and_cluster_commands(capsys, example, tmp_path):
    db = str(tmp_path / "s.db")
    assert main(["ingest", str(example), "--db", db]) == 0
    err = capsys.readouterr().err
    assert "5 read, 5 stored (1 near-duplicate); 1 new event;" in err and "articles/s" in err
    assert main(["ingest", str(example), "--db", db, "-q"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["events", "--db", db]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    event, span, size, sources, text = line.split("\t")
    assert (event, size, sources) == ("0", "5 articles", "4 sources") and "Harbour Bridge" in text
    assert main(["events", "--db", db, "--min-sources", "5"]) == 0 and capsys.readouterr().out == ""
    assert main(["events", "--db", db, "--since", "2999-01-01", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["digest", "--db", db, "--date", "2025-02-03", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["date"] == "2025-02-03" and doc["events"][0]["sources"] == 4
    assert all(s["sources"] for s in doc["events"][0]["summary"])
    for fmt, marker in (("text", "Event 0 · 2025-02-03"), ("markdown", "## Event 0"), ("html", 'id="event-0"')):
        assert main(["digest", "--db", db, "--date", "2025-02-03", "--format", fmt]) == 0
        assert marker in capsys.readouterr().out
    assert main(["cluster", str(example)]) == 0
    records = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert {r["event"] for r in records} == {0} and sum("duplicate_of" in r for r in records) == 1


@pytest.mark.parametrize("args, reason", [
    (["events", "--db", "{tmp}/none.db"], "no such store"),
    (["digest", "--db", "{tmp}/none.db"], "no such store"),
    (["digest", "--db", "{tmp}/s.db", "--date", "yesterday"], "not a date"),
    (["events", "--db", "{tmp}/s.db", "--min-sources", "0"], "--min-sources must be at least 1"),
    (["ingest", "{tmp}/x.jsonl", "--db", "{tmp}/s.db", "--batch", "0"], "--batch must be at least 1"),
    (["events", "--db", "{tmp}/junk.db"], "not a newsdigest store"),
])
def test_stream_command_errors_are_one_line_exit_2(capsys, tmp_path, example, args, reason):
    main(["ingest", str(example), "--db", str(tmp_path / "s.db"), "-q"])
    (tmp_path / "junk.db").write_bytes(b"junk" * 1000)
    capsys.readouterr()
    assert main([a.format(tmp=tmp_path) for a in args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and reason in err
    assert not (tmp_path / "none.db").exists()


def test_ingest_skips_a_broken_file_and_exits_1(capsys, example, tmp_path):
    (tmp_path / "broken.json").write_text("[{", encoding="utf-8")
    assert main(["ingest", str(tmp_path / "broken.json"), str(example), "--db", str(tmp_path / "s.db")]) == 1
    err = capsys.readouterr().err
    assert f"skipped {tmp_path / 'broken.json'}: malformed JSON" in err and "5 stored" in err


def test_ingest_reads_json_lines_from_stdin(tmp_path, example):
    feed = (example.parent / "feed" / "feed.jsonl").read_text()
    db = tmp_path / "s.db"
    run = subprocess.run([sys.executable, "-m", "newsdigest.cli", "ingest", "-", "--db", str(db)],
                         input=feed, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "6 read, 6 stored" in run.stderr
    run = subprocess.run([sys.executable, "-m", "newsdigest.cli", "events", "--db", str(db), "--format", "json"],
                         capture_output=True, text=True)
    events = json.loads(run.stdout)
    assert sorted(e["size"] for e in events) == [3, 3]


@pytest.mark.parametrize("args, reason", [
    (["serve", "--host", "0.0.0.0"], "not loopback: give --token"),
    (["serve", "--db", "{tmp}/none.db"], "no such store"),
    (["serve", "--workers", "0"], "--workers is too small"),
])
def test_serve_refuses_to_start_without_what_it_needs(capsys, tmp_path, monkeypatch, args, reason):
    monkeypatch.delenv("NEWSDIGEST_TOKEN", raising=False)
    assert main([a.format(tmp=tmp_path) for a in args]) == 2
    assert reason in capsys.readouterr().err


def test_version_needs_neither_numpy_nor_the_pipeline():
    """Start-up is import work: `newsdigest --version` must not load numpy, scipy or the methods."""
    import subprocess
    import sys

    code = ("import sys; from newsdigest.cli import main; main(['--version']); "
            "print(sorted(m for m in ('numpy', 'scipy', 'trafilatura', 'newsdigest.pipeline') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["newsdigest 0.1.0", "[]"]


def test_an_unknown_language_is_a_one_line_usage_error(capsys, example, tmp_path):
    target = tmp_path / "out.txt"
    code, out, err = run(capsys, "summarize", str(example), "--language", "not a language", "-o", str(target))
    assert code == 2 and out == "" and err.count("\n") == 1 and "unknown language 'not a language'" in err
    assert not target.exists()


def test_an_input_language_that_is_no_language_names_the_article(capsys, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "x1", "language": "??", "text": "The bridge reopened on Monday."}) + "\n")
    code, out, err = run(capsys, "summarize", str(path))
    assert code == 2 and err.count("\n") == 1 and "x1: unknown language '??'" in err


def test_language_flag_and_json_language(capsys, tmp_path):
    path = tmp_path / "fr.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"a{k}", "text": text}, ensure_ascii=False) for k, text in enumerate([
        "Le pont a rouvert lundi après quatre mois de travaux. La maire a coupé le ruban devant la foule.",
        "Après quatre mois de travaux, le pont est de nouveau ouvert depuis lundi. Les bus circulent."])) + "\n")
    code, out, err = run(capsys, "summarize", str(path), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["language"] == "fr" and {a["language"] for a in data["articles"]} == {"fr"}
    assert "English-only" in err  # said on stderr as in the JSON warnings
    code, out, _ = run(capsys, "summarize", str(path), "--format", "json", "--language", "english")
    assert json.loads(out)["language"] == "en"


def test_since_on_the_command_line(capsys, example):
    files = sorted(p for p in example.iterdir() if p.is_file())
    code, out, err = run(capsys, "summarize", *map(str, files[2:]), "--since", str(files[0]), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["since"] == [files[0].name]
    assert all(s["sources"][0]["article"] != files[0].name for s in data["summary"])
