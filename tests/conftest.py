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
