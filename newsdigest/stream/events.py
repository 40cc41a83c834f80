"""Summaries of stored events: one event, a headline per event, a day's digest.

They go through the same pipeline as ``summarize`` and cache what they make in the store until
the event changes.
"""
from __future__ import annotations

from datetime import date

from ..errors import InputError
from ..model import EventRow, EventSummary, Summary
from ..settings import DEFAULT_METHOD, Settings
from .store import Store

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
           words: int | None = None, min_sources: int = 1, analyze: bool = True) -> tuple[int | None, list[EventSummary]]:
    """Each event with an article on ``day`` (default: the latest day in the store), summarized
    (``words`` defaults to ``settings.words``)."""
    day = store.latest_day() if day is None else day
    if day is None:
        return None, []
    rows = store.events(day=day, min_sources=min_sources)
    return day, [EventSummary(row, event_summary(store, row.id, settings, method, words=words, analyze=analyze))
                 for row in rows]


def new_since(store: Store, since: int, settings: Settings = Settings(), method: str = DEFAULT_METHOD,
              words: int | None = None, min_sources: int = 1, analyze: bool = True) -> list[EventSummary]:
    """Each event with an article on or after ``since``: what its articles from that day on add to
    its earlier ones (``summarize(new, since=earlier)``: no sentence an earlier article states,
    citations into the new ones); an event that starts on or after the day is summarized whole."""
    return [EventSummary(row, _update(store, row.id, since, settings, method, words, analyze))
            for row in store.events(since_day=since, min_sources=min_sources)]


def event_update(store: Store, event: int, since: int | None = None, settings: Settings = Settings(),
                 method: str = DEFAULT_METHOD, words: int | None = None, analyze: bool = True) -> tuple[int, Summary]:
    """One event's "new since" view: what its articles of ``since`` and later add to its earlier
    ones (default ``since``: its newest day, which makes this its latest update). Returns the day
    and the summary; an event with nothing before the day is summarized whole."""
    days = [day for _, day in store.articles_with_days(event)]
    if not days:
        raise InputError(f"event {event}", "no such event in the store")
    since = max(days) if since is None else since
    return since, _update(store, event, since, settings, method, words, analyze)


def _update(store: Store, event: int, since: int, settings: Settings, method: str, words: int | None,
            analyze: bool) -> Summary:
    from ..pipeline import summarize

    pairs = store.articles_with_days(event)
    new = [a for a, day in pairs if day >= since]
    old = [a for a, day in pairs if day < since]
    if not new:
        raise InputError(f"event {event}", f"no article on or after {day_text(since)}")
    return summarize(new, method, words=words, settings=settings, analyze=analyze, since=old or None)


def parse_day(text: str) -> int:
    try:
        return date.fromisoformat(text).toordinal()
    except ValueError:
        raise InputError(text, "not a date (expected YYYY-MM-DD)") from None


def day_text(day: int) -> str:
    return date.fromordinal(day).isoformat()
