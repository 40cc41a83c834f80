import sqlite3

import pytest

from newsdigest import Article, InputError
from newsdigest.stream.cluster import Event
from newsdigest.stream.store import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, Store, StoredArticle


def _stored(article_id, event_day=738000, **kw):
    a = Article(article_id, f"Text of {article_id}.", title=f"Title {article_id}", source=kw.pop("source", "Outlet"))
    return StoredArticle(a, f"hash-{article_id}", a.source.lower(), event_day, True, **kw)


def _write(store, rows, events=(), **kw):
    store.write_batch(articles=rows, updated=kw.get("updated", []), moved=kw.get("moved", {}), events=list(events),
                      merged=kw.get("merged", {}), retired=kw.get("retired", ()), df=kw.get("df", {}),
                      seen=kw.get("seen", 0), next_event=kw.get("next_event", 0))


def test_a_new_store_is_at_the_latest_schema_in_wal_mode(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.version == SCHEMA_VERSION
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_a_version_1_store_is_migrated_with_its_data(tmp_path):
    path = tmp_path / "old.db"
    with Store(path) as store:  # build a v1 file: the first migration only
        pass
    path.unlink()
    db = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        db.execute(statement)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO events (id, state, touched) VALUES (0, NULL, 1)")
    db.execute("INSERT INTO articles VALUES ('a', 'h', 1, 't', 'x', 's', '', '', '', 's', 738000, 1, NULL, NULL)")
    db.execute("INSERT INTO membership VALUES ('a', 0)")
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION == 7
        assert [r.id for r in store.events()] == [0]
        store.cache(0, "k", "a summary")  # the table migration 2 added
        assert store.cached(0, "k") == "a summary"
        [article] = store.articles(0)  # the columns migration 3 added, empty for old rows
        assert article.text == "x" and article.blocks == () and article.date_source == ""
        assert article.language == ""  # migration 4's column, empty for old rows (identified when used)
        assert store.source("https://x.example/rss") is None and store.pages(["https://x.example/a"]) == {}  # 5's tables
        assert store.meta("signatures") == 0  # 7 marks SHA-1 signatures only where some are stored


def test_markup_and_date_source_survive_the_store(tmp_path):
    from newsdigest.stream import ingest

    db = tmp_path / "s.db"
    page = tmp_path / "page.html"
    page.write_text("<html><head><meta property='article:published_time' content='2025-02-03'></head><body>"
                    "<article><h1>Bridge reopens</h1><p>The harbour bridge reopened on Monday after four months "
                    "of repairs to its storm-damaged deck.</p><h2>What it cost</h2><p>The repairs cost 42 million "
                    "crowns, city officials said on Monday.</p></article></body></html>")
    ingest([page], db)
    with Store(db) as store:
        [(article, _)] = store.clustered_articles()
    assert article.blocks and len(article.blocks) == len(article.text.split("\n"))
    assert any(b.kind == "head" for b in article.blocks) and article.date_source == "metadata"


def test_pending_migrations_run_in_order_and_once(tmp_path):
    path = tmp_path / "s.db"
    extra = [*MIGRATIONS, ("CREATE TABLE later (x INTEGER)",), ("INSERT INTO later VALUES (42)",)]
    with Store(path) as store:
        store.migrate(extra)
        assert store.version == len(extra)
        store.migrate(extra)  # nothing left to do
        assert store.db.execute("SELECT x FROM later").fetchall() == [(42,)]


def test_a_failing_migration_leaves_the_previous_version(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as store:
        broken = [*MIGRATIONS, ("CREATE TABLE half (x INTEGER)", "NOT SQL AT ALL")]
        with pytest.raises(sqlite3.OperationalError):
            store.migrate(broken)
        assert store.version == SCHEMA_VERSION
        assert store.db.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchone() is None


def test_refuses_newer_foreign_and_broken_files(tmp_path):
    newer = tmp_path / "newer.db"
    with Store(newer) as store:
        store.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(InputError, match="newer than this newsdigest"):
        Store(newer)
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(InputError, match="not a newsdigest store"):
        Store(foreign)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(InputError, match="not a newsdigest store"):
        Store(garbage)
    with pytest.raises(InputError, match="no such store"):
        Store(tmp_path / "missing.db", create=False)


def test_a_batch_is_all_or_nothing(tmp_path):
    with Store(tmp_path / "s.db") as store:
        _write(store, [(_stored("a"), 0)], [Event(0, {"x": 1.0}, 1, 1, 738000, 738000)], next_event=1)
        with pytest.raises(sqlite3.IntegrityError):  # the second row repeats an id: the batch fails
            _write(store, [(_stored("b"), 0), (_stored("a"), 0)], [Event(0, {"x": 2.0}, 2, 2, 738000, 738000)])
        assert store.counts()["articles"] == 1
        assert store.active_events()[0].vector == {"x": 1.0}


def test_merges_move_members_and_events_round_trip(tmp_path):
    with Store(tmp_path / "s.db") as store:
        e0 = Event(0, {"x": 0.5, 738000: 0.1}, 1, 1, 738000, 738000)
        e1 = Event(1, {"y": 0.25}, 1, 0, None, None)
        _write(store, [(_stored("a"), 0), (_stored("b", source="Other"), 1)], [e0, e1], next_event=2)
        assert store.active_events() == [e0, e1]
        _write(store, [], [Event(0, {"x": 0.5, "y": 0.25}, 2, 1, 738000, 738000)], merged={1: 0})
        (row,) = store.events()
        assert (row.id, row.size, row.sources) == (0, 2, 2)
        assert [a.id for a in store.articles(0)] == ["a", "b"]


def test_sources_count_outlets_not_duplicates(tmp_path):
    with Store(tmp_path / "s.db") as store:
        rows = [(_stored("a", source="Herald"), 0), (_stored("b", source="Herald"), 0),
                (_stored("c", source="Courier", duplicate_of="a"), 0), (_stored("d", source="Times"), 0)]
        _write(store, rows, [Event(0, {}, 3, 3, 738000, 738000)], next_event=1)
        (row,) = store.events()
        assert (row.size, row.sources) == (4, 2)  # Herald twice is one; the courier copy is a duplicate
        assert store.events(min_sources=3) == []


def test_every_article_field_round_trips_the_store_written_and_updated(tmp_path):
    """The store's columns come from model.ARTICLE_STRINGS: a field is stored without naming it."""
    from dataclasses import replace

    from newsdigest.model import ARTICLE_STRINGS, Block

    full = Article(**{k: f"{k}-value" for k in ARTICLE_STRINGS}, blocks=(Block("p", 0.0),))
    item = StoredArticle(full, "h1", "outlet", 738000, True)
    with Store(tmp_path / "s.db") as store:
        _write(store, [(item, 0)], [Event(0, {"x": 1.0}, 1, 1, 738000, 738000)], next_event=1)
        assert store.clustered_articles() == [(full, 0)]
        changed = replace(full, **{k: f"{k}-changed" for k in ARTICLE_STRINGS if k != "id"})
        _write(store, [], updated=[replace(item, article=changed, hash="h2")])
        assert store.clustered_articles() == [(changed, 0)]


def test_event_states_round_trip_exactly_and_the_json_form_still_loads():
    import json
    import zlib

    from newsdigest.stream.cluster import Event
    from newsdigest.stream.store import _dump_event, _load_event

    event = Event(7, {"bridg": 0.1 + 0.2, 738001: 0.057735026918962574, "mayor": 1 / 3, 738002: 1e-17},
                  size=3, dated=2, first=738001, last=738002)
    back = _load_event(7, _dump_event(event))
    assert list(back.vector.items()) == list(event.vector.items())  # order, key types, every bit
    assert (back.size, back.dated, back.first, back.last) == (3, 2, 738001, 738002)
    old = zlib.compress(json.dumps({"terms": {"bridg": 0.3}, "days": {"738001": 0.0577350}, "size": 1, "dated": 1,
                                    "first": 738001, "last": 738001}).encode())  # as version 5 wrote it
    assert _load_event(1, old).vector == {"bridg": 0.3, 738001: 0.0577350}
