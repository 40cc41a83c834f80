"""Benchmarks: datasets, the two ROUGEs, baselines, the evaluation run, timing and event clustering.

``evaluate("duc2003", "../shared/data")`` is the whole of it: ``run`` loads, summarizes with every
method and baseline, and scores; ``report`` prints the table.
"""
from . import rouge
from .run import SCORERS, cut_words, dataset, evaluate, load, locate, systems, versions

__all__ = ["SCORERS", "cut_words", "dataset", "evaluate", "load", "locate", "rouge", "systems", "versions"]
