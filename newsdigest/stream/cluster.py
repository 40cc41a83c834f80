"""Group a flow of articles into events, one batch at a time.

The method is average-link agglomerative clustering made incremental. Each batch of new
articles is clustered together with the events still active: an event is never split, but it
may grow or merge with another, and new articles may form new events. Two groups join while
the average similarity over all pairs of their articles is at least ``stream_threshold``.

The similarity of two articles is the cosine of their TF-IDF vectors minus a time penalty:
``stream_time_weight`` times how far apart their dates are, as a share of ``stream_days``
(capped at 1). Undated articles pay no penalty. Both parts are dot products of per-article
vectors (the time part through a box of day bins, whose overlap is the triangular kernel), so
an event needs only the sum of its articles' vectors, and the average similarity of two groups
is the dot product of their sums divided by their sizes. That keeps memory per event small.
Events are retired, oldest growth first, past ``stream_window`` active events, so memory stays
flat however long the stream is.

Weights: IDF is counted online over every article seen, the current batch included (so the
first batch of a stream is not judged with an empty IDF), squared, and terms seen in one
article only are ignored; capitalised names count twice. Merging uses Murtagh's
nearest-neighbour chain, which gives the same clusters as the textbook algorithm for a
reducible linkage such as average link, in time quadratic in the number of groups.

``one_pass`` is the baseline the benchmark sets beside it: each article joins the event of the
most similar earlier article at or above a threshold (plain TF-IDF cosine, online IDF).
"""
from __future__ import annotations

import math
import re
from collections import Counter, OrderedDict
from itertools import chain
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import sparse

from ..model import Article
from ..settings import Settings
from ..vectors import content_terms

_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")


@dataclass(frozen=True)
class Features:
    """What clustering needs of an article: stemmed term counts and its day (an ordinal)."""

    terms: Counter
    day: int | None = None


def article_features(article: Article, text: str) -> Features:
    """Terms of the title and the cleaned text, capitalised names counted twice (names are
    what tells two stories of one place apart), and the publication day when known."""
    body = f"{article.title}\n{text}" if article.title else text
    lang = article.language or "en"
    terms = Counter(content_terms(body, lang))
    for term in content_terms("\n".join(_NAME.findall(body)), lang):  # the names' terms, read at once
        if term in terms:
            terms[term] += 1
    return Features(terms, article_day(article))


def article_day(article: Article) -> int | None:
    try:
        return date.fromisoformat(article.date[:10]).toordinal()
    except ValueError:
        return None


@dataclass
class Event:
    """An active event's clustering state: the sum of its articles' vectors (terms and day bins)."""

    id: int
    vector: dict = field(default_factory=dict)
    size: int = 0
    dated: int = 0
    first: int | None = None
    last: int | None = None


@dataclass(frozen=True)
class Assignment:
    """What one batch did: each article's event, earlier articles that changed event (only
    while the stream is young), events merged away (into which), events whose state changed
    (to be saved), events it started, and events retired from the window."""

    labels: tuple[int, ...]
    merged: dict[int, int]
    changed: frozenset[int]
    created: frozenset[int]
    retired: frozenset[int]
    moved: dict[str, int] = field(default_factory=dict)


