"""Stream mode: a flow of articles grouped into events as it arrives, stored, and summarized.

``stream`` holds the batch logic, ``store`` the SQLite store (a file, or in memory), ``cluster``
the online clustering, ``run`` what the ``ingest`` and ``cluster`` commands call, and
``events`` the summaries of stored events.
"""
from .events import day_text, digest, event_summary, event_update, headline, list_events, new_since, parse_day
from .report import IngestReport
from .run import cluster, ingest
from ..model import EventRow, EventSummary
from .store import Store
from .stream import Placement, Stream, content_hash

__all__ = ["EventRow", "EventSummary", "IngestReport", "Placement", "Store", "Stream", "cluster", "content_hash", "day_text",
           "digest", "event_summary", "event_update", "headline", "ingest", "list_events", "new_since", "parse_day"]
