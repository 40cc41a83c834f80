import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace


from conftest import EXAMPLE, synthetic_feed, write_jsonl
from newsdigest import Settings
from newsdigest.evaluate.clustering import bcubed
from newsdigest.stream import Store, cluster, digest, headline, ingest
from newsdigest.stream.stream import Stream


def _membership(db):
    with sqlite3.connect(db) as c:
        return dict(c.execute("SELECT article, event FROM membership"))


def _check_consistent(db, expected_ids):
    """Each article once, in exactly one live event; nothing else."""
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = [r[0] for r in c.execute("SELECT id FROM articles")]
        assert sorted(ids) == sorted(expected_ids)
        members = c.execute("SELECT article, event FROM membership").fetchall()
        assert sorted(a for a, _ in members) == sorted(expected_ids)
        dead = {r[0] for r in c.execute("SELECT id FROM events WHERE merged_into IS NOT NULL")}
        assert not dead & {e for _, e in members}
        event = dict(members)
        for dup, original in c.execute("SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL"):
            assert event[dup] == event[original]


def test_ingest_groups_a_feed_into_its_events(tmp_path):
    records = synthetic_feed(events=30, per_event=4)
    feed = write_jsonl(tmp_path / "feed.jsonl", records)
    report = ingest([feed], tmp_path / "s.db", replace(Settings(), stream_batch=16))
    assert (report.read, report.stored, report.known, report.skipped) == (120, 120, 0, [])
    events = _membership(tmp_path / "s.db")
    assert bcubed([events[r["id"]] for r in records], [r["id"].split("-")[0] for r in records])[2] > 0.95
    with Store(tmp_path / "s.db") as store:
        assert len(store.events(min_sources=4)) == 30  # outlet-0..3 in every event


def test_reingesting_the_same_or_overlapping_input_is_idempotent(tmp_path):
    records = synthetic_feed(events=10, per_event=3)
    db = tmp_path / "s.db"
    first = write_jsonl(tmp_path / "first.jsonl", records[:20])
    ingest([first], db)
    before = _membership(db)
    again = ingest([first], db)
    assert (again.read, again.stored, again.known) == (20, 0, 20)
    assert _membership(db) == before
    overlap = write_jsonl(tmp_path / "overlap.jsonl", records[10:])
    report = ingest([overlap], db)
    assert (report.stored, report.known) == (10, 10)
    _check_consistent(db, [r["id"] for r in records])


def test_the_same_id_with_new_text_is_an_update_not_a_new_article(tmp_path):
    records = synthetic_feed(events=4, per_event=2)
    db = tmp_path / "s.db"
    ingest([write_jsonl(tmp_path / "a.jsonl", records)], db)
    event = _membership(db)[records[0]["id"]]
    changed = dict(records[0], text=records[0]["text"] + "\n\nA correction was appended on Tuesday.")
    report = ingest([write_jsonl(tmp_path / "b.jsonl", [changed])], db)
    assert (report.updated, report.stored) == (1, 0)
    with Store(db) as store:
        (article,) = [a for a in store.articles(event) if a.id == records[0]["id"]]
        assert article.text.endswith("appended on Tuesday.")


def test_a_recrawl_is_a_duplicate_in_the_same_event_and_not_a_second_source(tmp_path):
    db = tmp_path / "s.db"
    report = ingest([EXAMPLE], db)
    assert report.duplicates == 1
    with sqlite3.connect(db) as c:
        dup, original = c.execute("SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL").fetchone()
    assert "recrawl" in dup and "coastal-herald" in original
    _check_consistent(db, [r[0] for r in sqlite3.connect(db).execute("SELECT id FROM articles")])
    with Store(db) as store:
        (row,) = store.events()
        assert (row.size, row.sources) == (5, 4)


def test_a_store_signed_with_an_older_shingle_hash_is_signed_again_and_finds_the_recrawl(tmp_path):
    """A store from before dedup.SIGNATURES 2 (its signatures unreadable to the new hash, here
    garbage) has its duplicate window signed again when a stream opens it: the recrawl of a
    stored page is still its duplicate."""
    from newsdigest.dedup import SIGNATURES
    from newsdigest.stream import Stream
    from newsdigest.stream.report import IngestReport

    from newsdigest.ingest import read_paths

    db = tmp_path / "s.db"
    ingest([p for p in sorted(EXAMPLE.iterdir()) if "recrawl" not in p.name], db)
    [recrawl] = read_paths([EXAMPLE / "02_coastal-herald-recrawl.txt"])
    with sqlite3.connect(db) as c:
        c.execute("UPDATE articles SET signature = zeroblob(1024) WHERE signature IS NOT NULL")
        c.execute("INSERT INTO meta VALUES ('signatures', 1)")
    with Store(db) as store:
        stream = Stream(Settings(), store)
        assert store.meta("signatures") == SIGNATURES
        [placement] = stream.add([recrawl], IngestReport())
    assert placement.duplicate_of and "coastal-herald" in placement.duplicate_of
    from newsdigest.dedup import signature_values
    from newsdigest.stream.stream import cleaned

    with Store(db) as store:  # what the next open reads: every signature the new hash's, of its cleaned text
        stored = dict(store.recent_signatures(100))
        assert stored and stored == {a.id: signature_values(cleaned(a, Settings())[1], Settings()).tobytes()
                                     for a in store.recent_signed(100)}


