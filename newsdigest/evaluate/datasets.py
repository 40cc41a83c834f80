"""Benchmark loaders, one place each: clusters of articles with their human summaries.

A ``Dataset`` knows its layout, its conventional budget and which ROUGE it is scored with,
so ``evaluate`` treats every set alike. The articles go through the same readers and the
same cleaning as ``summarize``: the benchmark measures the product, not a cleaner copy.
"""
from __future__ import annotations

import ast
import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from ..errors import InputError
from ..model import Article, EvalCluster
from ..settings import Settings

OFFICIAL = "rouge-1.5.5"
FAST = "rouge-score"
UNICODE = "rouge-unicode"


@dataclass(frozen=True)
class Dataset:
    name: str
    load: Callable[[Path, Settings], Iterator[EvalCluster]]
    words: int
    """The conventional budget, the same for every method."""
    scorer: str
    """``OFFICIAL`` where published numbers are ROUGE-1.5.5, else ``FAST``."""
    default_path: str
    """Where the set sits inside the shared data folder."""
    about: str
    language_path: str = ""
    """Where the set in another language sits (``{name}``: the language's English name,
    ``evaluate --language``); "" for a set in one language."""
    flags: str = ""
    """Its ROUGE-1.5.5 options when they are not DUC 2004's (``{words}`` is the budget)."""


def as_lines(text: str, lang: str = "en") -> str:
    """A reference as one sentence a line (what ROUGE-Lsum and SEE files expect)."""
    from ..segment import split_sentences  # imported here: the CLI lists datasets at start-up

    return "\n".join(s for s in split_sentences(" ".join(text.split()), lang) if s.strip())


def _need(path: Path, what: str) -> Path:
    if not path.exists():
        raise InputError(str(path), f"not found ({what})")
    return path


# --- DUC / TAC layout: docs/<cluster>/ + refs/ (or models/) with <ID>.M.100.T.<assessor>
_SEE_TEXT = re.compile(r'<a [^>]*id=[^>]*>(.*?)</a>', re.I | re.S)
_TAG = re.compile(r"<[^>]+>")


def duc_reference(path: Path) -> str:
    """Plain text one chunk a line (DUC 2003 refs) or a SEE page (DUC 2004 models)."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if "<a " in raw.lower() and "<body" in raw.lower():
        raw = "\n".join(_TAG.sub(" ", chunk) for chunk in _SEE_TEXT.findall(raw))
    return as_lines(raw)


def _duc_summaries(folder: Path, cluster: str) -> list[Path]:
    """``d30001t`` → ``D30001.M.100.T.A`` …; also exact names (``D0601A.M.250.A.A``)."""
    for key in (cluster.upper(), cluster[:-1].upper()):
        found = sorted(p for p in folder.iterdir() if p.name.upper().startswith(key + ".M."))
        if found:
            return found
    return []


def _duc_references(folder: Path, cluster: str) -> list[Path]:
    """The human summaries of a cluster: DUC names their writers by letters (``….A``); a summary
    named by a number (``D0601.M.250.A.12``) is a participant's, read by ``_duc_peers``."""
    return [p for p in _duc_summaries(folder, cluster) if not p.name.rsplit(".", 1)[-1].isdigit()]


def _duc_peers(root: Path, refs: Path, cluster: str) -> tuple[tuple[str, str], ...]:
    """The shared task's own runs for a cluster, where the set has them: numbered summaries in the
    references' folder or in ``peers/`` (``D0601.M.250.A.12`` → system ``ID12``)."""
    found = [p for p in _duc_summaries(refs, cluster) if p.name.rsplit(".", 1)[-1].isdigit()]
    if (root / "peers").is_dir():
        found += _duc_summaries(root / "peers", cluster)
    return tuple((f"ID{p.name.rsplit('.', 1)[-1]}", duc_reference(p)) for p in sorted(set(found)))


