"""What each line of an article is: body text, a heading, or page furniture with a reason.

Cleaning is precision first: a line is cut only on positive evidence of furniture, never for
being short or for lacking a final full stop. The evidence is

- **form**: a share-button row, a copyright line, a gallery counter (or a gallery's captions run
  into one line, each after its counter), an "Updated …" stamp, a line of dates only, a byline,
  a breadcrumb trail, a caption closed by a photo credit or opened by a caption's label, the
  title repeated above the text;
- **markup** (HTML pages, from trafilatura's tree): a short block made mostly of link text,
  which is how related-article lists and teasers are built;
- **repetition**: the same line in several articles of the cluster that otherwise differ
  (a site's boilerplate; see ``core``).

A line with none of these is kept. Headings, list labels, table rows and lines that stop
mid-sentence stay in the text as *headings*: they are body text to an extraction benchmark and
to a reader, citable, but never chosen as a summary sentence (``Sentence.fragment``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..language import language
from ..lexicon import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS, ends_sentence
from ..model import Article, Block
from ..settings import Settings

# --- page furniture with a recognisable form
_GALLERY = re.compile(r"^\d{1,3}\s*(/|of)\s*\d{1,3}$", re.I)
_COUNTER = re.compile(r"(?<![\d/.,])(\d{1,3})\s*(?:/|of)\s*(\d{1,3})(?![\d/.,])", re.I)
_COPYRIGHT = re.compile(r"(^|\s)(©|\(c\)\s|copyright\b)|all rights reserved", re.I)
_TIMESTAMP = re.compile(r"^(last\s+)?(updated|published|posted|modified|first published|edited)\b", re.I)
_BREADCRUMB = re.compile(r"\s*(?:[»›>|/])\s*")
# A photo credit closing a caption: "(Reuters)", "[Pavel Golovkin/Pool via Reuters]", "(File photo: AFP)".
_CREDIT = re.compile(r"[(\[]([^()\[\]]{2,80})[)\]]\s*$")
# Words only a photo credit has; an agency name alone also closes a wire story ("(FR mit dpa)"),
# so it marks a caption only when the line is a single sentence.
_PHOTO_WORDS = re.compile(r"\bvia\b|\bphoto|\bfoto|\bfile\b|\bimages?\b|\bpool\b|\bcredit|\bcourtesy\b|\bstringer\b|"
                          r"\b(Getty|Shutterstock|Alamy|iStock)\b", re.I)
_NAME_SLASH = re.compile(r"[A-Z][\w.'’-]*/\s?[A-Z]")  # "Pavel Golovkin/Pool", "Coastal Herald/Per Lind"
_CAPTION_LABEL = re.compile(r"^(photo|picture|image|foto|bild)\s*:", re.I)
# a caption's own opening: AP's "FILE - In this … file photo, …", the BBC's "Image caption …",
# "Media caption …" and "Image copyright …" labels, a "Photo:" label
_CAPTION_OPENING = re.compile(r"^(?:FILE(?: PHOTO)?\s*[-–—:]\s|(?:Image|Media) caption\b|Image copyright\b|"
                              r"(?:Photo|Picture|Image)\s*:\s)")
_AGENCIES = re.compile(r"\b(AP|AFP|Reuters|EPA|Xinhua|Bloomberg|Anadolu|Sputnik|TASS|UPI|PA|dpa|ANSA|IANS|PTI)\b")
_BYLINE = re.compile(r"^(by|written by|reporting by)\s+[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,3}"
                     r"(\s*(,|and|&)\s*[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,3})*$", re.I)
_SHARE_WORDS = frozenset(
    "facebook twitter x instagram whatsapp telegram linkedin reddit pinterest tumblr youtube tiktok "
    "email e-mail mail print share shares tweet follow us on subscribe newsletter copy link comments comment "
    "app apps store google play apple download the get it ios android messenger sms flipboard "
    "rss feed save bookmark like".split())
_SHARE_LINE = re.compile("(?:" + "|".join(sorted((w.replace("-", "") for w in _SHARE_WORDS), key=len, reverse=True)) + ")+")
_MONTH_WORDS = MONTH_ABBREVIATIONS + MONTHS
_DATE_WORDS = frozenset(_MONTH_WORDS + WEEKDAYS + tuple("mon tue wed thu fri sat sun am pm a.m. p.m. gmt utc bst est edt cet ist "
                        "at on".split()))
_TIME_HINT = re.compile(r"\d|\bago\b|\b(" + "|".join(_MONTH_WORDS) + r")\b", re.I)

# Reasons that belong to a page header: a headline followed by one of these starts an article.
HEADER_REASONS = {"timestamp", "date line", "photo caption", "byline", "gallery counter", "share buttons"}
# Block kinds that are never prose, whatever their punctuation.
_NOT_PROSE = {"head", "cell", "code"}


@dataclass
class Line:
    text: str
    reason: str | None = None  # why it is cut; None: kept
    heading: bool = False  # kept, but a heading or label rather than prose
    block: Block | None = None
    proposed: str | None = None  # a reason to cut that was not applied (see core._guard)


def lines_of(article: Article) -> list[Line]:
    """The article's lines: its markup blocks when the reader kept them, else its paragraphs."""
    raw = article.text.split("\n")
    if article.blocks and len(article.blocks) == len(raw):
        return [Line(_normalize(t), block=b) for t, b in zip(raw, article.blocks) if t.strip()]
    return [Line(p) for p in paragraphs(article.text)]


