"""Sentences and their words, tokens and stems: the hot path, so no downloads and no models.

Sentence boundaries come from blingfire (Microsoft's finite-state tokenizer; its rules ship
inside the wheel). On news text it gets U.S., Gen., Mr., initials, decimals and quotes right
and runs at ~30 MB/s; see docs/design.md for the comparison with pysbd and syntok.
Paragraphs are split one at a time, so a sentence never spans two paragraphs.
"""
from __future__ import annotations

import re

import blingfire

from .compress import compress
from .model import Cleaned, Document, Sentence
from .settings import Settings
from .vectors import content_terms, count_tokens, count_words

# A "sentence" of closing quotes or brackets alone belongs to the one before it.
_ORPHAN = re.compile(r"^[\"'”’)\]]+$")


_MAX_QUOTE_JOIN = 4


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph; a quotation split at its inner full stops is joined again.

    A summary sentence that opens a quote and never closes it misquotes its speaker, so
    pieces are re-joined while double quotes are unbalanced (at most four pieces).
    """
    out: list[str] = []
    open_quote = 0  # pieces joined so far into an unbalanced last sentence
    for s in blingfire.text_to_sentences(paragraph).split("\n"):
        s = s.strip()
        if not s:
            continue
        if out and (_ORPHAN.match(s) or 0 < open_quote < _MAX_QUOTE_JOIN):
            out[-1] += ("" if _ORPHAN.match(s) else " ") + s
            open_quote = open_quote + 1 if _unbalanced(out[-1]) else 0
        else:
            out.append(s)
            open_quote = 1 if _unbalanced(s) else 0
    return out


def _unbalanced(s: str) -> bool:
    return s.count('"') % 2 == 1 or s.count("“") > s.count("”")


def segment(cleaned: Cleaned, settings: Settings = Settings()) -> Document:
    sentences = []
    for p, paragraph in enumerate(cleaned.paragraphs):
        for full in split_sentences(paragraph):
            text = compress(full, settings.min_sentence_words) if settings.compress else full
            sentences.append(Sentence(
                article=cleaned.article.id, index=len(sentences), text=text,
                terms=content_terms(text), words=count_words(text), tokens=count_tokens(text),
                paragraph=p, full=full if text != full else ""))
    return Document(article=cleaned.article, sentences=tuple(sentences), removed=cleaned.cuts)