class EventClusterer:
    """Incremental event clustering; ``add`` assigns a batch. The state (document frequencies,
    active events, and while the stream is young its articles) can be handed in, so a store can
    resume a stream where it stopped.

    A young stream (fewer than ``stream_warmup`` articles) has an IDF from a handful of
    articles, and vectors weighted with it would stay in the events' sums for good. So until
    the stream is that long, every batch re-clusters all its articles from scratch with the
    IDF of the moment, and earlier articles may change event (``Assignment.moved``); events
    keep the id of the earlier event they share most articles with.
    """

    def __init__(self, settings: Settings = Settings(), *, seen: int = 0, df: Counter | None = None,
                 events: list[Event] = (), next_id: int = 0,
                 young: list[tuple[str, Features, int]] = ()):
        self.settings = settings
        self.seen = seen
        self.df: Counter = df if df is not None else Counter()
        self.events: OrderedDict[int, Event] = OrderedDict((e.id, e) for e in events)  # least recently grown first
        self.next_id = max([next_id] + [e.id + 1 for e in events])
        self._columns: dict = {}  # term or day bin -> column of the sparse rows
        self._stack = None  # the active events' rows, as _touched last built them
        self._stacked: dict[int, tuple] = {}  # event id -> (event, size, its row in _stack)
        self.young: list[tuple[str, Features]] = [(k, f) for k, f, _ in young]
        self._young_events: dict[str, int] = {k: e for k, _, e in young}

    def add(self, batch: list[Features], keys: list[str] | None = None) -> Assignment:
        if not batch:
            return Assignment((), {}, frozenset(), frozenset(), frozenset())
        if self.seen < self.settings.stream_warmup:
            keys = keys if keys is not None else [f"#{self.seen + k}" for k in range(len(batch))]
            return self._recluster(batch, keys)
        self.young, self._young_events = [], {}
        self.seen += len(batch)
        for item in batch:
            self.df.update(item.terms.keys())
        idf = Idf(self.df, self.seen)
        singles = [group_of([weighted_vector(item, idf, self.settings)], [item.day]) for item in batch]
        labels, merged, changed, created = self._place(singles)
        retired = self._retire()
        return Assignment(tuple(labels), merged, frozenset(changed - retired), frozenset(created), frozenset(retired))

    def add_groups(self, groups: list[Event]) -> tuple[list[int], dict[int, int]]:
        """Merge groups clustered elsewhere (their vectors weighted with this clusterer's IDF)
        into the active events, as ``add`` merges a batch of single articles: the Spark job
        clusters each day apart and merges the days here, in date order. Returns each
        group's event id and the events merged away."""
        labels, merged, _, _ = self._place(groups)
        self._retire()
        return labels, merged

    def _place(self, groups: list[Event]) -> tuple[list[int], dict[int, int], set[int], set[int]]:
        """Average link over the new groups and the active events they can touch."""
        old, rows = self._touched(groups)
        clusters = average_link(rows,
                                np.array([e.size for e in old + groups], dtype=float),
                                np.array([e.dated for e in old + groups], dtype=float),
                                self.settings.stream_time_weight, self.settings.stream_threshold)
        labels: list[int] = [0] * len(groups)
        merged: dict[int, int] = {}
        changed: set[int] = set()
        created: set[int] = set()
        for members in clusters:
            olds = [old[g] for g in members if g < len(old)]
            news = [g - len(old) for g in members if g >= len(old)]
            if not news and len(olds) < 2:
                continue
            event = min(olds, key=lambda e: e.id) if olds else self._new_event()
            if not olds:
                created.add(event.id)
            for other in olds:
                if other is not event:
                    merged[other.id] = event.id
                    self._absorb(event, other)
                    del self.events[other.id]
            for k in news:
                labels[k] = event.id
                self._absorb(event, groups[k])
            self.events.move_to_end(event.id)
            changed.add(event.id)
        return labels, merged, changed, created

    def _recluster(self, batch: list[Features], keys: list[str]) -> Assignment:
        self.young += zip(keys, batch)
        self.seen += len(batch)
        self.df = Counter(t for _, f in self.young for t in f.terms)
        idf = Idf(self.df, self.seen)
        vectors = [weighted_vector(f, idf, self.settings) for _, f in self.young]
        clusters = average_link(vectors, np.ones(len(vectors)), np.array([f.day is not None for _, f in self.young],
                                dtype=float), self.settings.stream_time_weight, self.settings.stream_threshold)
        before = self._young_events
        # each cluster keeps the earlier event it shares most articles with, each id used once
        pairs = sorted((-n, event, c) for c, members in enumerate(clusters)
                       for event, n in Counter(before[self.young[g][0]] for g in members
                                               if self.young[g][0] in before).items())
        ids: dict[int, int] = {}
        for _, event, c in pairs:
            if c not in ids and event not in ids.values():
                ids[c] = event
        created = set()
        for c in range(len(clusters)):
            if c not in ids:
                ids[c] = self.next_id
                created.add(self.next_id)
                self.next_id += 1
        events = {}
        for c, members in sorted(enumerate(clusters), key=lambda cm: max(cm[1])):  # last grown last
            event = events[ids[c]] = Event(ids[c])
            for g in members:
                self._grow(event, vectors[g], self.young[g][1].day)
        after = {self.young[g][0]: ids[c] for c, members in enumerate(clusters) for g in members}
        gone = set(before.values()) - set(ids.values())
        merged = {old: Counter(after[k] for k, e in before.items() if e == old).most_common(1)[0][0] for old in gone}
        self.events = OrderedDict(events)
        self._young_events = after
        retired = self._retire()
        return Assignment(tuple(after[k] for k in keys), merged, frozenset(self.events), frozenset(created),
                          frozenset(retired), {k: e for k, e in after.items() if k in before and before[k] != e})

    def _retire(self) -> set[int]:
        """Close the least recently changed events beyond the window; their ids."""
        retired = set()
        while len(self.events) > self.settings.stream_window:
            retired.add(self.events.popitem(last=False)[0])
        return retired

    def _touched(self, groups: list[Event]) -> tuple[list[Event], sparse.csr_matrix]:
        """The active events this batch can change, and the vectors of those events and then of
        the new groups as the rows of one matrix. After each batch no two active events are
        similar enough to merge; average link is a weighted mean over article pairs, so an
        event can only join something if some new group (an article) alone scores at least the
        threshold with it. Only those events enter the quadratic step, not the whole window."""
        new = _matrix([g.vector for g in groups], self._columns)
        events = list(self.events.values())
        if not events:
            return [], new
        old = self._event_rows(events)
        new.resize((len(groups), old.shape[1]))  # the events may have terms no article of the batch has
        dated_old = np.array([e.dated for e in events], dtype=float)
        dated_new = np.array([g.dated for g in groups], dtype=float)
        pair_sums = (old @ new.T).toarray() - self.settings.stream_time_weight / 2 * np.outer(dated_old, dated_new)
        sizes = np.array([e.size for e in events], dtype=float)
        sizes_new = np.array([g.size for g in groups], dtype=float)
        keep = np.flatnonzero((pair_sums >= self.settings.stream_threshold * np.outer(sizes, sizes_new)).any(axis=1))
        return [events[k] for k in keep], sparse.vstack([old[keep], new], format="csr")

    def _event_rows(self, events: list[Event]):
        """The events' vectors as the rows of one sparse matrix, in ``events``' order. An event
        unchanged since the last batch (same object, same size: growing always adds an article)
        keeps its row from the last matrix; only the others are built."""
        reuse, build = [], []
        for k, e in enumerate(events):
            hit = self._stacked.get(e.id)
            (reuse if hit is not None and hit[0] is e and hit[1] == e.size else build).append(k)
        parts = []
        if reuse:
            parts.append(self._stack[[self._stacked[events[k].id][2] for k in reuse]])
        if build:
            parts.append(_matrix([events[k].vector for k in build], self._columns))
        width = max(1, len(self._columns))
        for part in parts:
            part.resize((part.shape[0], width))
        stack = sparse.vstack(parts, format="csr") if len(parts) > 1 else parts[0]
        if reuse and build:
            stack = stack[np.argsort(reuse + build)]  # back to the events' order
        self._stack = stack
        self._stacked = {e.id: (e, e.size, r) for r, e in enumerate(events)}
        return stack

    def _new_event(self) -> Event:
        event = Event(self.next_id)
        self.next_id += 1
        self.events[event.id] = event
        return event

    @staticmethod
    def _grow(event: Event, vector: dict, day: int | None) -> None:
        _add_into(event.vector, vector)
        event.size += 1
        if day is not None:
            event.dated += 1
            event.first = day if event.first is None else min(event.first, day)
            event.last = day if event.last is None else max(event.last, day)

    @staticmethod
    def _absorb(event: Event, other: Event) -> None:
        _add_into(event.vector, other.vector)
        event.size += other.size
        event.dated += other.dated
        spans = [d for d in (event.first, event.last, other.first, other.last) if d is not None]
        if spans:
            event.first, event.last = min(spans), max(spans)


