"""Sentences and their words, tokens and stems: the hot path, so no downloads and no models.

Sentence boundaries come from blingfire (Microsoft's finite-state tokenizer; its rules ship
inside the wheel). On news text it gets U.S., Gen., Mr., initials, decimals and quotes right
and runs at ~30 MB/s; see docs/design.md for the comparison with pysbd and syntok.
Paragraphs are split one at a time, so a sentence never spans two paragraphs.

A sentence is a *fragment* when it is a heading, label or table row of its page, or does not
end like a sentence (a line cut off mid-sentence, a list label; in English also one the page cut
off with an ellipsis, as teasers and captions are: "… will make another run at immigration
legislation..."): it stays in the article, but it is never a summary sentence nor evidence. A
dateline opening the first paragraph ("SOCHI, Russia (AP) —"), or any paragraph when it carries
a wire credit ("DENVER (AP) —", "Washington (CNN)"), is part of the article but not of its
claim: the sentence shows without it and keeps it in ``full``.
"""
from __future__ import annotations

import re

from .compress import compress
from .language import language
from .lexicon import MONTH_ABBREVIATIONS, ends_sentence
from .model import Cleaned, Document, Sentence
from .settings import Settings
from .vectors import content_terms, count_tokens, count_words

# A "sentence" of closing quotes or brackets alone belongs to the one before it.
_ORPHAN = re.compile(r"^[\"'”’»“״)\]]+$")


_MAX_QUOTE_JOIN = 4
# '"Is there something wrong with it?" fan Jordan Deuschleman asked.': no English sentence opens in
# lower case, so after a closing quote the quotation's attribution goes on
_SPEECH_TAG = re.compile(r"[a-z]")
_CLOSING = "\"”’'"


def split_sentences(paragraph: str, lang: str = "en") -> list[str]:
    """Sentences of one paragraph in language ``lang``; a quotation split at its inner full stops
    is joined again.

    A summary sentence that opens a quote and never closes it misquotes its speaker, so
    pieces are re-joined while the language's quote marks are unbalanced (at most four pieces).
    In English a piece that opens in lower case after a closing quote is the quotation's
    attribution ('"… wrong with it?" fan Jordan Deuschleman asked.') and joins it.
    """
    spec = language(lang)
    out: list[str] = []
    open_quote = 0  # pieces joined so far into an unbalanced last sentence
    for s in spec.split(paragraph):
        s = s.strip()
        if not s:
            continue
        if out and (_ORPHAN.match(s) or 0 < open_quote < _MAX_QUOTE_JOIN
                    or (spec.english_rules and _SPEECH_TAG.match(s) and out[-1][-1] in _CLOSING)):
            out[-1] += ("" if _ORPHAN.match(s) else " ") + s
            open_quote = open_quote + 1 if spec.unbalanced(out[-1]) else 0
        else:
            out.append(s)
            open_quote = 1 if spec.unbalanced(s) else 0
    return out


# the day a wire dateline may carry after its place: "WASHINGTON, March 3 (Xinhua) --", "LOS ANGELES, May 28 --"
_DAY = (r"(?:,?\s+(?:" + "|".join(m.capitalize() for m in MONTH_ABBREVIATIONS) + r")[a-z]*\.?\s+\d{1,2}(?:,\s+\d{4})?)?")
_DATELINE = re.compile(
    r"^(?:(?P<city>[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]+){0,3})" + _DAY +
    r"\s*(?:\((?:[A-Za-z.]{1,12})\))?\s*(?:—|–|--|_|:|-)\s+"
    r"|(?P<pre>[^.!?]{0,80}?)\((?P<city2>[A-Z][A-Z .'’-]{2,30})\)\s*(?:—|–|--|_)\s+)(?=[A-Z“\"‘'])")


# A teaser or caption the page cut off ("… in a baseball...", "Tuesday,...", "stage 4 cancer ..."); an
# ellipsis after a full stop ("… Spice Girls. ...") marks words left out, not a sentence cut short
_CUT_OFF = re.compile(r"[\w,;:]\s?(?:\.\.\.|…)\s*$")


# A dateline with a wire service's credit: the form a story opens with and nothing else does
_CREDITED = re.compile(
    r"^(?:[A-Z][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){0,4}" + _DAY + r"\s*)?"
    r"\((?:AP|CNN|Reuters|AFP|UPI|AAP|dpa|Xinhua|Bloomberg|PTI|IANS|ANI|TASS|EFE|ANSA)\)"
    r"\s*(?:(?:—|–|--|_|-)\s+)?(?=[A-Z“\"‘'])")


def strip_dateline(sentence: str, opening: bool = True) -> str:
    """The sentence without a leading dateline ("PORT ALDEN:", "LONDON (AP) _"), if it has one.
    Where it does not open the story (``opening`` False: the first sentence of a later paragraph)
    only a dateline with a wire credit ("DENVER (AP) —", "Washington (CNN)") is read: a digest's
    every item opens so, and a page may put a photo caption before its story."""
    m = _DATELINE.match(sentence) if opening else None
    if m and m.end() < len(sentence) - 20:
        city = m.group("city") or m.group("city2") or ""
        if len(re.sub(r"[^A-Z]", "", city)) >= 2:
            return sentence[m.end():]
    m = _CREDITED.match(sentence)
    return sentence[m.end():] if m and m.end() < len(sentence) - 20 else sentence


def segment(cleaned: Cleaned, settings: Settings = Settings()) -> Document:
    lang = cleaned.article.language or settings.language or "en"
    english = language(lang).english_rules
    sentences = []
    prose = 0
    first_body = next((p for p in range(len(cleaned.paragraphs)) if p not in cleaned.headings), None)
    for p, paragraph in enumerate(cleaned.paragraphs):
        heading = p in cleaned.headings
        for k, full in enumerate(split_sentences(paragraph, lang)):
            text = strip_dateline(full, opening=p == first_body) if k == 0 and english else full
            if settings.compress:
                text = compress(text, settings.min_sentence_words, english)
            fragment = heading or not ends_sentence(full) or (english and _CUT_OFF.search(full) is not None)
            sentences.append(Sentence(
                article=cleaned.article.id, index=len(sentences), text=text,
                terms=content_terms(text, lang), words=count_words(text), tokens=count_tokens(text),
                paragraph=p, full=full if text != full else "", fragment=fragment, position=prose))
            prose += not fragment
    return Document(article=cleaned.article, sentences=tuple(sentences), removed=cleaned.cuts,
                    warnings=cleaned.warnings)
