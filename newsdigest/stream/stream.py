"""``Stream``: clean, deduplicate and cluster batches of articles into a store.

The store is the one place the stream's state lives: an SQLite file for ``ingest`` (each batch
one transaction, so the stream can stop at any point and resume), or the same store in memory
for ``cluster``. So the stream has one code path, whatever keeps its state.
"""
from __future__ import annotations

import hashlib
import itertools
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Callable, Iterable, Iterator, Sequence

from ..clean import NO_TEXT, clean_article, has_text
from ..language import with_languages
from ..dedup import SIGNATURES, DuplicateIndex, signature_values
from ..errors import ConfigError
from ..model import Article
from ..outlets import source_key
from ..settings import Settings
from .cluster import Assignment, EventClusterer, Features, article_day, article_features
from .report import IngestReport
from .store import Store, StoredArticle


@dataclass(frozen=True)
class Placement:
    """Where one stored article went: its event, and the article it near-duplicates, if any."""

    article: str
    event: int
    duplicate_of: str | None = None


@dataclass
class _Batch:
    """A batch sorted out: new articles, updated texts, and the features of those to cluster."""

    fresh: list[StoredArticle] = field(default_factory=list)
    updated: list[StoredArticle] = field(default_factory=list)
    features: list[Features] = field(default_factory=list)
    clustered: list[int] = field(default_factory=list)  # index into fresh of each clustered article


@dataclass(frozen=True)
class Prepared:
    """What ``Stream`` computes of one new article: its language, its MinHash signature of the
    cleaned text (as stored; empty when cleaning left no text) and its clustering features. Pure, so
    a pool of processes can compute it for a batch while the stream stores the one before (the
    pool prepares every article of a batch, the ones the store already has too; alone, the
    stream prepares only the new ones)."""

    article: Article
    signature: bytes = b""
    features: Features | None = None


def prepare(article: Article, settings: Settings) -> Prepared:
    article, text = cleaned(article, settings)
    if not has_text(text):
        return Prepared(article)
    return Prepared(article, signature_values(text, settings).tobytes(), article_features(article, text))


def cleaned(article: Article, settings: Settings) -> tuple[Article, str]:
    """The article with its language (one stored before languages were has none), and its main text."""
    article = with_languages([article], settings.language)[0]
    return article, clean_article(article, settings).body


def _prepare_batch(job: tuple[list[Article], Settings]) -> list[tuple[str, bytes, Features | None]]:
    """A worker's ``prepare`` of its part of a batch, without the articles: the caller has them,
    and pickling their texts back costs the main process more than the rest."""
    articles, settings = job
    return [(p.article.language, p.signature, p.features) for p in (prepare(a, settings) for a in articles)]


def _prepared(article: Article, result: tuple[str, bytes, Features | None]) -> Prepared:
    language, signature, features = result
    return Prepared(article if article.language == language else replace(article, language=language),
                    signature, features)


def content_hash(article: Article) -> str:
    return hashlib.sha256(f"{article.title}\n{article.text}".encode("utf-8", "surrogatepass")).hexdigest()


