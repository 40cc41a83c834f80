"""What the ``ingest`` and ``cluster`` commands call: a stream over paths, into a store."""
from __future__ import annotations

import time
from typing import Callable, Iterable

from ..ingest import stream_paths
from ..settings import Settings
from .report import IngestReport
from .store import Store
from .stream import Stream


def ingest(paths: Iterable[str], db: str, settings: Settings = Settings(),
           progress: Callable[[int], None] | None = None,
           on_skip: Callable[[str, str], None] | None = None) -> IngestReport:
    """Read, clean, deduplicate, cluster and store articles; unusable input is reported
    through ``on_skip`` and skipped, the rest stored."""
    report = IngestReport(on_skip=on_skip)
    start = time.perf_counter()
    with Store(db) as store:
        for _ in Stream(settings, store).run(stream_paths(paths, settings, report.skip), report, progress,
                                             workers=settings.stream_workers):
            pass
    report.seconds = time.perf_counter() - start
    return report


def cluster(paths: Iterable[str], settings: Settings = Settings(),
            on_skip: Callable[[str, str], None] | None = None) -> tuple[list[dict], IngestReport]:
    """One-shot event clustering with the store in memory: one record per article, events
    numbered from 0 in order of first appearance, after every merge. ``settings.stream_workers``
    processes prepare the batches, as for ``ingest`` (the same events whatever their number)."""
    report = IngestReport(on_skip=on_skip)
    start = time.perf_counter()
    with Store(":memory:") as store:
        placed = [p for batch in Stream(settings, store).run(stream_paths(paths, settings, report.skip), report,
                                                             workers=settings.stream_workers)
                  for p in batch]
        final = store.events_of(p.article for p in placed)
    numbers: dict[int, int] = {}
    out = []
    for p in placed:
        record = {"article": p.article, "event": numbers.setdefault(final[p.article], len(numbers))}
        if p.duplicate_of:
            record["duplicate_of"] = p.duplicate_of
        out.append(record)
    report.seconds = time.perf_counter() - start
    return out, report
