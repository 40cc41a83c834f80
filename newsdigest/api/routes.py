"""The API's endpoints, in groups that ``app.create_app`` adds: the guard (token, body size,
errors), summarizing, the store's events and digest, and the page."""
import asyncio
import hmac
import json
from dataclasses import dataclass
from typing import Annotated, Literal

from ..errors import NewsdigestError, NotFound
from ..settings import DEFAULT_METHOD, Settings
from . import work
from .gate import Busy, Gate, Limits


@dataclass(frozen=True)
class Context:
    """What every route group needs to know about the server."""

    db: str | None
    token: str | None
    limits: Limits
    settings: Settings
    gate: Gate
    methods: tuple[str, ...]

    async def run(self, fn, *args):
        """``fn`` in a worker process, within the time limit."""
        from fastapi import HTTPException

        try:
            return await self.gate.run(fn, *args)
        except asyncio.TimeoutError:
            raise HTTPException(504, f"summarizing took over {self.limits.seconds:g} s") from None

    def store(self) -> str:
        from fastapi import HTTPException

        if not self.db:
            raise HTTPException(404, "no store: start `newsdigest serve` with --db FILE")
        return self.db


def add_guard(app, ctx: Context) -> None:
    """The token, the body-size limit (checked before a body is read) and errors as JSON."""
    from fastapi import Request
    from fastapi.encoders import jsonable_encoder
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse, Response

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if ctx.token and request.url.path not in ("/", "/healthz"):  # the page holds no data; it asks for the token
            given = request.headers.get("authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {ctx.token}".encode()):
                return JSONResponse({"detail": "missing or wrong token (Authorization: Bearer …)"}, 401)
        length = request.headers.get("content-length")
        if length is None and request.method == "POST":
            # the size limit is checked before the body is read, so a body must say its size
            return JSONResponse({"detail": "a request body needs a Content-Length"}, 411)
        if length is not None:
            if not length.isdigit():
                return JSONResponse({"detail": "bad Content-Length"}, 400)
            if int(length) > ctx.limits.request_bytes:
                return JSONResponse({"detail": f"request over the {ctx.limits.request_bytes} byte limit"}, 413)
        return await call_next(request)

    @app.exception_handler(NewsdigestError)
    async def _input_error(request: Request, exc: NewsdigestError):
        return JSONResponse({"detail": str(exc)}, 404 if isinstance(exc, NotFound) else 400)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        # FastAPI's own 422, but rendered with ASCII escapes: its handler echoes the input, and a
        # lone surrogate there ("\\ud800", which JSON may escape) cannot be encoded as UTF-8 (a 500)
        body = json.dumps({"detail": jsonable_encoder(exc.errors())})
        return Response(body, 422, media_type="application/json")

    @app.exception_handler(Busy)
    async def _busy(request: Request, exc: Busy):
        return JSONResponse({"detail": "busy: every worker is taken and the queue is full; retry later"}, 429,
                            headers={"Retry-After": "1"})