class Stream:
    """Clean, deduplicate and cluster batches of articles; the ``store`` holds all the state
    (``Store(":memory:")`` for a stream that is not kept)."""

    def __init__(self, settings: Settings, store: Store):
        self.settings = settings
        self.store = store
        self.duplicates = DuplicateIndex(settings)
        seen = store.meta("seen")
        young = [(a.id, self.features(a), event) for a, event in store.clustered_articles()] \
            if seen < settings.stream_warmup else []
        self.clusterer = EventClusterer(settings, seen=seen, df=store.document_frequencies(),
                                        events=store.active_events(), next_id=store.meta("next_event"),
                                        young=young)
        window = (self._resign() if store.meta("signatures", SIGNATURES) != SIGNATURES
                  else store.recent_signatures(self.duplicates.window))
        for key, signature in window:
            self.duplicates.add(key, self.duplicates.load(signature))

    def _resign(self) -> list[tuple[str, bytes]]:
        """Sign the duplicate window again, for a store whose signatures an older shingle hash
        made; its (id, signature) pairs, oldest first, as ``Store.recent_signatures`` reads them."""
        signatures = {}
        for article in self.store.recent_signed(self.duplicates.window):
            signatures[article.id] = signature_values(cleaned(article, self.settings)[1], self.settings).tobytes()
        self.store.resign(signatures, SIGNATURES)
        return list(signatures.items())

    def features(self, article: Article) -> Features:
        return article_features(*cleaned(article, self.settings))

    def event_of(self, article_id: str) -> int:
        """The article's event now, after every merge so far."""
        return self.store.events_of([article_id])[article_id]

    def add(self, articles: list[Article], report: IngestReport, pages: Sequence[tuple] = (),
            prepared: Sequence[Prepared] | None = None) -> list[Placement]:
        """Process one batch, committed to the store in one transaction (with ``pages``, the
        fetched pages the articles came from: ``Store.record_pages``' rows; with ``prepared``,
        each article's ``prepare`` computed elsewhere)."""
        report.read += len(articles)
        batch = self._sort(articles, report, prepared)
        assignment = self.clusterer.add(batch.features, [batch.fresh[k].article.id for k in batch.clustered])
        placements = self._place(batch, assignment)
        self.store.write_batch(
            articles=[(item, p.event) for item, p in zip(batch.fresh, placements)], updated=batch.updated,
            moved=assignment.moved, events=[self.clusterer.events[i] for i in assignment.changed],
            merged=assignment.merged, retired=assignment.retired,
            df=Counter(t for f in batch.features for t in f.terms),
            seen=self.clusterer.seen, next_event=self.clusterer.next_id, pages=pages)
        report.stored += len(batch.fresh)
        report.updated += len(batch.updated)
        report.duplicates += sum(1 for i in batch.fresh if i.duplicate_of)
        report.new_events += len(assignment.created)
        return placements

    def _sort(self, articles: list[Article], report: IngestReport, prepared: Sequence[Prepared] | None = None) -> _Batch:
        """Known articles passed over, changed texts updated, near-duplicates found, the rest
        cleaned and made into features."""
        hashes = [content_hash(a) for a in articles]
        known = self.store.hashes(a.id for a in articles)
        owners = self.store.hash_owners(hashes)
        today = date.today().toordinal()
        batch = _Batch()
        for n, (article, digest) in enumerate(zip(articles, hashes)):
            if known.get(article.id) == digest:
                report.known += 1
                continue
            ready = prepared[n] if prepared is not None else prepare(article, self.settings)
            article = ready.article
            day = article_day(article)
            item = StoredArticle(article, digest, source_key(article), day or today, day is not None)
            if article.id in known:  # same id, new text: keep its event, refresh its text
                batch.updated.append(item)
                known[article.id] = digest
                continue
            known[article.id] = digest
            if not ready.signature:  # cleaning keeps most of any article: the input had none
                report.skip(article.id, NO_TEXT)
                continue
            signature = self.duplicates.load(ready.signature)
            original = owners.get(digest) or self.duplicates.find(signature)
            if original is None:
                owners[digest] = article.id
                self.duplicates.add(article.id, signature)
                batch.clustered.append(len(batch.fresh))
                batch.features.append(ready.features)
            batch.fresh.append(replace(item, duplicate_of=original,
                                       signature=None if original else ready.signature))
        return batch

    def _place(self, batch: _Batch, assignment: Assignment) -> list[Placement]:
        """Each new article's event: its cluster's, or for a near-duplicate its original's (from
        this batch, moved by it, or as stored), after this batch's merges."""
        events = dict(zip((batch.fresh[k].article.id for k in batch.clustered), assignment.labels))
        lookup = [i.duplicate_of for i in batch.fresh if i.duplicate_of and i.duplicate_of not in events]
        earlier = self.store.events_of(lookup)

        def final(event: int) -> int:
            while event in assignment.merged:
                event = assignment.merged[event]
            return event

        out = []
        for item in batch.fresh:
            o = item.duplicate_of
            event = (events[item.article.id] if o is None
                     else final(events[o] if o in events else assignment.moved.get(o, earlier[o])))
            out.append(Placement(item.article.id, event, o))
        return out

    def run(self, articles: Iterable[Article], report: IngestReport,
            progress: Callable[[int], None] | None = None, workers: int = 1) -> Iterator[list[Placement]]:
        """Batches of ``stream_batch`` articles through ``add``; yields each batch's placements.
        With ``workers`` > 1, a pool of that many processes runs ``prepare`` on the next batch
        while this one is stored and clustered (the same placements: ``prepare`` is pure); one
        batch is read ahead, so memory stays flat in the stream's length. ``workers`` 0 runs the
        first ``stream_parallel_after`` articles here, then the rest in a pool of two (on a
        one-core machine, all of them here)."""
        batches = _batches(articles, self.settings.stream_batch)
        alone = 0  # batches run in this process before the pool starts; None: all of them
        if workers == 0:  # auto (``Settings.stream_workers``)
            alone = max(0, -(-self.settings.stream_parallel_after // max(1, self.settings.stream_batch)))
            workers = min(2, os.cpu_count() or 1)
        if workers <= 1:
            alone = None
        for batch in itertools.islice(batches, alone):
            yield self._added(batch, None, report, progress)
        if alone is None:
            return
        following = next(batches, None)
        if following is None:  # the stream ended before the workers would pay
            return
        yield from self._pooled(itertools.chain([following], batches), workers, report, progress)

    def _pooled(self, batches: Iterator[list[Article]], workers: int, report: IngestReport,
                progress: Callable[[int], None] | None) -> Iterator[list[Placement]]:
        """``run``'s batches with ``prepare`` in a pool of ``workers`` processes, one batch ahead."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        # spawn: no SQLite handle or thread crosses into a child (docs/benchmarks.md has fork beside
        # it); a worker that cannot start breaks the pool instead of hanging it
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            pending = None
            try:
                for batch in batches:
                    ahead = [pool.submit(_prepare_batch, (part, self.settings)) for part in _parts(batch, workers)]
                    if pending is not None:
                        yield self._added(*pending, report, progress)
                    pending = (batch, ahead)
                if pending is not None:
                    yield self._added(*pending, report, progress)
            except BrokenProcessPool as exc:
                raise ConfigError("the worker processes could not run (a script that asks for workers must start "
                                  "its work under `if __name__ == \"__main__\":`); every batch before is stored") from exc

    def _added(self, batch: list[Article], ahead, report: IngestReport, progress) -> list[Placement]:
        """``add`` the batch, with what the pool prepared for it (``ahead``: its jobs) if any."""
        prepared = ([_prepared(a, r) for a, r in zip(batch, (r for job in ahead for r in job.result()))]
                    if ahead is not None else None)
        placements = self.add(batch, report, prepared=prepared)
        if progress:
            progress(len(batch))
        return placements


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _parts(batch: list[Article], n: int) -> list[list[Article]]:
    """``batch`` cut into ``n`` runs in order, for ``n`` workers."""
    size = -(-len(batch) // n)
    return [batch[k: k + size] for k in range(0, len(batch), size)]
