"""Plain text as scraped: a short first line without a final full stop is the title."""
from __future__ import annotations

import re

from ..model import Article

_MAX_TITLE_CHARS = 200
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def read(content: str, id_base: str) -> list[Article]:
    text = content.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    title = ""
    if first is not None:
        candidate = lines[first].strip()
        if len(candidate) <= _MAX_TITLE_CHARS and not _SENTENCE_END.search(candidate):
            title = candidate
            text = "\n".join(lines[first + 1:])
    return [Article(id=id_base, text=text.strip("\n"), title=title)]
