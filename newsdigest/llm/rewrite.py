"""``rewrite``: the abstractive stage, after attribution; only what checks out is kept.

``rewrite`` takes the attributed extractive material (selected at ``llm.material`` × the budget)
and the extractive summary at the budget. The model is asked for a summary whose every sentence
ends with the ids of the source sentences it uses (``prompt``); each generated sentence is then
checked against those sentences (``check``, and the optional yes/no judge). A sentence that
fails is replaced by the cited sentence closest to it (not one already shown); one citing
nothing known is dropped. The result is held to the budget, and a reply that leaves much of it
unused is topped up with extractive-summary sentences it does not already cover. When the
endpoint fails (timeout, HTTP error, malformed or empty reply) or nothing usable comes back, the
extractive summary is returned. Every such event is a warning, which the CLI prints on stderr.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..attribute import names_context, said
from ..model import Budget, Citation, Cluster, SummarySentence, Verdict
from ..outlets import source_key
from ..segment import split_sentences
from ..settings import LLMSettings
from ..support import statements
from ..vectors import content_terms, count_tokens, count_words
from .check import check, numbers
from .client import LLMError, chat
from .judge import judge
from .prompt import INSTRUCTION, Draft, messages, parse, short

@dataclass
class _Summary:
    """The summary as the reply's sentences are admitted to it."""

    sentences: list[SummarySentence] = field(default_factory=list)
    used: set[tuple[str, int]] = field(default_factory=set)  # source sentences already shown
    said: set[str] = field(default_factory=set)  # content words of the summary so far
    spent: int = 0
    generated: int = 0
    passed: int = 0
    kept: int = 0


def rewrite(cluster: Cluster, material: tuple[SummarySentence, ...], extracted: tuple[SummarySentence, ...],
            budget: Budget, llm: LLMSettings, query: str = "") -> tuple[tuple[SummarySentence, ...], tuple[str, ...]]:
    """Checked generated sentences (with extracted ones where a check failed), and the warnings."""
    text = {(s.article, s.index): s for s in cluster.sentences}
    origin = [text[(m.sources[0].article, m.sources[0].sentence)] for m in material]
    withheld = [k for k, s in enumerate(origin) if INSTRUCTION.search(s.original)]
    notes = [f"llm: withheld {_key(material[k])} from the model: it reads as an instruction to a model"
             for k in withheld]
    offered = [k for k in range(len(material)) if k not in withheld]
    if not offered:
        return extracted, tuple(notes + ["llm: no source sentence to give the model; the summary is extractive"])
    try:
        reply = chat(llm, messages([origin[k].text for k in offered], budget, query))
    except LLMError as exc:
        return extracted, tuple(notes + [f"llm: {exc}; the summary is extractive"])
    outlet = {d.id: source_key(d.article) for d in cluster.documents}
    names = names_context(cluster, cluster.language)  # titles and places, as attribution reads them
    summary = _Summary()
    for n, draft in enumerate(_drafts(reply, [origin[k] for k in offered], notes, names), start=1):
        cited = [offered[i - 1] for i in draft.ids]
        if draft.unknown:
            notes.append(f"llm: sentence {n} cites ids that are not sources: {', '.join(draft.unknown)}")
        if not cited:
            notes.append(f"llm: sentence {n} cites no source sentence; dropped: {short(draft.text)!r}")
            continue
        summary.generated += 1
        draft, cited, sentence = _checked(n, draft, cited, offered, origin, material, summary, llm, outlet, notes,
                                           names)
        if sentence is not None:
            _admit(n, sentence, [_key_of(material[k]) for k in cited], summary, budget, notes)
    if not summary.sentences:
        return extracted, tuple(notes + ["llm: no usable sentence in the reply; the summary is extractive"])
    out, filled = _fill(summary.sentences, extracted, summary.used, summary.said, budget, summary.spent)
    if filled:
        notes.append(f"llm: the reply left {budget.limit - summary.spent} of {budget.limit} {budget.unit} unused; "
                     f"added {filled} sentence{'s' if filled != 1 else ''} of the extractive summary")
    notes.append(f"llm: {summary.generated} generated sentence{'s' if summary.generated != 1 else ''} checked, "
                 f"{summary.passed} passed, {summary.kept} in the summary")
    return out, tuple(notes)


