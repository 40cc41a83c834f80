"""Direct quotations, who said them, and the same quote across outlets.

Rules, not a parser, and tuned for precision: a quotation without a recognisable attribution
keeps an empty speaker rather than a guessed one.

- A quote is text in straight or curly double quotes, at least ``MIN_WORDS`` words (single
  scare-quoted words are not quotations). A quote split by its attribution ("…," he said,
  "…") is one quote, its parts joined by " … ".
- The speaker comes from the same sentence: ``"…," Pompeo said`` / ``said Lavrov`` /
  ``Putin told Pompeo "…"`` / ``the top U.S. diplomat told …``; for a sentence that is only a
  quotation, from the previous sentence's subject (``Putin praised the report.`` then the quote).
- "he"/"she" is the subject of the sentence before ("Lavrov hit back …" then "…," he said);
  a description ("the top U.S. diplomat", "the harbour master") is a speaker the article
  names within two sentences, else it stays as written.
- A speaker is known by the last word of their name ("Mike Pompeo" → Pompeo), shown with the
  longest form of the name seen in the cluster.
- Quotes of the same speaker (or of an unknown one; a surname spelt one letter apart, such as
  Brandt/Brant, is the same speaker) are one quote across articles when they state the same
  thing (``support.supports``, the decision attribution uses), or when one is the other's words
  quoted in part (every part of it, two content words or more, word for word in the other:
  "even worse place" of "it would put our relationship in an even worse place"); every outlet's
  wording is kept. A quote joins a group only if it is the same as every quote already in it, so
  one speaker's several statements never chain into one group.
"""
from __future__ import annotations

import re
from typing import Iterable

from ..model import Cluster, Quote, QuoteGroup
from ..outlets import source_key
from ..support import agreements
from ..vectors import stop_words
from .names import TITLE, is_title, same_person, surname

MIN_WORDS = 3
DESCRIPTION_WINDOW = 2

_QUOTE = re.compile(r'"([^"]+)"|“([^”]+)”')
_SPEECH = (r"(?:said|says|saying|told|added|stated|declared|warned|noted|insisted|asked|replied|wrote|"
           r"tweeted|explained|stressed|urged|argued|continued|concluded|acknowledged|admitted|announced|"
           r"claimed|responded|retorted|hit back)")
_OPINION = _SPEECH[:-1] + r"|praised|criticized|criticised|condemned|welcomed|defended|called)"
_CAP = r"[A-Z][a-zA-Z'’\-]+"
_NAME = rf"(?:{TITLE}*(?:{_CAP}\s+){{0,2}}{_CAP})"
_PRONOUN = r"(?:he|she|He|She)"
_DESCRIPTION = (r"(?:the\s+(?:[\w.\-]+\s+){0,4}?(?:diplomat|minister|president|leader|official|spokesman|"
                r"spokeswoman|spokesperson|secretary|envoy|chief|premier|chancellor|senator|ambassador|mayor|"
                r"director|master|head|governor|general|commander|manager|engineer|lawyer|prosecutor))")
_WHO = rf"(?P<who>{_NAME}|{_PRONOUN}|{_DESCRIPTION})"
_AFTER = re.compile(rf"^[\s,.:;–—-]*(?:{_WHO}\s+{_SPEECH}\b|{_SPEECH}\s+(?P<who2>{_NAME}|{_DESCRIPTION})\b)")
_BEFORE = re.compile(rf"(?:^|[\s,(])(?P<who>{_NAME}|{_PRONOUN}|{_DESCRIPTION})\s+(?:\w+ly\s+)?{_SPEECH}\b")
_SUBJECT = re.compile(rf"(?:^|[\s,(])(?P<who>{_NAME})\s+(?:\w+ly\s+)?{_OPINION}\b")
_PERSON = re.compile(rf"(?=[A-Zo]){_NAME}")  # every name starts so ("of" is a title); the lookahead halves the scan