def load_duc(root: Path, settings: Settings) -> Iterator[EvalCluster]:
    from ..ingest import read_paths

    docs = _need(root / "docs", "a DUC-style folder has docs/<cluster>/ and refs/ or models/")
    refs = next((root / n for n in ("refs", "models") if (root / n).is_dir()), None)
    if refs is None:
        raise InputError(str(root), "no refs/ or models/ folder")
    for folder in sorted(p for p in docs.iterdir() if p.is_dir()):
        paths = _duc_references(refs, folder.name)
        if not paths:
            print(f"newsdigest: warning: {folder}: no reference summaries; skipped", file=sys.stderr)
            continue
        yield EvalCluster(folder.name, tuple(read_paths([folder], settings)),
                          tuple(duc_reference(p) for p in paths), peers=_duc_peers(root, refs, folder.name))


# --- DUC 2005-2007 main task (query-focused): docs/<topic>/ + refs/ + a topics SGML file of
# <topic><num>…</num><title>…</title><narr>…</narr>…</topic>; the title and narrative are the query
_TOPIC = re.compile(r"<topic>(.*?)</topic>", re.I | re.S)
_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.I | re.S) for name in ("num", "title", "narr")}
DUC_QUERY_FLAGS = "-n 4 -w 1.2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -a"
"""DUC 2006/2007's ROUGE-1.5.5 options (their ``-d``, per-evaluation output, is always added)."""


def topics(path: Path) -> dict[str, str]:
    """Topic id → its query: the title and the narrative, one text."""
    out = {}
    for block in _TOPIC.findall(path.read_text(encoding="utf-8", errors="replace")):
        found = {k: " ".join(m.group(1).split()) if (m := p.search(block)) else "" for k, p in _FIELD.items()}
        if found["num"]:
            title = found["title"].rstrip(".")
            out[found["num"]] = f"{title}. {found['narr']}".strip(". ") if title else found["narr"]
    return out


def load_duc_query(root: Path, settings: Settings) -> Iterator[EvalCluster]:
    from ..ingest import read_paths

    docs = _need(root / "docs", "a DUC main-task folder has docs/<topic>/, refs/ and a topics .sgml file")
    refs = _need(root / "refs", "a DUC main-task folder has docs/<topic>/, refs/ and a topics .sgml file")
    found = sorted(root.glob("*topics*.sgml")) or sorted(root.glob("*.sgml"))
    if not found:
        raise InputError(str(root), "no topics .sgml file (the queries)")
    queries = topics(found[0])
    for folder in sorted(p for p in docs.iterdir() if p.is_dir()):
        paths = _duc_references(refs, folder.name)
        query = queries.get(folder.name) or queries.get(folder.name.upper(), "")
        if not paths or not query:
            what = "no reference summaries" if not paths else "no topic statement"
            print(f"newsdigest: warning: {folder}: {what}; skipped", file=sys.stderr)
            continue
        yield EvalCluster(folder.name, tuple(read_paths([folder], settings)),
                          tuple(duc_reference(p) for p in paths), peers=_duc_peers(root, refs, folder.name), query=query)


# --- DUC 2007 update task: docs/<topic>/<topic>-A|B|C/ (or docs/<topic>-A/ …), a topics SGML file,
# refs/ (or models/) with D0703-B.M.100.<assessor>.<writer>; subset B is summarized given A, C given A and B
_SUBSET = re.compile(r"^(D\d+[A-Z]?)-([A-Z])$", re.I)


def _subsets(docs: Path) -> dict[str, list[Path]]:
    """Topic id → its subset folders in order (A, B, C), found one or two levels under ``docs``."""
    found: dict[str, list[Path]] = {}
    for folder in sorted(p for p in docs.iterdir() if p.is_dir()):
        inner = [folder] if _SUBSET.match(folder.name) else sorted(p for p in folder.iterdir() if p.is_dir())
        for sub in inner:
            if match := _SUBSET.match(sub.name):
                found.setdefault(match.group(1).upper(), []).append(sub)
    return {t: sorted(subs, key=lambda p: p.name.upper()) for t, subs in found.items()}


