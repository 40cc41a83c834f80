"""Baselines that anchor an evaluation table; not offered by ``summarize``.

They share the ``Method`` interface so ``evaluate`` and ``bench`` run them exactly like the
registered methods, on the same cleaned sentences and the same budget. Unlike the registered
methods they fill the budget in their own rank order with no redundancy or length filter:
they are the systems as published, not newsdigest's selection wrapped around their scores.
"""
from __future__ import annotations

import zlib

import numpy as np
import regex

from ..language import language
from ..methods.base import Fitted, Method, Pool
from ..settings import Settings


class _RankFill(Method):
    """Fill the budget in rank order, skipping what does not fit."""

    filtered = False


class Random(_RankFill):
    """Random sentences (seeded by the cluster's content, so every run picks the same)."""

    name = "random"

    def __init__(self, settings: Settings = Settings(), seed: int = 0):
        super().__init__(settings)
        self.seed = seed

    def scores(self, sentences, vectors) -> np.ndarray:
        key = zlib.crc32("\n".join(s.text for s in sentences).encode())
        return np.random.default_rng([self.seed, key]).random(len(sentences))


class FirstLead(_RankFill):
    """The first article's opening sentences, in order (then the next article's, if it is short):
    the "lead" baseline of DUC and MultiLing."""

    name = "lead-first"

    def scores(self, sentences, vectors) -> np.ndarray:
        return -np.arange(len(sentences), dtype=float)


class NewestLead(_RankFill):
    """The newest article's opening sentences (by its date; the last given when none is dated):
    NIST's baseline for DUC 2005-2007's query-focused task, which ignores the query."""

    name = "lead-newest"

    def select(self, cluster, budget, query: str = "", known: frozenset = frozenset()):
        return super().select(cluster, budget, known=known)  # the query is not this baseline's to read

    def fit(self, pool: Pool) -> Fitted:
        documents = {d.id: (d.article.date, n) for n, d in enumerate(pool.cluster.documents)}
        newest = max(documents, key=lambda a: documents[a]) if documents else ""
        return Fitted(np.array([-float(s.position) if s.article == newest else -1e9 - n
                                for n, s in enumerate(pool.sentences)]))


class _Tokenizer:
    """What sumy asks of a tokenizer, without NLTK's downloadable punkt data (``regex``'s words,
    so a Devanagari vowel sign stays in its word)."""

    _WORD = regex.compile(r"[^\W_]+(?:['’][^\W_]+)*")

    def __init__(self, language: str = "english"):
        self.language = language

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(self._WORD.findall(text))

    def to_sentences(self, text: str) -> tuple[str, ...]:  # sentences come from newsdigest's segmenter
        raise NotImplementedError


class Sumy(_RankFill):
    """A sumy summarizer fed newsdigest's cleaned sentences (one paragraph per article)."""

    def __init__(self, settings: Settings = Settings(), algorithm: str = "lexrank"):
        super().__init__(settings)
        self.algorithm = algorithm
        self.name = f"sumy-{algorithm}"

    def fit(self, pool: Pool) -> Fitted:
        return Fitted(self.ranked(pool.sentences, language(pool.cluster.language).name))

    def scores(self, sentences, vectors) -> np.ndarray:
        return self.ranked(sentences, "english")

    def ranked(self, sentences, name: str) -> np.ndarray:
        """sumy's ratings, with its stemmer and stop words for language ``name`` where it has them
        (no stemming, no stop words where it does not: Hindi, Hebrew's stemmer)."""
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.nlp.stemmers import Stemmer, null_stemmer
        from sumy.utils import get_stop_words

        tokenizer = _Tokenizer(name)
        by_article: dict[str, list[int]] = {}
        for i, s in enumerate(sentences):
            by_article.setdefault(s.article, []).append(i)
        position = [i for group in by_article.values() for i in group]  # document order -> our index
        document = ObjectDocumentModel([Paragraph([Sentence(sentences[i].text, tokenizer) for i in group])
                                        for group in by_article.values()])
        try:
            stemmer = Stemmer(name)
            stemmer("word")  # Greek's fails only when called: it needs a package of its own
        except (LookupError, ValueError):
            stemmer = null_stemmer
        summarizer = _summarizer(self.algorithm)(stemmer)
        try:
            summarizer.stop_words = get_stop_words(name)
        except LookupError:
            summarizer.stop_words = frozenset()
        ranked: list = []

        def keep_all(infos):  # sumy hands its rating-sorted list to the "count"; take it all
            ranked.extend(infos)
            return infos

        with np.errstate(invalid="ignore", divide="ignore"):  # sumy's LexRank divides by a zero norm on tiny inputs
            summarizer(document, keep_all)
        # SentenceInfo.order is the position in the document. Ratings are rounded so that float
        # noise is a tie, broken by document order as sumy breaks exact ties: sumy builds its
        # vocabulary from a hash-ordered set, and without rounding LSA's picks vary by process.
        scores = np.full(len(sentences), -np.inf)
        for info in ranked:
            rating = float(info.rating)
            scores[position[info.order]] = round(rating, 9) if np.isfinite(rating) else -np.inf
        return scores


def _summarizer(algorithm: str):
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    return {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer, "lsa": LsaSummarizer}[algorithm]


SUMY_ALGORITHMS = ("lexrank", "textrank", "lsa")


def baselines(settings: Settings = Settings(), seed: int = 0) -> list[Method]:
    """The anchors of every table: the first article's lead, random, then sumy's three if sumy is
    installed."""
    found: list[Method] = [FirstLead(settings), Random(settings, seed)]
    try:
        import sumy  # noqa: F401  (a benchmark-only extra)
    except ImportError:
        return found
    return found + [Sumy(settings, a) for a in SUMY_ALGORITHMS]
