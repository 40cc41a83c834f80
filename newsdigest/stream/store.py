"""The stream's store: one SQLite file with the articles, the events, who belongs where, the
clustering state needed to resume, and cached summaries.

Why SQLite: one file, no server, and transactions. The file runs in WAL mode and each batch of
articles is written in one transaction, so a killed ingest leaves the file as it was after the
last committed batch (``synchronous=NORMAL`` keeps that through a process crash; only a power
cut may roll back the very last batch). The schema version is SQLite's ``user_version``;
``MIGRATIONS`` holds every step from an empty file, applied in order, each in its own
transaction, so an older store is brought up to date when it is opened.
"""
from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

import numpy as np

from ..errors import InputError
from ..model import ARTICLE_STRINGS, Article, Block, EventRow
from .cluster import Event

APPLICATION_ID = 0x4E445347  # "NDSG": tells our files from other SQLite databases

MIGRATIONS: list[tuple[str, ...]] = [
    (  # 1: articles, events, membership, clustering state
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            hash TEXT NOT NULL,              -- sha256 of title and text: the same id with new text is an update
            seq INTEGER NOT NULL,            -- arrival order
            title TEXT NOT NULL, text TEXT NOT NULL, source TEXT NOT NULL, date TEXT NOT NULL,
            url TEXT NOT NULL, path TEXT NOT NULL,
            outlet TEXT NOT NULL,            -- normalised source: the same outlet twice is one source
            day INTEGER NOT NULL,            -- publication day (date ordinal), or the day it was ingested
            dated INTEGER NOT NULL,          -- 1 when ``day`` is the publication day
            duplicate_of TEXT,               -- the earlier article this one near-duplicates
            signature BLOB                   -- MinHash values, to rebuild the duplicate window on restart
        )""",
        "CREATE INDEX articles_hash ON articles(hash)",
        "CREATE INDEX articles_day ON articles(day)",
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            state BLOB,                      -- clustering state while the event is active, NULL once retired
            touched INTEGER NOT NULL,        -- batch that last changed it: the window's order
            merged_into INTEGER REFERENCES events(id)
        )""",
        """CREATE TABLE membership (
            article TEXT PRIMARY KEY REFERENCES articles(id),
            event INTEGER NOT NULL REFERENCES events(id)
        )""",
        "CREATE INDEX membership_event ON membership(event)",
        "CREATE TABLE terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    ),
    (  # 2: cached summaries, dropped whenever their event changes
        """CREATE TABLE summaries (
            event INTEGER NOT NULL REFERENCES events(id),
            key TEXT NOT NULL,               -- method, budget and format
            body TEXT NOT NULL,
            PRIMARY KEY (event, key)
        )""",
    ),
    (  # 3: what the reader recovered beside the text: HTML markup per line, where the date came from
        "ALTER TABLE articles ADD COLUMN blocks TEXT NOT NULL DEFAULT ''",  # JSON [[kind, links], ...]
        "ALTER TABLE articles ADD COLUMN date_source TEXT NOT NULL DEFAULT ''",
        "DELETE FROM summaries",  # summaries made before markup was kept
    ),
    (  # 4: the article's language (ISO 639-1), given or identified; '' for articles stored before
        "ALTER TABLE articles ADD COLUMN language TEXT NOT NULL DEFAULT ''",
        "DELETE FROM summaries",  # summaries made with English rules for every article
    ),
    (  # 5: what `watch` reads: its sources' validators and health, and every page URL it has fetched
        """CREATE TABLE sources (
            url TEXT PRIMARY KEY,
            etag TEXT NOT NULL DEFAULT '',
            modified TEXT NOT NULL DEFAULT '',  -- Last-Modified, sent back as If-Modified-Since
            failures INTEGER NOT NULL DEFAULT 0,
            next_check REAL NOT NULL DEFAULT 0,  -- Unix time before which it is not read again
            error TEXT NOT NULL DEFAULT '',
            children TEXT NOT NULL DEFAULT ''    -- JSON list: a sitemap index's sitemaps, an OPML list's feeds
        ) WITHOUT ROWID""",
        """CREATE TABLE pages (
            url TEXT PRIMARY KEY,                -- normalised: tracking parameters and fragment stripped
            link TEXT NOT NULL,                  -- as the source gave it (what is fetched)
            title TEXT NOT NULL DEFAULT '',      -- the source's title and day for it, used when the page has none
            day TEXT NOT NULL DEFAULT '',
            article TEXT,                        -- the stored article's id; NULL while it fails
            etag TEXT NOT NULL DEFAULT '',
            modified TEXT NOT NULL DEFAULT '',
            updated TEXT NOT NULL DEFAULT '',    -- when its source last said it changed (ISO)
            failures INTEGER NOT NULL DEFAULT 0,
            next_try REAL NOT NULL DEFAULT 0,
            error TEXT NOT NULL DEFAULT ''
        ) WITHOUT ROWID""",
        """CREATE TABLE robots (
            site TEXT PRIMARY KEY,               -- scheme://host[:port]
            status INTEGER NOT NULL,             -- what robots.txt answered (0: no answer)
            body TEXT NOT NULL DEFAULT '',
            fetched REAL NOT NULL                -- Unix time; RFC 9309 caches it for at most 24 hours
        ) WITHOUT ROWID""",
    ),
    (  # 6: event states may be written in the binary form (_dump_event); the JSON form is still read
        "UPDATE meta SET value = value WHERE 0",
    ),
    (  # 7: the signatures stored so far hash shingles with SHA-1 (dedup.SIGNATURES 1); Stream re-signs them
        "INSERT INTO meta SELECT 'signatures', 1 WHERE EXISTS (SELECT 1 FROM articles WHERE signature IS NOT NULL)",
    ),
]