def find_quotes(cluster: Cluster) -> tuple[QuoteGroup, ...]:
    """Every quotation in the representatives' sentences, grouped across articles."""
    quotes: list[Quote] = []
    for doc in cluster.representatives:
        quotes += _article_quotes(doc.id, [s.original for s in doc.sentences], [s.index for s in doc.sentences])
    names = _display_names(s.original for s in cluster.sentences)
    outlet = {d.id: source_key(d.article) for d in cluster.documents}
    return group_quotes(quotes, names, outlet)


def _article_quotes(article: str, texts: list[str], indexes: list[int]) -> list[Quote]:
    found: list[tuple[int, str, str, str]] = []  # (position, text, raw speaker, kind)
    for pos, text in enumerate(texts):
        spans = [(m.start(), m.end(), m.group(1) or m.group(2)) for m in _QUOTE.finditer(text)]
        if not spans:
            continue
        parts = [q.strip(" ,.") for _, _, q in spans]
        speaker, kind = _speaker(text, spans)
        if not speaker and not _outside(text, spans) and pos > 0:  # a quote-only sentence
            m = list(_SUBJECT.finditer(texts[pos - 1]))
            speaker, kind = (m[-1].group("who"), "name") if m else ("", "")
        joined = " … ".join(p for p in parts if p) if speaker and len(spans) > 1 else None
        for part in ([joined] if joined else parts):
            if len(part.split()) >= MIN_WORDS:
                found.append((pos, part, speaker, kind))
    return [Quote(text=text, speaker=_resolve(speaker, kind, pos, texts, found), article=article,
                  sentence=indexes[pos]) for pos, text, speaker, kind in found]


def _speaker(text: str, spans) -> tuple[str, str]:
    """(speaker as written, kind) from the sentence's own attribution, or ("", "")."""
    for start, end, _ in spans:  # right after a quote: '"…," Pompeo said' / '"…," said Pompeo'
        m = _AFTER.match(text[end:])
        if m:
            who = m.group("who") or m.group("who2")
            return who, _kind(who)
    before = list(_BEFORE.finditer(text[: spans[0][0]]))  # 'Pompeo said "…"'
    if before:
        who = before[-1].group("who")
        return who, _kind(who)
    return "", ""


def _kind(who: str) -> str:
    return "pronoun" if re.fullmatch(_PRONOUN, who) else "description" if who.lower().startswith("the ") else "name"


def _outside(text: str, spans) -> str:
    """The sentence minus its quotations, letters only: empty for a quote-only sentence."""
    rest, last = [], 0
    for start, end, _ in spans:
        rest.append(text[last:start])
        last = end
    rest.append(text[last:])
    return re.sub(r"[^A-Za-z]", "", "".join(rest))


def _resolve(speaker: str, kind: str, pos: int, texts: list[str], found) -> str:
    if kind == "name":
        return surname(speaker)
    if kind == "pronoun":
        # "he said": this sentence's own subject before the pronoun, else the last subject
        # ("Lavrov said …", "Putin praised …") of an earlier sentence; quoted words never count.
        for k in range(pos, -1, -1):
            bare = _QUOTE.sub(" ", texts[k])
            if k == pos:
                bare = bare[: bare.find(speaker)] if speaker in bare else ""
            subjects = [m.group("who") for m in _SUBJECT.finditer(bare) if _is_person(m.group("who"))]
            if subjects:
                return surname(subjects[-1])
        return ""
    if kind == "description":  # a speaker this article names within two sentences, else as written
        named = sorted((abs(p - pos), p > pos, surname(s)) for p, _, s, k in found
                       if k == "name" and s and abs(p - pos) <= DESCRIPTION_WINDOW)
        return named[0][2] if named else speaker
    return ""


def _is_person(name: str) -> bool:
    first = name.split()[0]
    return first.lower() not in stop_words() and not first.isupper()


def _display_names(texts: Iterable[str]) -> dict[str, str]:
    """The longest name form seen for each surname, titles dropped ("Sergei Lavrov")."""
    best: dict[str, str] = {}
    read: dict[str, tuple[str, str] | None] = {}  # a cluster writes each name many times: read it once
    for text in texts:
        for m in _PERSON.finditer(text):
            name = m.group()
            if name not in read:
                read[name] = _display_form(name)
            if read[name] is not None:
                key, form = read[name]
                if len(form.split()) > len(best.get(key, "").split()):
                    best[key] = form
    return best


