"""Sentence pairs for ``newsdigest paraphrase``: ``sentence1<TAB>sentence2`` a line.

A header line starting with ``label`` or ``sentence1`` is skipped. A first column of 0/1 labels
is allowed and ignored, as in MSRP's ``label<TAB>id1<TAB>id2<TAB>sentence1<TAB>sentence2``: the
pair is always the last two columns. Fields are not quoted (MSRP's sentences hold bare ``"``).
Blank lines are skipped; a line with fewer than two columns, or an empty sentence, is an error
naming the file and the line.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import InputError
from ..settings import Settings
from .decode import decode, looks_binary
from .files import read_file


def read_pairs(path: str, settings: Settings = Settings()) -> list[tuple[str, str]]:
    text = _text(path, settings)
    pairs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or (number == 1 and line.lower().startswith(("label", "sentence1"))):
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            raise InputError(path, f"line {number}: expected sentence1<TAB>sentence2, found no tab")
        if len(fields) > 2 and fields[0].strip() not in ("0", "1"):
            raise InputError(path, f"line {number}: {len(fields)} columns, and the first is not a 0/1 label")
        a, b = fields[-2].strip(), fields[-1].strip()
        if not a or not b:
            raise InputError(path, f"line {number}: an empty sentence")
        pairs.append((a, b))
    return pairs


def _text(path: str, settings: Settings) -> str:
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        p = Path(path)
        if not p.is_file():
            raise InputError(path, "no such file" if not p.exists() else "not a file")
        data, _ = read_file(p, settings)
    if looks_binary(data):
        raise InputError(path, "a binary file, not tab-separated text")
    return decode(data, path)
