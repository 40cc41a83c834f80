"""Every default in one place. Stages take a ``Settings`` argument; nothing reads globals.

Each knob says what it trades, in the manner of datasketch: change one with
``dataclasses.replace(Settings(), name=value)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LLMSettings:
    """The optional abstractive mode's endpoint and checks (``[llm]`` in the config file)."""

    base_url: str = ""
    """An OpenAI-compatible API root, e.g. http://127.0.0.1:8080/v1 (llama.cpp, vLLM, Ollama)
    or a hosted one; ``OPENAI_BASE_URL`` when unset. Empty: no LLM, the mode is refused."""
    model: str = ""
    """Always sent; ``NEWSDIGEST_LLM_MODEL`` when unset. Servers of one model ignore it."""
    api_key: str = field(default="", repr=False)
    """Sent as a Bearer token when set; ``OPENAI_API_KEY`` when unset."""
    timeout_s: float = 120.0
    """Seconds for one request; a slower answer is an error and the summary stays extractive."""
    max_tokens: int = 512
    """Tokens the model may generate in one reply (the summary itself is held to the budget)."""
    material: float = 1.5
    """The extractive selection handed to the model, as a multiple of the budget: room to fuse."""
    min_overlap: float = 0.6
    """Share of a generated sentence's content words (stemmed) that must be in the sentences it
    cites; below it the sentence falls back to an extracted one."""
    judge: bool = False
    """Also ask the model, per sentence that passed the rules, whether its sources support it."""


