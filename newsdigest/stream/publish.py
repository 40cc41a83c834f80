"""``publish``: the store's recent events as a static site, written atomically.

The site is built in a temporary folder beside ``out`` and swapped in by two renames, so a
reader (or a web server) sees the old site or the new one, never a half-written one. A folder
that is not a site this command wrote (it has no ``.newsdigest-site`` marker) is never replaced.
Event pages are cached in the store until their event changes, so republishing after a round
summarizes only the events that round touched.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model import EventRow
from ..render.site import SiteEvent, atom, event_html, index_html, json_feed, page_name
from ..settings import Settings
from .events import event_summary, event_update, headline
from .store import Store

MARKER = ".newsdigest-site"


@dataclass(frozen=True)
class PublishReport:
    out: str
    events: int  # event pages written
    summarized: int  # of those, made now (the rest came from the store's cache)

    def line(self) -> str:
        return (f"published {self.events} event page{'s' if self.events != 1 else ''} to {self.out} "
                f"({self.summarized} summarized now, the rest cached), feed.xml and feed.json")


def publish(db: str, out: str | os.PathLike, settings: Settings = Settings(), title: str = "newsdigest",
            base_url: str = "", days: int = 7, words: int | None = None) -> PublishReport:
    """Write the site of the events of the store's latest day and of the ``days`` before it."""
    out = Path(out)
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise InputError(str(out), "exists and is not a site `newsdigest publish` wrote; give a new or empty folder")
    with Store(db, create=False) as store:
        day = store.latest_day()
        rows = store.events(day=day) if day is not None else []
        shown = {r.id for r in rows}
        earlier = [r for r in store.events(since_day=day - days + 1) if r.id not in shown] if day is not None else []
        made = 0
        pages: dict[int, tuple[str, str, str, str]] = {}  # event → (headline, summary text, name, page html)
        for row in rows + earlier:
            pages[row.id], fresh = _page(store, row, title, settings, words)
            made += fresh
    brief = lambda r: SiteEvent(r, *pages[r.id][:3])  # noqa: E731 - what the index and feeds show
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent if out.parent.exists() else None))
    try:
        (tmp / "events").mkdir()
        (tmp / MARKER).write_text("written by newsdigest publish; the whole folder is replaced on each run\n")
        (tmp / "index.html").write_text(index_html(title, day, [brief(r) for r in rows], [brief(r) for r in earlier]),
                                        encoding="utf-8")
        for row in rows + earlier:
            (tmp / page_name(row)).write_text(pages[row.id][3], encoding="utf-8")
        recent = sorted(rows + earlier, key=lambda r: (-r.last_day, -r.id))
        (tmp / "feed.xml").write_text(atom(title, base_url, [brief(r) for r in recent]), encoding="utf-8")
        (tmp / "feed.json").write_text(json_feed(title, base_url, [brief(r) for r in recent]), encoding="utf-8")
        os.chmod(tmp, 0o755)
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return PublishReport(str(out), len(pages), made)


def _page(store: Store, row: EventRow, title: str, settings: Settings,
          words: int | None) -> tuple[tuple[str, str, str, str], bool]:
    """The event's headline, summary text, name and page, from the store's cache when the event
    has not changed since it was made; and whether it was made now."""
    key = f"site:v1:{words or settings.words}w:{title}"
    cached = store.cached(row.id, key)
    if cached is not None:
        return tuple(json.loads(cached)), False
    from ..pipeline import timeline

    summary = event_summary(store, row.id, settings, words=words, analyze=True)
    update = event_update(store, row.id, None, settings, words=words) if row.first_day < row.last_day else None
    found = timeline(store.articles(row.id), settings=settings)
    text = " ".join(s.text for s in summary.sentences)
    name = next((d.article.title for d in summary.cluster.representatives if d.article.title), "")
    item = SiteEvent(row, headline(store, row.id, settings), text, name, summary, update, found)
    made = (item.headline, text, name, event_html(title, item))
    store.cache(row.id, key, json.dumps(made))
    return made, True


def _swap(new: Path, out: Path) -> None:
    if not out.exists():
        os.rename(new, out)
        return
    old = out.with_name(f".{out.name}-old-{os.getpid()}")
    os.rename(out, old)
    os.rename(new, out)
    shutil.rmtree(old, ignore_errors=True)