# An article's own columns: its text fields (model.ARTICLE_STRINGS) and its markup as JSON;
# then what ingest found about it. An update rewrites all of them but the id it is found by.
_COLUMNS = ARTICLE_STRINGS + ("blocks",)
_ARTICLE = ", ".join(f"a.{c}" for c in _COLUMNS)
_FOUND = ("hash", "outlet", "day", "dated")
_INSERTED = _COLUMNS + _FOUND + ("seq", "duplicate_of", "signature")
_UPDATED = tuple(c for c in _COLUMNS + _FOUND if c != "id")
_INSERT = f"INSERT INTO articles ({', '.join(_INSERTED)}) VALUES ({', '.join('?' * len(_INSERTED))})"
_PAGE = "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_UPDATE = f"UPDATE articles SET {', '.join(f'{c} = ?' for c in _UPDATED)} WHERE id = ?"


def _blocks(article: Article) -> str:
    return json.dumps([[b.kind, b.links] for b in article.blocks]) if article.blocks else ""


def _article(row: sqlite3.Row) -> Article:
    blocks = tuple(Block(k, x) for k, x in json.loads(row["blocks"])) if row["blocks"] else ()
    return Article(**{k: row[k] for k in ARTICLE_STRINGS}, blocks=blocks)


def _row(item: StoredArticle) -> dict:
    """Column -> value for one article (every column of ``_INSERTED`` but ``seq``)."""
    a = item.article
    return {**{k: getattr(a, k) for k in ARTICLE_STRINGS}, "blocks": _blocks(a), "hash": item.hash,
            "outlet": item.outlet, "day": item.day, "dated": int(item.dated), "duplicate_of": item.duplicate_of,
            "signature": item.signature}
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class StoredArticle:
    """An article as the batch writes it: the article, its hash, and what ingest found."""

    article: Article
    hash: str
    outlet: str
    day: int
    dated: bool
    duplicate_of: str | None = None
    signature: bytes | None = None


