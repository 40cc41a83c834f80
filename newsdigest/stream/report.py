"""What an ingest did, for the progress line and the skip report."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


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
        parts = [f"{self.read:,} read", f"{self.stored:,} stored ({count(self.duplicates, 'near-duplicate')})"]
        if self.known:
            parts.append(f"{self.known:,} already known")
        if self.updated:
            parts.append(f"{self.updated:,} updated")
        if self.skipped:
            parts.append(f"{len(self.skipped):,} skipped")
        return (f"{', '.join(parts)}; {count(self.new_events, 'new event')}; "
                f"{self.seconds:.1f} s, {self.rate:,.0f} articles/s")


def count(n: int, noun: str) -> str:
    """"1 event", "2,000 events"."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
