"""Appended articles: infinite-scroll pages store the next article after the main one.

A tail is cut when its relevance to the *other* articles of the cluster drops against the
head's. How far it must drop depends on how much the tail looks like the start of a page:

- ``foreign_ratio_full_header`` where its headline is followed by two or more header lines
  (a timestamp, a byline, share buttons, photo captions, the headline repeated), as an
  infinite-scroll page starts its next article;
- ``foreign_ratio_with_header`` where one header line follows (a live blog's update also has
  a heading and an "Updated …" line, so this must be a much stronger drop);
- ``foreign_ratio_alone`` where the tail starts with a bare headline;
- no drop at all where a header line dates the tail two or more days away from the article:
  that is another article, on the same topic or not.

A tail never starts in the middle of running text (a drift of topic between two paragraphs is
how a long article moves on to background), nor at a headline that does not introduce what
follows it (a related-article teaser left in the text). Relevance is the cosine of
each paragraph's TF-IDF vector with the centroid of the other articles' titles and leads,
averaged over the segment by words, ignoring paragraphs that also stand verbatim in this
article (two crawls of one page prove nothing). The evidence is the cluster: a single article
has nothing to be compared with and keeps its tail.
"""
from __future__ import annotations

from datetime import date as day

import numpy as np

from ..ingest.dates import parse_date
from ..settings import Settings
from ..vectors import content_terms, count_words, tfidf
from .lines import HEADER_REASONS, Line, key


def foreign_tail(i: int, lines: list[Line], leads: list[list[str]], terms: dict[str, tuple[str, ...]],
                 settings: Settings, date: str = "") -> int:
    """The line index where an appended foreign article starts (``len(lines)`` if none)."""
    body = [n for n, l in enumerate(lines) if l.reason is None and not l.heading]
    texts = [lines[n].text for n in body]
    # The event is what the other articles state in their titles and leads (the inverted
    # pyramid); their later paragraphs drift to background shared with many other stories.
    own = set(texts)
    others = [p for j, ps in enumerate(leads) if j != i for p in ps if p not in own]
    if not others or len(body) < 3:
        return len(lines)
    m = tfidf([terms[t] for t in texts] + [terms[t] for t in others])
    centroid = np.asarray(m[len(body):].sum(axis=0)).ravel()
    centroid /= np.linalg.norm(centroid) or 1.0
    # Per-paragraph cosine, averaged by words: unlike the cosine of a summed segment, it does
    # not grow with the segment's length, so a short tail and a long head compare fairly.
    rel = np.asarray(m[: len(body)] @ centroid).ravel()
    words = np.array([count_words(t) for t in texts], dtype=float)
    headers = _header_starts(lines, date)
    best, best_sse = None, np.inf
    for k in range(1, len(body)):
        if min(words[:k].sum(), words[k:].sum()) < settings.foreign_min_words:
            continue
        head, tail = _mean(rel[:k], words[:k]), _mean(rel[k:], words[k:])
        start = _segment_start(lines, body[k - 1], body[k], texts[max(0, k - 3): k], texts[k: k + 3], terms)
        if start in headers:
            signals, other_day = headers[start]
            ratio = settings.foreign_ratio_full_header if signals >= 2 else settings.foreign_ratio_with_header
            if other_day or tail < ratio * head:
                return start  # the earliest page header after which the topic drops
        sse = _sse(rel[:k], words[:k], head) + _sse(rel[k:], words[k:], tail)
        if len(body) - k >= 3 and sse < best_sse:
            best, best_sse = (k, start, head, tail), sse
    if best is not None:
        k, start, head, tail = best
        if tail < settings.foreign_ratio_alone * head:
            k = _refine(m[: len(body)], k)
            start = _segment_start(lines, body[k - 1], body[k], texts[max(0, k - 3): k], texts[k: k + 3], terms)
            if start != body[k]:  # an article starts with its headline, never mid-text
                return start
    return len(lines)


def _refine(para, k: int) -> int:
    """Move a boundary found on relevance alone to where the text itself changes.

    A paragraph on either side of the boundary joins the side whose text it shares more
    words with (lexical cohesion, as in TextTiling): an on-topic paragraph that the other
    articles happen not to echo stays with its own article.
    """
    n = para.shape[0]

    def closer_to_head(i: int, k: int) -> bool:
        head = np.asarray(para[:k].sum(axis=0)).ravel()
        tail = np.asarray(para[k:].sum(axis=0)).ravel()
        row = para[i].toarray().ravel()
        if i >= k:
            tail = tail - row
        else:
            head = head - row
        return float(row @ head) / (np.linalg.norm(head) or 1) > float(row @ tail) / (np.linalg.norm(tail) or 1)

    while k < n - 1 and closer_to_head(k, k):
        k += 1
    while k > 1 and not closer_to_head(k - 1, k):
        k -= 1
    return k


def _mean(values: np.ndarray, weights: np.ndarray) -> float:
    return float(values @ weights / weights.sum())


def _sse(values: np.ndarray, weights: np.ndarray, mean: float) -> float:
    return float(((values - mean) ** 2) @ weights)


def _headline(line: Line) -> bool:
    """A kept heading of more than five words: the shape of an article's headline."""
    return line.reason is None and line.heading and len(line.text.split()) > 5


def _segment_start(lines: list[Line], prev_body: int, body: int, before: list[str], after: list[str],
                   terms: dict[str, tuple[str, ...]]) -> int:
    """Where the gap between two body lines begins a new article: at its first headline that
    introduces what follows it: a third of its content words or more are in the three body
    paragraphs after it, and more of them than in the three before. An article's lead restates
    its headline (on DUC 2007, a set not used for cleaning, a third of the headline's content
    words are in its first three paragraphs for 81% of articles, and in three paragraphs of
    another article for 1.6%); a related-article headline left in the text does not."""
    for n in range(prev_body + 1, body):
        if _headline(lines[n]) and _introduces(lines[n].text, before, after, terms):
            return n
    return body


def _introduces(headline: str, before: list[str], after: list[str], terms: dict[str, tuple[str, ...]]) -> bool:
    words = set(terms.get(headline) or content_terms(headline))

    def shared(paras: list[str]) -> int:
        return len(words & {t for p in paras for t in terms.get(p) or content_terms(p)})

    found = shared(after)
    return 3 * found >= len(words) > 0 and found > shared(before)


def _header_starts(lines: list[Line], date: str = "") -> dict[int, tuple[int, bool]]:
    """Headlines followed within three lines by page-header furniture:
    {line: (header lines, one of them dates another day)}.

    A timestamp or date line two or more days from the article's own ``date`` dates another
    article: that header starts one whatever its topic (a live blog's updates carry the day
    they are written, so one running over several days is cut at its first update two days
    on: a known cost)."""
    starts = {}
    for n, line in enumerate(lines):
        if _headline(line):
            found = [l for l in lines[n + 1: n + 4] if l.reason in HEADER_REASONS or key(l.text) == key(line.text)]
            if found:
                starts[n] = (len(found), any(l.reason in ("timestamp", "date line") and _days_apart(l.text, date) >= 2
                                             for l in found))
    return starts


def _days_apart(stamp: str, date: str) -> int:
    found = parse_date(stamp, "9999-12-31")
    try:
        return abs((day.fromisoformat(found) - day.fromisoformat(date[:10])).days)
    except ValueError:
        return 0