def _drafts(reply: str, offered: list, notes: list[str], names: tuple) -> list[Draft]:
    """The reply's lines as one draft per sentence, lines that are no summary sentence left out."""
    drafts = parse(reply, len(offered))
    notes += [f"llm: ignored a reply line that is not a summary sentence: {short(d.text)!r}"
              for d in drafts if _preamble(d)]
    drafts = [d for d in drafts if not _preamble(d)]
    if any(not d.ids and not d.unknown for d in drafts):
        notes.append("llm: the reply gave lines without [S…] ids; newsdigest found their sources by word overlap "
                     "and checked them against those")
    return _split(drafts, offered, names)


def _checked(n: int, draft: Draft, cited: list[int], offered: list[int], origin, material, summary: _Summary,
             llm: LLMSettings, outlet: dict, notes: list[str], names: tuple):
    """(draft, the material it cites, the sentence to show or None): the generated sentence when it
    passes its check, else the closest cited extracted sentence not shown yet."""
    verdict = _verdict(draft, [origin[k] for k in cited], llm)
    instruction = bool(INSTRUCTION.search(draft.text))
    if not verdict.supported and not verdict.judge and not instruction and not draft.aligned:
        # a sentence the sources support under other ids was mis-tagged, not invented
        retagged = replace(draft, ids=_cover(draft.text, {i: origin[k] for i, k in enumerate(offered, start=1)}, names),
                           aligned=True)
        recited = [offered[i - 1] for i in retagged.ids]
        again = _verdict(retagged, [origin[k] for k in recited], llm)
        if recited and again.supported:
            notes.append(f"llm: sentence {n} cited {_ids(draft.ids)} but states {_ids(retagged.ids)}; its "
                         "citations were corrected")
            draft, verdict, cited = retagged, again, recited
    reasons = verdict.reasons() + (["it reads as an instruction to a model"] if instruction else [])
    if not reasons:
        summary.passed += 1
        return draft, cited, _generated(draft, [material[k] for k in cited], verdict, outlet)
    if draft.aligned:
        notes.append(f"llm: sentence {n} failed its check ({'; '.join(reasons)}) and gave no ids to fall "
                     "back on; dropped")
        return draft, cited, None
    fallback = _closest(draft, [k for k in cited if _key_of(material[k]) not in summary.used], origin)
    if fallback is None:
        notes.append(f"llm: sentence {n} failed its check ({'; '.join(reasons)}) and its sources are "
                     "already shown; dropped")
        return draft, cited, None
    notes.append(f"llm: sentence {n} failed its check ({'; '.join(reasons)}); "
                 f"kept the extracted sentence {_key(material[fallback])} instead")
    return draft, cited, replace(material[fallback], check=verdict, draft=draft.text)


def _admit(n: int, sentence: SummarySentence, cited_keys: list[tuple[str, int]], summary: _Summary,
           budget: Budget, notes: list[str]) -> None:
    """Add the sentence unless it repeats the summary or does not fit the budget."""
    terms = set(content_terms(sentence.text))
    if terms and terms <= summary.said:
        notes.append(f"llm: sentence {n} repeats what the summary already says; dropped")
        return
    cost = _cost(sentence.text, budget)
    if summary.spent + cost > budget.limit:
        notes.append(f"llm: sentence {n} would take the summary past {budget.limit} {budget.unit}; dropped")
        return
    summary.spent += cost
    summary.said |= terms
    summary.kept += sentence.kind == "generated"
    summary.used.update([_key_of(sentence)] if sentence.kind == "extracted" else cited_keys)
    summary.sentences.append(sentence)


def _fill(out: list[SummarySentence], extracted, used: set, said: set[str], budget: Budget, spent: int):
    """A short reply is topped up, to the budget, with extractive-summary sentences whose content it
    does not already give (at most half of their content words already in ``said``, the summary's)."""
    have = set(said)
    added = 0
    for s in extracted:
        terms = set(content_terms(s.text))
        cost = _cost(s.text, budget)
        if _key_of(s) in used or spent + cost > budget.limit or len(terms & have) > 0.5 * len(terms):
            continue
        out.append(s)
        have |= terms
        spent += cost
        added += 1
    return tuple(out), added