def load_duc_update(root: Path, settings: Settings) -> Iterator[EvalCluster]:
    from ..ingest import read_paths

    what = "a DUC update-task folder has docs/<topic>/<topic>-A|B|C/, refs/ (or models/) and a topics .sgml file"
    docs = _need(root / "docs", what)
    refs = next((root / n for n in ("refs", "models") if (root / n).is_dir()), None)
    found = sorted(root.glob("*topics*.sgml")) or sorted(root.glob("*.sgml"))
    if refs is None or not found:
        raise InputError(str(root), "no refs/ or models/ folder" if refs is None else "no topics .sgml file (the queries)")
    queries = topics(found[0])
    groups = _subsets(docs)
    if not groups:
        raise InputError(str(docs), f"no subset folders such as D0703A-A ({what})")
    for topic, subsets in groups.items():
        query = queries.get(topic, "")
        read = [tuple(read_paths([folder], settings)) for folder in subsets]
        for k in range(1, len(subsets)):  # the first subset has nothing earlier: not an update
            name = subsets[k].name.upper()
            key = f"{topic[:-1] if topic[-1].isalpha() else topic}-{name[-1]}"  # D0703A-B → D0703-B
            paths = _duc_references(refs, key) or _duc_references(refs, name)
            if not paths or not query:
                print(f"newsdigest: warning: {subsets[k]}: {'no reference summaries' if not paths else 'no topic statement'}"
                      "; skipped", file=sys.stderr)
                continue
            peers = _duc_peers(root, refs, key) or _duc_peers(root, refs, name)
            yield EvalCluster(name, read[k], tuple(duc_reference(p) for p in paths), peers=peers, query=query,
                              seen=tuple(a for earlier in read[:k] for a in earlier))


# --- MultiLing 2011: SourceTexts/M0000.english … (topic = first four characters), ModelSummaries/M000.A.250,
# and where the set has them the participants' runs, PeerSummaries/M000.<system>[.250]
_PEER_FOLDERS = ("PeerSummaries", "Peer Summaries", "SystemSummaries", "peers")


def load_multiling(root: Path, settings: Settings) -> Iterator[EvalCluster]:
    from ..ingest import read_paths
    from ..language import identify

    sources = _need(root / "SourceTexts", "MultiLing layout: SourceTexts/ and ModelSummaries/")
    models = _need(root / "ModelSummaries", "MultiLing layout: SourceTexts/ and ModelSummaries/")
    peers_at = next((root / n for n in _PEER_FOLDERS if (root / n).is_dir()), None)
    topics: dict[str, list[Path]] = {}
    for path in sorted(sources.iterdir()):
        topics.setdefault(path.name[:4], []).append(path)
    for topic, paths in topics.items():
        refs = sorted(models.glob(f"{topic}.*"))
        if not refs:
            print(f"newsdigest: warning: {topic}: no model summaries; skipped", file=sys.stderr)
            continue
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in refs]
        lang = identify(texts[0])[0] or "en"  # the references' sentences, split in their language
        peers = tuple((_peer_name(p), as_lines(p.read_text(encoding="utf-8", errors="replace"), lang))
                      for p in sorted(peers_at.glob(f"{topic}.*"))) if peers_at else ()
        yield EvalCluster(topic, tuple(read_paths(paths, settings)), tuple(as_lines(t, lang) for t in texts), peers)


def _peer_name(path: Path) -> str:
    """``M000.ID3.250`` → ``ID3``; ``M000.3`` → ``ID3`` (the pilot's system ids)."""
    part = path.name.split(".")[1] if "." in path.name else path.name
    return f"ID{part}" if part.isdigit() else part


