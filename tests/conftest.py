import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "harbour-bridge"


def shared_data() -> Path:
    return Path(os.environ.get("NEWSDIGEST_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture
def sochi() -> Path:
    path = shared_data() / "sochi-2019"
    if not path.is_dir():
        pytest.skip(f"{path} not present (research data lives outside the repo)")
    return path


@pytest.fixture
def example() -> Path:
    return EXAMPLE


def shared(name: str) -> Path:
    """A folder of the shared research data, or a clean skip when it is absent."""
    path = shared_data() / name
    if not path.exists():
        pytest.skip(f"{path} not present (research data lives outside the repo)")
    return path


REFERENCE_A = """The Alden Harbour Bridge reopened to traffic on Monday, four months after an October storm tore away part of its eastern span.
Mayor Ilse Brandt led the first buses across.
The repairs cost 42 million crowns; engineers replaced 14 steel cables and rebuilt 120 metres of deck.
The emergency ferry will stop running on Friday."""

REFERENCE_B = """Four months after a storm damaged it, the Alden Harbour Bridge reopened on Monday.
Repairs cost 42 million crowns.
Residents criticised a plan to raise the toll from two to three crowns."""


def make_duc_like(root: Path) -> Path:
    """A dataset in the DUC layout made from the bundled example: docs/<cluster>/ and refs/."""
    import shutil

    for cluster in ("d00001t", "d00002t"):
        shutil.copytree(EXAMPLE, root / "docs" / cluster)
        (root / "refs").mkdir(parents=True, exist_ok=True)
        (root / "refs" / f"{cluster[:-1].upper()}.M.100.T.A.html").write_text(REFERENCE_A)
        (root / "refs" / f"{cluster[:-1].upper()}.M.100.T.B.html").write_text(REFERENCE_B)
    return root


@pytest.fixture
def duc_like(tmp_path) -> Path:
    return make_duc_like(tmp_path / "duc-like")


def is_deletion_of(short: str, full: str) -> bool:
    """``short`` keeps words of ``full`` in order (what compression may do), ignoring case and punctuation."""
    import re

    words = lambda t: re.findall(r"\w+", t.lower())
    rest = iter(words(full))
    return all(w in rest for w in words(short))


def synthetic_feed(events: int, per_event: int, seed: int = 0, start: str = "2024-01-01") -> list[dict]:
    """Invented news: ``events`` stories with their own names and words, ``per_event`` articles
    each from different outlets, worded differently, dated within a few days; shuffled.
    Records as JSON Lines would hold them."""
    import random
    from datetime import date, timedelta

    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ren", "tas", "vo", "dri", "pel", "sun", "gar", "ber", "nor", "til", "vak"]
    word = lambda: "".join(rng.choice(syllables) for _ in range(3))
    common = ["officials", "said", "report", "city", "week", "police", "government", "people", "plan", "new"]
    records = []
    for e in range(events):
        names = [word().capitalize() for _ in range(3)]
        topic = [word() for _ in range(12)]
        day = date.fromisoformat(start) + timedelta(days=rng.randrange(0, 60))
        for k in range(per_event):
            sentences = []
            for _ in range(8):
                words = rng.sample(topic, 5) + rng.sample(common, 3) + [rng.choice(names)]
                rng.shuffle(words)
                sentences.append(f"{rng.choice(names)} {' '.join(words)} in the {word()} district.")
            records.append({"id": f"e{e}-a{k}", "title": f"{names[0]} {topic[0]} {topic[1]}",
                            "source": f"outlet-{k}", "date": (day + timedelta(days=rng.randrange(0, 3))).isoformat(),
                            "text": "\n\n".join(sentences)})
    rng.shuffle(records)
    return records


def write_jsonl(path: Path, records: list[dict]) -> Path:
    import json

    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def stub():
    """``stub((status, body, delay), …)``: a canned OpenAI-compatible server on 127.0.0.1 (tests/llm_stub.py)."""
    from llm_stub import Stub

    servers = []

    def make(*replies):
        servers.append(Stub(replies))
        return servers[-1]
    yield make
    for s in servers:
        s.close()
