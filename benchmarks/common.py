"""What the benchmark scripts share: where the data is, and the DUC 2003 clusters."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


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
