"""Read files, folders and standard input into ``Article`` objects.

Every article gets a stable id: DOCNO, the JSON id, or the path relative to the folder given.
``read`` turns bytes into articles (choosing the reader), ``files`` walks paths and streams.
"""
from .files import input_files, read_paths, stream_file, stream_paths
from .pairs import read_pairs
from .read import READERS, check_unique, detect, read_bytes

__all__ = ["READERS", "check_unique", "detect", "input_files", "read_bytes", "read_pairs", "read_paths", "stream_file",
           "stream_paths"]
