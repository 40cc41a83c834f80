"""Dated timelines of a story: the days it happened, and for each what the articles say happened."""
from .build import build_timeline, days_of, top_days
from .dates import mentioned_dates

__all__ = ["build_timeline", "days_of", "mentioned_dates", "top_days"]
