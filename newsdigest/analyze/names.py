"""People's names, shared by quotes, disagreements and entities: titles, surnames, spellings."""
from __future__ import annotations

import re

#: a word that can stand before a name without being part of it ("Foreign Minister", "Mayor")
TITLE = (r"(?:(?:U\.S\.|US|Russian|American|British|Chinese|French|German|Iranian|Foreign|Prime|Vice|Deputy|"
          r"Defense|Defence|State|Secretary|Minister|President|Senator|Sen\.|Rep\.|Gen\.|General|Chancellor|"
          r"Mayor|Governor|Judge|Chief|Director|Engineer|Ambassador|Commissioner|Chairman|Spokesman|"
          r"Spokeswoman|King|Queen|Prince|Pope|Sir|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|of)\s+)")


_TITLE = re.compile(TITLE)


def is_title(word: str) -> bool:
    return _TITLE.fullmatch(word + " ") is not None


def surname(name: str) -> str:
    """How a speaker is known: the last word of the name, without a possessive."""
    return re.sub(r"['’]s$", "", name.split()[-1]) if name.split() else ""


def same_person(a: str, b: str) -> bool:
    """Two surnames for one person: equal, or one letter apart in a long name (Brandt/Brant)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or a[0] != b[0] or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    # a letter dropped inside the name; one added at the end is another word (Korea/Korean, Lavrovs)
    return any(long_[:k] + long_[k + 1:] == short for k in range(len(long_) - 1))