def classify(article: Article, settings: Settings) -> list[Line]:
    """Each line with its reason to be cut (or none) and whether it is a heading."""
    lines = lines_of(article)
    title = key(article.title)
    captions: list[str] = []
    body_started = False
    spec = language(article.language or "en")
    for n, line in enumerate(lines):
        prev = lines[n - 1].reason if n else None
        line.reason = reason(line, title, prev, captions, body_started, settings, spec.english_rules, spec.calendar)
        if line.reason == "photo caption":
            captions.append(key(_CREDIT.sub("", line.text)))
        if line.reason is None:
            line.heading = is_heading(line, settings)
            body_started = body_started or not line.heading
    return lines


def is_heading(line: Line, settings: Settings) -> bool:
    if line.block is not None and line.block.kind in _NOT_PROSE:
        return True
    return not ends_sentence(line.text) and len(line.text.split()) <= settings.headline_max_words


def reason(line: Line, title: str, prev: str | None, captions: list[str], body_started: bool,
           settings: Settings, english: bool = True, calendar: dict[str, str] | None = None) -> str | None:
    """Why ``line`` is furniture, or None. Every rule needs evidence beyond shortness. The
    timestamp and byline rules read English words ("Updated", "By"): with ``english`` False (an
    article in another language) they are not applied, and a date line is read with the
    language's own month and weekday names (``calendar``)."""
    text = line.text
    words = text.split()
    n = len(words)
    if _GALLERY.match(text):
        return "gallery counter"
    if is_gallery(text):
        return "photo gallery"
    if not any(ch.isalnum() for ch in text):
        return None  # rules, dots, emoticons: kept (as a heading, never a summary sentence)
    if n <= 12 and is_share_line(text):
        return "share buttons"
    if n <= 25 and _COPYRIGHT.search(text):
        return "copyright"
    if english and n <= 12 and _TIMESTAMP.match(text) and _TIME_HINT.search(text) and not ends_sentence(text):
        return "timestamp"
    if n <= 8 and (is_date_line(words) if english else is_dated_line(words, calendar or {})):
        return "date line"
    if english and n <= 12 and _BYLINE.match(text):
        return "byline"
    if n <= settings.caption_max_words and is_caption(text, prev, captions):
        return "photo caption"
    block = line.block
    # Two rules only for flat text: on the dev pages, trafilatura's output keeps no breadcrumbs
    # to speak of, and its headings equal to the title are body text to the benchmark.
    if block is None and title and not body_started and key(text) == title:
        return "title repeat"
    if block is None and not ends_sentence(text) and is_breadcrumb(text):
        return "site chrome"
    if (block is not None and block.links >= settings.link_share and n <= settings.headline_max_words
            and not (block.kind == "p" and ends_sentence(text) and n > 12)):
        return "related link"
    return None


def key(s: str) -> str:
    """Comparison form: letters and digits only, lower case, so quote styles do not matter."""
    return " ".join(re.findall(r"\w+", s.lower()))


def is_gallery(text: str) -> bool:
    """Three counters or more of one gallery in the line ("Hide Caption 1 of 132 Photos: …",
    "… 2 of 132 …", "… 3 of 132 …"; "4/12"): a slideshow or a video playlist flattened into one
    paragraph, each caption after its counter. A date ("3/12/2019") or a fraction of another total
    is no counter of it."""
    if text.count(" of ") + text.count("/") < 3:
        return False
    seen: dict[str, set[str]] = {}
    for k, total in _COUNTER.findall(text):
        if 0 < int(k) <= int(total):
            seen.setdefault(total, set()).add(k)
    return any(len(ks) >= 3 for ks in seen.values())


