"""HTML pages: main text and metadata by trafilatura, the field's reference extractor."""
from __future__ import annotations

from ..model import Article


def read(content: str, id_base: str) -> list[Article]:
    # Imported here: trafilatura takes ~0.3 s to import and most inputs are not HTML.
    import trafilatura

    doc = trafilatura.bare_extraction(
        content, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=True,
    )
    if doc is None:
        raise ValueError("no main text found in the page")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = meta.get("text") or ""
    if not text.strip():
        raise ValueError("no main text found in the page")
    return [Article(
        id=id_base,
        text=text,
        title=meta.get("title") or "",
        source=meta.get("sitename") or meta.get("hostname") or "",
        date=meta.get("date") or "",
        url=meta.get("url") or "",
    )]
