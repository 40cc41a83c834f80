"""The command line's arguments, one function a command group. Defaults come from ``Settings``."""
from __future__ import annotations

import argparse
import os

from ..settings import DEFAULT_METHOD, Settings

FORMATS = ("text", "markdown", "json", "html")
LLM_FLAGS = ("base_url", "model", "api_key", "timeout_s", "max_tokens", "judge")
DATA_HELP = "the shared data folder, or the dataset's own folder/file (default: $NEWSDIGEST_DATA or ../shared/data)"
DB_HELP = "the store file (default: $NEWSDIGEST_DB or newsdigest.db)"
DEFAULTS = Settings()


def _llm_options(parser: argparse.ArgumentParser) -> None:
    """The config file and the LLM endpoint, for every command that can run ``--method llm``."""
    g = parser.add_argument_group("settings and the LLM endpoint (for --method llm)")
    g.add_argument("--config", metavar="FILE", help="a TOML settings file ([llm] base_url, model, ...; "
                   "default: $NEWSDIGEST_CONFIG, else ~/.config/newsdigest/config.toml if present)")
    g.add_argument("--llm-base-url", dest="llm_base_url", metavar="URL",
                   help="OpenAI-compatible API root, e.g. http://127.0.0.1:8080/v1 (default: $OPENAI_BASE_URL)")
    g.add_argument("--llm-model", dest="llm_model", metavar="NAME", help="model name, always sent (default: $NEWSDIGEST_LLM_MODEL)")
    g.add_argument("--llm-api-key", dest="llm_api_key", metavar="KEY",
                   help="Bearer key (default: $OPENAI_API_KEY; the variable keeps it out of the process list)")
    g.add_argument("--llm-timeout", dest="llm_timeout_s", type=float, metavar="S", help="seconds per request (default 120)")
    g.add_argument("--llm-max-tokens", dest="llm_max_tokens", type=int, metavar="N", help="tokens per reply (default 512)")
    g.add_argument("--llm-judge", dest="llm_judge", action="store_true", default=None,
                   help="also ask the model whether each generated sentence is supported (one request a sentence)")


def version() -> str:
    """What ``--version`` prints (also answered by ``main`` before the parser is built)."""
    from .. import __version__

    return f"newsdigest {__version__}"


def build_parser() -> argparse.ArgumentParser:
    from ..methods import names

    parser = argparse.ArgumentParser(prog="newsdigest", description="Multi-document news summarization with citations.")
    parser.add_argument("--version", action="version", version=version())
    sub = parser.add_subparsers(dest="command", required=True)
    methods = names()
    _summarize(sub, methods)
    _timeline(sub)
    sub.add_parser("methods", help="list the selection methods")
    _quotes(sub)
    _paraphrase(sub)
    _evaluate(sub, methods, names(local=True))
    _store(sub, methods)
    _watch(sub)
    _cluster(sub)
    _serve(sub)
    _spark(sub)
    _bench(sub, methods)
    return parser


def _summarize(sub, methods: list[str]) -> None:
    s = sub.add_parser("summarize", help="summarize articles about one event",
                       description="Summarize files and folders of articles (text, HTML, TREC SGML, JSON, JSON Lines; - for stdin).")
    s.add_argument("paths", nargs="+", metavar="PATH")
    s.add_argument("--method", default=DEFAULT_METHOD, choices=methods)
    budget = s.add_mutually_exclusive_group()
    budget.add_argument("--words", type=int, help=f"word budget (default {DEFAULTS.words})")
    budget.add_argument("--sentences", type=int, help="sentence budget")
    budget.add_argument("--tokens", type=int, help="token budget, WCEP-style (words and punctuation)")
    s.add_argument("--query", metavar="TEXT",
                   help="answer this question or topic from the articles: only sentences that share a word "
                        "with it, shorter than the budget when the articles hold little on it")
    s.add_argument("--since", nargs="+", metavar="OLD",
                   help="articles already read: say only what PATH... adds (no sentence they already state)")
    s.add_argument("--format", default="text", choices=FORMATS)
    s.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")
    s.add_argument("--keep-noise", action="store_true", help="do not clean the articles")
    s.add_argument("--no-compress", action="store_true",
                   help="keep sentences whole (by default leading connectives, short parentheticals and "
                        "trailing attributions of unquoted sentences are dropped)")
    _language_option(s)
    _llm_options(s)


