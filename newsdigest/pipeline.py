"""ingest → clean → dedup → segment → select → attribute: one function, the public face.

Every stage is a plain function over the dataclasses of ``model``; this module only chains
them, so a reader can follow one article from the files to the summary here.
"""
from __future__ import annotations

import datetime
import math
import os
import threading
from collections import Counter
from concurrent.futures import Future
from dataclasses import replace
from typing import Callable, Iterable, Sequence

from . import methods
from .attribute import attribute, reading_order, restated
from .clean import clean_cluster
from .dedup import duplicate_groups
from .errors import ConfigError, InputError
from .ingest import check_unique, read_paths
from .ingest.decode import unicode_text
from .ingest.fetch import is_url
from .language import ENGLISH, language, language_notes, with_languages
from .model import (ARTICLE_STRINGS, Article, Block, Budget, Citation, Cluster, Document, Summary, SummarySentence,
                    Timeline)
from .analyze import find_disagreements, find_entities, find_quotes
from .segment import segment
from .settings import DEFAULT_METHOD, Settings
from .support import encoder_threads
from .timelines import build_timeline


def build_cluster(articles: Sequence[Article], settings: Settings = Settings()) -> Cluster:
    """Identify each article's language, clean, deduplicate and segment articles about one event;
    the cluster's language is ``settings.language``, else that of most of its words."""
    cleaned = clean_cluster(with_languages(articles, settings.language), settings)
    groups = duplicate_groups(cleaned, settings)
    documents = tuple(segment(c, settings) for c in cleaned)
    return Cluster(documents=documents, groups=tuple(groups), language=main_language(documents, groups, settings))


def main_language(documents: Sequence[Document], groups, settings: Settings = Settings()) -> str:
    """``settings.language`` when set, else the language of most of the representatives' words."""
    if settings.language:
        return language(settings.language).code
    keep = {g[0] for g in groups}
    words = Counter()
    for d in documents:
        if d.id in keep:
            words[d.article.language or ENGLISH] += sum(s.words for s in d.sentences)
    return words.most_common(1)[0][0] if words else ENGLISH


def summarize(inputs: Iterable[str | os.PathLike | Article], method: str = DEFAULT_METHOD, *,
              words: int | None = None, sentences: int | None = None, tokens: int | None = None,
              settings: Settings | None = None, keep_noise: bool = False, analyze: bool = True,
              cite: bool = True, query: str | None = None,
              since: Iterable[str | os.PathLike | Article] | None = None) -> Summary:
    """Summarize articles about one event.

    Parameters
    ----------
    inputs : paths (files, folders, ``-``) or ``Article`` objects, or a mix.
    method : a name from ``newsdigest.methods.names()``.
    words, sentences, tokens : the budget, at most one; 100 words when none is given.
    settings : every other knob; ``Settings()`` when omitted.
    keep_noise : skip cleaning (the cuts are then empty).
    analyze : also find quotes, disagreements and entities (the JSON and HTML formats show them;
        entities load spaCy when the extra is installed, about 1.5 s once per process).
    cite : find the sentences of other articles that back each summary sentence (support by
        meaning loads a sentence encoder, about 1 s once per process). Off, each sentence cites
        only its origin and its ``support`` is 0, "not counted" (what ``--format text`` runs:
        it prints the sentences alone).
    query : a question or topic to answer ("what about Iran?"): only sentences that share a word
        with it are chosen, ranked by their relevance to it (``methods.query``); each summary
        sentence gets its ``relevance``, the most relevant first, and a warning says when the
        articles hold little on it.
    since : paths or articles the reader has already read: the summary says what ``inputs`` add,
        no sentence that an earlier article states (``attribute.restated``), citing ``inputs``.

    Returns
    -------
    Summary : the sentences in reading order, each with its citations and support, the
    cluster they came from, the cluster's quotations grouped across outlets, the facts
    outlets report differently, and the entities at least two sources mention.
    """
    settings = settings or Settings()
    if keep_noise:
        settings = replace(settings, keep_noise=True)
    budget = _budget(words, sentences, tokens, settings)
    selector = methods.get(method, settings)  # fail on a bad name before reading anything
    skipped: list[str] = []
    articles = read_articles(inputs, settings, skipped.append)
    cluster = build_cluster(articles, settings)
    # spaCy's NER, most of the analysis, runs beside selection and attribution: in a child process
    # of its own (settings.entity_process; in a thread, the two took turns for the GIL), waited on
    # by a thread here; the result is the same as run in line (docs/benchmarks.md, "Stop 37")
    english = english_view(cluster) if analyze else None  # the analyses read English words
    entities = background(find_entities, english, 2, True, settings.entity_process) if english is not None else None
    seen, known = _already_read(cluster, since, settings, skipped.append)
    # while spaCy tags on the other core, the encoder's products take fewer BLAS threads (one),
    # not two that would take turns with it (the same vectors; docs/benchmarks.md, "Stop 41")
    with encoder_threads(settings.encoder_threads_beside if entities is not None else 0):
        summary = summarize_cluster(cluster, selector, budget, settings, cite=cite, query=query or "", known=known)
    summary = replace(summary, since=seen)
    summary = replace(summary, warnings=tuple(skipped) + summary.warnings)
    if entities is None:
        return summary
    quotes = find_quotes(english)
    return replace(summary, quotes=quotes, disagreements=find_disagreements(english, quotes),
                   entities=entities.result())


