"""HTTP API over the same pipeline: ``create_app`` builds the FastAPI application (``app``), its
routes (``routes``), the worker pool and limits (``gate``), what the workers run (``work``) and
the web page (``page``)."""
from .app import create_app, loopback, token_from
from .gate import Limits

__all__ = ["Limits", "create_app", "loopback", "token_from"]
