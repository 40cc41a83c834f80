"""A cluster's timeline: its most important days, and for each what the articles say happened.

The shape is news-tls's Datewise method (Ghalandari & Ifrim 2020), unsupervised:

1. **Days.** Every candidate sentence speaks of the days it names (``mentioned_dates``,
   resolved against its article's date); a sentence naming none speaks of its article's own day.
2. **Which days.** A day's weight is the number of articles with a sentence naming it, plus
   ``timeline_published`` × the number published on it (news reports what happened a day or two
   ago, and mentions are the stronger signal). The ``dates`` heaviest days are kept, in order.
3. **What happened.** A day's candidates are the sentences naming it, and those published on it
   that name no day. They are ranked by TF-IDF cosine to their own centroid (what most of them
   say: MEAD's centroid, news-tls's CentroidOpt in spirit), mixed with the relevance to the
   query when there is one, and chosen greedily, ``per_date`` a day, skipping one too close to a
   sentence already in the timeline (``redundancy``).
4. **Citations.** The chosen sentences are attributed as a summary's are: each cites its origin
   and the sentences of other articles that state it, and counts its outlets.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from ..attribute import attribute, split_claims
from ..language import language
from ..model import Citation, Cluster, Sentence, SummarySentence, Timeline, TimelineDate
from ..settings import Settings
from ..support import statements
from ..vectors import tfidf
from .dates import mentioned_dates


@dataclass(frozen=True)
class Days:
    """Per candidate sentence, the days it speaks of; per day, its weight."""

    sentences: tuple[Sentence, ...]
    named: tuple[tuple[str, ...], ...]  # the days each sentence names ("" none)
    published: tuple[str, ...]  # each sentence's article's date ("" none)
    weight: dict[str, float]
    published_on: dict[str, int]  # articles published on each day

    def about(self, i: int) -> tuple[str, ...]:
        """The days sentence ``i`` speaks of: those it names, else its article's own day."""
        return self.named[i] or ((self.published[i],) if self.published[i] else ())

    def rank(self, day: str) -> tuple:
        """Sort key, heaviest day first (ties: the day more articles were published on, then the earlier)."""
        return -self.weight[day], -self.published_on.get(day, 0), day


def days_of(cluster: Cluster, settings: Settings = Settings(), start: str = "", end: str = "") -> Days:
    """Steps 1 and 2 of the module doc, over the cluster's candidate sentences; only days within
    ``start`` … ``end`` (YYYY-MM-DD, either empty for open) count."""
    date_of = {d.id: d.article.date for d in cluster.documents}
    lang = {code: language(code) for code in set(cluster.languages.values())}
    sentences = cluster.candidates
    inside = (lambda d: (not start or d >= start) and (not end or d <= end))
    named = tuple(tuple(d for d in mentioned_dates(s.original, date_of[s.article], lang[cluster.languages[s.article]])
                        if inside(d)) for s in sentences)
    published = tuple(date_of[s.article] if inside(date_of[s.article]) else "" for s in sentences)
    mentions: dict[str, set[str]] = defaultdict(set)
    for s, days in zip(sentences, named):
        for d in days:
            mentions[d].add(s.article)
    on_day: dict[str, int] = defaultdict(int)
    for r in cluster.own:
        if published_day := date_of[r.id]:
            on_day[published_day] += 1
    weight: dict[str, float] = {d: float(len(a)) for d, a in mentions.items()}
    for d in on_day:
        if inside(d):
            weight.setdefault(d, 0.0)
    for d in weight:
        weight[d] += settings.timeline_published * on_day.get(d, 0)
    return Days(sentences, named, published, weight, dict(on_day))


def top_days(days: Days, n: int) -> list[str]:
    """The ``n`` heaviest days (``Days.rank``), in calendar order."""
    return sorted(sorted(days.weight, key=days.rank)[:n])


def default_dates(days: Days) -> int:
    """How many days a timeline shows when not told: one a day the articles were published on
    (the journalists' timelines of T17 keep 0.88-1.09 dates per publication day of their
    articles, docs/benchmarks.md); every day they name when they carry no dates."""
    return max(1, len(days.published_on) or len(days.weight))


