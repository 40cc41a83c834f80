"""The data that flows between stages, defined once.

Every stage takes and returns these frozen dataclasses, so a stage can be read, tested and
replaced on its own. Identifiers are plain strings (article ids) and ints (sentence indexes
into an article's kept sentences), which is also what the JSON output uses.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property


@dataclass(frozen=True)
class Block:
    """What a page's markup says about one line of ``Article.text`` (HTML input only).

    ``kind`` is the element trafilatura recovered it from: ``p`` (paragraph), ``head``
    (heading), ``item`` (list item), ``quote``, ``cell`` (table row), ``code``; ``links`` is the
    share of its characters inside links.
    """

    kind: str
    links: float = 0.0


@dataclass(frozen=True)
class Article:
    """One input document as read, before cleaning. ``text`` keeps its line structure.

    ``blocks``, when the reader recovered markup, has one entry per line of ``text``
    (``text.split("\n")``); cleaning then uses it instead of guessing structure from flat text.
    ``date_source`` says where ``date`` came from: ``metadata`` (the page's markup: meta tags,
    JSON-LD, time elements, its URL), ``page text`` (a date printed in the page), ``dateline``
    (a date line at the top of a text file), ``input`` (a field of the JSON, SGML or feed
    record), ``crawl`` (the WARC record's fetch date), or ``""`` when there is no date.
    ``language`` is an ISO 639-1 code: given by the input (a JSON field, ``--language``) or
    identified when the cluster is built (``newsdigest.language.identify``); ``""`` before that.
    """

    id: str
    text: str
    title: str = ""
    source: str = ""
    date: str = ""
    url: str = ""
    path: str = ""
    blocks: tuple[Block, ...] = ()
    date_source: str = ""
    language: str = ""


ARTICLE_STRINGS: tuple[str, ...] = tuple(f.name for f in fields(Article) if f.type == "str")
"""Article's text fields, in order. The store's columns, ``summarize``'s checks of a caller's
Article, the API's conversion of a request and the JSON document's article records are derived
from it, so a new string field needs its declaration and a store migration; the readers and the
API's request schema name what they accept, so a field read from input is added there too."""


@dataclass(frozen=True)
class Cut:
    """A piece of an article that cleaning removed, and why.

    ``applied`` is False for a cut a rule proposed but cleaning did not make, because together
    with the others it would have removed most of the article: the text stayed in, and the
    cut is still reported so a reader can see what looked like furniture.
    """

    text: str
    reason: str
    applied: bool = True


@dataclass(frozen=True)
class Cleaned:
    """An article after cleaning: the kept paragraphs and the cuts, in document order."""

    article: Article
    paragraphs: tuple[str, ...]
    cuts: tuple[Cut, ...] = ()
    headings: frozenset[int] = frozenset()  # kept paragraphs that are headings, lists labels or cells, not prose
    warnings: tuple[str, ...] = ()

    @property
    def body(self) -> str:
        """The kept paragraphs without headings (what near-duplicates and events compare), or
        all of them when every one is a heading."""
        prose = [p for n, p in enumerate(self.paragraphs) if n not in self.headings]
        return "\n".join(prose or self.paragraphs)


@dataclass(frozen=True)
class Sentence:
    """A kept sentence; ``(article, index)`` is its citation key."""

    article: str
    index: int
    text: str  # what a summary shows: the sentence, compressed when compression is on
    terms: tuple[str, ...] = ()  # stemmed content words of ``text``, for the vector methods
    words: int = 0
    tokens: int = 0
    paragraph: int = 0
    full: str = ""  # the sentence as the article wrote it, when ``text`` is a compression of it
    fragment: bool = False  # a heading, a label or an unfinished line: kept and citable, never a summary sentence
    position: int = 0  # how many of the article's prose sentences come before it (the lead features' position)

    @property
    def original(self) -> str:
        return self.full or self.text


@dataclass(frozen=True)
class Document:
    """An article ready for selection: cleaned, segmented, with what cleaning removed."""

    article: Article
    sentences: tuple[Sentence, ...]
    removed: tuple[Cut, ...] = ()
    warnings: tuple[str, ...] = ()  # what cleaning reports about this article (a cut it did not make)

    @property
    def id(self) -> str:
        return self.article.id


@dataclass(frozen=True)
class Cluster:
    """All documents about one event, and which of them are copies of one another.

    ``groups`` partitions the document ids; the first id of a group is its representative,
    the only one that is summarized and counted as a source.
    """

    documents: tuple[Document, ...]
    groups: tuple[tuple[str, ...], ...]
    language: str = "en"  # the summary's language: ``--language``, else that of most of the representatives' words

    @property
    def representatives(self) -> tuple[Document, ...]:
        keep = {group[0] for group in self.groups}
        return tuple(d for d in self.documents if d.id in keep)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """Sentences of the representatives, in document then position order."""
        return tuple(s for d in self.representatives for s in d.sentences)

    @property
    def prose(self) -> tuple[Sentence, ...]:
        """The representatives' sentences that are not fragments: what methods score and choose
        from, and what attribution cites as support."""
        return tuple(s for d in self.representatives for s in d.sentences if not s.fragment)

    @property
    def own(self) -> tuple[Document, ...]:
        """The representatives written in the cluster's language."""
        return tuple(d for d in self.representatives if self.languages[d.id] == self.language)

    @property
    def candidates(self) -> tuple[Sentence, ...]:
        """The prose of ``own``: what methods choose summary sentences from (the other languages'
        sentences are still read, and cited as support)."""
        return tuple(s for d in self.own for s in d.sentences if not s.fragment)

    @cached_property
    def languages(self) -> dict[str, str]:
        """Each article's language code (the cluster's where the article has none)."""
        return {d.id: d.article.language or self.language for d in self.documents}

    @property
    def duplicates(self) -> tuple[tuple[str, ...], ...]:
        return tuple(g for g in self.groups if len(g) > 1)


@dataclass(frozen=True)
class Budget:
    """A length limit; exactly one of the three is set."""

    words: int | None = None
    sentences: int | None = None
    tokens: int | None = None

    def __post_init__(self) -> None:
        given = [v for v in (self.words, self.sentences, self.tokens) if v is not None]
        if len(given) != 1:
            raise ValueError("a budget needs exactly one of words, sentences or tokens")
        if given[0] < 1:
            raise ValueError("a budget must be at least 1")

    @property
    def unit(self) -> str:
        return "words" if self.words is not None else "sentences" if self.sentences is not None else "tokens"

    @property
    def limit(self) -> int:
        return next(v for v in (self.words, self.sentences, self.tokens) if v is not None)

    def cost(self, sentence: Sentence) -> int:
        return {"words": sentence.words, "sentences": 1, "tokens": sentence.tokens}[self.unit]


@dataclass(frozen=True)
class Selection:
    """What a method chose: sentence keys in the method's preference order, plus its scores."""

    keys: tuple[tuple[str, int], ...]
    scores: dict[tuple[str, int], float] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Citation:
    article: str
    sentence: int


@dataclass(frozen=True)
class Agreement:
    """Whether two sentences state the same thing (``support.supports``)."""

    score: float  # calibrated probability that they mean the same
    same: bool  # the decision: score at or above the fitted threshold, and no conflict
    conflicts: tuple[str, ...] = ()  # facts that differ: "number", "day", "negation"


@dataclass(frozen=True)
class Verdict:
    """Whether a generated sentence is backed by the sentences it cites, and if not, why."""

    numbers: tuple[str, ...]  # numbers and dates not in the cited sentences
    names: tuple[str, ...]  # capitalised names not in the cited sentences
    negation_flipped: bool
    overlap: float  # share of the sentence's content words found in the cited sentences
    min_overlap: float
    judge: str = ""  # the LLM judge's answer: "" when not asked, "yes", "no", or why it gave none
    against: tuple[Citation, ...] = ()  # the sentences it was checked against (the ones it cites)
    aligned: bool = False  # those were found by word overlap: the model gave no ids, or wrong ones
    unquoted: bool = False  # mostly words the sources quote, but without quotation marks or a speaker

    @property
    def supported(self) -> bool:
        return (not self.numbers and not self.names and not self.negation_flipped and not self.unquoted
                and self.overlap >= self.min_overlap and self.judge in ("", "yes"))

    def reasons(self) -> list[str]:
        out = [f"number or date not in its sources: {n}" for n in self.numbers]
        out += [f"name not in its sources: {n}" for n in self.names]
        if self.negation_flipped:
            out.append("negation differs from its sources")
        if self.overlap < self.min_overlap:
            out.append(f"content overlap {self.overlap:.2f} below {self.min_overlap:.2f}")
        if self.unquoted:
            out.append("quoted words without quotation marks or a speaker")
        if self.judge not in ("", "yes"):
            out.append(f"judge: {self.judge}")
        return out


@dataclass(frozen=True)
class Claim:
    """One clause of a summary sentence that joins several claims, and who states that part."""

    text: str
    sources: tuple[Citation, ...]  # the summary sentence's origin first, then the sentences stating this clause
    support: int  # distinct outlets among them


@dataclass(frozen=True)
class SummarySentence:
    text: str
    sources: tuple[Citation, ...]  # the origin first, then close paraphrases elsewhere
    support: int  # distinct outlets among the sources; a duplicate group counts once
    kind: str = "extracted"  # or "generated" (written by an LLM and passed its check)
    check: Verdict | None = None  # the check of the generated text (kept, or rejected for this one)
    draft: str = ""  # the generated sentence this extracted one replaced, when it failed its check
    claims: tuple[Claim, ...] = ()  # per clause, for a sentence of several claims; empty for one claim
    relevance: float | None = None  # with a query: how much it speaks to it (0-1, the cluster's most relevant 1)

    @property
    def single_source(self) -> bool:
        """Only one outlet states it: a claim a reader may want to weigh."""
        return self.support == 1


@dataclass(frozen=True)
class Quote:
    """A direct quotation as one article printed it."""

    text: str
    speaker: str  # how the speaker is known (surname), "" when no attribution was found
    article: str
    sentence: int  # index of the sentence that holds it


@dataclass(frozen=True)
class QuoteGroup:
    """One quotation across articles: each outlet's wording, and who said it."""

    speaker: str  # the fullest form of the name seen in the cluster
    quotes: tuple[Quote, ...]
    sources: int  # distinct outlets printing it


@dataclass(frozen=True)
class Version:
    """One way the outlets report a fact, and the sentences that report it so."""

    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Disagreement:
    """The same fact reported differently: ``kind`` is number, spelling or quote."""

    kind: str
    subject: str  # the unit, the name or the speaker it is about
    versions: tuple[Version, ...]


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place, and how widely the sources mention it."""

    name: str  # the fullest form seen
    kind: str  # person, organization, place; "name" when typed by the fallback
    mentions: int
    sources: int  # distinct outlets mentioning it


@dataclass(frozen=True)
class Summary:
    method: str
    budget: Budget
    sentences: tuple[SummarySentence, ...]
    cluster: Cluster
    warnings: tuple[str, ...] = ()
    quotes: tuple[QuoteGroup, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    entities: tuple[Entity, ...] = ()
    query: str = ""  # what it answers; "" for a generic summary
    since: tuple[str, ...] = ()  # the articles the reader has read (``--since``): the summary says what is new

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class TimelineDate:
    """One day of a timeline: what the articles say happened on it."""

    date: str  # YYYY-MM-DD
    sentences: tuple[SummarySentence, ...]
    articles: int  # articles with a sentence about the day (naming it, or published on it naming none)


@dataclass(frozen=True)
class Timeline:
    """A story's most important days, in calendar order (``newsdigest.timelines``)."""

    dates: tuple[TimelineDate, ...]
    cluster: Cluster
    warnings: tuple[str, ...] = ()
    query: str = ""


@dataclass(frozen=True)
class EventRow:
    """A stored event's numbers; days are date ordinals."""

    id: int
    first_day: int
    last_day: int
    size: int  # articles, duplicates included
    sources: int  # distinct outlets


@dataclass(frozen=True)
class EventSummary:
    """A stored event and its summary: one item of a digest."""

    event: EventRow
    summary: Summary


@dataclass(frozen=True)
class EvalCluster:
    """One benchmark cluster: the articles and the human summaries they are scored against.

    A reference keeps its line structure (one sentence or chunk a line), which ROUGE-L(sum)
    reads and ROUGE-N ignores.
    """

    id: str
    articles: tuple[Article, ...]
    references: tuple[str, ...]
    peers: tuple[tuple[str, str], ...] = ()  # (system, summary): a shared task's own runs, where the set has them
    query: str = ""  # what the summary must answer (DUC 2005-2007's topic title and narrative); "" for a generic one
    seen: tuple[Article, ...] = ()  # what the reader has read before (an update task's earlier subsets): --since


@dataclass(frozen=True)
class Score:
    """A mean over clusters and its 95% confidence interval."""

    value: float
    low: float
    high: float


@dataclass(frozen=True)
class SystemResult:
    """One method's or baseline's scores on a benchmark, with the per-cluster numbers behind them."""

    system: str
    kind: str  # "method" (registered) or "baseline" (evaluation only)
    scores: dict[str, Score]  # e.g. "rouge-1-r", "rouge2-f"
    clusters: dict[str, dict[str, tuple[float, float, float]]]  # cluster -> metric -> (R, P, F)
    seconds: float  # median selection time per cluster (cleaning excluded, shared by all)


@dataclass(frozen=True)
class Report:
    dataset: str
    scorer: str  # "rouge-1.5.5" or "rouge-score": never mixed in one table
    words: int
    clusters: int
    systems: tuple[SystemResult, ...]
    meta: dict = field(default_factory=dict, compare=False)  # command, date, machine, versions