def request_models(limits: Limits, methods: tuple[str, ...]):
    """The JSON bodies the API accepts, bounded by ``limits``: (ArticleIn, SummarizeIn)."""
    from pydantic import BaseModel, ConfigDict, Field, model_validator

    Method = Literal[methods]  # type: ignore[valid-type]

    class ArticleIn(BaseModel):
        model_config = ConfigDict(extra="forbid")
        id: str | None = Field(None, max_length=500)
        text: str = Field(..., min_length=1, max_length=limits.article_bytes)
        title: str = Field("", max_length=2000)
        source: str = Field("", max_length=500)
        date: str = Field("", max_length=100)
        url: str = Field("", max_length=2000)
        language: str = Field("", max_length=20, description="ISO 639-1 code; identified when empty")

    class SummarizeIn(BaseModel):
        model_config = ConfigDict(extra="forbid")
        articles: list[ArticleIn] = Field([], max_length=limits.articles)
        urls: list[Annotated[str, Field(pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://", max_length=2000)]] = Field(
            [], max_length=limits.articles, description="pages the server fetches (politely) and reads as articles")
        method: Method = DEFAULT_METHOD  # type: ignore[valid-type]
        words: int | None = Field(None, ge=1, le=2000)
        sentences: int | None = Field(None, ge=1, le=200)
        tokens: int | None = Field(None, ge=1, le=4000)
        compress: bool = True
        query: str = Field("", max_length=2000, description="a question or topic to answer (--query)")

        @model_validator(mode="after")
        def _some(self):
            if not self.articles and not self.urls:
                raise ValueError("give articles or urls")
            if len(self.articles) + len(self.urls) > limits.articles:
                raise ValueError(f"more than {limits.articles} articles and urls")
            return self

    return ArticleIn, SummarizeIn


def add_summarize_routes(app, ctx: Context) -> None:
    from fastapi import File, Form, HTTPException, UploadFile
    from fastapi.responses import HTMLResponse

    _, SummarizeIn = request_models(ctx.limits, ctx.methods)
    Method = Literal[ctx.methods]  # type: ignore[valid-type]

    @app.post("/v1/summarize")
    async def summarize(body: SummarizeIn) -> dict:  # type: ignore[valid-type]
        """Summarize articles about one event; the same JSON as `newsdigest summarize --format json`."""
        return await ctx.run(work.summarize_json, body.model_dump(), ctx.settings, ctx.limits.private_urls)

    @app.post("/v1/summarize/files")
    async def summarize_files(files: Annotated[list[UploadFile], File()],
                              method: Annotated[Method, Form()] = DEFAULT_METHOD,  # type: ignore[valid-type]
                              words: Annotated[int | None, Form(ge=1, le=2000)] = None,
                              compress: Annotated[bool, Form()] = True,
                              format: Annotated[Literal["json", "html"], Form()] = "json",
                              query: Annotated[str, Form(max_length=2000)] = ""):
        """Summarize uploaded files of any format `summarize` reads: the summary JSON, or with
        `format=html` the report of `--format html` as an HTML fragment."""
        if len(files) > ctx.limits.articles:
            raise HTTPException(413, f"more than {ctx.limits.articles} files")
        uploads = [(f.filename or "upload", await f.read(ctx.limits.request_bytes + 1)) for f in files]
        result = await ctx.run(work.summarize_files_json, uploads,
                               {"method": method, "words": words, "compress": compress, "format": format,
                                "query": query}, ctx.settings)
        return HTMLResponse(result) if format == "html" else result


def add_store_routes(app, ctx: Context) -> None:
    from fastapi import Path, Query
    from fastapi.responses import HTMLResponse

    words_default = ctx.settings.words

    @app.get("/v1/events")
    async def events(since: Annotated[str | None, Query(max_length=10)] = None,
                     min_sources: Annotated[int, Query(ge=1, le=1000)] = 1,
                     limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict]:
        return await ctx.run(work.events_json, ctx.store(), since, min_sources, limit, ctx.settings)

    @app.get("/v1/events/{event_id}")
    async def event(event_id: Annotated[int, Path(ge=0, le=2**63 - 1)],
                    words: Annotated[int, Query(ge=1, le=2000)] = words_default,
                    format: Annotated[Literal["json", "html"], Query()] = "json"):
        """The event summarized with citations: `summarize`'s JSON, or its report as an HTML fragment."""
        result = await ctx.run(work.event_json, ctx.store(), event_id, words, ctx.settings, format)
        return HTMLResponse(result) if format == "html" else result

    @app.get("/v1/events/{event_id}/update")
    async def event_update(event_id: Annotated[int, Path(ge=0, le=2**63 - 1)],
                           since: Annotated[str | None, Query(max_length=10)] = None,
                           words: Annotated[int, Query(ge=1, le=2000)] = words_default,
                           format: Annotated[Literal["json", "html"], Query()] = "json"):
        """What the event's articles from ``since`` on (default: its newest day, its latest update)
        add to its earlier ones, citing the new articles."""
        result = await ctx.run(work.update_json, ctx.store(), event_id, since, words, ctx.settings, format)
        return HTMLResponse(result) if format == "html" else result

    @app.get("/v1/events/{event_id}/timeline")
    async def event_timeline(event_id: Annotated[int, Path(ge=0, le=2**63 - 1)],
                             dates: Annotated[int | None, Query(ge=1, le=1000)] = None,
                             per_date: Annotated[int | None, Query(ge=1, le=50)] = None,
                             format: Annotated[Literal["json", "html"], Query()] = "json"):
        """The event's dated timeline: its main days, each with cited sentences (JSON, or an HTML fragment)."""
        result = await ctx.run(work.timeline_json, ctx.store(), event_id, dates, per_date, ctx.settings, format)
        return HTMLResponse(result) if format == "html" else result

    @app.get("/v1/digest")
    async def digest(date: Annotated[str | None, Query(max_length=10)] = None,
                     since: Annotated[str | None, Query(max_length=10)] = None,
                     words: Annotated[int, Query(ge=1, le=2000)] = words_default,
                     format: Annotated[Literal["json", "html"], Query()] = "json"):
        """Each event of a day (default: the latest), summarized with citations; with ``since``,
        each event with an article on or after that day, as what those articles add."""
        result = await ctx.run(work.digest_json, ctx.store(), date, words, ctx.settings, format, since)
        return HTMLResponse(result) if format == "html" else result


def add_page(app, ctx: Context) -> None:
    from fastapi.responses import HTMLResponse

    from .app import version

    @app.get("/healthz")
    async def healthz() -> dict:
        return {"status": "ok", "version": version(), "store": bool(ctx.db)}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page() -> str:
        from .page import render_page

        return render_page(ctx.methods, bool(ctx.db), bool(ctx.token))
