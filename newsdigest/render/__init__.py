"""Summary → text: one module per format, chosen by name (``registry``)."""
from __future__ import annotations

from . import html, json, markdown, text
from .registry import FORMATS, render
from .timeline import render_timeline

__all__ = ["html", "json", "markdown", "text", "FORMATS", "render", "render_timeline"]
