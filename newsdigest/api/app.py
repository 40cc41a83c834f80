"""``create_app`` builds the FastAPI application from its parts: the guard, the request models,
the routes. (No ``from __future__ import annotations`` in the API's route modules: FastAPI reads
the endpoints' annotations, and the request models are built from the limits.)

The web layer only parses, checks limits and renders: summaries come from
``pipeline.summarize`` and stored events from ``stream``, exactly as the CLI gets them.
Summarization is CPU work, so it runs in a bounded pool of worker processes, off the event
loop; requests beyond the workers plus a bounded queue get 429 at once instead of waiting.
"""
import os
from contextlib import asynccontextmanager

from ..settings import Settings
from .gate import Gate, Limits
from .routes import Context, add_guard, add_page, add_store_routes, add_summarize_routes


def create_app(db: str | None = None, token: str | None = None, limits: Limits = Limits(),
               settings: Settings = Settings()):
    from fastapi import FastAPI

    from ..methods import names

    gate = Gate(limits)

    @asynccontextmanager
    async def lifespan(app):
        yield
        gate.close()

    app = FastAPI(title="newsdigest", version=version(), lifespan=lifespan,
                  description="Multi-document news summarization with citations.")
    app.state.gate = gate
    # llm is offered only when the server has an endpoint
    context = Context(db, token, limits, settings, gate, tuple(names(local=not settings.llm.base_url)))
    add_guard(app, context)
    add_summarize_routes(app, context)
    add_store_routes(app, context)
    add_page(app, context)
    return app


def version() -> str:
    from .. import __version__

    return __version__


def loopback(host: str) -> bool:
    return host in ("127.0.0.1", "::1", "localhost") or host.startswith("127.")


def token_from(flag: str | None) -> str | None:
    return flag or os.environ.get("NEWSDIGEST_TOKEN") or None
