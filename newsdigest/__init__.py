"""newsdigest: multi-document news summarization with citations.

    >>> import newsdigest
    >>> summary = newsdigest.summarize(["examples/pompeo-sochi"], method="lexrank", words=60)
    >>> for s in summary.sentences: print(s.support, s.text)
"""
from .errors import ConfigError, InputError, NewsdigestError
from .model import (Article, Budget, Citation, Cleaned, Cluster, Cut, Document, Selection, Sentence,
                    Summary, SummarySentence, Timeline, TimelineDate)
from .settings import Settings

__version__ = "0.1.0"

_LAZY = ("build_cluster", "summarize", "summarize_cluster", "timeline")


def __getattr__(name: str):
    """The pipeline's entry points, imported on first use (PEP 562): ``newsdigest --version`` and
    ``import newsdigest.errors`` need no numpy, scipy or trafilatura."""
    if name in _LAZY:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'newsdigest' has no attribute {name!r}")


__all__ = [
    "Article", "Budget", "Citation", "Cleaned", "Cluster", "ConfigError", "Cut", "Document", "InputError",
    "NewsdigestError", "Selection", "Sentence", "Settings", "Summary", "SummarySentence", "build_cluster",
    "summarize", "summarize_cluster", "Timeline", "TimelineDate", "timeline", "__version__",
]
