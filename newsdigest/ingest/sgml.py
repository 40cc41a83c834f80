"""TREC/DUC SGML: one or many <DOC> per file; only <TEXT> is article body.

Wire text is hard-wrapped; a paragraph starts with an indent or a <P> tag, which is how
paragraphs are rebuilt here (one per line, as the other readers give them).
"""
from __future__ import annotations

import html
import re
from datetime import datetime

from ..model import Article

_DOC = re.compile(r"<DOC>(.*?)</DOC>", re.S | re.I)
_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S | re.I)
          for name in ("DOCNO", "DATE_TIME", "DATE", "TEXT", "HEADLINE", "HL")}
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_PARA_BREAK = re.compile(r"\n\s*\n|\n(?=[ \t]{2,}|\t)|</?P>", re.I)
_ENTITY = re.compile(r"&[A-Za-z][A-Za-z0-9]*;")


def read(content: str, id_base: str, fetched: str = "") -> list[Article]:
    # Counted before matching: a lazy match for a <DOC> that never closes scans to the end of
    # the file, once for every such <DOC> (quadratic on a broken archive).
    opened = len(re.findall(r"<DOC>", content, re.I))
    closed = len(re.findall(r"</DOC>", content, re.I))
    if not closed:
        raise ValueError("no complete <DOC>…</DOC> element")
    if opened != closed:
        raise ValueError(f"{opened} <DOC> opened but {closed} closed")
    docs = _DOC.findall(content)
    if len(docs) != opened:
        raise ValueError(f"{opened} <DOC> opened but {len(docs)} closed in order")
    articles = []
    for n, doc in enumerate(docs, 1):
        text = _field(doc, "TEXT")
        if text is None:
            raise ValueError(f"<DOC> number {n} has no <TEXT>")
        docno = (_field(doc, "DOCNO") or "").strip()
        doc_id = docno or (id_base if len(docs) == 1 else f"{id_base}#{n}")
        date = _date((_field(doc, "DATE_TIME") or _field(doc, "DATE") or "").strip())
        title = _clean(_field(doc, "HEADLINE") or _field(doc, "HL") or "")
        articles.append(Article(id=doc_id, text=_paragraphs(text), title=" ".join(title.split()),
                                source=_source(docno), date=date, date_source="input" if date else ""))
    return articles


def _field(doc: str, name: str) -> str | None:
    m = _FIELD[name].search(doc)
    return m.group(1) if m else None


def _paragraphs(raw: str) -> str:
    paras = (" ".join(_clean(p).split()) for p in _PARA_BREAK.split(raw))
    return "\n".join(p for p in paras if p)


def _clean(s: str) -> str:
    s = _TAG.sub(" ", s)
    s = html.unescape(s)
    s = _ENTITY.sub(" ", s)  # wire-service control entities such as &QL; carry no text
    return s.replace("``", "\u201c").replace("''", "\u201d")


def _source(docno: str) -> str:
    """The agency prefix of a TREC DOCNO (APW19981017.0151 -> APW), the outlet of the story."""
    m = re.match(r"([A-Za-z_]+)", docno)
    return m.group(1).rstrip("_") if m else ""


def _date(raw: str) -> str:
    """ISO date from the usual TREC forms; unknown forms are kept as given."""
    if not raw:
        return ""
    for fmt in ("%m/%d/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y%m%d", "%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw.split(".")[0].strip(), fmt).date().isoformat()
        except ValueError:
            continue
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", raw)  # "1998-10-21 11:23", "19981021"
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else raw
