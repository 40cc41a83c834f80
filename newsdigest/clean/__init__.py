"""Keep an article's main text; cut page furniture and appended foreign articles, with reasons."""
from .core import NO_TEXT, clean_article, clean_cluster, has_text
from .lines import paragraphs

__all__ = ["NO_TEXT", "clean_article", "clean_cluster", "has_text", "paragraphs"]