def build_timeline(cluster: Cluster, dates: int | None = None, per_date: int | None = None,
                   settings: Settings = Settings(), *, query: str = "", start: str = "", end: str = "",
                   cite: bool = True) -> Timeline:
    """Steps 1-4 of the module doc. ``dates``/``per_date`` default to ``default_dates`` and
    ``settings.timeline_per_date``; ``start``/``end`` (YYYY-MM-DD) bound the days."""
    days = days_of(cluster, settings, start, end)
    warnings: list[str] = []
    undated = sum(1 for d in cluster.own if not d.article.date)
    if undated:
        warnings.append(f"{undated} article{'s have' if undated != 1 else ' has'} no date: only the days "
                        f"{'they name' if undated != 1 else 'it names'} in full are read from "
                        f"{'them' if undated != 1 else 'it'}")
    if not days.weight:
        warnings.append("no dates: the articles have no publication dates and name no day")
        return Timeline((), cluster, tuple(warnings), query=query)
    n = dates if dates is not None else default_dates(days)
    k = per_date if per_date is not None else settings.timeline_per_date
    chosen_days = top_days(days, n)
    picks = choose(days, chosen_days, k, settings, query, cluster.language)
    keys = [key for day in chosen_days for key in picks[day]]
    by_key = {(s.article, s.index): s for s in days.sentences}
    if cite:
        attributed = dict(zip(keys, attribute(cluster, keys, settings)))
    else:
        attributed = {key: SummarySentence(by_key[key].text, (Citation(*key),), 0) for key in keys}
    out = tuple(TimelineDate(day, tuple(attributed[key] for key in picks[day]), _articles(days, day))
                for day in chosen_days if picks[day])
    empty = [day for day in chosen_days if not picks[day]]
    if empty:
        warnings.append(f"{len(empty)} of the {len(chosen_days)} days chosen have no sentence long enough to "
                        f"stand alone: left out ({', '.join(empty[:3])}{'…' if len(empty) > 3 else ''})")
    return Timeline(out, cluster, tuple(warnings), query=query)


def _articles(days: Days, day: str) -> int:
    return len({s.article for i, s in enumerate(days.sentences) if day in days.about(i)})


def choose(days: Days, chosen_days: list[str], k: int, settings: Settings, query: str = "",
           lang: str = "en") -> dict[str, list[tuple[str, int]]]:
    """Step 3 of the module doc: up to ``k`` sentences for each day."""
    sentences = days.sentences
    vectors = tfidf([s.terms for s in sentences])
    relevance = None
    if query.strip():
        from ..methods.query import focus

        f = focus(sentences, query, lang)
        relevance = np.where(f.on_topic, f.relevance, -1.0)
    members: dict[str, list[int]] = defaultdict(list)
    wanted = set(chosen_days)
    for i in range(len(sentences)):
        for day in days.about(i):
            if day in wanted:
                members[day].append(i)
    picked: list[int] = []
    out: dict[str, list[tuple[str, int]]] = {}
    # the best-supported days choose first, so a sentence shared by two days goes to the heavier
    for day in sorted(chosen_days, key=days.rank):
        idx = [i for i in members[day] if sentences[i].words >= settings.min_sentence_words]
        if relevance is not None:
            idx = [i for i in idx if relevance[i] >= 0]
        out[day], today = [], []
        if not idx:
            continue
        block = vectors[idx]
        centroid = np.asarray(block.mean(axis=0)).ravel()
        norm = np.linalg.norm(centroid)
        score = np.asarray(block @ (centroid / norm)).ravel() if norm else np.zeros(len(idx))
        if relevance is not None:
            top = score.max() or 1.0
            score = (1 - settings.query_weight) * score / top + settings.query_weight * relevance[idx]
        for j in np.argsort(-score, kind="stable"):
            if len(today) >= k:
                break
            i = idx[j]
            if picked and (vectors[picked] @ vectors[i].T).max() > settings.timeline_redundancy:
                continue
            if today and _restates(sentences[i].text, [sentences[t].original for t in today], lang):
                continue
            picked.append(i)
            today.append(i)
        out[day] = [(sentences[i].article, sentences[i].index) for i in today]
    return out


def _restates(text: str, chosen: list[str], lang: str) -> bool:
    """A sentence of the day already chosen states it, or its main claim (``support.statements``,
    the question attribution asks of a summary sentence's clauses): the same fact in other words
    is said once a day."""
    claims = {text}
    if language(lang).english_rules:
        claims.add(split_claims(text)[0])
    return any(v.same for v in statements([(claim, c) for claim in sorted(claims) for c in chosen], lang=lang))
