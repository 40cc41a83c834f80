"""Summary → text: every format by name."""
from __future__ import annotations

from typing import Callable

from ..errors import ConfigError
from ..model import Summary
from . import html, json, markdown, text

FORMATS: dict[str, Callable[[Summary], str]] = {
    "text": text.render,
    "markdown": markdown.render,
    "json": json.render,
    "html": html.render,
}


def render(summary: Summary, fmt: str = "text") -> str:
    try:
        return FORMATS[fmt](summary)
    except KeyError:
        raise ConfigError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}") from None