@dataclass(frozen=True)
class Settings:
    # --- ingest
    max_file_bytes: int = 20 * 1024 * 1024
    """Larger files are refused: a news page is well under 1 MB, and a bigger file is
    almost always a dump or a mistake. Raise it for archives of concatenated SGML."""
    max_article_words: int = 100_000
    """Words of one article that are read; the rest is cut as ``over the length limit`` (with a
    warning). Ten times the longest news story; it bounds the time of everything after reading
    (summarize handles an article at the limit in a few seconds)."""
    max_html_tags: int = 50_000
    """A page with more tags is refused before trafilatura parses it: extraction takes about
    0.17 ms a tag (9 s at the limit), and the largest of 990 real pages has under 20,000."""
    fetch_timeout: float = 20.0
    """Seconds a URL may take, connection to last byte (a server that trickles is cut off)."""
    fetch_redirects: int = 5
    """Redirects followed per URL, each hop checked against robots.txt."""
    fetch_delay: float = 1.0
    """Seconds between two requests to one host (robots.txt's Crawl-delay when it asks for more)."""
    watch_every: float = 900.0
    """Seconds between two rounds of ``watch`` (``--every``)."""
    watch_backoff: int = 32
    """A source that keeps failing is retried after ``every`` × 2^failures, at most this many rounds."""
    # Other bounds, not settings: JSON nested deeper than Python's recursion limit (about 1,000
    # levels) is refused as malformed; every reader is linear in its input, so time and memory
    # are bounded by ``max_file_bytes`` (docs/design.md, "Hostile input").

    # --- query
    query_weight: float = 0.5
    """With a query (``--query``), a scoring method's sentence score is this share relevance to
    the query and the rest its own score (both scaled to 0-1); also the ILP's relevance bonus."""
    query_concepts: float = 1.0
    """With a query, the ILP weighs each concept by 1 + this × the relevance of the most
    relevant sentence holding it."""

    # --- language
    language: str = ""
    """An ISO 639-1 code or English name ("fr", "czech"): every article is taken to be in it and
    the summary is written in it (``--language``). Empty: each article's language is identified
    (newsdigest.language.identify) unless its input gives one, and the summary is in the
    language of most of the cluster's words."""

    # --- clean
    keep_noise: bool = False
    """True turns cleaning off (paragraphs are still split, nothing is cut)."""
    max_cut_share: float = 0.5
    """Cleaning never removes most of an article: when the rules that could mistake body text
    for furniture (captions, related links, title repeats) would cut more than this share of
    the words that are not certain furniture, none of them is applied, with a warning. (A
    definition, not a tuned value: "most" is more than half.)"""
    headline_max_words: int = 25
    """A line without a final stop is a heading (kept, never a summary sentence) up to this
    many words; a longer one is prose cut off mid-sentence. Nothing is cut for being either."""
    caption_max_words: int = 60
    """A paragraph closed by a photo credit is a caption only up to this length: a long
    paragraph is never a caption (wire copy ends with editors' initials such as "(vs/krt)")."""
    link_share: float = 0.7
    """An HTML block whose text is at least this share link text, and that is no longer than
    a headline, is a related-article link (chosen on the dev half of the pages,
    benchmarks/clean_pages.py)."""
    foreign_ratio_full_header: float = 0.7
    """An appended article that starts with a full page header of its own (its headline
    followed by two or more of: a timestamp, a byline, share buttons, photo captions, the
    headline repeated) is cut when its relevance to the other articles is below this share of
    the main text's. Set on the sochi cluster (its phone-call story scores 0.65), so in-sample."""
    foreign_ratio_with_header: float = 0.4
    """The same with a single header line after the headline. Chosen on DUC 2003 with synthetic
    appends (benchmarks/clean_appended.py): 0.4 cuts 85% of appended foreign articles while
    cutting 4% of articles given a live-blog-like update (a heading and an "Updated" line);
    0.7 would cut 98% and 45%."""
    foreign_ratio_alone: float = 0.25
    """After a bare headline (no header line) the topic shift must be this strong. (A header
    line dated two or more days from the article's own date starts another article whatever
    its topic: clean/tail.py.)"""
    foreign_lead_paragraphs: int = 3
    """The other articles are represented by their title and this many first paragraphs."""
    foreign_min_words: int = 40
    """A tail shorter than this is not judged as an appended article."""

    # --- dedup
    shingle_words: int = 5
    minhash_permutations: int = 128
    """More permutations give a finer Jaccard estimate (error ~ 1/sqrt(n)) at linear cost."""
    duplicate_threshold: float = 0.7
    """Estimated Jaccard of word 5-shingles above which two articles are one page.
    Two crawls of a page score > 0.9 after cleaning; rewrites by another outlet < 0.3."""

    # --- segment
    compress: bool = True
    """Drop leading connectives, short parentheticals and trailing attributions from sentences
    (newsdigest/compress.py); the cited sentence keeps its full text."""

    # --- select
    words: int = 100
    redundancy: float = 0.3
    """A candidate whose cosine to an already chosen sentence exceeds this is skipped.
    0.3 scored best of 0.2/0.3/0.4/0.5 for centroid on DUC 2003, official ROUGE (docs/benchmarks.md)."""
    min_sentence_words: int = 6
    """Shorter sentences ("He said so.") are not selected: they rarely stand alone."""
    centroid_position: float = 0.5
    """Weight of MEAD's lead feature 1/sqrt(1 + position) in the centroid score, as a share of the
    best centroid similarity (MEAD's 1 made the centroid a copy of lead on short snippets). Chosen
    by leave-one-set-out over NeuS val, Multi-News val and DUC 2003 cut to 2 and 3 articles
    (docs/benchmarks.md, "Held-out protocol")."""
    centroid_centrality: float = 0.0
    """Weight of LexRank centrality in the centroid score (Erkan & Radev 2004 added it to MEAD),
    scaled the same way. Off: best on NeuS and Multi-News (0.5) but 1.2 R-2 worse on DUC 2003 cut
    to 2 articles, and the leave-one-set-out choice in two folds of three."""
    lexrank_threshold: float = 0.1
    lexrank_damping: float = 0.85
    submodular_alpha: float = 5.0
    """Lin & Bilmes's a (α = a/N): how much of a sentence's total similarity counts as covered."""
    submodular_lambda: float = 6.0
    """Weight of the diversity reward against coverage (the paper's DUC 2004 value)."""
    submodular_clusters: float = 0.2
    """k-means partitions for the diversity reward, as a share of the sentences (K = 0.2 N)."""
    submodular_cost_power: float = 0.3
    """r in the budgeted greedy's gain / cost^r."""
    ilp_min_df: int = 3
    """Concepts must appear in this many documents (Gillick & Favre; scaled down below 9 documents)."""
    ilp_position: float = 0.0
    """Concept weight df · (1 + β / sqrt(1 + earliest sentence index)); 0 is Gillick & Favre."""
    hybrid_position: float = 3.0
    """β of the default method's ILP. On DUC 2003, R-2 12.00 / 12.22 / 12.60 / 12.61 for β = 0 / 1 /
    3 / 10; 5-fold cross-validated choice 12.49 (benchmarks/cv_position.py)."""
    hybrid_relevance: float = 0.5
    """γ of the default method's ILP: chosen among 0, 0.5, 1, 2 on DUC 2003 and MultiLing 2011
    (docs/benchmarks.md); without it the ILP trails the centroid badly on MultiLing."""
    hybrid_lead_concepts: bool = True
    """The default method's ILP also weighs the concepts of each article's opening sentence that
    fewer than ``ilp_min_df`` documents share, at their document frequency (1 or 2) without the
    lead bonus. Chosen on DUC 2003 among three variants; MultiLing, DUC 2007 and Multi-News were
    not chosen on (docs/benchmarks.md, "Stop 38")."""
    hybrid_min_documents: int = 5
    """From this many distinct sources the default method uses the ILP, below it the centroid."""
    ilp_relevance: float = 0.0
    """γ of a sentence-relevance term in the ILP objective (0 is Gillick & Favre)."""
    ilp_lead_concepts: bool = False
    """Keep the concepts of articles' opening sentences below the document-frequency floor
    (off is Gillick & Favre; the default method turns it on: ``hybrid_lead_concepts``)."""
    ilp_gap: float = 1e-4
    """Relative optimality gap at which HiGHS stops (its default, 1e-4: optimal in practice)."""
    ilp_node_limit: int = 1000
    """Branch-and-bound nodes HiGHS may explore before it answers with its best solution so far: a
    bound on the work by size, so the answer never depends on how busy the machine is. The most
    any DUC 2003, MultiLing or Multi-News cluster needs is 23 (docs/benchmarks.md)."""
    ilp_time_guard: float = 30.0
    """A guard against pathological input only, far above any measured solve (the slowest DUC 2003
    solve is about 0.7 s): if it fires, the greedy answer is used, never a clock-dependent incumbent."""

    # --- timeline
    timeline_published: float = 0.25
    """A day's weight in a timeline is the number of articles naming it plus this × the number
    published on it (newsdigest/timeline/build.py). Chosen among 0, 0.25, 0.5, 1, 2 by
    leave-one-topic-out over the four T17 topics (every fold chose 0.25; 0 to 2 are within
    0.003 AR1-F of one another, docs/benchmarks.md)."""
    timeline_per_date: int = 3
    """Sentences a timeline gives each day when ``--per-date`` is not given: the journalists' mean
    over the 19 T17 timelines (2.90; news-tls gives 2.9)."""
    timeline_redundancy: float = 0.5
    """A sentence whose TF-IDF cosine to one already in the timeline exceeds this is skipped
    (0.3 and 0.7 both scored about 0.007 AR1-F lower on T17, in-sample)."""

    # --- stream
    stream_threshold: float = 0.175
    """Two groups of articles are one event while their average pair similarity is at least this."""
    stream_time_weight: float = 0.2
    """Time term of a dated pair's similarity: +w/2 on the same day, falling linearly to -w/2
    at ``stream_days`` apart and beyond; undated pairs get none."""
    stream_days: float = 60.0
    stream_warmup: int = 500
    """Until a stream has this many articles, each batch re-clusters all of them (the IDF of
    a few articles is too rough to build on)."""
    stream_window: int = 2000
    """Events kept active (most recently grown); older ones are closed, so memory stays flat."""
    stream_batch: int = 256
    """Articles clustered (and committed to the store) together."""
    stream_workers: int = 1
    """Processes that clean, hash and featurize the next batch while ``ingest`` stores this one
    (``--workers``; 2 on this 2-core machine gives 1.6× the articles per second, the same store:
    docs/benchmarks.md). 1 does it all in the one process, with no start-up cost. 0 is "auto",
    what the ``ingest`` command runs unless ``--workers`` is given: the first
    ``stream_parallel_after`` articles in the one process, then, if the stream goes on and the
    machine has two cores or more, two workers. (The Python API's default stays 1: spawned
    workers need the caller's script to start under ``if __name__ == "__main__":``.)"""
    stream_parallel_after: int = 2048
    """With ``stream_workers`` 0, the articles read before the workers start. Spawning two takes
    about 1 s, and two workers save about 0.75 ms an article (338 → 558–613 articles/s), so they
    pay from about 1,500 articles on; a stream shorter than this never starts them."""
    duplicate_lead_words: int = 100
    """In a stream, two articles whose first this many words match are also near-duplicates
    (crawls of one page with different tails appended)."""
    stream_duplicate_window: int = 10_000
    """Recent articles a new one is checked against for near-duplicates."""
    spark_master: str = "local[2]"
    """The Spark master ``spark-run`` uses: this machine's two cores ("submit" leaves it to spark-submit)."""
    spark_driver_memory: str = "4g"
    """The driver's JVM heap in local mode: Spark's 1 GiB default dies in a 100,000-article run."""
    spark_block: int = 2000
    """The Spark job clusters each day's articles in blocks of at most this many (in id
    order), each block in one task with a dense pair matrix, before merging blocks as the
    stream merges batches."""

    # --- attribute
    support_candidates: int = 3
    """Sentences of each other article asked whether they state a summary sentence (its closest by
    TF-IDF cosine): the cheap filter before the sentence encoder. Whether two sentences state the
    same thing is ``support.supports``, fitted on MSRP (no knob here: benchmarks/paraphrase.py)."""

    # --- analyze
    entity_process: bool = True
    """``summarize`` runs spaCy's NER in a child process of its own (``analyze/tagger.py``), on the
    other core while selection, attribution and quotes run; False tags in a thread of the calling
    process. The entities are the same either way."""
    encoder_threads_beside: int = 1
    """The sentence encoder's BLAS threads while spaCy tags beside selection and attribution
    (analysis on); 0 keeps the encoder's own two. One is faster there: two took turns with the
    tagger for the machine's other core (docs/benchmarks.md, "Stop 41"). The vectors are the same."""

    # --- llm (optional abstractive mode)
    llm: LLMSettings = field(default_factory=LLMSettings)


DEFAULT_METHOD = "hybrid"