def test_a_broken_file_mid_stream_is_reported_and_the_rest_stored(tmp_path):
    records = synthetic_feed(events=6, per_event=2)
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", records[:4])
    (folder / "b.json").write_text('{"id": "x", "text": "unclosed', encoding="utf-8")
    (folder / "c.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    lines = [json.dumps(r) for r in records[4:8]]
    (folder / "d.jsonl").write_text("\n".join(lines[:2] + ["{not json", '{"id": "no-text"}'] + lines[2:]) + "\n")
    write_jsonl(folder / "e.jsonl", records[8:])
    seen = []
    report = ingest([folder, tmp_path / "missing"], tmp_path / "s.db", on_skip=lambda w, r: seen.append((w, r)))
    assert report.stored == len(records)
    reasons = dict(seen)
    assert set(reasons) == {str(folder / "b.json"), str(folder / "c.html"), f"{folder / 'd.jsonl'}:3",
                            f"{folder / 'd.jsonl'}:4", str(tmp_path / "missing")}
    assert "malformed JSON" in reasons[str(folder / "b.json")] and "binary" in reasons[str(folder / "c.html")]
    assert "no string field 'text'" in reasons[f"{folder / 'd.jsonl'}:4"]
    _check_consistent(tmp_path / "s.db", [r["id"] for r in records])


def test_cluster_needs_no_store_and_numbers_events_from_zero(tmp_path):
    records = synthetic_feed(events=5, per_event=3)
    out, report = cluster([write_jsonl(tmp_path / "f.jsonl", records)])
    assert [o["article"] for o in out] == [r["id"] for r in records]
    events = [o["event"] for o in out]
    assert events[0] == 0 and sorted(set(events)) == list(range(5))
    assert bcubed(events, [r["id"].split("-")[0] for r in records])[2] == 1.0


def test_headline_and_digest_come_from_the_pipeline_and_are_cached(tmp_path):
    db = tmp_path / "s.db"
    ingest([EXAMPLE], db)
    with Store(db) as store:
        (row,) = store.events()
        line = headline(store, row.id)
        assert "Harbour Bridge" in line and len(line.split()) <= 45
        assert store.cached(row.id, next(iter(_keys(store)))) == line
        day, items = digest(store)
        assert day == store.latest_day() and [i.event.id for i in items] == [row.id]
        assert items[0].summary.sentences and all(s.sources for s in items[0].summary.sentences)
    ingest([write_jsonl(tmp_path / "more.jsonl", [{"id": "extra", "source": "Gazette", "text": (
        EXAMPLE / "04_daily-courier.txt").read_text()}])], db)
    with Store(db) as store:
        assert list(_keys(store)) == []  # the event changed: its cached headline is gone


def _keys(store):
    return [k for (k,) in store.db.execute("SELECT key FROM summaries")]


def test_a_killed_ingest_loses_no_committed_batch_and_reruns_cleanly(tmp_path):
    """kill -9 a real ingest mid-way; what was committed is intact, a rerun completes it once."""
    records = synthetic_feed(events=150, per_event=4, seed=7)
    feed = write_jsonl(tmp_path / "feed.jsonl", records)
    db = tmp_path / "s.db"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    cmd = [sys.executable, "-m", "newsdigest.cli", "ingest", str(feed), "--db", str(db), "--batch", "20", "-q"]
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE)
    committed = []
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
                    committed = [r[0] for r in c.execute("SELECT id FROM articles")]
            except sqlite3.OperationalError:  # the schema is still being created
                committed = []
            if len(committed) >= 100:
                break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    assert 100 <= len(committed) < len(records)
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        after_kill = {r[0] for r in c.execute("SELECT id FROM articles")}
    assert set(committed) <= after_kill and len(after_kill) % 20 == 0  # whole batches only
    _check_consistent(db, after_kill)
    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    _check_consistent(db, [r["id"] for r in records])
    events = _membership(db)
    assert bcubed([events[r["id"]] for r in records], [r["id"].split("-")[0] for r in records])[2] > 0.95
    final = ingest([feed], db)
    assert (final.stored, final.known) == (0, len(records))


