"""Citations: which sentences of which articles back each summary sentence, and how many sources.

A sentence is backed by its origin and, in every other source, by the sentence that states it
(``support.statements``: ``supports`` — meaning, not only shared words; numbers, days and negation
must agree — between the sentence and the part of the other that speaks to it, with every name
of the sentence in the other, or its title in the cluster ("Russian president" for Putin), and a
place the sentence puts the event in anywhere in the other's article). The encoder is not run on
every pair: in each other article, only the
``support_candidates`` sentences closest to the summary sentence by TF-IDF cosine are asked (a
cheap filter; a paraphrase that shares none of the sentence's content words is rarely the
article's closest sentence to it). Only group representatives are sources, so two crawls of one
page never count twice, and support counts outlets, not articles: two stories by one wire
service or site are one source (the outlet is ``Article.source`` when a reader found one, else
the article itself).

A sentence's support counts the outlets that state it whole or state its main claim (its first
clause: who did what), so "Pompeo met Putin in Sochi as part of a renewed effort …" counts every
outlet reporting the meeting.

A summary sentence that joins two claims ("Pompeo met Putin in Sochi, and Lavrov said …") may be
backed for one claim and not the other. ``split_claims`` cuts it at clause joins, and each clause
is asked against the same candidates (whole, and cut the same way), so ``SummarySentence.claims``
says per clause which outlets state that part: the JSON's ``claims`` and the HTML report's
highlighting.
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from .language import language
from .model import Citation, Claim, Cluster, Sentence, SummarySentence
from .outlets import source_key
from .segment import strip_dateline
from .settings import Settings
from .support import ENCODER, ENCODER_LANGUAGES, across, article_words, statements, titles
from .vectors import count_words, tfidf


def attribute(cluster: Cluster, keys: Sequence[tuple[str, int]], settings: Settings = Settings()) -> tuple[SummarySentence, ...]:
    sentences = cluster.sentences
    if not keys:
        return ()
    position = {(s.article, s.index): n for n, s in enumerate(sentences)}
    vectors = tfidf([s.terms for s in sentences])
    outlet = {d.id: source_key(d.article) for d in cluster.documents}
    lang = cluster.language  # the summary's; its clauses are split at English joins only
    written = cluster.languages
    evidence = [j for j, s in enumerate(sentences) if not s.fragment and written[s.article] == lang]  # a heading is no evidence
    asked = {key: _candidates(position[key], sentences, vectors, evidence, settings) for key in keys}
    foreign = _foreign(cluster, sentences, [position[k] for k in keys], settings)  # other languages, by the encoder
    for key in keys:
        asked[key] += foreign.get(position[key], [])
    english = language(lang).english_rules
    parts = {key: split_claims(sentences[position[key]].text) if english else [sentences[position[key]].text]
             for key in keys}  # what the summary says
    several = [key for key in keys if len(parts[key]) > 1]
    pieces = {j: split_claims(said(sentences[j])) for key in several for j in asked[key]}
    pairs = {(sentences[position[key]].text, said(sentences[j]), written[sentences[j].article])
             for key in keys for j in asked[key]}
    pairs |= {(part, piece, written[sentences[j].article]) for key in several for part in parts[key]
              for j in asked[key] for piece in pieces[j]}
    same = sorted((c, e) for c, e, other in pairs if other == lang)
    crossing = sorted((c, e, other) for c, e, other in pairs if other != lang)
    named, around = names_context(cluster, lang)
    around |= {piece: around[said(sentences[j])] for j, cut in pieces.items() for piece in cut}  # a clause is in its article
    verdict = dict(zip(same, statements(same, lang=lang, titles=named, context=around)))  # does the evidence state the claim
    verdict |= dict(zip(((c, e) for c, e, _ in crossing),
                        across([(c, e) for c, e, _ in crossing], [(lang, other) for *_, other in crossing])))
    out = []
    for key in keys:
        text = sentences[position[key]].text
        sources = [Citation(*key)] + _best_per_article(asked[key], sentences, lambda j: [verdict[(text, said(sentences[j]))]])
        found = ()
        if key in several:
            found = tuple(_claim(part, key, asked[key], sentences, pieces, verdict, outlet) for part in parts[key])
            cited = {c.article for c in sources}
            sources += [c for c in found[0].sources if c.article not in cited]
        out.append(SummarySentence(text=text, sources=tuple(sources), claims=found,
                                   support=len({outlet[c.article] for c in sources})))
    return tuple(out)


def said(sentence: Sentence) -> str:
    """What a sentence states, as evidence: as its article wrote it, without a dateline ("SOCHI:"):
    the dateline's place is the article's, read from its words (``names_context``), not a word of the
    sentence's claim."""
    return strip_dateline(sentence.original)


def names_context(cluster: Cluster, lang: str) -> tuple[dict[str, tuple[str, ...]], dict[str, frozenset[str]]]:
    """What ``support.resolve`` may read beyond the evidence sentence: the cluster's titles of
    people ("Russian president" for Putin) and, per sentence, the words of its article(s)."""
    by_article: dict[str, list[str]] = {}
    for s in cluster.sentences:
        by_article.setdefault(s.article, []).append(s.original)
    words = {a: article_words(texts, lang) for a, texts in by_article.items()}
    around: dict[str, frozenset[str]] = {}
    for s in cluster.sentences:
        key, here = said(s), words[s.article]
        known = around.get(key)
        around[key] = here if known is None or known is here else known | here  # a copy only for shared text
    return titles([s.original for s in cluster.sentences], lang), around