def _timeline(sub) -> None:
    t = sub.add_parser("timeline", help="a dated timeline of a story: its main days and what happened on each",
                       description="Pick the story's most important days (from publication dates and the days the "
                                   "articles name, \"on Tuesday\" resolved against each article's date) and for each "
                                   "the sentences that say what happened, with citations and support.")
    t.add_argument("paths", nargs="*", metavar="PATH", help="files and folders, as for summarize (or --db and --event)")
    t.add_argument("--db", metavar="FILE", help="read the articles of a stored event (with --event)")
    t.add_argument("--event", type=int, metavar="ID", help="the stored event (see `newsdigest events`)")
    t.add_argument("--dates", type=int, metavar="N", help="how many days (default: one per day the articles were published on)")
    t.add_argument("--per-date", dest="per_date", type=int, metavar="K",
                   help=f"sentences per day (default {DEFAULTS.timeline_per_date})")
    t.add_argument("--query", metavar="TEXT", help="only sentences that share a word with it, the most relevant first")
    t.add_argument("--from", dest="start", metavar="DATE", help="first day shown (YYYY-MM-DD)")
    t.add_argument("--to", dest="end", metavar="DATE", help="last day shown (YYYY-MM-DD)")
    t.add_argument("--format", default="text", choices=FORMATS)
    t.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")
    t.add_argument("--keep-noise", action="store_true", help="do not clean the articles")
    _language_option(t)


def _language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--language", metavar="LANG",
                        help="take every article to be in LANG (ISO 639-1 code or English name: fr, czech) "
                             "and write the summary in it (default: identify each article's language; "
                             "the summary is in the language of most of the words)")


def _quotes(sub) -> None:
    q = sub.add_parser("quotes", help="list the quotations, who said them, and each outlet's wording",
                       description="Direct quotations in articles about one event, grouped across outlets.")
    q.add_argument("paths", nargs="+", metavar="PATH")
    q.add_argument("--format", default="text", choices=("text", "json"))
    _language_option(q)
    q.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")


def _paraphrase(sub) -> None:
    p = sub.add_parser("paraphrase", help="say, per sentence pair, whether the two state the same thing",
                       description="Read sentence1<TAB>sentence2 lines (a header line and a first column of 0/1 "
                                   "labels are allowed) and print score<TAB>decision a line: the decision "
                                   "summarize uses for support and quote groups (newsdigest.support.supports).")
    p.add_argument("path", metavar="FILE.tsv", help="tab-separated pairs; - for stdin")
    p.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")


def _evaluate(sub, methods: list[str], local: list[str]) -> None:
    from ..evaluate.datasets import DATASETS, FAST, OFFICIAL, UNICODE

    e = sub.add_parser("evaluate", help="score every method beside baselines on a benchmark",
                       description="Score methods and baselines with ROUGE on a benchmark dataset.")
    e.add_argument("dataset", choices=list(DATASETS) + ["t17", "updates"],
                   help="a summary benchmark, t17 (timelines: news-tls protocol, tilse's metrics) or updates "
                        "(background-summaries' update summaries on the T17 articles, with --since)")
    e.add_argument("--data", default=os.environ.get("NEWSDIGEST_DATA", "../shared/data"), help=DATA_HELP)
    e.add_argument("--method", action="extend", nargs="+", choices=methods, metavar="M",
                   help=f"registered methods (default: all of {', '.join(local)}; llm needs an endpoint)")
    e.add_argument("--words", type=int, help="budget in words (default: the dataset's conventional one)")
    e.add_argument("--language", dest="dataset_language", metavar="LANG",
                   help="multiling2011 only: the language's folder (fr, arabic, …), scored with rouge-unicode "
                        "unless English; articles' languages are still identified")
    e.add_argument("--scorer", choices=(OFFICIAL, FAST, UNICODE),
                   help="default: the dataset's (official for DUC and English MultiLing; rouge-unicode for "
                        "MultiLing's other languages)")
    e.add_argument("--rouge-flags", metavar="FLAGS", help="ROUGE-1.5.5 options ({words} is the budget; "
                   "default: the DUC 2004 ones, -n 4 -x -m -l {words} -p 0.5 -c 95 -r 1000 -f A -t 0 -a)")
    e.add_argument("--peers", metavar="DIR", help="t17 only: other systems' timelines for the same tasks, scored "
                   "in the same run (DIR/<system>/[<topic>/]<timeline>.txt, tilse format; default: DATA/t17/peers/)")
    e.add_argument("--no-baselines", action="store_true", help="skip lead/random/sumy anchors")
    e.add_argument("--limit", type=int, help="only the first N clusters (a quick look, not a result)")
    e.add_argument("--seed", type=int, default=0, help="seed of the random baseline and the bootstrap")
    e.add_argument("--format", default="text", choices=("text", "markdown", "json"))
    e.add_argument("--output", "-o", metavar="FILE", help="write the table here (atomically)")
    e.add_argument("--per-cluster", metavar="FILE", help="also write per-cluster scores as CSV")
    e.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    _llm_options(e)


