"""What the human-readable formats share: citation numbers, the support badge, plurals."""
from __future__ import annotations

from typing import Iterable

from ..model import Citation, Summary, SummarySentence


def citation_numbers(summary: Summary) -> dict[str, int]:
    """Article id -> [n], numbered in order of first citation in the summary."""
    return numbered(summary.sentences)


def numbered(sentences: Iterable[SummarySentence]) -> dict[str, int]:
    """Article id -> [n], numbered in order of first citation among ``sentences``."""
    number: dict[str, int] = {}
    for s in sentences:
        for c in s.sources:
            number.setdefault(c.article, len(number) + 1)
    return number


def cited_articles(citations: Iterable[Citation]) -> list[str]:
    """The articles of some citations (a summary sentence's sources, a version's citations),
    each once, in citation order (one [n] each)."""
    return list(dict.fromkeys(c.article for c in citations))


def plural(n: int, word: str) -> str:
    """``plural(1, "source")`` → "1 source", ``plural(3, "source")`` → "3 sources"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def support_badge(sentence: SummarySentence) -> str:
    """How many outlets state the sentence: "single source" or "N sources"."""
    return "single source" if sentence.single_source else plural(sentence.support, "source")