def group_of(vectors: list[dict], days: list[int | None]) -> Event:
    """The clustering state of articles grouped together (not yet an event: id -1), to merge
    into the active events: one article of a batch, or a block the Spark job clustered."""
    group = Event(-1)
    for vector, day in zip(vectors, days):
        EventClusterer._grow(group, vector, day)
    return group


class Idf(dict):
    """Term -> its IDF weight, squared, for one state of the document frequencies (``None`` for
    a term seen once: ignored), each computed when first asked: a batch's articles share most
    of their terms, so each term's logarithms are taken once a batch, not once an article."""

    def __init__(self, df: Counter, seen: int):
        super().__init__()
        self.df, self.seen = df, seen

    def __missing__(self, term: str) -> float | None:
        n = self.df[term]
        weight = self[term] = (math.log((1 + self.seen) / (1 + n)) + 1) ** 2 if n > 1 else None
        return weight


def weighted_vector(item: Features, idf: Idf, settings: Settings) -> dict:
    """An article's vector: TF-IDF (IDF squared, terms seen once ignored) on the unit sphere,
    plus its day bins."""
    v = {t: (1 + math.log(c)) * w for t, c in item.terms.items() if (w := idf[t]) is not None}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    v = {t: x / norm for t, x in v.items()}
    if item.day is not None:
        # a box of `days` bins ending on the article's day: two boxes overlap in
        # max(0, days - gap) bins, so the dot product is weight * (1 - min(1, gap/days))
        days = max(1, round(settings.stream_days))
        x = math.sqrt(settings.stream_time_weight / days)
        for d in range(item.day - days + 1, item.day + 1):
            v[d] = x  # int keys: day bins, never confused with string terms
    return v


