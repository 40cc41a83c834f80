"""Who published an article: the outlet that support counts once, however many of its stories."""
from __future__ import annotations

from .model import Article


def source_key(article: Article) -> str:
    """The outlet or site name, normalised, or the article id when unknown."""
    name = " ".join(article.source.lower().split())
    for prefix in ("https://", "http://", "www."):
        name = name.removeprefix(prefix)
    return name.rstrip("/") or f"article:{article.id}"
