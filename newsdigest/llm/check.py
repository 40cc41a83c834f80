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
from ..support import NEGATION as _NEGATION, calendar_words, numbers, word_in
from ..vectors import content_terms, stop_words

_NAME = re.compile(r"\b[A-Z][\w'’\-]*(?:\s+(?:of\s+|de\s+|van\s+)?[A-Z][\w'’\-]*)*")


def check(sentence: str, sources: list[str], min_overlap: float = 0.6) -> Verdict:
    """The verdict on ``sentence`` against the texts of the sentences it cites."""
    source = " ".join(sources)
    have_numbers = set(numbers(source))
    missing_numbers = tuple(n for n in dict.fromkeys(numbers(sentence)) if n not in have_numbers)
    have_dates = calendar_words(source)
    missing_numbers += tuple(d for d in dict.fromkeys(calendar_words(sentence)) if d not in have_dates)
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
    return word_in(surname(name).lower(), words) and \
        all(word_in(w.lower(), words) for w in name.split()[:-1] if w[0].isupper())
