"""The pipeline as a Spark job over news crawls: ``newsdigest spark-run`` or ``spark-submit``.

Each stage is a Spark transformation around the functions the single-process ``ingest`` uses
(``ingest.stream_file``, ``clean.clean_article``, ``dedup.DuplicateIndex``'s signatures,
``stream.cluster``'s vectors and average link, ``pipeline.summarize``), so both find the same
things. Every choice the stream makes by arrival order (which copy is the original, the order
in which groups merge) is made here in id order, so results do not depend on partitioning.
``inputs`` reads, ``stages`` cleans, deduplicates and clusters, ``summaries`` summarizes each
event, ``driver`` runs it all and writes the output (``job`` is the file for spark-submit). See docs/design.md, "Spark".
"""
from .inputs import Inputs, plan_inputs, read_inputs
from .driver import FORMATS, run, session
from .stages import Signed, Stages, clean_and_sign, events, near_duplicates, stages
from .summaries import summaries

__all__ = ["FORMATS", "Inputs", "Signed", "Stages", "clean_and_sign", "events", "near_duplicates",
           "plan_inputs", "read_inputs", "run", "session", "stages", "summaries"]
