"""HTTP API over the same pipeline: ``create_app`` builds the FastAPI application.

(No ``from __future__ import annotations`` here: FastAPI reads the endpoints' annotations,
and the request models are built inside ``create_app`` from the limits.)

The web layer only parses, checks limits and renders: summaries come from
``pipeline.summarize`` and stored events from ``stream``, exactly as the CLI gets them.
Summarization is CPU work, so it runs in a bounded pool of worker processes, off the event
loop; requests beyond the workers plus a bounded queue get 429 at once instead of waiting.
"""

import asyncio
import hmac
import multiprocessing
from contextlib import asynccontextmanager
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Annotated, Literal

from ..errors import NewsdigestError, NotFound
from ..settings import DEFAULT_METHOD, Settings


@dataclass(frozen=True)
class Limits:
    """What one request may ask for; beyond these it gets a 4xx naming the limit."""

    request_bytes: int = 10 * 2**20
    articles: int = 200
    article_bytes: int = 2**20
    seconds: float = 30.0
    workers: int = 2
    queue: int = 8


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


def create_app(db: str | None = None, token: str | None = None, limits: Limits = Limits(),
               settings: Settings = Settings()):
    from fastapi import FastAPI, File, Form, HTTPException, Path, Query, Request, UploadFile
    from fastapi.responses import HTMLResponse, JSONResponse
    from pydantic import BaseModel, ConfigDict, Field

    from ..methods import names
    from . import work

    method_names = tuple(names(local=not settings.llm.base_url))  # llm only when the server has an endpoint
    Method = Literal[method_names]  # type: ignore[valid-type]

    class ArticleIn(BaseModel):
        model_config = ConfigDict(extra="forbid")
        id: str | None = Field(None, max_length=500)
        text: str = Field(..., min_length=1, max_length=limits.article_bytes)
        title: str = Field("", max_length=2000)
        source: str = Field("", max_length=500)
        date: str = Field("", max_length=100)
        url: str = Field("", max_length=2000)

    class SummarizeIn(BaseModel):
        model_config = ConfigDict(extra="forbid")
        articles: list[ArticleIn] = Field(..., min_length=1, max_length=limits.articles)
        method: Method = DEFAULT_METHOD  # type: ignore[valid-type]
        words: int | None = Field(None, ge=1, le=2000)
        sentences: int | None = Field(None, ge=1, le=200)
        tokens: int | None = Field(None, ge=1, le=4000)
        compress: bool = True

    gate = Gate(limits)

    @asynccontextmanager
    async def lifespan(app):
        yield
        gate.close()

    app = FastAPI(title="newsdigest", version=_version(), lifespan=lifespan,
                  description="Multi-document news summarization with citations.")
    app.state.gate = gate

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if token and request.url.path not in ("/", "/healthz"):  # the page holds no data; it asks for the token
            given = request.headers.get("authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                return JSONResponse({"detail": "missing or wrong token (Authorization: Bearer …)"}, 401)
        length = request.headers.get("content-length")
        if length is None and request.method == "POST":
            # the size limit is checked before the body is read, so a body must say its size
            return JSONResponse({"detail": "a request body needs a Content-Length"}, 411)
        if length is not None:
            if not length.isdigit():
                return JSONResponse({"detail": "bad Content-Length"}, 400)
            if int(length) > limits.request_bytes:
                return JSONResponse({"detail": f"request over the {limits.request_bytes} byte limit"}, 413)
        return await call_next(request)

    @app.exception_handler(NewsdigestError)
    async def _input_error(request: Request, exc: NewsdigestError):
        return JSONResponse({"detail": str(exc)}, 404 if isinstance(exc, NotFound) else 400)

    @app.exception_handler(Busy)
    async def _busy(request: Request, exc: Busy):
        return JSONResponse({"detail": "busy: every worker is taken and the queue is full; retry later"}, 429,
                            headers={"Retry-After": "1"})

    async def _run(fn, *args):
        try:
            return await gate.run(fn, *args)
        except asyncio.TimeoutError:
            raise HTTPException(504, f"summarizing took over {limits.seconds:g} s") from None

    @app.get("/healthz")
    async def healthz() -> dict:
        return {"status": "ok", "version": _version(), "store": bool(db)}

    @app.post("/v1/summarize")
    async def summarize(body: SummarizeIn) -> dict:
        """Summarize articles about one event; the same JSON as `newsdigest summarize --format json`."""
        request = body.model_dump()
        return await _run(work.summarize_json, request, settings)

    @app.post("/v1/summarize/files")
    async def summarize_files(files: Annotated[list[UploadFile], File()],
                              method: Annotated[Method, Form()] = DEFAULT_METHOD,  # type: ignore[valid-type]
                              words: Annotated[int | None, Form(ge=1, le=2000)] = None,
                              compress: Annotated[bool, Form()] = True,
                              format: Annotated[Literal["json", "html"], Form()] = "json"):
        """Summarize uploaded files of any format `summarize` reads: the summary JSON, or with
        `format=html` the report of `--format html` as an HTML fragment."""
        if len(files) > limits.articles:
            raise HTTPException(413, f"more than {limits.articles} files")
        uploads = []
        for f in files:
            data = await f.read(limits.request_bytes + 1)
            uploads.append((f.filename or "upload", data))
        result = await _run(work.summarize_files_json, uploads,
                            {"method": method, "words": words, "compress": compress, "format": format}, settings)
        return HTMLResponse(result) if format == "html" else result

    def _store():
        if not db:
            raise HTTPException(404, "no store: start `newsdigest serve` with --db FILE")
        return db

    @app.get("/v1/events")
    async def events(since: Annotated[str | None, Query(max_length=10)] = None,
                     min_sources: Annotated[int, Query(ge=1, le=1000)] = 1,
                     limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict]:
        return await _run(work.events_json, _store(), since, min_sources, limit, settings)

    @app.get("/v1/events/{event_id}")
    async def event(event_id: Annotated[int, Path(ge=0, le=2**63 - 1)], words: Annotated[int, Query(ge=1, le=2000)] = 100) -> dict:
        return await _run(work.event_json, _store(), event_id, words, settings)

    @app.get("/v1/digest")
    async def digest(date: Annotated[str | None, Query(max_length=10)] = None,
                     words: Annotated[int, Query(ge=1, le=2000)] = 100,
                     format: Annotated[Literal["json", "html"], Query()] = "json"):
        """Each event of a day (default: the latest), summarized with citations."""
        result = await _run(work.digest_json, _store(), date, words, settings, format)
        return HTMLResponse(result) if format == "html" else result

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page() -> str:
        from .page import render_page

        return render_page(method_names, bool(db), bool(token))

    return app


def _version() -> str:
    from .. import __version__

    return __version__


def loopback(host: str) -> bool:
    return host in ("127.0.0.1", "::1", "localhost") or host.startswith("127.")


def token_from(flag: str | None) -> str | None:
    return flag or os.environ.get("NEWSDIGEST_TOKEN") or None