def is_share_line(text: str) -> bool:
    # "FacebookApple App StoreGoogle Play": the buttons' words run together once their markup is
    # gone, so the whole line, letters only, must be a sequence of share-button words.
    letters = re.sub(r"[^a-z]", "", text.lower())
    return bool(letters) and _SHARE_LINE.fullmatch(letters) is not None


def is_date_line(words: list[str]) -> bool:
    tokens = [w.strip(",.;:()").lower() for w in words]
    tokens = [t for t in tokens if t]
    has_date = any(t[:3] in _MONTH_WORDS or re.fullmatch(r"\d{1,4}([/.-]\d{1,4}){1,2}", t) for t in tokens)
    return has_date and all(t in _DATE_WORDS or t[:3] in _MONTH_WORDS or re.fullmatch(r"[\d:/.,-]+(am|pm|h)?", t)
                            for t in tokens)


def is_dated_line(words: list[str], calendar: dict[str, str]) -> bool:
    """A line of a date alone in another language: its month and weekday names (CLDR's) and
    numbers, at least one a month name or a numeric date ("Lundi 3 février 2025", "3. ledna 2025")."""
    tokens = [t for t in (w.strip(",.;:()").lower() for w in words) if t]
    months = any(calendar.get(t, "").startswith("m") or re.fullmatch(r"\d{1,4}([/.-]\d{1,4}){1,2}", t) for t in tokens)
    return months and all(t in calendar or re.fullmatch(r"[\d:/.,-]+h?", t) for t in tokens)


def is_caption(text: str, prev: str | None, captions: list[str]) -> bool:
    if prev == "gallery counter" or _CAPTION_OPENING.match(text):
        return True
    m = _CREDIT.search(text)
    if m and len(m.group(1).split()) <= 10:
        if _PHOTO_WORDS.search(m.group(1)) or _NAME_SLASH.search(m.group(1)) or _CAPTION_LABEL.match(text):
            return True
        if _AGENCIES.search(m.group(1)) and len(re.findall(r"[.!?](?=\s)", text[: m.start()].rstrip())) == 0:
            return True
    # The same caption without its credit, as galleries often repeat it as alt text.
    k = key(text)
    return any(k and c.startswith(k) and len(k) >= 0.6 * len(c) for c in captions[-3:])


def is_breadcrumb(text: str) -> bool:
    """"Main » Politics" (a trail mark), or "Home > World | Europe": three or more short parts."""
    if len(text.split()) > 20:
        return False
    if re.search(r"\s[»›]\s", text):
        return True
    parts = [p for p in _BREADCRUMB.split(text) if p.strip()]
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts)


# --- paragraphs of flat text ----------------------------------------------------------------

_INDENT = re.compile(r"^(?:\t|[ ]{2,})[ \t]*\S")


def paragraphs(text: str) -> list[str]:
    """Paragraph lines of ``text``; hard-wrapped blocks (wire copy, e-mail) are re-joined."""
    out: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [l for l in block.split("\n") if l.strip()]
        if _is_wrapped(lines):
            para: list[str] = []
            for l in lines:
                if para and _INDENT.match(l):  # an indent opens a paragraph
                    out.append(" ".join(para))
                    para = []
                para.append(l.strip())
            out.append(" ".join(para))
        else:
            out += [" ".join(l.split()) for l in lines]
    return [p for p in (_normalize(p) for p in out) if p]


def _is_wrapped(lines: list[str]) -> bool:
    """Lines of near-equal length under 100 characters that run on: a hard-wrapped block."""
    if len(lines) < 3:
        return False
    body = [len(l.strip()) for l in lines[:-1]]
    width = max(body)
    if width > 100 or width < 40:
        return False
    full = sum(1 for n in body if n >= 0.6 * width)
    run_on = sum(1 for l in lines[:-1] if not ends_sentence(l))
    return full >= 0.7 * len(body) and run_on >= 0.5 * len(body)


def _normalize(s: str) -> str:
    s = unicodedata.normalize("NFC", s).replace("\u00a0", " ").replace("\u200b", "")
    s = re.sub(r"^\s*[•·▪●◦‣∙*]\s*", "", s)  # list bullets
    return " ".join(s.split())
