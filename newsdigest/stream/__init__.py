"""Stream mode: a flow of articles grouped into events as it arrives, stored, and summarized.

``Stream`` runs the per-article stages (read, clean, deduplicate) and the clustering one batch
at a time; with a ``Store`` each batch is one transaction, so the stream can be stopped at
any point and resumed. ``ingest`` and ``cluster`` are what the commands of the same names
call; ``event_summary`` and ``digest`` summarize stored events through the same pipeline as
``summarize``, caching the result until the event changes.
"""
from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Callable, Iterable, Iterator

from ..outlets import source_key
from ..clean import NO_TEXT, clean_article, has_text
from ..dedup import DuplicateIndex
from ..errors import InputError
from ..ingest import stream_paths
from ..model import Article, Summary
from ..settings import DEFAULT_METHOD, Settings
from .cluster import EventClusterer, Features, article_day, article_features
from .store import EventRow, Store, StoredArticle

__all__ = ["Stream", "IngestReport", "ingest", "cluster", "event_summary", "digest", "headline", "list_events",
           "Store", "EventRow"]


@dataclass
class IngestReport:
    """What an ingest did; ``skipped`` lists (where, reason) for input that could not be used."""

    read: int = 0
    stored: int = 0
    known: int = 0
    updated: int = 0
    duplicates: int = 0
    new_events: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    on_skip: Callable[[str, str], None] | None = field(default=None, repr=False, compare=False)

    def skip(self, where: str, reason: str) -> None:
        self.skipped.append((where, reason))
        if self.on_skip:
            self.on_skip(where, reason)

    @property
    def rate(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        parts = [f"{self.read:,} read", f"{self.stored:,} stored ({_count(self.duplicates, 'near-duplicate')})"]
        if self.known:
            parts.append(f"{self.known:,} already known")
        if self.updated:
            parts.append(f"{self.updated:,} updated")
        if self.skipped:
            parts.append(f"{len(self.skipped):,} skipped")
        return (f"{', '.join(parts)}; {_count(self.new_events, 'new event')}; "
                f"{self.seconds:.1f} s, {self.rate:,.0f} articles/s")


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def content_hash(article: Article) -> str:
    return hashlib.sha256(f"{article.title}\n{article.text}".encode("utf-8", "surrogatepass")).hexdigest()


class Stream:
    """Clean, deduplicate and cluster batches of articles, with or without a store.

    Without a store the state lives in memory (the ``cluster`` command); with one it is loaded
    from the store and each batch is committed before the next is read.
    """

    def __init__(self, settings: Settings = Settings(), store: Store | None = None):
        self.settings = settings
        self.store = store
        self.duplicates = DuplicateIndex(settings)
        if store is None:
            self.clusterer = EventClusterer(settings)
            self._hashes: dict[str, str] = {}  # id -> hash, for idempotence in memory
            self._owners: dict[str, str] = {}  # hash -> first id
            self._events: dict[str, int] = {}  # id -> event
            self._duplicate_of: dict[str, str] = {}
        else:
            seen = store.meta("seen")
            young = [(a.id, self.features(a), event) for a, event in store.clustered_articles()] \
                if seen < settings.stream_warmup else []
            self.clusterer = EventClusterer(settings, seen=seen, df=store.document_frequencies(),
                                            events=store.active_events(), next_id=store.meta("next_event"),
                                            young=young)
            for key, signature in store.recent_signatures(self.duplicates.window):
                self.duplicates.add(key, self.duplicates.load(signature))
        self.merged: dict[int, int] = {}  # old id -> id it merged into (in memory: every merge so far)

    def features(self, article: Article) -> Features:
        return article_features(article, clean_article(article, self.settings).body)

    def event_of(self, article_id: str) -> int:
        """The article's event now (in-memory streams only; a store answers for itself)."""
        return self._events[article_id]

    def final(self, event: int) -> int:
        while event in self.merged:
            event = self.merged[event]
        return event

    def add(self, articles: list[Article], report: IngestReport) -> list[tuple[str, int, str | None]]:
        """Process one batch; (article id, event, duplicate of) for each article stored."""
        report.read += len(articles)
        hashes = [content_hash(a) for a in articles]
        known = self.store.hashes(a.id for a in articles) if self.store else {
            a.id: self._hashes[a.id] for a in articles if a.id in self._hashes}
        owners = self.store.hash_owners(hashes) if self.store else {h: self._owners[h] for h in hashes if h in self._owners}
        today = date.today().toordinal()
        fresh: list[StoredArticle] = []
        updated: list[StoredArticle] = []
        features: list[Features] = []
        clustered: list[int] = []  # index into fresh of each clustered article
        for article, digest in zip(articles, hashes):
            if known.get(article.id) == digest:
                report.known += 1
                continue
            day = article_day(article)
            item = StoredArticle(article, digest, source_key(article), day or today, day is not None)
            if article.id in known:  # same id, new text: keep its event, refresh its text
                updated.append(item)
                known[article.id] = digest
                continue
            known[article.id] = digest
            cleaned = clean_article(article, self.settings)
            text = cleaned.body
            if not has_text(text):  # cleaning keeps most of any article: the input had none
                report.skip(article.id, NO_TEXT)
                continue
            signature = self.duplicates.signature(text)
            original = owners.get(digest) or self.duplicates.find(signature)
            if original is None:
                owners[digest] = article.id
                self.duplicates.add(article.id, signature)
                clustered.append(len(fresh))
                features.append(article_features(article, text))
            fresh.append(replace(item, duplicate_of=original,
                                 signature=None if original else self.duplicates.dump(signature)))
        assignment = self.clusterer.add(features, [fresh[k].article.id for k in clustered])
        if self.store:  # the store has applied every earlier merge: only this batch's matter
            self.merged = dict(assignment.merged)
        else:
            self.merged.update(assignment.merged)
        events: dict[str, int] = dict(zip((fresh[k].article.id for k in clustered), assignment.labels))
        lookup = [i.duplicate_of for i in fresh if i.duplicate_of and i.duplicate_of not in events]
        earlier = self.store.events_of(lookup) if self.store else {k: self._events[k] for k in lookup}
        for item in fresh:
            if item.duplicate_of:  # the original's event: from this batch, moved by it, or as stored
                o = item.duplicate_of
                events[item.article.id] = self.final(events[o] if o in events else assignment.moved.get(o, earlier[o]))
        rows = [(item, events[item.article.id]) for item in fresh]
        if self.store:
            self.store.write_batch(
                articles=rows, updated=updated, moved=assignment.moved,
                events=[self.clusterer.events[i] for i in assignment.changed], merged=assignment.merged,
                retired=assignment.retired, df=Counter(t for f in features for t in f.terms),
                seen=self.clusterer.seen, next_event=self.clusterer.next_id)
        else:
            for item, event in rows:
                if item.duplicate_of:
                    self._duplicate_of[item.article.id] = item.duplicate_of
                else:
                    self._owners.setdefault(item.hash, item.article.id)
                self._hashes[item.article.id] = item.hash
                self._events[item.article.id] = event
            for item in updated:
                self._hashes[item.article.id] = item.hash
            if assignment.moved:
                self._events.update(assignment.moved)
                for key, original in self._duplicate_of.items():
                    self._events[key] = self._events[original]
        report.stored += len(fresh)
        report.updated += len(updated)
        report.duplicates += sum(1 for i in fresh if i.duplicate_of)
        report.new_events += len(assignment.created)
        return [(item.article.id, event, item.duplicate_of) for item, event in rows]

    def run(self, articles: Iterable[Article], report: IngestReport,
            progress: Callable[[int], None] | None = None) -> Iterator[list[tuple[str, int, str | None]]]:
        """Batches of ``stream_batch`` articles through ``add``; yields each batch's rows."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.settings.stream_batch:
                yield self.add(batch, report)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            yield self.add(batch, report)
            if progress:
                progress(len(batch))


def ingest(paths: Iterable[str], db: str, settings: Settings = Settings(),
           progress: Callable[[int], None] | None = None,
           on_skip: Callable[[str, str], None] | None = None) -> IngestReport:
    """Read, clean, deduplicate, cluster and store articles; unusable input is reported
    through ``on_skip`` and skipped, the rest stored."""
    report = IngestReport(on_skip=on_skip)
    start = time.perf_counter()
    with Store(db) as store:
        stream = Stream(settings, store)
        for _ in stream.run(stream_paths(paths, settings, report.skip), report, progress):
            pass
    report.seconds = time.perf_counter() - start
    return report


def cluster(paths: Iterable[str], settings: Settings = Settings(),
            on_skip: Callable[[str, str], None] | None = None) -> tuple[list[dict], IngestReport]:
    """One-shot event clustering without a store: one record per article, events numbered from
    0 in order of first appearance, after every merge."""
    report = IngestReport(on_skip=on_skip)
    start = time.perf_counter()
    stream = Stream(settings)
    rows = [row for batch in stream.run(stream_paths(paths, settings, report.skip), report) for row in batch]
    numbers: dict[int, int] = {}
    out = []
    for article, _, duplicate_of in rows:
        event = stream.final(stream.event_of(article))
        record = {"article": article, "event": numbers.setdefault(event, len(numbers))}
        if duplicate_of:
            record["duplicate_of"] = duplicate_of
        out.append(record)
    report.seconds = time.perf_counter() - start
    return out, report


# --- summaries of stored events

HEADLINE_TOKENS = 40  # a WCEP-style one-line summary


def event_summary(store: Store, event: int, settings: Settings = Settings(), method: str = DEFAULT_METHOD,
                  tokens: int | None = None, words: int | None = None, analyze: bool = False) -> Summary:
    from ..pipeline import summarize

    articles = store.articles(event)
    if not articles:
        raise InputError(f"event {event}", "no such event in the store")
    return summarize(articles, method, tokens=tokens, words=words, settings=settings, analyze=analyze)


def headline(store: Store, event: int, settings: Settings = Settings()) -> str:
    """A one-line summary of the event, cached in the store until the event changes."""
    key = f"headline:{DEFAULT_METHOD}:{HEADLINE_TOKENS}t"
    text = store.cached(event, key)
    if text is None:
        summary = event_summary(store, event, settings, tokens=HEADLINE_TOKENS)
        text = " ".join(s.text for s in summary.sentences)
        store.cache(event, key, text)
    return text


def list_events(store: Store, since: str | None = None, min_sources: int = 1, limit: int | None = None,
                settings: Settings = Settings()) -> list[tuple[EventRow, str]]:
    """Live events, most recent first, each with its headline: what `newsdigest events` lists."""
    rows = store.events(since_day=parse_day(since) if since else None, min_sources=min_sources)[:limit]
    return [(row, headline(store, row.id, settings)) for row in rows]


def digest(store: Store, day: int | None = None, settings: Settings = Settings(), method: str = DEFAULT_METHOD,
           words: int = 100, min_sources: int = 1, analyze: bool = True) -> tuple[int | None, list[tuple[EventRow, Summary]]]:
    """Each event with an article on ``day`` (default: the latest day in the store), summarized."""
    day = store.latest_day() if day is None else day
    if day is None:
        return None, []
    rows = store.events(day=day, min_sources=min_sources)
    return day, [(row, event_summary(store, row.id, settings, method, words=words, analyze=analyze)) for row in rows]


def parse_day(text: str) -> int:
    try:
        return date.fromisoformat(text).toordinal()
    except ValueError:
        raise InputError(text, "not a date (expected YYYY-MM-DD)") from None


def day_text(day: int) -> str:
    return date.fromordinal(day).isoformat()