def _already_read(cluster: Cluster, since, settings: Settings, warn: Callable[[str], None]):
    """The ids of the articles read before (``since``) and the keys of the sentences of ``cluster``
    that restate them; none when ``since`` is None."""
    if since is None:
        return (), frozenset()
    earlier = read_articles(since, settings, warn)
    known = restated(cluster, build_cluster(earlier, settings), settings)
    if known:
        warn(f"{len(known)} sentence{'s' if len(known) != 1 else ''} of the new articles restate what "
             f"the {len(earlier)} earlier one{'s' if len(earlier) != 1 else ''} said: left out")
    return tuple(a.id for a in earlier), known


def background(fn, *args) -> Future:
    """``fn(*args)`` started in a thread of its own; the future's ``result()`` waits for it and
    returns its value or raises what it raised. A fresh thread per call, not a pool: nothing is
    left behind that a fork or interpreter exit would have to know about."""
    future: Future = Future()

    def run() -> None:
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # handed to the caller of result(), in its own thread
            future.set_exception(exc)

    threading.Thread(target=run, daemon=True, name=f"newsdigest-{getattr(fn, '__name__', 'work')}").start()
    return future


def timeline(inputs: Iterable[str | os.PathLike | Article], *, dates: int | None = None,
             per_date: int | None = None, query: str | None = None, start: str | None = None,
             end: str | None = None, settings: Settings | None = None, keep_noise: bool = False,
             cite: bool = True) -> Timeline:
    """A dated timeline of a story: its most important days, and for each what the articles say
    happened (``newsdigest.timelines``).

    Parameters
    ----------
    inputs : paths or ``Article`` objects, as for ``summarize``; their dates anchor the days
        their sentences name ("on Tuesday").
    dates : how many days; by default one per day the articles were published on.
    per_date : sentences a day; ``settings.timeline_per_date`` (3) by default.
    query : only sentences that share a word with it, ranked partly by their relevance to it.
    start, end : YYYY-MM-DD bounds of the days shown (either may be left open).
    cite : attribute each sentence (its sources and support), as ``summarize`` does.

    Returns
    -------
    Timeline : its days in calendar order, each with its sentences (``SummarySentence``: text,
    sources, support) and how many articles speak of it; the cluster; warnings.
    """
    settings = settings or Settings()
    if keep_noise:
        settings = replace(settings, keep_noise=True)
    for name, value in (("dates", dates), ("per_date", per_date)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            raise ConfigError(f"{name} must be a whole number of at least 1, not {value!r}")
    bounds = {name: _day(name, value) for name, value in (("start", start), ("end", end))}
    if bounds["start"] and bounds["end"] and bounds["start"] > bounds["end"]:
        raise ConfigError(f"start {start} is after end {end}")
    skipped: list[str] = []
    cluster = build_cluster(read_articles(inputs, settings, skipped.append), settings)
    found = build_timeline(cluster, dates, per_date, settings, query=query or "", cite=cite, **bounds)
    return replace(found, warnings=tuple(skipped) + found.warnings)


def _day(name: str, value: str | None) -> str:
    if not value:
        return ""
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ConfigError(f"{name} must be a date written YYYY-MM-DD, not {value!r}") from None


def english_view(cluster: Cluster) -> Cluster:
    """The cluster's English articles alone, for the stages written with English words."""
    keep = {d.id for d in cluster.documents if language(cluster.languages[d.id]).english_rules}
    return cluster if len(keep) == len(cluster.documents) else restrict(cluster, keep)


def restrict(cluster: Cluster, ids) -> Cluster:
    """The cluster's documents whose ids are in ``ids``, with their duplicate groups cut to them."""
    groups = tuple(g for g in (tuple(a for a in g if a in ids) for g in cluster.groups) if g)
    return replace(cluster, documents=tuple(d for d in cluster.documents if d.id in ids), groups=groups)


def summarize_cluster(cluster: Cluster, selector: methods.Method, budget: Budget,
                      settings: Settings = Settings(), cite: bool = True, query: str = "",
                      known: frozenset = frozenset()) -> Summary:
    """Select, order and attribute: the part ``evaluate`` times and scores."""
    warnings = [w for d in cluster.documents for w in d.warnings]
    warnings += language_notes({d.id: cluster.languages[d.id] for d in cluster.representatives}, cluster.language)
    if not cluster.prose:
        what = " (only headings, labels or lines cut off mid-sentence)" if cluster.sentences else ""
        warnings.append("no sentences left to summarize after cleaning" + what)
        return Summary(selector.name, budget, (), cluster, tuple(warnings), query=query)
    selection = selector.select(cluster, budget, query, known)
    keys = reading_order(cluster, selection.keys)
    by_key = {(s.article, s.index): s for s in cluster.sentences}
    used = sum(budget.cost(by_key[k]) for k in keys)
    if query.strip():  # an answer leads with what speaks to the question most
        keys = tuple(sorted(keys, key=lambda k: -selection.scores.get(k, 0.0)))
        warnings += _little(cluster, keys, budget, used, query)
    if used > budget.limit:
        warnings.append(f"no sentence fits {budget.limit} {budget.unit}; "
                        f"returned the best one alone ({used} {budget.unit})")
    if not cite and not selector.needs_llm:  # the LLM stage needs the citations to check against
        sentences = tuple(SummarySentence(text=by_key[k].text, sources=(Citation(*k),), support=0) for k in keys)
    else:
        sentences, notes = attribute(cluster, keys, settings), ()
        if selector.needs_llm:
            sentences, notes = _rewrite(cluster, selector, sentences, budget, settings, query)
        warnings += notes
    if query.strip() and not selector.needs_llm:
        sentences = tuple(replace(s, relevance=round(selection.scores.get(k, 0.0), 4)) for s, k in zip(sentences, keys))
    return Summary(selector.name, budget, sentences, cluster, tuple(warnings), query=query)


def _little(cluster: Cluster, keys, budget: Budget, used: int, query: str) -> list[str]:
    """A warning when the articles hold little or nothing on the query: no sentence shares a word
    with it, or the summary has room left (the method stops short of the budget only when what
    is left on the query repeats what it chose, or is off it)."""
    from .methods.query import on_topic

    on = [s for s, ok in zip(cluster.candidates, on_topic(cluster.candidates, query, cluster.language)) if ok]
    if not on:
        return ["the articles say nothing on the query: no sentence shares a word with it"]
    chosen = set(keys)
    if not any((s.article, s.index) not in chosen and used + budget.cost(s) <= budget.limit for s in cluster.candidates):
        return []  # the budget is full
    return [f"the articles hold little on the query: {len(on)} sentence{'s' if len(on) != 1 else ''} "
            f"share a word with it, and the summary ({used} {budget.unit}) says what is not repeated among them"]


def _rewrite(cluster: Cluster, selector: methods.Method, extracted, budget: Budget, settings: Settings,
             query: str = ""):
    """The abstractive stage: the model gets the selection at ``llm.material`` × the budget (room
    to fuse) and ``newsdigest.llm.rewrite`` keeps what its sources support."""
    from .llm import rewrite

    larger = replace(budget, **{budget.unit: math.ceil(budget.limit * settings.llm.material)})
    material = attribute(cluster, reading_order(cluster, selector.select(cluster, larger, query).keys), settings)
    return rewrite(cluster, material, extracted, budget, settings.llm, query)


def _checked(article: Article) -> Article:
    """An Article built by a caller: every field a string, the id not empty; a lone surrogate
    (which no encoder writes) becomes U+FFFD, as it does in the readers."""
    for name in ARTICLE_STRINGS:
        if not isinstance(getattr(article, name), str):
            raise InputError(str(article.id), f"Article.{name} must be a string, "
                                              f"not {type(getattr(article, name)).__name__}")
    if not article.id:
        raise InputError("input", "an Article has an empty id")
    if not isinstance(article.blocks, tuple) or not all(isinstance(b, Block) for b in article.blocks):
        raise InputError(article.id, "Article.blocks must be a tuple of Block")
    fixed = {name: unicode_text(getattr(article, name)) for name in ARTICLE_STRINGS}
    return replace(article, **fixed) if any(fixed[k] != getattr(article, k) for k in fixed) else article


def _budget(words, sentences, tokens, settings: Settings) -> Budget:
    if sum(v is not None for v in (words, sentences, tokens)) > 1:
        raise ConfigError("give one budget: words, sentences or tokens")
    if words is None and sentences is None and tokens is None:
        words = settings.words
    try:
        return Budget(words=words, sentences=sentences, tokens=tokens)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def read_articles(inputs, settings: Settings = Settings(),
                  warn: Callable[[str], None] = lambda m: None) -> list[Article]:
    """Paths and ``Article`` objects to articles: at least one, ids unique, or an InputError."""
    if isinstance(inputs, (str, os.PathLike, Article)):
        items = [inputs]
    else:
        try:
            items = list(inputs)
        except TypeError:
            raise InputError("input", f"expected paths or Article objects, got {type(inputs).__name__}") from None
    articles: list[Article] = []
    failed: list[InputError] = []
    for item in items:
        if isinstance(item, Article):
            articles.append(_checked(item))
        elif isinstance(item, (str, os.PathLike)):
            try:
                articles += read_paths([item], settings, warn)
            except InputError as exc:
                if not is_url(str(item)):
                    raise
                failed.append(exc)  # one page that cannot be fetched does not stop the others
                warn(f"{exc.where}: skipped ({exc.reason})")
        else:
            raise InputError("input", f"expected a path or an Article, got {type(item).__name__}")
    if not articles:
        raise failed[0] if failed else InputError("input", "no articles given")
    check_unique(articles)
    return articles