WORKERS_HELP = ("processes that prepare the next batch (clean, hash, featurize) while one is clustered; "
                f"the same {{what}} whatever N (default: one process for the first {DEFAULTS.stream_parallel_after:,} "
                "articles, then two if the machine has two cores)")


def _store(sub, methods: list[str]) -> None:
    """ingest, events and digest: the commands that work on a store."""
    default_db = os.environ.get("NEWSDIGEST_DB", "newsdigest.db")
    i = sub.add_parser("ingest", help="add articles to the store, grouped into events as they arrive",
                       description="Read, clean, deduplicate and cluster articles into events, and store them. "
                                   "Re-running on the same input changes nothing; a file that cannot be read "
                                   "is reported and skipped (exit code 1), the rest is stored.")
    i.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - (JSON Lines on stdin)")
    i.add_argument("--db", default=default_db, help=DB_HELP)
    i.add_argument("--batch", type=int, help=f"articles per transaction and clustering step (default {DEFAULTS.stream_batch})")
    i.add_argument("--workers", type=int, metavar="N", help=WORKERS_HELP.format(what="store"))
    i.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no summary line")
    _language_option(i)
    ev = sub.add_parser("events", help="list the stored events with a one-line summary each")
    ev.add_argument("--db", default=default_db, help=DB_HELP)
    ev.add_argument("--since", metavar="DATE", help="only events with an article on or after this day (YYYY-MM-DD)")
    ev.add_argument("--min-sources", type=int, default=1, metavar="N", help="only events reported by N outlets or more")
    ev.add_argument("--limit", type=int, metavar="N", help="only the N most recent events")
    ev.add_argument("--format", default="text", choices=("text", "json"))
    d = sub.add_parser("digest", help="each event of a day, summarized with citations")
    d.add_argument("--db", default=default_db, help=DB_HELP)
    when = d.add_mutually_exclusive_group()
    when.add_argument("--date", metavar="DATE", help="the day (YYYY-MM-DD; default: the latest day in the store)")
    when.add_argument("--since", metavar="DATE", help="what is new since this day: each event with an article on or "
                      "after it, summarized as what those articles add to its earlier ones")
    d.add_argument("--event", type=int, metavar="ID", help="one stored event's update: what its articles since "
                   "--since (default: its newest day) add to its earlier ones")
    d.add_argument("--min-sources", type=int, default=1, metavar="N", help="only events reported by N outlets or more")
    d.add_argument("--method", default=DEFAULT_METHOD, choices=methods)
    d.add_argument("--words", type=int, help=f"word budget per event (default {DEFAULTS.words})")
    d.add_argument("--format", default="text", choices=FORMATS)
    d.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")
    _llm_options(d)


def _watch(sub) -> None:
    """watch and publish: following sources into a store, and the static site of its events."""
    default_db = os.environ.get("NEWSDIGEST_DB", "newsdigest.db")
    w = sub.add_parser("watch", help="follow feeds, sitemaps, OPML lists and files of URLs into the store",
                       description="Each round reads the sources (conditionally), fetches the article URLs not yet "
                                   "in the store (politely: robots.txt, a delay per host, size and time limits) and "
                                   "ingests them as `ingest` does. Failures are reported per source or page and "
                                   "retried later. SIGTERM finishes the current page and exits; a restart resumes.")
    w.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="an RSS/Atom feed or sitemap URL, an OPML file or URL, or a file of URLs (one a line)")
    w.add_argument("--db", default=default_db, help=DB_HELP)
    w.add_argument("--every", default="15m", metavar="TIME", help="time between rounds: 90s, 15m, 2h (default 15m)")
    w.add_argument("--once", action="store_true", help="one round, then exit (for cron)")
    w.add_argument("--publish", metavar="DIR", help="republish the static site (`newsdigest publish`) after each round")
    w.add_argument("--quiet", "-q", action="store_true", help="no line per round")
    w.add_argument("--config", metavar="FILE", help="a TOML settings file (fetch_delay, fetch_timeout, ...)")
    pb = sub.add_parser("publish", help="write the store's recent events as a static site with Atom and JSON feeds",
                        description="index.html (the latest day's events, then the days before), events/<id>.html "
                                    "(summary, latest update, timeline, quotes, sources), feed.xml (Atom) and "
                                    "feed.json (JSON Feed 1.1), built in a temporary folder and swapped in.")
    pb.add_argument("--db", default=default_db, help=DB_HELP)
    pb.add_argument("--out", required=True, metavar="DIR", help="the site's folder (new, empty, or an earlier site)")
    for parser in (pb, w):
        parser.add_argument("--title", default="newsdigest", help="the site's and the feeds' title")
        parser.add_argument("--base-url", default="", metavar="URL",
                            help="where the site is served, for absolute links in the feeds (default: relative)")
        parser.add_argument("--days", type=int, default=7, metavar="N", help="events of the latest N days (default 7)")
    pb.add_argument("--words", type=int, help=f"word budget per event (default {DEFAULTS.words})")
    pb.add_argument("--config", metavar="FILE", help="a TOML settings file")