# --- Multi-News: CSV with documents (a Python list literal) and summary ("– " first)
def load_multinews(path: Path, settings: Settings) -> Iterator[EvalCluster]:
    if path.is_dir():
        path = next(iter(sorted(path.glob("*.csv"))), path / "missing.csv")
    _need(path, "the Multi-News CSV")
    csv.field_size_limit(sys.maxsize)
    with path.open(newline="", encoding="utf-8") as handle:
        for n, row in enumerate(csv.DictReader(handle)):
            try:
                documents = ast.literal_eval(row["documents"])
                summary = row["summary"]
            except (KeyError, ValueError, SyntaxError) as exc:
                raise InputError(f"{path}:{n + 2}", f"not a Multi-News row ({exc})") from None
            cid = f"multinews-{n:04d}"
            # Paragraphs are separated by " \n \n " in the corpus; one a line is what readers give.
            articles = tuple(Article(id=f"{cid}/{k}", text="\n".join(p.strip() for p in d.split("\n") if p.strip()))
                             for k, d in enumerate(documents) if d.strip())
            if articles:
                yield EvalCluster(cid, articles, (as_lines(summary.lstrip("–- ").strip()),))


# --- NeuS: val.source, one cluster a line, "TITLE=> … ARTICLE=> …" blocks joined by " [SEP] "; val.target alike
_NEUS_BLOCK = re.compile(r"TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*)", re.S)


def _neus_block(block: str) -> tuple[str, str]:
    match = _NEUS_BLOCK.match(block.strip())
    return (match.group(1), match.group(2)) if match else ("", block.strip())


def load_neus(root: Path, settings: Settings) -> Iterator[EvalCluster]:
    if root.is_dir():  # val.source if present, else the folder's only *.source (e.g. test.source)
        found = sorted(root.glob("*.source"))
        root = root / "val.source" if (root / "val.source").exists() or len(found) != 1 else found[0]
    source = _need(root, "NeuS: <split>.source and <split>.target")
    target = _need(source.with_suffix(".target"), "NeuS: <split>.source and <split>.target")
    with source.open(encoding="utf-8") as src, target.open(encoding="utf-8") as tgt:
        for n, (line, ref) in enumerate(zip(src, tgt)):
            cid = f"neus-{n:04d}"
            articles = []
            for k, block in enumerate(line.split(" [SEP] ")):
                title, body = _neus_block(block)
                if body:
                    articles.append(Article(id=f"{cid}/{k}", text=body, title=title))
            # The reference is the roundup's body; its headline is not part of the summary.
            yield EvalCluster(cid, tuple(articles), (as_lines(_neus_block(ref)[1]),))


DATASETS: dict[str, Dataset] = {d.name: d for d in (
    Dataset("duc2003", load_duc, 100, OFFICIAL, "duc2003",
            "DUC 2003 task 2 (and any folder of that layout, e.g. DUC 2004)"),
    Dataset("duc2007-main", load_duc_query, 250, OFFICIAL, "duc2007-main",
            "DUC 2007 main task, query-focused (and any DUC 2005-2007 main-task folder)", flags=DUC_QUERY_FLAGS),
    Dataset("duc2007-update", load_duc_update, 100, OFFICIAL, "duc2007-update",
            "DUC 2007 update task: subsets B and C given the earlier ones (--since) and the topic (--query)",
            flags=DUC_QUERY_FLAGS),
    Dataset("multiling2011", load_multiling, 250, OFFICIAL, "multiling2011-en",
            "MultiLing 2011 pilot, English (--language: any of its languages)", "multiling2011/{name}"),
    # 230 / 66 words: the mean reference length of the validation split (Multi-News: 228 on the
    # 250-cluster sample here; NeuS: 65.8 words of the roundup body), the length a reader of
    # that set expects. One budget for every method, so the comparison stays fair.
    Dataset("multinews", load_multinews, 230, FAST, "multinews-val/sample_validation.csv",
            "Multi-News validation sample"),
    Dataset("neus", load_neus, 66, FAST, "neus-val", "NeuS (AllSides) validation split"),
)}