def test_the_bundled_feed_separates_two_stories_from_one_city(tmp_path):
    out, _ = cluster([EXAMPLE, EXAMPLE.parent / "feed" / "feed.jsonl"])
    events = {r["article"]: r["event"] for r in out}
    bridge = {events[k] for k in events if k.endswith((".txt", ".html"))}
    ferry = {events[k] for k in ("herald-ferry-strike", "courier-ferry-strike", "valley-ferry-talks")}
    comet = {events[k] for k in ("herald-comet", "science-daily-comet", "newsfarm-comet")}
    assert len(bridge) == len(ferry) == len(comet) == 1 and len(bridge | ferry | comet) == 3


def test_duc2003_as_json_lines_loses_no_article_in_ingest(tmp_path):
    # Wire copy exported as {"id", "text", "date"} keeps its tab-indented, hard-wrapped lines; cleaning
    # once took whole bodies for photo captions and ingest skipped 28 of the 298 articles.
    import re

    from conftest import shared

    docs = shared("duc2003") / "docs"
    feed = tmp_path / "duc2003.jsonl"
    seen = set()
    with feed.open("w") as out:
        for f in sorted(p for d in docs.iterdir() for p in d.iterdir()):
            for doc in re.findall(r"<DOC>(.*?)</DOC>", f.read_text(errors="replace"), re.S):
                docno = re.search(r"<DOCNO>(.*?)</DOCNO>", doc, re.S).group(1).strip()
                if docno not in seen:
                    seen.add(docno)
                    text = re.sub(r"</?P>", "", re.search(r"<TEXT>(.*?)</TEXT>", doc, re.S).group(1))
                    out.write(json.dumps({"id": docno, "text": text}) + "\n")
    skipped = []
    report = ingest([feed], tmp_path / "s.db", on_skip=lambda where, why: skipped.append((where, why)))
    assert skipped == [] and report.read == len(seen)


def test_each_article_is_stored_with_its_identified_language(tmp_path):
    records = [{"id": "fr-1", "date": "2025-03-10", "title": "Grève des traversiers à Port Alden",
                "text": "Les équipages des traversiers de Port Alden ont cessé le travail lundi, laissant quelque "
                        "six mille passagers quotidiens sans liaison avec les îles."},
               {"id": "en-1", "date": "2025-03-10", "title": "Port Alden ferry crews walk out",
                "text": "Ferry crews in Port Alden stopped work on Monday, leaving about 6,000 daily passengers "
                        "without a crossing to the islands."}]
    db = tmp_path / "s.db"
    ingest([write_jsonl(tmp_path / "feed.jsonl", records)], db)
    with Store(db) as store:
        languages = {a.id: a.language for e in store.events() for a in store.articles(e.id)}
    assert languages == {"fr-1": "fr", "en-1": "en"}


def test_digest_since_says_what_the_later_articles_add_and_timeline_reads_a_stored_event(capsys, tmp_path):
    from newsdigest.cli import main

    db = str(tmp_path / "s.db")
    assert main(["ingest", str(EXAMPLE), "--db", db, "-q"]) == 0
    capsys.readouterr()
    assert main(["digest", "--db", db, "--since", "2025-02-04", "--format", "json"]) == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    summary = doc["events"][0]  # the event's fields and its summary's
    later = {a["id"] for a in summary["articles"]}
    assert summary["since"] and not later & set(summary["since"])  # the earlier articles are what was read
    assert all(c["article"] in later for s in summary["summary"] for c in s["sources"][:1])
    assert "restate what the" in captured.err
    assert main(["timeline", "--db", db, "--event", "0", "--format", "json"]) == 0
    days = [d["date"] for d in json.loads(capsys.readouterr().out)["timeline"]]
    assert days == ["2025-02-03", "2025-02-04"]
    assert main(["timeline", "--db", db, "--event", "7"]) == 2
    assert "no event 7" in capsys.readouterr().err


def test_one_event_latest_update_on_the_command_line(capsys, tmp_path):
    from newsdigest.cli import main

    db = str(tmp_path / "s.db")
    assert main(["ingest", str(EXAMPLE), "--db", db, "-q"]) == 0
    capsys.readouterr()
    assert main(["digest", "--db", db, "--event", "0"]) == 0  # its newest day, said against the day before
    out = capsys.readouterr().out
    assert out.startswith("New since 2025-02-04: 1 event") and "Event 0" in out
    assert main(["digest", "--db", db, "--event", "0", "--since", "2025-02-03", "--format", "json"]) == 0
    whole = json.loads(capsys.readouterr().out)["events"][0]
    assert "since" not in whole and len(whole["articles"]) == 5  # nothing before: the whole story
    assert main(["digest", "--db", db, "--event", "0", "--date", "2025-02-03"]) == 2
    assert "not with --date" in capsys.readouterr().err
    assert main(["digest", "--db", db, "--event", "0", "--since", "2031-01-01"]) == 2
    assert "no article on or after 2031-01-01" in capsys.readouterr().err


