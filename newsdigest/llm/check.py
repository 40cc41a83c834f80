"""Is a generated sentence supported by the source sentences it cites?

A fluent sentence is kept only when its facts are in its sources. The checks are the ones
false news summaries fail:
- every number (digits, with thousands separators and decimals normalised; "40 million"
  and "40m" alike) and every year or month-day date must occur in the cited sentences;
- every capitalised name that does not open the sentence must occur there (case and
  possessives aside; a person's surname alone is enough when the sources name them in full; a
  place and its demonym, "Egypt" and "Egyptian", count as one);
- negation must not flip: a negation cue ("not", "no", "never", "n't", "without", "denied")
  in the generated sentence and none in its sources, or the reverse, fails;
- enough of its content words (stemmed) must come from the sources (``min_overlap``);
- a sentence made mostly of words its sources quote must keep quotation marks or say who
  said them: otherwise someone's words become the summary's own claim.
Each failure is named, so the JSON output can say why a sentence fell back. Number words from
"two" to "ninety" count as their digits ("four months" = "4 months"); "one" does not, being
as often a pronoun.
"""
from __future__ import annotations

import re

from ..analyze.names import surname
from ..lexicon import CALENDAR
from ..model import Verdict
from ..vectors import content_terms, stop_words

_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?")
_SCALE = {"thousand": "000", "k": "000", "million": "000000", "m": "000000", "billion": "000000000", "bn": "000000000"}
_NAME = re.compile(r"\b[A-Z][\w'’\-]*(?:\s+(?:of\s+|de\s+|van\s+)?[A-Z][\w'’\-]*)*")
_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|denied|denies|deny|refused)\b|n['’]t\b",
                       re.IGNORECASE)


def check(sentence: str, sources: list[str], min_overlap: float = 0.6) -> Verdict:
    """The verdict on ``sentence`` against the texts of the sentences it cites."""
    source = " ".join(sources)
    have_numbers = set(numbers(source))
    missing_numbers = tuple(n for n in dict.fromkeys(numbers(sentence)) if n not in have_numbers)
    have_dates = _calendar(source)
    missing_numbers += tuple(d for d in dict.fromkeys(_calendar(sentence)) if d not in have_dates)
    missing_names = tuple(n for n in dict.fromkeys(_names(sentence)) if not _named_in(n, source))
    flipped = bool(_NEGATION.search(sentence)) != bool(_NEGATION.search(source))
    terms = set(content_terms(sentence))
    overlap = len(terms & set(content_terms(source))) / len(terms) if terms else 1.0
    return Verdict(missing_numbers, missing_names, flipped, overlap, min_overlap,
                   unquoted=_unquoted(sentence, terms, sources))


_QUOTED = re.compile(r"[“\"]([^”\"]+)(?:[”\"]|$)")
_QUOTE_MARKS = re.compile(r"[“”\"]")
_REPORTED = re.compile(r"\b(?:said|says|say|told|tells|according|stated|added|asked|called|described|quoted)\b", re.IGNORECASE)


def _unquoted(sentence: str, terms: set[str], sources: list[str]) -> bool:
    """Most of the sentence is someone's quoted words, yet it has no quotation marks and no one saying
    them: a quote turned into the summary's own claim ("When I came here, there were 64 senators")."""
    if not terms or _QUOTE_MARKS.search(sentence) or _REPORTED.search(sentence):
        return False
    quoted = {t for s in sources for q in _QUOTED.findall(s) for t in content_terms(q)}
    return len(terms & quoted) >= 0.6 * len(terms)


_WORDS = ("two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen twenty").split()
_NUMBER_WORDS = {w: str(n) for n, w in enumerate(_WORDS, start=2)}
_NUMBER_WORDS |= {w: str(10 * n) for n, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), start=3)}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)


def numbers(text: str) -> list[str]:
    """Numbers as digit strings: "1,200" → "1200", "40 million" and "40m" → "40000000"."""
    text = _NUMBER_WORD.sub(lambda m: _NUMBER_WORDS[m.group().lower()], text)
    out = []
    for m in _NUMBER.finditer(text):
        value = m.group().replace(",", "")
        after = re.match(r"\s*([a-zA-Z]+)", text[m.end():])
        scale = _SCALE.get(after.group(1).lower()) if after else None
        if scale and "." not in value:
            value += scale
        elif scale:
            whole, frac = value.split(".")
            value = (whole + frac.ljust(len(scale), "0")[: len(scale)]).lstrip("0") or "0"
        out.append(value)
    return out


def _calendar(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w in CALENDAR}


def _names(sentence: str) -> list[str]:
    """Capitalised words and runs of them, not counting the sentence's first word when it is
    an ordinary word ("The", "Officials") or a calendar word (checked apart)."""
    stops = stop_words()
    openers = stops | _OPENERS
    out = []
    for m in _NAME.finditer(sentence):
        words = m.group().split()
        if m.start() == len(sentence) - len(sentence.lstrip()) and words[0].lower() in openers:
            words = words[1:]
        words = [w.rstrip("'’s").rstrip("'’") if w.endswith(("'s", "’s")) else w for w in words]
        name = " ".join(w for w in words if w.lower() not in CALENDAR)
        if name and name.lower() not in stops:
            out.append(name)
    return out


_OPENERS = frozenset({"officials", "police", "authorities", "residents", "critics", "experts", "workers", "engineers"})


def _named_in(name: str, source: str) -> bool:
    """The name as written, or its surname with every other capitalised word of it somewhere in the
    sources. A word also matches its demonym, either way round (Egypt/Egyptian, Israel/Israeli)."""
    low = source.lower()
    if name.lower() in low:
        return True
    words = set(re.findall(r"[\w'’-]+", low))
    return _word_in(surname(name).lower(), words) and \
        all(_word_in(w.lower(), words) for w in name.split()[:-1] if w[0].isupper())


_DEMONYM = ("n", "an", "ian", "i", "ese")


def _word_in(word: str, words: set[str]) -> bool:
    """In the sources as a word, or as the place of a demonym or the demonym of a place."""
    return word in words or any(word + end in words for end in _DEMONYM) or \
        any(word.endswith(end) and word[: -len(end)] in words for end in _DEMONYM if len(word) - len(end) >= 4)