def _add_into(total: dict, vector: dict) -> None:
    for t, x in vector.items():
        total[t] = total.get(t, 0.0) + x


def average_link(groups, sizes: np.ndarray, dated: np.ndarray,
                 time_weight: float, threshold: float) -> list[list[int]]:
    """Clusters of group indexes: average link over the articles in the groups (their vectors, as
    dicts or as the rows of a sparse matrix), stopped at ``threshold``, by the nearest-neighbour
    chain (Murtagh 1983)."""
    m = groups if sparse.issparse(groups) else _matrix(groups, {})
    # summed pair similarities: cosine, plus w * (kernel - 1/2) for each dated pair
    total = (m @ m.T).toarray() - time_weight / 2 * np.outer(dated, dated)
    n = m.shape[0]
    alive = np.ones(n, dtype=bool)
    done = np.zeros(n, dtype=bool)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    chain: list[int] = []
    while True:
        if not chain:
            open_ = np.flatnonzero(alive & ~done)
            if not len(open_):
                break
            chain.append(int(open_[0]))
        a = chain[-1]
        avg = total[a] / (sizes[a] * sizes)
        avg[~alive | done] = -np.inf
        avg[a] = -np.inf
        b = int(np.argmax(avg))
        if len(chain) > 1 and avg[chain[-2]] >= avg[b]:
            b = chain[-2]  # ties keep the chain's partner, so the chain always ends
        if avg[b] < threshold:
            done[a] = True  # average link is reducible: nothing a may meet later is closer
            chain.clear()
            continue
        if len(chain) > 1 and b == chain[-2]:
            chain.pop()
            chain.pop()
            keep, gone = min(a, b), max(a, b)
            total[keep] += total[gone]
            total[:, keep] = total[keep]
            sizes[keep] += sizes[gone]
            alive[gone] = False
            members[keep] += members.pop(gone)
        else:
            chain.append(b)
    return [members[i] for i in sorted(members)]


def _matrix(vectors: list[dict], columns: dict):
    """Sparse rows of ``vectors``, each row's entries in its dict's order; ``columns`` maps keys to
    columns and grows as needed, new keys numbered in the order they are met."""
    keys = list(chain.from_iterable(vectors))
    missing = set(keys).difference(columns)
    if missing:
        for key in dict.fromkeys(keys):
            if key in missing:
                columns[key] = len(columns)
    indices = np.fromiter(map(columns.__getitem__, keys), dtype=np.int64, count=len(keys))
    data = np.fromiter(chain.from_iterable(v.values() for v in vectors), dtype=float, count=len(keys))
    indptr = np.zeros(len(vectors) + 1, dtype=np.int64)
    np.cumsum([len(v) for v in vectors], out=indptr[1:])
    return sparse.csr_matrix((data, indices, indptr), shape=(len(vectors), max(1, len(columns))))


def _cosine(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def one_pass(items: list[Counter], threshold: float, window: int = 10_000) -> list[int]:
    """Baseline: join the event of the most similar earlier article (TF-IDF cosine ≥ threshold)."""
    df: Counter = Counter()
    vectors: list[dict[str, float]] = []
    labels: list[int] = []
    for n, terms in enumerate(items):
        df.update(terms.keys())
        v = {t: (1 + math.log(c)) * (math.log((2 + n) / (1 + df[t])) + 1.0) for t, c in terms.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        v = {t: x / norm for t, x in v.items()}
        best = max(((_cosine(v, vectors[k]), k) for k in range(max(0, n - window), n)), default=(0.0, -1))
        labels.append(labels[best[1]] if best[0] >= threshold else max(labels, default=-1) + 1)
        vectors.append(v)
    return labels