def _best_per_article(asked: list[int], sentences: Sequence[Sentence], verdicts_of) -> list[Citation]:
    """Per other article, the asked sentence with the highest score among those where one of
    ``verdicts_of(j)`` says it states the claim."""
    best: dict[str, tuple[float, int]] = {}
    for j in asked:
        score = max((v.score for v in verdicts_of(j) if v.same), default=None)
        if score is not None and score > best.get(sentences[j].article, (-1.0, 0))[0]:
            best[sentences[j].article] = (score, j)
    return [Citation(article, sentences[j].index) for article, (_, j) in best.items()]


def _claim(part: str, key: tuple[str, int], asked: list[int], sentences: Sequence[Sentence], pieces: dict,
           verdict: dict, outlet: dict) -> Claim:
    """One clause and the sentences elsewhere that state it, whole or as one of their own clauses."""
    backing = (Citation(*key),) + tuple(_best_per_article(asked, sentences, lambda j: [verdict[(part, p)] for p in pieces[j]]))
    return Claim(part, backing, len({outlet[c.article] for c in backing}))


def restated(cluster: Cluster, seen: Cluster, settings: Settings = Settings()) -> frozenset[tuple[str, int]]:
    """The candidate sentences of ``cluster`` that a sentence of ``seen`` (what the reader has
    read) already states: ``support.statements`` between each candidate and its
    ``support_candidates`` closest earlier sentences (TF-IDF). A sentence that adds a fact to an
    earlier one is not restated: the earlier sentence does not state all of it."""
    new, old = cluster.candidates, seen.prose
    if not new or not old:
        return frozenset()
    vectors = tfidf([s.terms for s in new] + [s.terms for s in old])
    sims = (vectors[: len(new)] @ vectors[len(new):].T).toarray()
    pairs, owner = [], []
    for i, s in enumerate(new):
        for j in np.argsort(-sims[i], kind="stable")[: settings.support_candidates]:
            if sims[i, j] > 0:
                pairs.append((s.text, said(old[j])))
                owner.append(i)
    named, around = names_context(seen, cluster.language)
    verdicts = statements(pairs, lang=cluster.language, titles=named, context=around)
    return frozenset((new[i].article, new[i].index) for i, v in zip(owner, verdicts) if v.same)


def _foreign(cluster: Cluster, sentences: Sequence[Sentence], asked: list[int], settings: Settings) -> dict[int, list[int]]:
    """For each asked sentence, per article in another language the encoder knows, its
    ``support_candidates`` sentences closest under the encoder (TF-IDF shares no words across
    languages). Empty when the cluster is in one language."""
    written = cluster.languages
    known = [j for j, s in enumerate(sentences) if not s.fragment and written[s.article] != cluster.language
             and written[s.article] in ENCODER_LANGUAGES]
    if not known or cluster.language not in ENCODER_LANGUAGES:
        return {}
    vectors = ENCODER.vectors([sentences[j].original for j in known] + [sentences[i].text for i in asked])
    sims = vectors[len(known):] @ vectors[: len(known)].T
    return {i: _closest_per_article(sims[row], known, sentences, sentences[i].article, settings.support_candidates)
            for row, i in enumerate(asked)}


def _candidates(i: int, sentences: Sequence[Sentence], vectors, evidence: list[int], settings: Settings) -> list[int]:
    """Per other article, its ``support_candidates`` sentences closest to sentence ``i`` (TF-IDF cosine)."""
    sims = np.asarray((vectors[evidence] @ vectors[i].T).todense()).ravel()
    return _closest_per_article(sims, evidence, sentences, sentences[i].article, settings.support_candidates)


def _closest_per_article(sims, among: list[int], sentences: Sequence[Sentence], skip: str, k: int) -> list[int]:
    """Per article other than ``skip``, the ``k`` sentences of ``among`` with the highest ``sims``
    (``sims[n]`` is ``among[n]``'s; ties keep ``among``'s order)."""
    by_article: dict[str, list[tuple[float, int]]] = {}
    for sim, j in zip(sims, among):
        if sentences[j].article != skip:
            by_article.setdefault(sentences[j].article, []).append((sim, j))
    return [j for found in by_article.values() for _, j in sorted(found, key=lambda t: -t[0])[:k]]


_JOIN = re.compile(r"\s*(?:[,;]\s*(?:and|but|while|whereas|although|though|calling|saying|adding|which|who|as)\b"
                   r"|;|\s+(?:but|as part of|following|after|amid|despite|because|before)\b)\s*")
MIN_CLAIM_WORDS = 5


def split_claims(text: str) -> list[str]:
    """A sentence's claims: its clauses at coordinating and subordinating joins ("…, and …",
    "…; …", "… as part of …", "… following …", "…, saying …"). A piece under ``MIN_CLAIM_WORDS``
    words joins the one before it (or after it, for the first), so a claim can stand alone."""
    pieces, last = [], 0
    for m in _JOIN.finditer(text):
        pieces.append(text[last:m.start()])
        last = m.start()
    pieces.append(text[last:])
    merged: list[str] = []
    for piece in pieces:
        if merged and count_words(piece) < MIN_CLAIM_WORDS or merged and count_words(merged[-1]) < MIN_CLAIM_WORDS:
            merged[-1] += piece
        else:
            merged.append(piece)
    return [re.sub(r"^(?:and|but)\s+", "", p.strip(" ,;")) for p in merged] if len(merged) > 1 else [text]


def reading_order(cluster: Cluster, keys: Sequence[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """Dated articles first, oldest first; then input order; then position in the article."""
    rank = {d.id: (0 if d.article.date else 1, d.article.date, n) for n, d in enumerate(cluster.documents)}
    return tuple(sorted(keys, key=lambda k: (rank[k[0]], k[1])))