def _display_form(name: str) -> tuple[str, str] | None:
    """(surname, display form) of a matched name; None when it is only titles or opens with a stop word."""
    words = [w for w in name.split() if not is_title(w)]
    if not words or words[0].lower() in stop_words():
        return None
    # First and last name at most: a leading capitalised job title ("Mayor", "Engineer") is
    # not part of it; an initial keeps its place ("Robert S. Mueller").
    keep = 3 if len(words) >= 3 and re.fullmatch(r"[A-Z]\.", words[-2]) else 2
    key = surname(words[-1])
    return key, " ".join(words[-keep:-1] + [key])


def _same_statements(quotes: list[Quote]) -> dict[tuple[int, int], float]:
    """(i, j) → score for each pair of quotes by one speaker (or an unknown one) that state the same thing."""
    pairs = [(i, j) for i in range(len(quotes)) for j in range(i)
             if not quotes[i].speaker or not quotes[j].speaker or same_person(quotes[i].speaker, quotes[j].speaker)]
    # hopeless: none; so a pair that words alone settle (a conflict, or short of the threshold even
    # at encoder cosine 1) is not encoded: the same decisions, and only the pairs found the same are kept
    verdicts = agreements(((quotes[i].text, quotes[j].text) for i, j in pairs), hopeless=[False] * len(pairs))
    same = {key: v.score for (i, j), v in zip(pairs, verdicts) if v.same for key in ((i, j), (j, i))}
    # a fragment ("an even worse place") that another quote of the speaker holds word for word, with
    # two content words or more (not "the United States"), is that statement quoted in part: the
    # same words, no question of meaning to ask
    words = [_tokens(q.text) for q in quotes]
    bags = [frozenset(w for part in parts for w in part) for parts in words]
    sizes = [sum(map(len, parts)) for parts in words]
    stops = stop_words()
    for (i, j), v in zip(pairs, verdicts):
        short, long = (i, j) if sizes[i] <= sizes[j] else (j, i)
        if not v.same and bags[short] <= bags[long] and len(bags[short] - stops) >= 2 \
                and _part_of(words[short], words[long]):
            same[(i, j)] = same[(j, i)] = 1.0
    return same


def _tokens(text: str) -> list[tuple[str, ...]]:
    """A quote's parts (split at " … ", where an attribution stood) as lower-case word tuples."""
    return [tuple(re.findall(r"\w+", part.lower())) for part in text.split(" … ")]


def _part_of(short: list[tuple[str, ...]], long: list[tuple[str, ...]]) -> bool:
    """Every part of ``short`` is a run of words of one part of ``long``."""
    return all(any(_run_in(part, whole) for whole in long) for part in short)


def _run_in(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    n = len(part)
    return 0 < n <= len(whole) and any(whole[k: k + n] == part for k in range(len(whole) - n + 1))


def group_quotes(quotes: list[Quote], names: dict[str, str] | None = None,
                 outlet: dict[str, str] | None = None) -> tuple[QuoteGroup, ...]:
    """One group per quote across articles; speakers shown by their fullest name."""
    names, outlet = names or {}, outlet or {}
    same = _same_statements(quotes)
    groups: list[list[int]] = []
    for i in range(len(quotes)):
        fits = [g for g in groups if all((i, j) in same for j in g)]
        if fits:
            max(fits, key=lambda g: sum(same[(i, j)] for j in g) / len(g)).append(i)
        else:
            groups.append([i])
    out = []
    for group in groups:
        members = [quotes[i] for i in group]
        spoken = [q.speaker for q in members if q.speaker]
        speaker = max(spoken, key=spoken.count) if spoken else ""  # the spelling most outlets use
        sources = len({outlet.get(q.article, q.article) for q in members})
        out.append(QuoteGroup(speaker=names.get(speaker, speaker), quotes=tuple(members), sources=sources))
    return tuple(sorted(out, key=lambda g: (-g.sources, g.quotes[0].article, g.quotes[0].sentence)))
