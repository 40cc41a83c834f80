"""JSON (one object, a list, or {"articles": [...]}) and JSON Lines (one object a line)."""
from __future__ import annotations

import json
from typing import Any

from ..model import Article
from .decode import unicode_text

_TEXT_FIELDS = ("text", "body")


def read_json(content: str, id_base: str, fetched: str = "") -> list[Article]:
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        raise ValueError(f"line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise ValueError("nested too deeply") from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    items = data if isinstance(data, list) else [data]
    if not items:
        raise ValueError("no articles in the JSON")
    single = len(items) == 1
    return [to_article(item, id_base if single else f"{id_base}#{n}", f"item {n}")
            for n, item in enumerate(items, 1)]


def read_jsonl(content: str, id_base: str, fetched: str = "") -> list[Article]:
    articles = []
    for lineno, line in enumerate(content.splitlines(), 1):
        if line.strip():
            try:
                articles.append(read_line(line, f"{id_base}#{lineno}"))
            except ValueError as exc:
                raise ValueError(f"line {lineno}: {exc}") from None
    if not articles:
        raise ValueError("no articles in the JSON Lines")
    return articles


def read_line(line: str, fallback_id: str) -> Article:
    """One JSON Lines record; ``fallback_id`` when it has no id."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(exc.msg) from None
    except RecursionError:
        raise ValueError("nested too deeply") from None
    return to_article(item, fallback_id)


def to_article(item: Any, fallback_id: str, where: str = "") -> Article:
    """One record (a JSON object, a Parquet row as a dict) as an Article."""
    prefix = f"{where}: " if where else ""
    if not isinstance(item, dict):
        raise ValueError(f"{prefix}expected an object, got {type(item).__name__}")
    text = next((item[f] for f in _TEXT_FIELDS if isinstance(item.get(f), str)), None)
    if text is None:
        raise ValueError(f"{prefix}no string field 'text' or 'body'")
    date = _str(item.get("date") or item.get("published"))
    return Article(
        id=unicode_text(str(item["id"])) if item.get("id") not in (None, "") else fallback_id,
        text=unicode_text(text),
        title=_str(item.get("title")),
        source=_str(item.get("source")),
        date=date,
        url=_str(item.get("url")),
        date_source="input" if date else "",
        language=_str(item.get("language") or item.get("lang")),
    )


def _str(value: Any) -> str:
    return "" if value is None else unicode_text(str(value))
