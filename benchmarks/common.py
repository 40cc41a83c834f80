"""What the benchmark scripts share: where the data is, and the DUC 2003 clusters."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# The tree this script is in comes first, for it and for the `python -m newsdigest.cli` children it
# starts: run from a worktree of another commit, a script must time that commit's package, not the
# one the editable install points at (which once made a before/after comparison time one tree twice;
# docs/benchmarks.md, "Stop 36"). Every script imports this module before newsdigest.
ROOT = Path(__file__).resolve().parents[1]
if (ROOT / "newsdigest").is_dir():
    sys.path.insert(0, str(ROOT))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))


def parser(doc: str | None) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.environ.get("NEWSDIGEST_DATA", "../shared/data"),
                    help="the shared data folder (default: $NEWSDIGEST_DATA or ../shared/data)")
    return ap


def duc2003_folders(data: str) -> list[Path]:
    """The cluster folders of DUC 2003; exits with a message when the data is absent."""
    root = Path(data) / "duc2003" / "docs"
    if not root.is_dir():
        sys.exit(f"{root}: not found (set --data or NEWSDIGEST_DATA)")
    return sorted(root.iterdir())
