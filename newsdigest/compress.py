"""Sentence compression by deletion: what a summary sentence can lose without changing its claim.

Only three kinds of span go, each grammatical to delete and common in wire copy:
a leading discourse connective ("But", "However,") that points at a sentence the summary may
not contain, or a list item's dash ("- The humane society has …"); a short parenthetical
("(AP)", "(0745 GMT)", "(pictured)"); and a trailing attribution ("…, officials said
Tuesday.") when the sentence quotes no one, so no quotation loses its speaker. The result keeps
the words of the original in order (citations stay valid: the summary sentence is the cited
sentence minus those spans).

The connective and attribution rules read English words, so they apply to English only; the
parenthetical rule reads brackets, and applies in every language.
"""
from __future__ import annotations

import re

from .lexicon import WEEKDAY_PATTERN

_DAY = rf"(?:{WEEKDAY_PATTERN}|yesterday|today|on \w+day|last week|late \w+day)"
_CONNECTIVE = re.compile(r"^(?:--|[-–—]|But|And|So|However,|Meanwhile,|Also,|Still,|Moreover,|Nevertheless,|In addition,)"
                         r"\s+(?=\S)")
_PARENTHETICAL = re.compile(r"\s*\((?![^()]*[\"“”])[^()]{1,40}\)(?=[\s,.;:!?]|$)")
# ", officials said." / ", the police chief told reporters on Monday." / ", according to the report."
_ATTRIBUTION = re.compile(
    r",\s+(?:according to [^,;\"“”]{1,60}"
    r"|(?:[^,;\"“”\s]+\s+){0,5}?(?:said|says|told (?:[^,;\"“”\s]+\s*){1,3}|added|reported|announced)"
    r"(?:\s+" + _DAY + r")?(?:\s+in a statement)?)\s*([.!])$")
_QUOTE = re.compile(r"[\"“”]|''|``|(?:^|\s)'")


def compress(sentence: str, min_words: int = 6, english: bool = True) -> str:
    """``sentence`` minus the deletable spans, or unchanged if too little would be left. With
    ``english`` False (another language) only the parenthetical goes."""
    out = _PARENTHETICAL.sub("", sentence).strip()  # first: "(HealthDay News) -- Babies …" opens with its dash
    lead = _CONNECTIVE.match(out) if english else None
    if lead:
        out = out[lead.end():]
        out = out[:1].upper() + out[1:]
    if english and not _QUOTE.search(out):
        out = _ATTRIBUTION.sub(r"\1", out)
    out = re.sub(r"\s{2,}", " ", out).strip()
    return out if len(out.split()) >= min_words else sentence
