"""Fit and measure ``support.supports`` on the MSRP train split (4,045 news sentence pairs).

Every variant is scored by 10-fold stratified cross-validation on MSRP train: the logistic
regression is fitted on nine folds, its threshold chosen on those nine (the accuracy-maximising
score), and both applied to the tenth. Variants:

  lexical            the symmetric lexical alignment features alone
  encoder            the USE cosine alone
  combined           both (the model newsdigest ships)
  combined + gates   the same, with the conflict rules (numbers, days, negation) forcing "no",
                     each alone and all together

Time per pair is measured on the whole split: lexical features from cold profiles, and the encoder
per distinct sentence. ``--write`` refits the combined model on all of MSRP train and writes
``newsdigest/data/support.json`` (feature order, standardisation, weights, threshold).

    python benchmarks/paraphrase.py [--data ../shared/data] [--write]
"""
from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from common import parser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from newsdigest import support  # noqa: E402

L2 = 1.0  # the penalty of scikit-learn's LogisticRegression(C=1) on standardised features
FOLDS = 10


def load(data: str) -> tuple[list[tuple[str, str]], np.ndarray]:
    path = Path(data) / "msrp" / "train.tsv"
    if not path.is_file():
        sys.exit(f"{path}: not found (set --data or NEWSDIGEST_DATA)")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    return [(r[3], r[4]) for r in rows], np.array([int(r[0]) for r in rows])


def fit(x: np.ndarray, y: np.ndarray, veto: np.ndarray) -> dict:
    """L2-regularised logistic regression on standardised features, and its accuracy-maximising threshold."""
    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    zb = np.column_stack([z, np.ones(len(z))])

    def loss(w):
        p = 1 / (1 + np.exp(-(zb @ w)))
        eps = 1e-12
        value = -np.sum(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)) + 0.5 * np.sum(w[:-1] ** 2) / L2
        grad = zb.T @ (p - y) + np.append(w[:-1] / L2, 0.0)
        return value, grad

    w = minimize(loss, np.zeros(zb.shape[1]), jac=True, method="L-BFGS-B").x
    model = {"mean": mean, "scale": scale, "coef": w[:-1], "intercept": float(w[-1])}
    model["threshold"] = best_threshold(support.score_features(x, model), y, veto)
    return model


def best_threshold(p: np.ndarray, y: np.ndarray, veto: np.ndarray) -> float:
    """The score cut that makes the final decision (vetoes included) most accurate on these pairs."""
    grid = np.round(np.arange(0.30, 0.71, 0.01), 2)
    return float(max(grid, key=lambda t: (np.mean(((p >= t) & ~veto) == y), -abs(t - 0.5))))


def folds(y: np.ndarray) -> np.ndarray:
    """Stratified fold numbers, fixed seed."""
    rng = np.random.default_rng(0)
    out = np.zeros(len(y), dtype=int)
    for label in (0, 1):
        idx = rng.permutation(np.flatnonzero(y == label))
        out[idx] = np.arange(len(idx)) % FOLDS
    return out


def scores(pred: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    tp, fp, fn = np.sum(pred & (y == 1)), np.sum(pred & (y == 0)), np.sum(~pred & (y == 1))
    return 100 * np.mean(pred == y), 100 * 2 * tp / max(1, 2 * tp + fp + fn)


def cross_validate(x: np.ndarray, y: np.ndarray, veto: np.ndarray) -> tuple[float, float]:
    fold = folds(y)
    pred = np.zeros(len(y), dtype=bool)
    for k in range(FOLDS):
        train = fold != k
        model = fit(x[train], y[train], veto[train])
        pred[~train] = support.score_features(x[~train], model) >= model["threshold"]
    return scores(pred & ~veto, y)


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("--write", action="store_true", help="refit on all of MSRP train and write newsdigest/data/support.json")
    args = ap.parse_args()
    pairs, y = load(args.data)
    t = time.perf_counter()
    lexical = np.array([support.lexical_features(a, b) for a, b in pairs])
    t_lexical = (time.perf_counter() - t) / len(pairs)
    texts = list(dict.fromkeys(s for pair in pairs for s in pair))
    support.ENCODER.vectors(texts[:2])  # load the model outside the timing
    t = time.perf_counter()
    vectors = support.ENCODER.vectors(texts)
    t_encoder = (time.perf_counter() - t) / len(texts)
    index = {s: n for n, s in enumerate(texts)}
    cosine = np.array([float(vectors[index[a]] @ vectors[index[b]]) for a, b in pairs])[:, None]
    found = [set(support.conflicts(a, b)) for a, b in pairs]
    gate = {name: np.array([name in f for f in found]) for name in ("number", "day", "negation")}
    none = np.zeros(len(y), dtype=bool)
    combined = np.hstack([lexical, cosine])

    print(f"MSRP train: {len(pairs):,} pairs, {np.mean(y) * 100:.1f}% paraphrases; {FOLDS}-fold cross-validation")
    print(f"time: lexical features {t_lexical * 1e3:.3f} ms/pair; encoder {t_encoder * 1e3:.2f} ms/sentence "
          f"({1 / t_encoder:.0f} sentences/s)")
    print(f"{'variant':38s} {'accuracy':>8s} {'F1':>6s}")
    print(f"{'majority class':38s} {100 * max(np.mean(y), 1 - np.mean(y)):8.1f} {scores(np.ones(len(y), bool), y)[1]:6.1f}")
    rows = [("lexical", lexical, none), ("encoder", cosine, none), ("combined", combined, none)]
    rows += [(f"combined + {name} gate", combined, g) for name, g in gate.items()]
    rows.append(("combined + all gates (shipped)", combined, gate["number"] | gate["day"] | gate["negation"]))
    for name, x, veto in rows:
        acc, f1 = cross_validate(x, y, veto)
        print(f"{name:38s} {acc:8.1f} {f1:6.1f}")
    vetoed = gate["number"] | gate["day"] | gate["negation"]
    print(f"gates fire on {vetoed.sum()} pairs, {np.sum(vetoed & (y == 1))} of them labelled paraphrases")
    if args.write:
        model = fit(combined, y, vetoed)
        out = Path(__file__).resolve().parent.parent / "newsdigest" / "data" / "support.json"
        record = {"features": list(support.FEATURES), "mean": model["mean"].round(6).tolist(),
                  "scale": model["scale"].round(6).tolist(), "coef": model["coef"].round(6).tolist(),
                  "intercept": round(model["intercept"], 6), "threshold": model["threshold"],
                  "fitted_on": f"MSRP train ({len(pairs)} pairs), benchmarks/paraphrase.py"}
        out.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out} (threshold {model['threshold']:.2f})")


if __name__ == "__main__":
    main()
