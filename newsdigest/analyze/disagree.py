"""Where outlets report the same fact differently: numbers, name spellings, quote wordings.

Precision over recall: a wrong "conflict" is worse than a missed one, so each rule needs the
two versions to be about the same thing before it reports them.

- number: the same unit ("million crowns", "troops", "percent") and a shared context word
  (stemmed content word within five words before the number, such as "cost"), different
  values, from different outlets. Years and clock times are not compared.
- date: two outlets' nearly identical sentences (half their content words shared, dates aside)
  that each name exactly one day ("on Monday", "March 3") and not the same one.
- spelling: two capitalised words one letter apart (Sergey/Sergei, Brandt/Brant), each next
  to the same capitalised neighbour ("Lavrov", "Ilse"), in different outlets.
- quote: one quotation (see quotes.py) printed with different words by different outlets
  (up to three words changed, added or dropped at a place, the two versions at least 60%
  alike); the differing words are shown with a word of context ("exotic nature of" /
  "exotic work of").
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict

from ..lexicon import MONTH_PATTERN, WEEKDAY_PATTERN
from ..model import Citation, Cluster, Disagreement, QuoteGroup, Version
from ..outlets import source_key
from ..vectors import content_terms, stop_words
from .names import same_person

_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w:])\s+((?:[a-z%]+\s+){0,1}[a-z%]+)?")
_SCALE = {"thousand", "million", "billion", "trillion", "percent", "%"}
_NAME_PAIR = re.compile(r"(?=\b([A-Z][a-z]{2,})\s+([A-Z][a-z]{2,})\b)")  # overlapping: "Mayor Ilse Brant"


def find_disagreements(cluster: Cluster, quotes: tuple[QuoteGroup, ...] = ()) -> tuple[Disagreement, ...]:
    outlet = {d.id: source_key(d.article) for d in cluster.documents}
    sentences = cluster.sentences
    return tuple(_numbers(sentences, outlet) + _dates(sentences, outlet) + _spellings(sentences, outlet)
                 + _quotes(quotes, outlet))


_DATE = re.compile(rf"\b(?:on\s+)?({WEEKDAY_PATTERN}"
                   rf"|{MONTH_PATTERN}\s+\d{{1,2}}(?!\d)|\d{{1,2}}\s+{MONTH_PATTERN})\b")
_SAME_EVENT = 0.5


def _dates(sentences, outlet) -> list[Disagreement]:
    """Two outlets' near-identical sentences (cosine ≥ 0.5 on content words, dates left out)
    that each name exactly one day, and not the same one."""
    dated = []
    for s in sentences:
        days = {m.group(1) for m in _DATE.finditer(s.original)}
        if len(days) == 1:
            bare = _DATE.sub(" ", s.original)
            dated.append((days.pop(), set(content_terms(bare)), Citation(s.article, s.index)))
    by_day: dict[str, list] = defaultdict(list)
    for day, terms, cite in dated:
        if terms:
            by_day[day].append((terms, cite))
    out = []
    days = sorted(by_day, key=lambda d: next(i for i, x in enumerate(dated) if x[0] == d))  # first mention first
    for a, day in enumerate(days):  # only sentences naming different days are compared
        for day2 in days[a + 1:]:
            pair = next(((c1, c2) for t1, c1 in by_day[day] for t2, c2 in by_day[day2]
                         if outlet[c1.article] != outlet[c2.article]
                         and len(t1 & t2) / (len(t1) * len(t2)) ** 0.5 >= _SAME_EVENT), None)
            if pair:
                key = tuple(sorted((day, day2)))
                first = pair if key[0] == day else pair[::-1]
                out.append(Disagreement("date", " / ".join(key), (Version(key[0], (first[0],)),
                                                                   Version(key[1], (first[1],)))))
    return out


def _numbers(sentences, outlet) -> list[Disagreement]:
    mentions = []  # (unit, value, context stems, citation)
    for s in sentences:
        for m in _NUMBER.finditer(s.original):
            value, unit = m.group(1), _unit(m.group(2) or "")
            if not unit or (len(value) == 4 and value[:2] in ("19", "20")):
                continue
            before = s.original[: m.start()].split()[-5:]
            mentions.append((unit, float(value.replace(",", "")), set(content_terms(" ".join(before))),
                             Citation(s.article, s.index)))
    out = []
    by_unit = defaultdict(list)
    for mention in mentions:
        by_unit[mention[0]].append(mention)
    for unit, group in by_unit.items():
        versions: dict[float, list] = {}
        for _, value, context, cite in group:
            versions.setdefault(value, []).append((context, cite))
        if len(versions) < 2:
            continue
        # keep values whose mentions share a context word with a mention of another value
        kept = {}
        for value, items in versions.items():
            others = [c for v, its in versions.items() if v != value for c, _ in its]
            agreeing = [cite for context, cite in items if any(context & o for o in others)]
            if agreeing:
                kept[value] = agreeing
        if len(kept) >= 2 and len({outlet[c.article] for cites in kept.values() for c in cites}) >= 2:
            out.append(Disagreement("number", unit, tuple(
                Version(f"{_fmt(v)} {unit}", tuple(cites)) for v, cites in sorted(kept.items()))))
    return out


def _unit(words: str) -> str:
    """'million crowns' / 'troops' / 'percent'; '' for words that name no quantity."""
    parts = words.split()
    if not parts or parts[0] in stop_words() - _SCALE:
        return ""
    if parts[0] in _SCALE and len(parts) > 1 and parts[1] not in stop_words():
        return " ".join(parts[:2])
    return parts[0] if parts[0] not in stop_words() else ""


def _fmt(value: float) -> str:
    return f"{value:g}"


def _spellings(sentences, outlet) -> list[Disagreement]:
    seen: dict[tuple[str, str, str], list[Citation]] = defaultdict(list)  # (word, neighbour, side) -> cites
    for s in sentences:
        for first, last in _NAME_PAIR.findall(s.original):
            seen[(first, last, "before")].append(Citation(s.article, s.index))  # first name varies
            seen[(last, first, "after")].append(Citation(s.article, s.index))   # surname varies
    out, done = [], set()
    keys = sorted(seen, key=lambda k: k[2] != "before")  # "Sergei Lavrov" before "Minister Sergei"
    words: dict[tuple[str, str], list[str]] = defaultdict(list)  # (neighbour, side) -> its words, in key order
    for word, neighbour, side in keys:
        words[(neighbour, side)].append(word)
    for word, neighbour, side in keys:  # each pair of words beside one neighbour, in key order
        same_side = words[(neighbour, side)]
        for other in same_side[same_side.index(word) + 1:]:
            if not same_person(word, other):
                continue
            pair = tuple(sorted((word, other)))
            if pair in done:
                continue
            a, b = seen[(word, neighbour, side)], seen[(other, neighbour, side)]
            if len({outlet[c.article] for c in a + b}) >= 2:  # two outlets, not one spelling itself two ways
                done.add(pair)
                full = lambda w: f"{w} {neighbour}" if side == "before" else f"{neighbour} {w}"  # noqa: E731
                out.append(Disagreement("spelling", full(word), (Version(full(word), tuple(a)),
                                                                 Version(full(other), tuple(b)))))
    return out


def _quotes(groups: tuple[QuoteGroup, ...], outlet) -> list[Disagreement]:
    out = []
    for g in groups:
        if g.sources < 2:
            continue
        base = g.quotes[0]
        words = lambda t: re.findall(r"\w+", t.lower().replace("’", "'"))  # noqa: E731
        for q in g.quotes[1:]:
            if outlet.get(q.article) == outlet.get(base.article):
                continue
            a, b = words(base.text), words(q.text)
            matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
            if matcher.ratio() < 0.6:  # different excerpts of one statement, not two wordings
                continue
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag == "equal" or i2 - i1 > 3 or j2 - j1 > 3:  # a word or three changed, added or dropped
                    continue
                if tag != "replace" and (i1 == 0 or j1 == 0 or i2 == len(a) or j2 == len(b)):
                    continue  # one outlet quoting less of it: an excerpt, not another wording
                left = " ".join(a[max(0, i1 - 1): i2 + 1])  # one word of context each side
                right = " ".join(b[max(0, j1 - 1): j2 + 1])
                out.append(Disagreement("quote", g.speaker or "unattributed quote", (
                    Version(left, (Citation(base.article, base.sentence),)),
                    Version(right, (Citation(q.article, q.sentence),)))))
    return out