def _cluster(sub) -> None:
    c = sub.add_parser("cluster", help="group articles into events, without a store",
                       description="One-shot event clustering: one JSON object a line, "
                                   '{"article": id, "event": n} (plus "duplicate_of" for near-duplicates).')
    c.add_argument("paths", nargs="+", metavar="PATH")
    c.add_argument("--format", default="jsonl", choices=("jsonl", "tsv"))
    c.add_argument("--workers", type=int, metavar="N", help=WORKERS_HELP.format(what="events"))
    _language_option(c)
    c.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")


def _serve(sub) -> None:
    sv = sub.add_parser("serve", help="HTTP API and web page (needs the serve extra)",
                        description="Serve the API (OpenAPI schema at /docs) and the web page at /. "
                                    "Binding to anything but loopback needs a token.")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument("--db", help="a store for /v1/events and /v1/digest (default: none)")
    sv.add_argument("--token", help="required as 'Authorization: Bearer TOKEN' (default: $NEWSDIGEST_TOKEN)")
    sv.add_argument("--workers", type=int, help="summarizing processes (default 2)")
    sv.add_argument("--queue", type=int, help="requests that may wait for a worker; more get 429 (default 8)")
    sv.add_argument("--fetch-private", action="store_true", help="let /v1/summarize's urls name loopback and private "
                    "addresses (off: a client could make the server fetch its own network)")
    _llm_options(sv)


def _spark(sub) -> None:
    sp = sub.add_parser("spark-run", help="the pipeline as a Spark job (needs the spark extra)",
                        description="Read WARC/WARC.gz, JSON Lines or Parquet, clean, deduplicate, group into "
                                    "events and summarize each, on Spark. Also runs under spark-submit.")
    sp.add_argument("--input", nargs="+", required=True, metavar="PATH",
                    help="files or folders of any format ingest reads (WARC/WARC.gz included), Parquet tables of "
                         "articles, or manifests (.paths, .paths.gz, .txt: one path a line, as Common Crawl lists WARCs)")
    sp.add_argument("--output", required=True, metavar="DIR")
    sp.add_argument("--master", default=DEFAULTS.spark_master,
                    help=f"Spark master (default {DEFAULTS.spark_master}; 'submit' leaves it to spark-submit)")
    sp.add_argument("--format", default="jsonl", choices=("jsonl", "parquet", "warc"),
                    help="events as JSON Lines part files, Parquet, or one WARC of resource records (default jsonl)")
    sp.add_argument("--words", type=int, help=f"word budget per event (default {DEFAULTS.words})")
    sp.add_argument("--driver-memory", default=DEFAULTS.spark_driver_memory,
                    help=f"the driver's JVM heap with --master local[…] (default {DEFAULTS.spark_driver_memory}; "
                         "spark-submit sets its own)")
    sp.add_argument("--no-summaries", action="store_true",
                    help="stop after grouping: write only the assignments (what `newsdigest cluster` prints)")


def _bench(sub, methods: list[str]) -> None:
    from ..evaluate.datasets import DATASETS

    b = sub.add_parser("bench", help="time and measure memory per cluster, beside sumy's LexRank")
    b.add_argument("dataset", nargs="?", default="duc2003", choices=list(DATASETS))
    b.add_argument("--data", default=os.environ.get("NEWSDIGEST_DATA", "../shared/data"), help=DATA_HELP)
    b.add_argument("--method", action="extend", nargs="+", choices=methods, metavar="M")
    b.add_argument("--repeat", type=int, default=3, help="best of N runs per cluster (default 3)")
    b.add_argument("--limit", type=int)
    b.add_argument("--format", default="markdown", choices=("markdown", "json"))
    b.add_argument("--quiet", "-q", action="store_true")
