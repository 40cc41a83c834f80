"""Boilerplate glued into a paragraph: "Read more Download our app on Google Play Matthew Shepard, …".

When a page's buttons and teaser links lose their markup, their words run into the paragraph
next to them. A line that *starts* (or *ends*) with a run of calls to action, followed by the
real text, is split: the run is cut with the reason ``call to action`` and the rest is kept. A
line made of nothing but calls to action is cut whole, and so is a link label followed by a
headline ("Related: Harbour bridge reopens"): the line is a link to another article. The phrases are the fixed wording of
page widgets (a lexicon, not a guess), matched case-insensitively on word boundaries; the text
after a leading run must start like a sentence (a capital, a digit or a quotation mark).
"""
from __future__ import annotations

import re

from ..settings import Settings
from .lines import Line, is_heading

# Labels of a link to another article: followed by a headline, the whole line is that link.
_READ_ON = [
    r"read more:?", r"read also:?", r"also read:?", r"read next:?", r"see also:?", r"more on this(?: story)?:?",
    r"related(?: articles| stories| news| content| coverage)?:", r"related(?: articles| stories| news| content| coverage)",
    r"recommended(?: for you|:)", r"weiterlesen:?", r"mehr zum thema:?", r"lesen sie (?:auch|mehr):?", r"lire aussi:?",
    r"à lire aussi:?", r"lea también:?", r"leia também:?", r"leggi anche:?",
]
# Fixed widget wording, English first, then the languages most news pages here are in.
_PHRASES = _READ_ON + [
    # reading on
    r"continue reading(?: below)?", r"story continues below(?: advertisement)?", r"click here(?: to [a-z]+)?",
    r"scroll (?:down )?to continue(?: with content)?", r"skip (?:ad|advertisement)", r"advertisement",
    r"sponsored(?: content)?", r"listen to (?:this )?(?:article|story)(?: \d+ min(?:utes?)?)?",
    r"watch(?: now| video)?:", r"video:", r"photos?:", r"loading\.\.\.", r"most (?:read|popular|viewed)",
    # apps and newsletters
    r"download (?:our|the) (?:free )?app(?: (?:on|from) (?:google play|the app store|app store))?",
    r"get (?:it|our app) on (?:google play|the app store)", r"available on (?:google play|the app store)",
    r"on google play", r"on the app store",
    r"sign up (?:for|to) (?:our|the) (?:daily |weekly |free )?newsletters?", r"sign up(?: now)?",
    r"subscribe(?: now| today)?(?: to (?:our|the) (?:daily |weekly |free )?newsletters?)?",
    r"join our (?:whatsapp|telegram) channel", r"follow us on (?:twitter|facebook|instagram|x|google news)",
    r"share (?:this|the) (?:article|story|post)(?: on (?:facebook|twitter|whatsapp|x))?",
    r"share on (?:facebook|twitter|whatsapp|x|linkedin)", r"click to (?:enlarge|share|print|email)",
    # German, French, Spanish, Portuguese, Italian
    r"mehr lesen", r"anzeige", r"werbung", r"jetzt abonnieren", r"newsletter abonnieren", r"lire la suite",
    r"publicité", r"abonnez-vous", r"leer más", r"publicidad", r"suscríbete", r"leia mais", r"publicidade",
    r"pubblicità",
]
_RUN = r"(?:(?:" + "|".join(_PHRASES) + r")(?:[\s:|•·,.›»>-]+|$))+"
_LEADING = re.compile(r"^" + _RUN, re.I)
_READ_ON_START = re.compile(r"^(?:" + "|".join(_READ_ON) + r")", re.I)
_TRAILING = re.compile(r"(?<=[.!?”\"’)])\s+" + _RUN + r"$", re.I)
_WHOLE = re.compile(r"^" + _RUN + r"$", re.I)


def trim(lines: list[Line], settings: Settings = Settings()) -> list[Line]:
    """Lines with calls to action cut off their kept lines (into lines of their own)."""
    out: list[Line] = []
    for line in lines:
        if line.reason is not None:
            out.append(line)
            continue
        text = line.text
        if _WHOLE.match(text):
            out.append(Line(text, "call to action", block=line.block))
            continue
        head = _LEADING.match(text)
        if head and _READ_ON_START.match(text) and is_heading(Line(text[head.end():].strip()), settings):
            # "Related: Harbour bridge reopens after repairs": a link to another article
            out.append(Line(text, "related link", block=line.block))
            continue
        if head and _is_rest(text[head.end():]):
            rest = text[head.end():]
            if _starts_sentence(rest):
                out.append(Line(text[: head.end()].strip(), "call to action", block=line.block))
                text = rest.strip()
        tail = _TRAILING.search(text)
        if tail and _is_rest(text[: tail.start()]):
            out.append(_kept(text[: tail.start()].strip(), line, settings))
            out.append(Line(text[tail.start():].strip(), "call to action", block=line.block))
            continue
        out.append(line if text == line.text else _kept(text, line, settings))
    return out


def _kept(text: str, line: Line, settings: Settings) -> Line:
    """What is left of ``line`` once a call to action is cut off it, judged again as a heading."""
    rest = Line(text, block=line.block)
    rest.heading = is_heading(rest, settings)
    return rest


def _starts_sentence(text: str) -> bool:
    """A capital, a digit, or a letter of a script without case, after an opening quote."""
    first = text.lstrip("\"“”‘’'«»„‚(")[:1]
    return first.isdigit() or (first.isalpha() and (first.isupper() or first.lower() == first.upper()))


def _is_rest(text: str) -> bool:
    """What is left is real text: four words or more."""
    return len(text.split()) >= 4
