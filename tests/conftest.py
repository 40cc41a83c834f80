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