class Store:
    """A newsdigest store; opening one creates or migrates it."""

    def __init__(self, path: str | os.PathLike, *, create: bool = True):
        self.path = str(path)
        if not create and not os.path.exists(self.path):
            raise InputError(self.path, "no such store (run `newsdigest ingest` first)")
        if os.path.isdir(self.path):
            raise InputError(self.path, "is a folder, not a store file")
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA foreign_keys = ON")
            app, version = self._read_header()
            if version or self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                if app != APPLICATION_ID:
                    raise InputError(self.path, "not a newsdigest store (an SQLite file of something else)")
            if version > SCHEMA_VERSION:
                raise InputError(self.path, f"store schema v{version} is newer than this newsdigest "
                                            f"(v{SCHEMA_VERSION}); upgrade newsdigest")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise InputError(self.path, f"not a newsdigest store ({exc})") from None

    def _read_header(self) -> tuple[int, int]:
        return (self.db.execute("PRAGMA application_id").fetchone()[0],
                self.db.execute("PRAGMA user_version").fetchone()[0])

    @property
    def version(self) -> int:
        return self._read_header()[1]

    def migrate(self, migrations: Sequence[Sequence[str]] = MIGRATIONS) -> None:
        """Apply the steps this file has not had, each with its version bump, atomically."""
        while self.version < len(migrations):
            step = self.version
            with self._transaction():
                if self.version == step:  # another process may have migrated meanwhile
                    for statement in migrations[step]:
                        self.db.execute(statement)
                    self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    self.db.execute(f"PRAGMA user_version = {step + 1}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed whole, or rolled back on any exception."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- what ingest needs to resume

    def meta(self, key: str, default: int = 0) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def document_frequencies(self) -> Counter:
        return Counter(dict(self.db.execute("SELECT term, df FROM terms")))

    def active_events(self) -> list[Event]:
        """Events still in the clustering window, least recently changed first."""
        rows = self.db.execute("SELECT id, state FROM events WHERE state IS NOT NULL ORDER BY touched, id")
        return [_load_event(i, state) for i, state in rows]

    def recent_signatures(self, limit: int) -> list[tuple[str, bytes]]:
        rows = self.db.execute("SELECT id, signature FROM articles WHERE signature IS NOT NULL "
                               "ORDER BY seq DESC LIMIT ?", (limit,)).fetchall()
        return rows[::-1]

    def recent_signed(self, limit: int) -> list[Article]:
        """The last ``limit`` articles that have a signature, oldest first."""
        rows = self._named(f"SELECT {_ARTICLE} FROM articles a WHERE a.signature IS NOT NULL "
                           "ORDER BY a.seq DESC LIMIT ?", (limit,))
        return [_article(row) for row in reversed(rows)]

    def resign(self, signatures: dict[str, bytes], scheme: int) -> None:
        """Replace every stored signature by ``signatures`` (those of the duplicate window; the
        older ones are never read again) and record the ``scheme`` they were made with, at once."""
        with self._transaction() as db:
            db.execute("UPDATE articles SET signature = NULL WHERE signature IS NOT NULL")
            db.executemany("UPDATE articles SET signature = ? WHERE id = ?", [(v, k) for k, v in signatures.items()])
            db.execute("INSERT INTO meta VALUES ('signatures', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       (scheme,))

    def hashes(self, ids: Iterable[str]) -> dict[str, str]:
        return dict(self._in("SELECT id, hash FROM articles WHERE id IN ({})", list(ids)))

    def hash_owners(self, hashes: Iterable[str]) -> dict[str, str]:
        """For each content hash already stored, the first article that has it and is no duplicate."""
        rows = self._in("SELECT hash, id FROM articles WHERE duplicate_of IS NULL AND hash IN ({}) "
                        "ORDER BY seq DESC", list(hashes))
        return dict(rows)  # later rows win: seq DESC puts the first article last

    def events_of(self, ids: Iterable[str]) -> dict[str, int]:
        return dict(self._in("SELECT article, event FROM membership WHERE article IN ({})", list(ids)))

    def _named(self, sql: str, params: Sequence = ()) -> list[sqlite3.Row]:
        """Rows whose columns are read by name."""
        cursor = self.db.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, params).fetchall()

    def _in(self, sql: str, values: list) -> list[tuple]:
        out = []
        for k in range(0, len(values), 500):  # SQLite's bound-parameter limit
            chunk = values[k: k + 500]
            out += self.db.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
        return out

    # --- one batch, one transaction

    def clustered_articles(self) -> list[tuple[Article, int]]:
        """Articles that went into clustering (not near-duplicates), in arrival order, with their event."""
        rows = self._named(f"SELECT {_ARTICLE}, m.event FROM articles a "
                           "JOIN membership m ON m.article = a.id WHERE a.duplicate_of IS NULL ORDER BY a.seq")
        return [(_article(row), row["event"]) for row in rows]

    def write_batch(self, *, articles: Sequence[tuple[StoredArticle, int]], updated: Sequence[StoredArticle],
                    moved: dict[str, int],
                    events: Sequence[Event], merged: dict[int, int], retired: Iterable[int],
                    df: Counter, seen: int, next_event: int, pages: Sequence[tuple] = ()) -> None:
        """Everything a batch changed, or nothing: new articles with their event, updated texts,
        merges, the changed events' state, retired events, the clustering counters, and the
        fetched pages they came from (``record_pages``' rows), so a killed ``watch`` neither loses
        a page nor fetches a stored one again."""
        with self._transaction() as db:
            batch = self.meta("batches") + 1
            seq = self.meta("articles")
            db.executemany("INSERT INTO events (id, state, touched) VALUES (?, ?, ?) ON CONFLICT(id) "
                           "DO UPDATE SET state = excluded.state, touched = excluded.touched",
                           [(e.id, _dump_event(e), batch) for e in events])
            for article, event in moved.items():  # a young stream re-clusters: its duplicates follow
                db.execute("UPDATE membership SET event = ? WHERE article = ? OR article IN "
                           "(SELECT id FROM articles WHERE duplicate_of = ?)", (event, article, article))
            for gone, into in merged.items():
                db.execute("UPDATE membership SET event = ? WHERE event = ?", (into, gone))
                db.execute("UPDATE events SET state = NULL, merged_into = ?, touched = ? WHERE id = ?",
                           (into, batch, gone))
                db.execute("DELETE FROM summaries WHERE event = ?", (gone,))
            rows = [{**_row(item), "seq": seq + k} for k, (item, _) in enumerate(articles, 1)]
            db.executemany(_INSERT, [[row[c] for c in _INSERTED] for row in rows])
            db.executemany("INSERT INTO membership VALUES (?, ?)", [(item.article.id, event) for item, event in articles])
            seq += len(articles)
            for item in updated:
                row = _row(item)
                db.execute(_UPDATE, [row[c] for c in _UPDATED] + [item.article.id])
            db.executemany("UPDATE events SET state = NULL WHERE id = ?", [(i,) for i in retired])
            db.executemany("INSERT INTO terms VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
                           df.items())
            stale = ({e.id for e in events} | {ev for _, ev in articles} | set(moved.values())
                     | set(self.events_of(i.article.id for i in updated).values()))
            db.executemany("DELETE FROM summaries WHERE event = ?", [(i,) for i in stale])
            db.executemany("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           [("batches", batch), ("articles", seq), ("seen", seen), ("next_event", next_event)])
            db.executemany(_PAGE, pages)

    # --- reading events

    def events(self, since_day: int | None = None, min_sources: int = 1, day: int | None = None,
               event_id: int | None = None) -> list[EventRow]:
        """Live events (not merged away), most recent first: all of them, those active since a
        day, those with an article on one day, or the one with this id."""
        where, params = ["e.merged_into IS NULL"], []
        if event_id is not None:
            where.append("e.id = ?")
            params.append(event_id)
        if since_day is not None:
            where.append("e.id IN (SELECT m.event FROM membership m JOIN articles a ON a.id = m.article WHERE a.day >= ?)")
            params.append(since_day)
        if day is not None:
            where.append("e.id IN (SELECT m.event FROM membership m JOIN articles a ON a.id = m.article WHERE a.day = ?)")
            params.append(day)
        # the span is the publication days when any are known; sources are distinct outlets of
        # the articles that are not near-duplicates (a recrawl is not a second source)
        sql = ("SELECT e.id AS id, coalesce(min(CASE WHEN a.dated THEN a.day END), min(a.day)) AS first_day, "
               "coalesce(max(CASE WHEN a.dated THEN a.day END), max(a.day)) AS last_day, count(*) AS size, "
               "count(DISTINCT CASE WHEN a.duplicate_of IS NULL THEN a.outlet END) AS sources FROM events e "
               "JOIN membership m ON m.event = e.id JOIN articles a ON a.id = m.article "
               f"WHERE {' AND '.join(where)} GROUP BY e.id HAVING sources >= ? "
               "ORDER BY max(a.day) DESC, count(*) DESC, e.id")
        return [EventRow(**dict(row)) for row in self._named(sql, params + [min_sources])]

    def articles(self, event_id: int) -> list[Article]:
        """The event's articles in arrival order, as they were read."""
        return [a for a, _ in self.articles_with_days(event_id)]

    def articles_with_days(self, event_id: int) -> list[tuple[Article, int]]:
        """The event's articles in arrival order, each with its day (publication, else ingest)."""
        rows = self._named(f"SELECT {_ARTICLE}, a.day AS day FROM articles a "
                           "JOIN membership m ON m.article = a.id WHERE m.event = ? ORDER BY a.seq", (event_id,))
        return [(_article(row), row["day"]) for row in rows]

    def latest_day(self) -> int | None:
        return self.db.execute("SELECT max(day) FROM articles").fetchone()[0]

    def cached(self, event_id: int, key: str) -> str | None:
        row = self.db.execute("SELECT body FROM summaries WHERE event = ? AND key = ?", (event_id, key)).fetchone()
        return row[0] if row else None

    def cache(self, event_id: int, key: str, body: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO summaries VALUES (?, ?, ?)", (event_id, key, body))

    # --- what watch keeps between rounds

    def source(self, url: str) -> sqlite3.Row | None:
        rows = self._named("SELECT * FROM sources WHERE url = ?", (url,))
        return rows[0] if rows else None

    def record_source(self, url: str, *, etag: str = "", modified: str = "", failures: int = 0,
                      next_check: float = 0.0, error: str = "", children: Sequence[str] = ()) -> None:
        self.db.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (url, etag, modified, failures, next_check, error, json.dumps(list(children))))

    def robots(self, site: str) -> tuple[int, str, float] | None:
        """The site's robots.txt as last fetched: (status, body, Unix time), or None."""
        return self.db.execute("SELECT status, body, fetched FROM robots WHERE site = ?", (site,)).fetchone()

    def record_robots(self, site: str, status: int, body: str, fetched: float) -> None:
        self.db.execute("INSERT OR REPLACE INTO robots VALUES (?, ?, ?, ?)", (site, status, body, fetched))

    def pages(self, urls: Iterable[str]) -> dict[str, sqlite3.Row]:
        """The pages already fetched (or failing) among ``urls``, by normalised URL."""
        urls = list(urls)
        out = {}
        for k in range(0, len(urls), 500):
            chunk = urls[k: k + 500]
            for row in self._named(f"SELECT * FROM pages WHERE url IN ({','.join('?' * len(chunk))})", chunk):
                out[row["url"]] = row
        return out

    def failing_pages(self, now: float) -> list[sqlite3.Row]:
        """Pages never stored whose back-off has run out: retried whatever their source says."""
        return self._named("SELECT * FROM pages WHERE article IS NULL AND next_try <= ? ORDER BY url", (now,))

    def record_pages(self, rows: Sequence[tuple]) -> None:
        """(url, link, title, day, article, etag, modified, updated, failures, next_try, error) per page,
        in one transaction."""
        with self._transaction() as db:
            db.executemany(_PAGE, rows)

    def counts(self) -> dict[str, int]:
        q = self.db.execute
        return {"articles": q("SELECT count(*) FROM articles").fetchone()[0],
                "duplicates": q("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0],
                "events": q("SELECT count(*) FROM events WHERE merged_into IS NULL").fetchone()[0],
                "active": q("SELECT count(*) FROM events WHERE state IS NOT NULL").fetchone()[0]}


_BINARY = b"\x02"  # the first byte of a binary state; a JSON state is zlib's, 0x78


def _dump_event(e: Event) -> bytes:
    """An active event's clustering state: its vector's keys in order (terms are strings, day
    bins numbers) and the rest as JSON, then the values as float64, exactly, zlib-compressed
    behind a format byte. So a resumed stream weighs just what the running one weighed, in the
    same order."""
    v = e.vector
    head = json.dumps([list(v), e.size, e.dated, e.first, e.last], separators=(",", ":")).encode()
    values = np.fromiter(v.values(), dtype=np.float64, count=len(v))
    return _BINARY + zlib.compress(head + b"\n" + values.tobytes(), 1)


def _load_event(event_id: int, blob: bytes) -> Event:
    if blob[:1] == _BINARY:
        data = zlib.decompress(blob[1:])
        cut = data.index(b"\n")
        keys, size, dated, first, last = json.loads(data[:cut])
        values = np.frombuffer(data, dtype=np.float64, offset=cut + 1).tolist()
        return Event(event_id, dict(zip(keys, values)), size, dated, first, last)
    state = json.loads(zlib.decompress(blob))  # the JSON form, of stores written before version 6
    vector = dict(state["terms"])
    vector.update({int(d): x for d, x in state["days"].items()})
    return Event(event_id, vector, state["size"], state["dated"], state["first"], state["last"])