def _split(drafts: list[Draft], offered: list, names: tuple) -> list[Draft]:
    """One draft per sentence. A line of several sentences is split, and each sentence cites those of
    the line's ids that cover its words; a line without ids is aligned the same way to every source
    offered (``aligned``), so it is checked against the sentences it draws on, as a tagged one is."""
    out = []
    for draft in drafts:
        pieces = split_sentences(draft.text) or [draft.text]
        if len(pieces) == 1 and (draft.ids or draft.unknown):
            out.append(draft)
            continue
        aligned = not draft.ids and not draft.unknown
        candidates = list(draft.ids) or list(range(1, len(offered) + 1) if aligned else [])
        for text in pieces:
            ids = _cover(text, {k: offered[k - 1] for k in candidates}, names)
            out.append(Draft(text, ids or tuple(draft.ids[:1]), draft.unknown, aligned=aligned))
    return out


def _preamble(draft: Draft) -> bool:
    """An untagged line too short to be a sentence, or one introducing what follows ("Summary:")."""
    return not draft.ids and not draft.unknown and (count_words(draft.text) < 4 or draft.text.rstrip().endswith(":"))


def _cover(text: str, candidates: dict, names: tuple) -> tuple[int, ...]:
    """The candidate sources that state the sentence (``support.statements`` with the cluster's
    titles and places, ``names``: as attribution asks it), at most 4; for a sentence no one source
    states (a fusion), a greedy cover of its content words and numbers by the candidates."""
    keys = list(candidates)
    titles, around = names
    verdicts = statements(((text, said(candidates[k])) for k in keys), titles=titles, context=around)
    stating = sorted(((v.score, -k) for k, v in zip(keys, verdicts) if v.same), reverse=True)[:4]
    if stating:
        return tuple(sorted(-k for _, k in stating))
    need = set(content_terms(text)) | set(numbers(text))
    have = {k: (set(s.terms) | set(numbers(s.original))) & need for k, s in candidates.items()}
    chosen: list[int] = []
    while need and len(chosen) < 4:
        best = max(have, key=lambda k: (len(have[k] & need), -k), default=None)
        if best is None or not have[best] & need:
            break
        chosen.append(best)
        need -= have.pop(best)
    return tuple(sorted(chosen))


def _verdict(draft: Draft, sources, llm: LLMSettings) -> Verdict:
    verdict = replace(check(draft.text, [s.original for s in sources], llm.min_overlap),
                      against=tuple(Citation(s.article, s.index) for s in sources), aligned=draft.aligned)
    if llm.judge and verdict.supported:
        verdict = replace(verdict, judge=judge(draft.text, [s.original for s in sources], llm))
    return verdict


def _generated(draft: Draft, cited: list[SummarySentence], verdict: Verdict, outlet: dict) -> SummarySentence:
    """Cites every sentence it was built from first, then their paraphrases elsewhere."""
    sources = [m.sources[0] for m in cited] + [c for m in cited for c in m.sources[1:]]
    sources = list(dict.fromkeys(sources))
    return SummarySentence(draft.text, tuple(sources), len({outlet[c.article] for c in sources}),
                           kind="generated", check=verdict)


def _closest(draft: Draft, candidates: list[int], origin) -> int | None:
    """The cited sentence sharing most content words with the draft (ties: the earlier one)."""
    if not candidates:
        return None
    terms = set(content_terms(draft.text))
    return max(candidates, key=lambda k: (len(terms & set(origin[k].terms)), -k))


def _cost(text: str, budget: Budget) -> int:
    return {"words": count_words, "tokens": count_tokens, "sentences": lambda _: 1}[budget.unit](text)


def _ids(ids) -> str:
    return "[" + ", ".join(f"S{i}" for i in ids) + "]"


def _key_of(s: SummarySentence) -> tuple[str, int]:
    return (s.sources[0].article, s.sources[0].sentence)


def _key(s: SummarySentence) -> str:
    return f"{s.sources[0].article}#{s.sources[0].sentence}"
