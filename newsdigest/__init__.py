"""newsdigest: multi-document news summarization with citations.

    >>> import newsdigest
    >>> summary = newsdigest.summarize(["examples/pompeo-sochi"], method="lexrank", words=60)
    >>> for s in summary.sentences: print(s.support, s.text)
"""
from .errors import ConfigError, InputError, NewsdigestError
from .model import (Article, Budget, Citation, Cleaned, Cluster, Cut, Document, Selection, Sentence,
                    Summary, SummarySentence)
from .pipeline import build_cluster, summarize, summarize_cluster
from .settings import Settings

__version__ = "0.1.0"

__all__ = [
    "Article", "Budget", "Citation", "Cleaned", "Cluster", "ConfigError", "Cut", "Document", "InputError",
    "NewsdigestError", "Selection", "Sentence", "Settings", "Summary", "SummarySentence", "build_cluster",
    "summarize", "summarize_cluster", "__version__",
]
