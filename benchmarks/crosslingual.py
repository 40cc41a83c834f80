"""Cross-lingual support on MultiLing 2011's translations: does ``support.across`` find that an
English sentence and its French (Arabic, Greek, Hindi) translation state the same thing, and
that an unrelated sentence of the same article does not?

    python benchmarks/crosslingual.py --data ../shared/data

Pairs: in each article whose English and translated texts have the same paragraphs and, within
a paragraph, the same number of sentences, sentence k with sentence k (a translation; 6 words
or more), and the English sentence with a random other sentence of the translated article
(seeded). ``support.CROSS_LINGUAL_COSINE`` was chosen on French and is reported on the others.
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np

import common  # noqa: F401  (this tree's package first on sys.path, before newsdigest)
from newsdigest.language import language
from newsdigest.segment import split_sentences
from newsdigest.support import CROSS_LINGUAL_COSINE, ENCODER, ENCODER_LANGUAGES


def pairs(root: Path, other: str, seed: int = 0) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    name = language(other).name
    same, unrelated = [], []
    rng = random.Random(seed)
    for k in range(100):
        english = [p.strip() for p in (root / "english" / "SourceTexts" / f"M{k:04d}.english").read_text(
            encoding="utf-8").split("\n") if p.strip()]
        translated = [p.strip() for p in (root / name / "SourceTexts" / f"M{k:04d}.{name}").read_text(
            encoding="utf-8").split("\n") if p.strip()]
        if len(english) != len(translated):
            continue
        theirs = [split_sentences(p, other) for p in translated]
        pool = [s for p in theirs for s in p]
        for ours, them in zip((split_sentences(p, "en") for p in english), theirs):
            if len(ours) != len(them):
                continue
            for a, b in zip(ours, them):
                if len(a.split()) >= 6:
                    same.append((a, b))
                    c = rng.choice(pool)
                    if c != b:
                        unrelated.append((a, c))
    return same, unrelated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data")
    args = parser.parse_args()
    root = Path(args.data) / "multiling2011"
    print(f"| English and | translations | unrelated | cosine ≥ {CROSS_LINGUAL_COSINE}: translations found | "
          "unrelated above it | encoder trained on it |")
    print("|---|---:|---:|---:|---:|---|")
    for other in ("fr", "ar", "el", "hi"):
        same, unrelated = pairs(root, other)
        texts = list(dict.fromkeys(t for p in same + unrelated for t in p))
        vectors = ENCODER.vectors(texts)
        at = {t: n for n, t in enumerate(texts)}
        cos = lambda ps: np.array([vectors[at[a]] @ vectors[at[b]] for a, b in ps])  # noqa: E731
        found, wrong = (cos(same) >= CROSS_LINGUAL_COSINE).mean(), (cos(unrelated) >= CROSS_LINGUAL_COSINE).mean()
        print(f"| {other} | {len(same)} | {len(unrelated)} | {found:.2f} | {wrong:.3f} | "
              f"{'yes' if other in ENCODER_LANGUAGES else 'no'} |")


if __name__ == "__main__":
    main()
