"""``watch``: follow feeds, sitemaps, OPML lists and files of URLs into the store, round after round.

A round reads every source that is due (conditionally: a 304 costs nothing), follows a sitemap
index's sitemaps and an OPML list's feeds, and fetches the article URLs not yet in the store
(URLs normalised by courlan, tracking parameters and fragments stripped). A stored page is fetched
again only when its source says it changed since (a newer ``updated``/``lastmod``), and then
conditionally. The pages go through the same ingest as ``newsdigest ingest``, and each batch is
committed together with the record of the pages it came from, so a killed round loses at most the
batch in flight and a restart fetches no stored page again. A source or page that fails is
reported and retried after ``every`` (at least 5 minutes) × 2^(failures − 1), at most
``watch_backoff`` times that; nothing that fails is fatal to the round.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Sequence

from ..errors import InputError
from ..ingest.fetch import Fetcher, is_url, normalize, page_articles, refused
from ..ingest.sources import Entry, Found, parse_source, read_local
from ..model import Article
from ..settings import Settings
from .report import IngestReport, count
from .store import Store
from .stream import Stream

PAGES_PER_BATCH = 16  # pages committed together: what a kill can lose and a restart fetches again
MIN_RETRY = 300.0  # seconds: the shortest wait before a failure is tried again, whatever --every


@dataclass
class RoundReport:
    sources: int = 0  # sources read, sub-sitemaps and OPML feeds included
    unchanged: int = 0  # of those, answered 304 (or listed nothing new)
    listed: int = 0  # article URLs the sources gave
    fetched: int = 0  # pages fetched whole
    requests: int = 0
    conditional: int = 0
    not_modified: int = 0
    stopped: bool = False  # a stop was asked for before the round's end
    errors: list[tuple[str, str]] = field(default_factory=list)
    ingest: IngestReport = field(default_factory=IngestReport)
    seconds: float = 0.0

    def line(self) -> str:
        i = self.ingest
        return (f"{count(self.sources, 'source')} read ({self.unchanged} unchanged), "
                f"{count(self.listed, 'article URL')} listed, {count(self.fetched, 'page')} fetched, {i.stored:,} stored "
                f"({count(i.duplicates, 'near-duplicate')}), {count(i.new_events, 'new event')}; "
                f"{count(self.requests, 'request')} ({self.conditional:,} conditional, {self.not_modified:,} not modified); "
                f"{count(len(self.errors), 'error')}{'; stopped early' if self.stopped else ''}; {self.seconds:.1f} s")


class Round:
    """One round over the sources, into one open store."""

    def __init__(self, store: Store, settings: Settings, fetcher: Fetcher, stop: Callable[[], bool],
                 on_error: Callable[[str, str], None], now: Callable[[], float] = time.time):
        self.store, self.settings, self.fetcher, self.stop, self.now = store, settings, fetcher, stop, now
        fetcher.memory = store  # robots.txt answers kept a day across rounds and restarts
        self.report = RoundReport()
        self.report.ingest.on_skip = self._error
        self.on_error = on_error
        self.stream = Stream(settings, store)
        self.pending: list[tuple[list[Article], tuple]] = []
        self.visited: set[str] = set()  # pages seen this round

    def _error(self, where: str, reason: str) -> None:
        self.report.errors.append((where, reason))
        self.on_error(where, reason)

    def run(self, sources: Sequence[str]) -> RoundReport:
        start = time.perf_counter()
        before = (self.fetcher.requests, self.fetcher.conditional, self.fetcher.not_modified)
        queue, done = list(sources), set()
        while queue and not self.stop():
            source = queue.pop(0)
            if source in done:
                continue
            done.add(source)
            found = self._read(source)
            if found is not None:
                queue += [s for s in found.sources if s not in done]
                self._pages(found.entries)
                if found.validators is not None and not self.stop():
                    # only once every page it lists is stored or recorded as failing: a round cut
                    # short reads the source whole again, never a 304 hiding pages not yet fetched
                    self._flush()
                    etag, modified = found.validators
                    self.store.record_source(source, etag=etag, modified=modified, children=found.sources)
        if not self.stop():  # pages that failed before, whether or not their source listed them again
            self._pages([Entry(r["link"], r["title"], r["day"], r["updated"]) for r in self.store.failing_pages(self.now())],
                        retry=True)
        self.report.stopped = bool(queue) or self.stop()
        self._flush()
        r = self.report
        r.requests, r.conditional, r.not_modified = (now - then for now, then in zip(
            (self.fetcher.requests, self.fetcher.conditional, self.fetcher.not_modified), before))
        r.seconds = time.perf_counter() - start
        return r

    # --- sources
    def _read(self, source: str) -> Found | None:
        if not is_url(source):
            try:
                self.report.sources += 1
                return parse_source(read_local(source, self.settings.max_file_bytes), source, self.settings.max_file_bytes)
            except InputError as exc:
                self._error(source, exc.reason)
                return None
        state = self.store.source(source)
        if state is not None and state["next_check"] > self.now():
            return None  # failing: its back-off has not run out
        self.report.sources += 1
        answer = self.fetcher.get(source, *((state["etag"], state["modified"]) if state and not state["error"] else ()))
        if answer.unchanged:
            self.report.unchanged += 1
            children = tuple(json.loads(state["children"] or "[]"))
            self.store.record_source(source, etag=state["etag"], modified=state["modified"], children=children)
            return Found("unchanged", sources=children)
        try:
            if not answer.ok:
                raise InputError(source, answer.error)
            found = parse_source(answer.body, source, self.settings.max_file_bytes)
        except InputError as exc:
            failures = (state["failures"] if state else 0) + 1
            self.store.record_source(source, failures=failures, error=exc.reason, next_check=self._later(failures))
            self._error(source, f"{exc.reason} (tried again in {self._wait(failures) / 60:.0f} min)")
            return None
        return replace(found, validators=(answer.etag, answer.last_modified))

    def _later(self, failures: int) -> float:
        return self.now() + self._wait(failures) - 1.0

    def _wait(self, failures: int) -> float:
        """Seconds before a failing source or page is tried again: ``every`` (at least
        ``MIN_RETRY``, so a fast loop does not hammer a broken page) × 2^(failures − 1), capped."""
        return max(self.settings.watch_every, MIN_RETRY) * min(2 ** max(failures - 1, 0), self.settings.watch_backoff)

    # --- pages
    def _pages(self, entries: Sequence[Entry], retry: bool = False) -> None:
        wanted: dict[str, Entry] = {}
        for e in entries:
            wanted.setdefault(normalize(e.url), e)
        self.report.listed += 0 if retry else len(wanted)
        known = self.store.pages(wanted)
        for key, entry in wanted.items():
            if key in self.visited:
                continue  # listed by two sources, or failed and retried in this round already
            self.visited.add(key)
            row = known.get(key)
            if row is not None and row["article"] and not (entry.updated and entry.updated > row["updated"]):
                continue  # stored, and its source says nothing changed
            if row is not None and not row["article"] and row["next_try"] > self.now():
                continue  # failing: its back-off has not run out
            if self.stop():
                return
            self._page(key, entry, row)

    def _page(self, key: str, entry: Entry, row) -> None:
        stored = row is not None and row["article"]
        answer = self.fetcher.get(entry.url, *((row["etag"], row["modified"]) if stored else ()))
        listing = (key, entry.url, entry.title, entry.date)
        if answer.unchanged:
            self.store.record_pages([(*listing, row["article"], row["etag"], row["modified"], entry.updated, 0, 0.0, "")])
            return
        try:
            if why := refused(answer):
                raise InputError(entry.url, why)
            self.report.fetched += 1
            articles = page_articles(answer, key, self.settings, entry.title, entry.date, entry.source)
        except InputError as exc:
            failures = (row["failures"] if row is not None else 0) + 1
            record = (*listing, row["article"] if stored else None, row["etag"] if stored else "",
                      row["modified"] if stored else "", row["updated"] if stored else "", failures,
                      self._later(failures), exc.reason)
            self.store.record_pages([record])
            self._error(entry.url, exc.reason)
            return
        self.pending.append((articles, (*listing, articles[0].id, answer.etag, answer.last_modified, entry.updated,
                                        0, 0.0, "")))
        if len(self.pending) >= PAGES_PER_BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            articles = [a for batch, _ in self.pending for a in batch]
            self.stream.add(articles, self.report.ingest, pages=[page for _, page in self.pending])
            self.pending = []


def watch(sources: Sequence[str], db: str, settings: Settings = Settings(), once: bool = False,
          stop: Callable[[], bool] = lambda: False, after: Callable[[RoundReport], None] = lambda r: None,
          on_error: Callable[[str, str], None] = lambda where, reason: None,
          fetcher: Fetcher | None = None, sleep: Callable[[float], None] = time.sleep) -> list[RoundReport]:
    """Rounds over ``sources`` every ``settings.watch_every`` seconds until ``stop()`` (or one
    round with ``once``); ``after`` runs after each round (``--publish``)."""
    if not sources:
        raise InputError("watch", "no sources given (feeds, sitemaps, OPML lists or files of URLs)")
    for s in sources:
        if not is_url(s) and not Path(s).is_file():
            raise InputError(s, "neither an http(s) URL nor a file")
    fetcher = fetcher or Fetcher(settings)
    reports = []
    while True:
        started = time.monotonic()
        with Store(db) as store:
            reports.append(Round(store, settings, fetcher, stop, on_error).run(sources))
        after(reports[-1])
        if once or stop():
            return reports
        while not stop() and time.monotonic() - started < settings.watch_every:
            sleep(min(1.0, max(0.0, settings.watch_every - (time.monotonic() - started))))
        if stop():
            return reports
