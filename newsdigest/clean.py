"""Keep an article's main text; cut page furniture and appended foreign articles, with reasons.

Two passes:

1. **Lines.** A scraped page keeps one paragraph a line. A body line is a sentence: it ends
   with sentence punctuation. Page furniture does not (headlines, section headings, related
   article links, counters, dates, share buttons) or has a recognisable form (photo captions
   ending in a credit, copyright lines). Each cut keeps its reason.
2. **Appended articles.** Infinite-scroll pages store the next article after the main one.
   A tail is cut when its relevance to the *other* articles of the cluster drops against the
   head's: a drop to ``foreign_ratio_with_header`` suffices where the tail starts with a page
   header of its own (a headline followed by a timestamp, caption or byline, as every article
   page starts), ``foreign_ratio_alone`` is needed where it does not. Relevance is the cosine of
   each paragraph's TF-IDF vector with the centroid of the other articles' titles and leads,
   averaged over the segment by words, ignoring paragraphs that also stand verbatim in this
   article (two crawls of one page prove nothing).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Sequence

import numpy as np

from .model import Article, Cleaned, Cut
from .settings import Settings
from .vectors import content_terms, count_words, tfidf

# --- what a body line looks like
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$|[\"'”’»][.!?]$")

# --- page furniture with a recognisable form
_GALLERY = re.compile(r"^\d{1,3}\s*(/|of)\s*\d{1,3}$", re.I)
_COPYRIGHT = re.compile(r"(^|\s)(©|\(c\)\s|copyright\b)|all rights reserved", re.I)
_TIMESTAMP = re.compile(r"^(last\s+)?(updated|published|posted|modified|first published|edited)\b", re.I)
_BREADCRUMB = re.compile(r"[»›]|\s[>|]\s")
_BYLINE = re.compile(r"^(by|written by|reporting by)\s+[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,3}"
                     r"(\s*(,|and|&)\s*[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,3})*$", re.I)
# A photo credit closing a caption: "(Reuters)", "[Pavel Golovkin/Pool via Reuters]", "(File photo: AFP)".
_CREDIT = re.compile(r"[(\[]([^()\[\]]{2,80})[)\]]\s*$")
_CREDIT_WORDS = re.compile(
    r"/|\bvia\b|\bphoto|\bfile\b|\bimages?\b|\bpool\b|\bcredit|\bcourtesy\b|\bstringer\b|"
    r"\b(AP|AFP|Reuters|Getty|EPA|Xinhua|Bloomberg|Shutterstock|Alamy|Anadolu|Sputnik|TASS|UPI|PA|dpa|ANSA|IANS|PTI)\b", re.I)
_SHARE_WORDS = frozenset(
    "facebook twitter x instagram whatsapp telegram linkedin reddit pinterest tumblr youtube tiktok "
    "email e-mail mail print share shares tweet follow us on subscribe newsletter copy link comments comment "
    "app apps store google play apple download the get it ios android messenger sms flipboard "
    "rss feed save bookmark like apple whatsapp".split())
_SHARE_LINE = re.compile("(?:" + "|".join(sorted((w.replace("-", "") for w in _SHARE_WORDS), key=len, reverse=True)) + ")+")
_MONTHS = ("jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july "
           "august september october november december").split()
_DATE_WORDS = frozenset(_MONTHS + "mon tue wed thu fri sat sun monday tuesday wednesday thursday friday "
                        "saturday sunday am pm a.m. p.m. gmt utc bst est edt cet ist at on".split())
_DATELINE = re.compile(
    r"^(?:(?P<city>[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]+){0,3})\s*(?:\((?:[A-Za-z.]{1,12})\))?\s*(?:—|–|--|_|:|-)\s+"
    r"|(?P<pre>[^.!?]{0,80}?)\((?P<city2>[A-Z][A-Z .'’-]{2,30})\)\s*(?:—|–|--|_)\s+)(?=[A-Z“\"‘'])")

# Reasons that belong to a page header: a headline followed by one of these starts an article.
_HEADER_REASONS = {"timestamp", "date line", "photo caption", "byline", "gallery counter", "share buttons"}


@dataclass
class _Line:
    text: str
    reason: str | None = None  # None: kept as body


def clean_cluster(articles: Sequence[Article], settings: Settings = Settings()) -> list[Cleaned]:
    """Clean every article of one cluster; the cluster is what tells a foreign tail apart."""
    if settings.keep_noise:
        return [Cleaned(a, tuple(paragraphs(a.text))) for a in articles]
    articles = [_retitle(a) for a in articles]
    lines = [_classify_lines(a, settings) for a in articles]
    kept = [[l.text for l in ls if l.reason is None] for ls in lines]
    leads = [[p for p in [a.title, *ps[: settings.foreign_lead_paragraphs]] if p] for a, ps in zip(articles, kept)]
    # only another article's lead can show a tail is foreign: alone, an article keeps it
    terms = {t: content_terms(t) for ps in kept + leads for t in ps} if len(articles) > 1 else {}
    tails = [_foreign_tail(i, ls, leads, terms, settings) for i, ls in enumerate(lines)]
    return [_result(a, ls, t) for a, ls, t in zip(articles, lines, tails)]


def clean_article(article: Article, settings: Settings = Settings()) -> Cleaned:
    """Line cleaning alone, for a single article with no cluster to compare against."""
    return clean_cluster([article], settings)[0]


def _result(article: Article, lines: list[_Line], tail: int) -> Cleaned:
    kept, cuts = [], []
    for n, line in enumerate(lines):
        if n >= tail:
            cuts.append(Cut(line.text, "appended article" + (f" ({line.reason})" if line.reason else "")))
        elif line.reason is None:
            kept.append(line.text)
        else:
            cuts.append(Cut(line.text, line.reason))
    return Cleaned(article, tuple(kept), tuple(cuts))


_NOT_A_TITLE = {"symbols", "gallery counter", "share buttons", "copyright", "timestamp", "date line", "byline",
                "site chrome"}


def _retitle(article: Article) -> Article:
    """A title that is page furniture ("Monday, 22 July 2019") gives way to the first headline."""
    reason = _reason(article.title, "", None, []) if article.title else None
    if reason not in _NOT_A_TITLE:
        return article
    lines = paragraphs(article.text)
    headline = ""
    for line in lines:
        r = _reason(line, "", None, [])
        if r is None:
            break
        if r in ("headline", "heading") and len(line.split()) >= 3:
            headline = line
            break
    # The old title goes back into the text as its first line, where it is cut with its reason.
    return replace(article, title=headline, text=article.title + "\n" + article.text)


# --- pass 1: lines -------------------------------------------------------------------------

def paragraphs(text: str) -> list[str]:
    """Paragraph lines of ``text``; hard-wrapped blocks (wire copy, e-mail) are re-joined."""
    out: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [l for l in block.split("\n") if l.strip()]
        if _is_wrapped(lines):
            para: list[str] = []
            for l in lines:
                if para and re.match(r"^(\t| {2,})\S", l):  # an indent opens a paragraph
                    out.append(" ".join(para))
                    para = []
                para.append(l.strip())
            out.append(" ".join(para))
        else:
            out += [" ".join(l.split()) for l in lines]
    return [_normalize(p) for p in out if p.strip()]


def _is_wrapped(lines: list[str]) -> bool:
    """Lines of near-equal length under 100 characters that run on: a hard-wrapped block."""
    if len(lines) < 3:
        return False
    body = [len(l.rstrip()) for l in lines[:-1]]
    width = max(body)
    if width > 100 or width < 40:
        return False
    full = sum(1 for n in body if n >= 0.6 * width)
    run_on = sum(1 for l in lines[:-1] if not _SENTENCE_END.search(l.rstrip()))
    return full >= 0.7 * len(body) and run_on >= 0.5 * len(body)


def _normalize(s: str) -> str:
    s = unicodedata.normalize("NFC", s).replace("\u00a0", " ").replace("\u200b", "")
    s = re.sub(r"^\s*[•·▪●◦‣∙*]\s*", "", s)  # list bullets
    return " ".join(s.split())


def _classify_lines(article: Article, settings: Settings) -> list[_Line]:
    lines = [_Line(p) for p in paragraphs(article.text)]
    title = _key(article.title)
    captions: list[str] = []
    body_started = False
    out: list[_Line] = []
    for line in lines:
        prev = out[-1].reason if out else None
        line.reason = _reason(line.text, title, prev, captions)
        if line.reason == "photo caption":
            captions.append(_key(_CREDIT.sub("", line.text)))
        if line.reason is None and not body_started:
            body_started = True
            out += _split_dateline(line)
            continue
        if line.reason in ("headline", "heading") and body_started:
            line.reason = "related headline" if line.reason == "headline" else "section heading"
        out += _split_truncated(line)
    return out


def _reason(text: str, title: str, prev: str | None, captions: list[str]) -> str | None:
    words = text.split()
    key = _key(text)
    if _GALLERY.match(text):
        return "gallery counter"
    if not any(ch.isalpha() for ch in text):
        return "symbols"
    if len(words) <= 12 and _is_share_line(text):
        return "share buttons"
    if _COPYRIGHT.search(text) and len(words) <= 25:
        return "copyright"
    if _TIMESTAMP.match(text) and len(words) <= 12 and not _SENTENCE_END.search(text):
        return "timestamp"
    if len(words) <= 8 and _is_date_line(words):
        return "date line"
    if _BYLINE.match(text):
        return "byline"
    if _is_caption(text, prev, key, captions):
        return "photo caption"
    if title and key == title:
        return "title repeat"
    if _SENTENCE_END.search(text):
        return None
    if _BREADCRUMB.search(text) and len(words) <= 20:
        return "site chrome"
    # A line that does not end a sentence is a headline, a heading or a link, unless it holds
    # finished sentences before a cut-off end (handled by _split_truncated).
    if _complete_prefix(text):
        return None
    return "heading" if len(words) <= 5 else "headline"


def _key(s: str) -> str:
    """Comparison form: letters and digits only, lower case, so quote styles do not matter."""
    return " ".join(re.findall(r"\w+", s.lower()))


def _is_share_line(text: str) -> bool:
    # "FacebookApple App StoreGoogle Play": the buttons' words run together once their markup is
    # gone, so the whole line, letters only, must be a sequence of share-button words.
    letters = re.sub(r"[^a-z]", "", text.lower())
    return bool(letters) and _SHARE_LINE.fullmatch(letters) is not None


def _is_date_line(words: list[str]) -> bool:
    tokens = [w.strip(",.;:()").lower() for w in words]
    tokens = [t for t in tokens if t]
    has_date = any(t[:3] in _MONTHS or re.fullmatch(r"\d{1,4}([/.-]\d{1,4}){1,2}", t) for t in tokens)
    return has_date and all(t in _DATE_WORDS or t[:3] in _MONTHS or re.fullmatch(r"[\d:/.,-]+(am|pm|h)?", t)
                            for t in tokens)


def _is_caption(text: str, prev: str | None, key: str, captions: list[str]) -> bool:
    if prev == "gallery counter":
        return True
    m = _CREDIT.search(text)
    if m and _CREDIT_WORDS.search(m.group(1)) and len(m.group(1).split()) <= 10:
        return True
    # The same caption without its credit, as galleries often repeat it as alt text.
    return any(key and c.startswith(key) and len(key) >= 0.6 * len(c) for c in captions[-3:])


def _complete_prefix(text: str) -> str:
    """The finished sentences at the start of a paragraph cut off mid-sentence, if any."""
    ends = [m.end() for m in re.finditer(r"[.!?][\"'”’)\]]*(?=\s+[A-Z“\"‘'])", text)]
    if not ends or count_words(text[: ends[-1]]) < 12:
        return ""
    return text[: ends[-1]]


def _split_truncated(line: _Line) -> list[_Line]:
    if line.reason is not None or _SENTENCE_END.search(line.text):
        return [line]
    head = _complete_prefix(line.text)
    return [_Line(head), _Line(line.text[len(head):].strip(), "truncated sentence")]


def _split_dateline(line: _Line) -> list[_Line]:
    """Cut a dateline ("SOCHI:", "LONDON (AP) _") from the first body paragraph."""
    m = _DATELINE.match(line.text)
    if not m or m.end() >= len(line.text) - 20:
        return _split_truncated(line)
    city = m.group("city") or m.group("city2") or ""
    if len(re.sub(r"[^A-Z]", "", city)) < 2:
        return _split_truncated(line)
    return [_Line(line.text[: m.end()].strip(), "dateline")] + _split_truncated(_Line(line.text[m.end():]))


# --- pass 2: appended articles ---------------------------------------------------------------

def _foreign_tail(i: int, lines: list[_Line], leads: list[list[str]], terms: dict[str, tuple[str, ...]],
                  settings: Settings) -> int:
    """The line index where an appended foreign article starts (``len(lines)`` if none)."""
    body = [n for n, l in enumerate(lines) if l.reason is None]
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
    headers = _header_starts(lines)
    best, best_sse = None, np.inf
    for k in range(1, len(body)):
        if min(words[:k].sum(), words[k:].sum()) < settings.foreign_min_words:
            continue
        head, tail = _mean(rel[:k], words[:k]), _mean(rel[k:], words[k:])
        start = _segment_start(lines, body[k - 1], body[k])
        if start in headers and tail < settings.foreign_ratio_with_header * head:
            return start  # the earliest page header after which the topic drops
        sse = _sse(rel[:k], words[:k], head) + _sse(rel[k:], words[k:], tail)
        if len(body) - k >= 3 and sse < best_sse:
            best, best_sse = (k, start, head, tail), sse
    if best is not None:
        k, start, head, tail = best
        if tail < settings.foreign_ratio_alone * head:
            k = _refine(m[: len(body)], k)
            return _segment_start(lines, body[k - 1], body[k])
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


def _segment_start(lines: list[_Line], prev_body: int, body: int) -> int:
    """Where the gap between two body lines begins a new segment: at its first headline."""
    for n in range(prev_body + 1, body):
        if lines[n].reason in ("headline", "related headline"):
            return n
    return body


def _header_starts(lines: list[_Line]) -> set[int]:
    """Headlines followed within three lines by other page-header furniture."""
    starts = set()
    for n, line in enumerate(lines):
        if line.reason in ("headline", "related headline"):
            following = lines[n + 1: n + 4]
            if any(l.reason in _HEADER_REASONS or (l.reason and _key(l.text) == _key(line.text))
                   for l in following):
                starts.add(n)
    return starts
