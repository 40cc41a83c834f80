"""Sentence splitting on hand-labelled MultiLing 2011 paragraphs: blingfire, sentencex, what
``Language.split`` makes of the two, and ``segment.split_sentences`` (which joins the pieces of a
quotation again, so a multi-sentence quote is one summary sentence: boundaries inside it are lost
by design).

    python benchmarks/splitting.py --data ../shared/data

The labels (``benchmarks/sentence_labels.json``) hold offsets only; the paragraphs are read from
the data folder. A boundary counts when a splitter starts a sentence at exactly that offset.
"""
from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import blingfire
from sentencex import segment

import common  # noqa: F401  (this tree's package first on sys.path, before newsdigest)
from newsdigest.language import language, starts
from newsdigest.segment import split_sentences

LABELS = Path(__file__).with_name("sentence_labels.json")


SPLITTERS = {
    "blingfire": lambda text, code: blingfire.text_to_sentences(text).split("\n"),
    "sentencex": lambda text, code: list(segment(code, text)),
    "Language.split": lambda text, code: language(code).split(text),
    "split_sentences": lambda text, code: split_sentences(text, code),  # quotations joined again
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data")
    args = parser.parse_args()
    sets = json.loads(LABELS.read_text(encoding="utf-8"))["sets"]
    for name, labelled in sets.items():
        print(f"\n{name} ({len(labelled)} paragraphs)\n")
        table(labelled, args.data)


def table(labelled: list[dict], data: str) -> None:
    counts = defaultdict(lambda: [0, 0, 0])  # (splitter, language) -> found right, proposed, true
    for item in labelled:
        name = language(item["language"]).name
        path = Path(data) / "multiling2011" / name / "SourceTexts" / item["file"]
        paragraph = path.read_text(encoding="utf-8").split("\n")[item["line"]].strip()
        if len(paragraph) != item["chars"]:
            raise SystemExit(f"{path}:{item['line']}: not the labelled paragraph")
        truth = set(item["boundaries"])
        for splitter, split in SPLITTERS.items():
            found = starts(split(paragraph, item["language"]), paragraph)
            for key in ((splitter, item["language"]), (splitter, "all")):
                counts[key][0] += len(found & truth)
                counts[key][1] += len(found)
                counts[key][2] += len(truth)
    print("| splitter | language | boundaries right / proposed (precision) | found / true (recall) |")
    print("|---|---|---:|---:|")
    for (splitter, code), (right, proposed, true) in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1] != "all", kv[0][1])):
        print(f"| {splitter} | {code} | {right}/{proposed} ({right / max(proposed, 1):.0%}) | {right}/{true} ({right / max(true, 1):.0%}) |")


if __name__ == "__main__":
    main()
