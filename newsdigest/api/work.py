"""What the API's worker processes run: plain functions from JSON-able input to JSON-able output.

They live apart from the app so a worker process imports only the pipeline, and so each is
what the CLI does for the same request.
"""
from __future__ import annotations

from dataclasses import replace

from ..errors import InputError, NotFound
from ..model import ARTICLE_STRINGS, Article
from ..settings import Settings


def summarize_json(request: dict, settings: Settings) -> dict:
    articles = [_article(n, a) for n, a in enumerate(request["articles"], 1)]
    return _summary(articles, request, settings)


def _article(n: int, given: dict) -> Article:
    """The request's n-th article: the fields it gave (model.ARTICLE_STRINGS), an id if it gave none."""
    fields = {k: given[k] for k in ARTICLE_STRINGS if k in given}
    fields["id"] = given.get("id") or f"article-{n}"
    return Article(**fields, date_source="input" if given.get("date") else "")


def summarize_files_json(uploads: list[tuple[str, bytes]], options: dict, settings: Settings) -> dict:
    from ..ingest import check_unique, read_bytes

    articles = []
    for name, data in uploads:
        articles += read_bytes(data, name, name, settings)
    check_unique(articles)
    return _summary(articles, options, settings)


def _summary(articles: list[Article], options: dict, settings: Settings) -> dict | str:
    """The summary as the CLI's JSON, or with ``format: html`` as the report `--format html`
    shows, without its page around it (the web page puts it in place)."""
    from ..pipeline import summarize
    from ..render import html
    from ..render.json import as_dict

    if not articles:
        raise InputError("request", "no articles given")
    summary = summarize(articles, options.get("method") or "hybrid", words=options.get("words"),
                        sentences=options.get("sentences"), tokens=options.get("tokens"),
                        settings=replace(settings, compress=options.get("compress", True)),
                        query=options.get("query") or None)
    return html.section(summary) if options.get("format") == "html" else as_dict(summary)


def events_json(db: str, since: str | None, min_sources: int, limit: int, settings: Settings) -> list[dict]:
    from ..render.digest import event_fields
    from ..stream import Store, list_events

    with Store(db, create=False) as store:
        return [{**event_fields(r), "headline": h} for r, h in list_events(store, since, min_sources, limit, settings)]


def event_json(db: str, event_id: int, words: int, settings: Settings) -> dict:
    from ..render.digest import event_fields
    from ..render.json import as_dict
    from ..stream import Store, event_summary

    with Store(db, create=False) as store:
        rows = store.events(event_id=event_id)
        if not rows:
            raise NotFound(f"event {event_id}: no such event (merged away or never stored)")
        summary = event_summary(store, event_id, settings, words=words, analyze=True)
        return {**event_fields(rows[0]), **as_dict(summary)}


def timeline_json(db: str, event_id: int, dates: int | None, per_date: int | None, settings: Settings,
                  fmt: str = "json") -> dict | str:
    """A stored event's timeline (``newsdigest timeline --db --event``): JSON, or the HTML page."""
    from ..pipeline import timeline
    from ..render.digest import event_fields
    from ..render.timeline import as_dict, render_timeline
    from ..stream import Store

    with Store(db, create=False) as store:
        rows = store.events(event_id=event_id)
        if not rows:
            raise NotFound(f"event {event_id}: no such event (merged away or never stored)")
        found = timeline(store.articles(event_id), dates=dates, per_date=per_date, settings=settings)
        return render_timeline(found, "html") if fmt == "html" else {**event_fields(rows[0]), **as_dict(found)}


def digest_json(db: str, date: str | None, words: int, settings: Settings, fmt: str = "json",
                since: str | None = None) -> dict | str:
    """A day's digest, or with ``since`` what is new since that day (``digest --since``)."""
    from ..render.digest import digest_dict, fragment
    from ..stream import Store, digest, new_since, parse_day

    with Store(db, create=False) as store:
        if since:
            day = parse_day(since)
            items = new_since(store, day, settings, words=words)
        else:
            day, items = digest(store, parse_day(date) if date else None, settings, words=words)
        return fragment(day, items, level=2, since=bool(since)) if fmt == "html" else digest_dict(day, items)
