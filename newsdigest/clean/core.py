"""Clean a cluster: furniture lines, glued calls to action, appended foreign articles; never the article.

Four passes, then one invariant:

1. **Lines** (``lines``): each line is body, a heading, or furniture with a reason.
2. **Glued boilerplate** (``trim``): calls to action cut off the start or end of a kept line.
3. **Length**: words past ``max_article_words`` are cut as ``over the length limit``.
4. **Appended articles** (``tail``): a tail under a headline of its own that leaves the topic
   of the rest of the cluster, or is dated another day, is cut as ``appended article``.
5. **No silent loss** (before pass 4): the rules that could mistake body text for furniture (captions,
   related links, title repeats, breadcrumbs) may together remove at most ``max_cut_share`` of
   the words that are not certain furniture; past that, none of them is applied, the proposed
   cuts are reported with ``applied=False`` and a warning says so. Certain furniture (a line of
   share-button words, a copyright notice, a gallery counter or a gallery's captions run into one
   line, a timestamp or date line, a byline, a call to action) is never body text, so it is
   always cut and never counts. The appended article cut is judged on other evidence (the
   cluster) and always leaves the head, at least ``foreign_min_words`` words; a warning says
   when it takes most of a page.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from ..model import Article, Block, Cleaned, Cut
from ..settings import Settings
from ..vectors import content_terms, count_words
from .lines import Line, classify, is_heading, lines_of, reason
from .tail import foreign_tail
from .trim import trim

NO_TEXT = "no text in the article (nothing but whitespace or symbols)"
LIMIT = "over the length limit"
# Furniture whose form leaves no doubt: such a line is never body text.
CERTAIN = {"share buttons", "copyright", "gallery counter", "photo gallery", "timestamp", "date line", "byline", "call to action", LIMIT}


def has_text(text: str) -> bool:
    """A letter or a digit: the only input cleaning may leave with nothing to summarize."""
    return any(ch.isalnum() for ch in text)


_NOT_A_TITLE = {"gallery counter", "photo gallery", "share buttons", "copyright", "timestamp", "date line", "byline",
                "site chrome", "related link"}


def clean_cluster(articles: Sequence[Article], settings: Settings = Settings()) -> list[Cleaned]:
    """Clean every article of one cluster; the cluster is what tells a foreign tail apart."""
    if settings.keep_noise:
        return [_uncleaned(a, settings) for a in articles]
    articles = [_retitle(a, settings) for a in articles]
    limited = [_limit(a, trim(classify(a, settings), settings), settings) for a in articles]
    lines = [ls for ls, _ in limited]
    warnings = [[w for w in (over, _guard(a, ls, settings)) if w] for a, (ls, over) in zip(articles, limited)]
    kept = [[l.text for l in ls if l.reason is None and not l.heading] for ls in lines]
    leads = [[p for p in [a.title, *ps[: settings.foreign_lead_paragraphs]] if p] for a, ps in zip(articles, kept)]
    # only another article's lead can show a tail is foreign: alone, an article keeps it
    # each text's terms in its article's language; headings too, which a foreign tail may start at
    terms = {t: content_terms(t, a.language or "en") for a, ls, ps in zip(articles, lines, leads)
             for t in [l.text for l in ls if l.reason is None] + ps} if len(articles) > 1 else {}
    tails = [foreign_tail(i, ls, leads, terms, settings, a.date) if terms else len(ls)
             for i, (a, ls) in enumerate(zip(articles, lines))]
    return [_result(a, ls, t, w) for a, ls, t, w in zip(articles, lines, tails, warnings)]


def clean_article(article: Article, settings: Settings = Settings()) -> Cleaned:
    """Line cleaning alone, for a single article with no cluster to compare against."""
    return clean_cluster([article], settings)[0]


def _uncleaned(article: Article, settings: Settings) -> Cleaned:
    lines = lines_of(article)
    headings = frozenset(n for n, l in enumerate(lines) if is_heading(l, settings))
    return Cleaned(article, tuple(l.text for l in lines), (), headings)


def _limit(article: Article, lines: list[Line], settings: Settings) -> tuple[list[Line], str]:
    """Lines past ``max_article_words`` words cut (a line that crosses the limit is split)."""
    total = 0
    for n, line in enumerate(lines):
        words = line.text.split()
        if total + len(words) > settings.max_article_words:
            keep = settings.max_article_words - total
            head = [Line(" ".join(words[:keep]), line.reason, line.heading, line.block)] if keep > 0 else []
            rest = [Line(" ".join(words[keep:]), LIMIT, block=line.block)] + [
                Line(l.text, LIMIT, block=l.block) for l in lines[n + 1:]]
            return lines[:n] + head + rest, (f"{article.id}: {sum(len(l.text.split()) for l in lines):,} words, "
                                             f"over the limit of {settings.max_article_words:,}; the rest is cut")
        total += len(words)
    return lines, ""


def _guard(article: Article, lines: list[Line], settings: Settings) -> str:
    """Undo the uncertain line cuts when together they would remove most of the article, and
    every cut when nothing at all would be left."""
    if not any(l.reason is None for l in lines) and any(has_text(l.text) for l in lines):
        return _undo(article, lines, lambda l: l.reason not in (None, LIMIT), settings,
                     "every line of it looks like page furniture, so it kept it whole")
    total = sum(count_words(l.text) for l in lines if l.reason not in CERTAIN)
    cut = sum(count_words(l.text) for l in lines if l.reason is not None and l.reason not in CERTAIN)
    if not total or cut <= settings.max_cut_share * total:
        return ""
    return _undo(article, lines, lambda l: l.reason is not None and l.reason not in CERTAIN, settings,
                 f"cleaning would have removed {cut / total:.0%} of the text as captions, links or headlines, "
                 f"so it kept them")


def _undo(article: Article, lines: list[Line], which, settings: Settings, why: str) -> str:
    undone = [l for l in lines if which(l)]
    for line in undone:
        line.proposed, line.reason = line.reason, None
        line.heading = is_heading(line, settings)
    return f"{article.id}: {why} ({len(undone)} proposed cuts listed as not applied)"


def _result(article: Article, lines: list[Line], tail: int, warnings: list[str]) -> Cleaned:
    kept: list[str] = []
    headings: set[int] = set()
    cuts: list[Cut] = []
    tail_words = 0
    for n, line in enumerate(lines):
        if n >= tail:
            cuts.append(Cut(line.text, "appended article" + (f" ({line.reason})" if line.reason else "")))
            tail_words += count_words(line.text)
        elif line.reason is not None:
            cuts.append(Cut(line.text, line.reason))
        else:
            if line.heading:
                headings.add(len(kept))
            kept.append(line.text)
            if line.proposed:
                cuts.append(Cut(line.text, line.proposed, applied=False))
    total = sum(count_words(l.text) for l in lines)
    if tail_words > 0.5 * total:
        warnings.append(f"{article.id}: {tail_words / total:.0%} of the page cut as appended articles "
                        f"(under their own headline, off the cluster's topic or dated another day)")
    return Cleaned(article, tuple(kept), tuple(cuts), frozenset(headings), tuple(warnings))


def _retitle(article: Article, settings: Settings) -> Article:
    """A title that is page furniture ("Monday, 22 July 2019") gives way to the first headline."""
    if not article.title or reason(Line(article.title), "", None, [], False, settings) not in _NOT_A_TITLE:
        return article
    headline = ""
    for line in lines_of(article):
        if reason(line, "", None, [], False, settings) is not None:
            continue  # more furniture
        if not is_heading(line, settings):
            break  # the body starts: no headline above it
        if len(line.text.split()) >= 3:  # "Latest news" is a section label, not a headline
            headline = line.text
            break
    # The old title goes back into the text as its first line, where it is cut with its reason.
    old = " ".join(article.title.split())
    blocks = article.blocks and (Block("head"),) + article.blocks
    return replace(article, title=headline, text=old + "\n" + article.text, blocks=blocks)
