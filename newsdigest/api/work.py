"""What the API's worker processes run: plain functions from JSON-able input to JSON-able output.

They live apart from the app so a worker process imports only the pipeline, and so each is
what the CLI does for the same request.
"""
from __future__ import annotations

from dataclasses import replace

from ..errors import InputError, NotFound
from ..model import ARTICLE_STRINGS, Article
from ..settings import Settings


def summarize_json(request: dict, settings: Settings, private_urls: bool = False) -> dict:
    from ..ingest import check_unique
    from ..ingest.fetch import Fetcher, read_url

    articles = [_article(n, a) for n, a in enumerate(request["articles"], 1)]
    failed: list[InputError] = []
    if request.get("urls"):
        fetcher = Fetcher(settings, public_only=not private_urls)
        for url in request["urls"]:
            try:
                articles += read_url(url, settings, fetcher)
            except InputError as exc:  # one page that cannot be fetched does not stop the others
                failed.append(exc)
        if failed and not articles:
            raise failed[0]
        check_unique(articles)
    result = _summary(articles, request, settings)
    if failed and isinstance(result, dict):
        result["warnings"] += [f"{e.where}: skipped ({e.reason})" for e in failed]
    return result


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


def _event_row(store, event_id: int):
    rows = store.events(event_id=event_id)
    if not rows:
        raise NotFound(f"event {event_id}: no such event (merged away or never stored)")
    return rows[0]


def event_json(db: str, event_id: int, words: int, settings: Settings, fmt: str = "json") -> dict | str:
    """A stored event's summary: the JSON of ``summarize``, or its report as an HTML fragment."""
    from ..render import html
    from ..render.digest import event_fields
    from ..render.json import as_dict
    from ..stream import Store, event_summary

    with Store(db, create=False) as store:
        row = _event_row(store, event_id)
        summary = event_summary(store, event_id, settings, words=words, analyze=True)
        return html.section(summary, prefix="ev-s-", level=3) if fmt == "html" else {**event_fields(row), **as_dict(summary)}


def timeline_json(db: str, event_id: int, dates: int | None, per_date: int | None, settings: Settings,
                  fmt: str = "json") -> dict | str:
    """A stored event's timeline (``newsdigest timeline --db --event``): JSON, or an HTML fragment."""
    from ..pipeline import timeline
    from ..render.digest import event_fields
    from ..render.timeline import as_dict, section
    from ..stream import Store

    with Store(db, create=False) as store:
        row = _event_row(store, event_id)
        found = timeline(store.articles(event_id), dates=dates, per_date=per_date, settings=settings)
        return section(found, prefix="ev-t-", level=3) if fmt == "html" else {**event_fields(row), **as_dict(found)}


def update_json(db: str, event_id: int, since: str | None, words: int, settings: Settings,
                fmt: str = "json") -> dict | str:
    """A stored event's "new since" view (``digest --event ID [--since DATE]``): what its articles
    from ``since`` on (default: its newest day) add to its earlier ones."""
    from ..render import html
    from ..render.digest import event_fields
    from ..render.json import as_dict
    from ..stream import Store, day_text, event_update, parse_day

    with Store(db, create=False) as store:
        row = _event_row(store, event_id)
        day, summary = event_update(store, event_id, parse_day(since) if since else None, settings, words=words)
        if fmt == "html":
            what = "New since" if summary.since else "First reported"
            return f"<h3>{what} {day_text(day)}</h3>\n" + html.section(summary, prefix="ev-u-", level=4)
        return {**event_fields(row), "new_since": day_text(day), **as_dict(summary)}


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
