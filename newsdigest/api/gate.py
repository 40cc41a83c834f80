"""How much work the API takes on: per-request limits, and a bounded pool of worker processes."""
from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What one request may ask for; beyond these it gets a 4xx naming the limit."""

    request_bytes: int = 10 * 2**20
    articles: int = 200
    article_bytes: int = 2**20
    seconds: float = 30.0
    workers: int = 2
    queue: int = 8
    private_urls: bool = False
    """Whether ``urls`` may name loopback and private addresses (off: a client could make the
    server fetch its own network; ``serve --fetch-private`` turns it on for an intranet)."""


class Busy(Exception):
    """Every worker is busy and the queue is full."""


class Gate:
    """At most ``workers + queue`` summaries in flight; the slot is held until the work ends,
    even when the client was already told it timed out, so a flood cannot pile up behind."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.in_flight = 0
        self.pool: ProcessPoolExecutor | None = None

    async def run(self, fn, *args):
        if self.in_flight >= self.limits.workers + self.limits.queue:
            raise Busy()
        if self.pool is None:
            # forkserver: workers start from a clean process, not a fork of this threaded server
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["newsdigest.api.work"])
            self.pool = ProcessPoolExecutor(max_workers=self.limits.workers, mp_context=context)
        self.in_flight += 1
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self.pool, fn, *args)

        def release(_):
            self.in_flight -= 1

        future.add_done_callback(release)
        return await asyncio.wait_for(asyncio.shield(future), self.limits.seconds)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None  # the app may start again (a test client per test): a new pool then