def pool_placements(monkeypatch) -> list[int]:
    """A list that collects the number of placements of each batch prepared by the pool."""
    pooled: list[int] = []
    original = Stream._pooled

    def counted(self, batches, *args):
        for placements in original(self, batches, *args):
            pooled.append(len(placements))
            yield placements

    monkeypatch.setattr(Stream, "_pooled", counted)
    return pooled


def test_workers_prepare_batches_and_change_nothing_in_the_store(tmp_path, monkeypatch):
    """``--workers 2``: two processes clean, hash and featurize the next batch while one is
    stored; every table comes out as the one-process run writes it, re-ingest and duplicates
    included."""
    records = synthetic_feed(events=20, per_event=4, seed=3)
    records += [dict(records[0], id="recrawl-of-0"), dict(records[5], id="empty", text="")]  # a near-duplicate, no text
    feed = write_jsonl(tmp_path / "feed.jsonl", records)
    # auto (0): the first 32 articles (two batches) in this process, the other 52 in the pool
    settings = replace(Settings(), stream_batch=16, stream_warmup=32, stream_parallel_after=32)
    pooled = pool_placements(monkeypatch)
    dumps = []
    for workers in (1, 2, 0):
        db = tmp_path / f"w{workers}.db"
        pooled.clear()
        report = ingest([feed], db, replace(settings, stream_workers=workers))
        # placements: 80 articles and the recrawl (the empty one, the last record, is skipped)
        assert sum(pooled) == {1: 0, 2: 81, 0: 49}[workers]
        again = ingest([feed], db, replace(settings, stream_workers=workers))
        assert (again.known, again.stored, len(again.skipped)) == (report.stored, 0, 1)
        with sqlite3.connect(db) as con:
            tables = [r[0] for r in con.execute("select name from sqlite_master where type='table' order by name")]
            dumps.append({t: con.execute(f"select * from {t} order by 1").fetchall() for t in tables})
        assert report.duplicates == 1 and len(report.skipped) == 1
    assert dumps[0] == dumps[1] == dumps[2] and dumps[0]["articles"]


def test_cluster_gives_the_same_events_with_workers(tmp_path, capsys, monkeypatch):
    """``cluster`` prepares batches in workers as ``ingest`` does: one process, two from the first
    batch, and auto (switching after two batches) give the same records; the command passes
    --workers through."""
    from newsdigest.cli import main

    feed = write_jsonl(tmp_path / "feed.jsonl", synthetic_feed(events=12, per_event=4, seed=5))
    settings = replace(Settings(), stream_batch=8, stream_warmup=16, stream_parallel_after=16)
    pooled = pool_placements(monkeypatch)
    runs = []
    for workers in (1, 2, 0):
        pooled.clear()
        runs.append(cluster([feed], replace(settings, stream_workers=workers))[0])
        assert sum(pooled) == {1: 0, 2: 48, 0: 32}[workers]
    assert runs[0] == runs[1] == runs[2]
    assert len(runs[0]) == 48 and len({r["event"] for r in runs[0]}) > 1
    outputs = []
    for workers in ("1", "2"):
        assert main(["cluster", str(feed), "--workers", workers, "--format", "tsv"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and outputs[0].count("\n") == 48
    assert main(["cluster", str(feed), "--workers", "0"]) == 2
    assert "--workers must be at least 1" in capsys.readouterr().err


def test_auto_workers_never_start_on_a_stream_shorter_than_the_switch(tmp_path, monkeypatch):
    def refused(*args):
        raise AssertionError("a pool was started")

    monkeypatch.setattr(Stream, "_pooled", refused)
    feed = write_jsonl(tmp_path / "feed.jsonl", synthetic_feed(events=4, per_event=4, seed=1))
    settings = replace(Settings(), stream_batch=8, stream_parallel_after=16, stream_workers=0)
    assert ingest([feed], tmp_path / "s.db", settings).stored == 16


def test_workers_in_a_script_without_a_main_guard_fail_with_an_error_not_a_hang(tmp_path):
    """Spawned workers re-import the caller's script; without `if __name__ == "__main__":` they
    cannot start. The pool breaks, and the caller gets a ConfigError instead of waiting forever."""
    feed = write_jsonl(tmp_path / "feed.jsonl", synthetic_feed(events=3, per_event=2))
    script = tmp_path / "unguarded.py"
    script.write_text("from dataclasses import replace\nfrom newsdigest import Settings\n"
                      "from newsdigest.errors import ConfigError\nfrom newsdigest.stream import ingest\n"
                      "try:\n"
                      f"    ingest([{str(feed)!r}], {str(tmp_path / 's.db')!r}, replace(Settings(), stream_workers=2))\n"
                      "except ConfigError as exc:\n    print('ConfigError:', exc)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert "ConfigError: the worker processes could not run" in done.stdout, done.stderr[-2000:]
