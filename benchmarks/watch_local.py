"""Two `watch --once` rounds over a local feed of the bundled example pages, then `publish`.

    python benchmarks/watch_local.py

Serves examples/ on 127.0.0.1 (the standard library's file server, which answers If-Modified-Since
with 304) with an RSS feed of every page and a robots.txt, runs the real CLI twice against it and
prints what each round did and every request the server saw. Nothing leaves the machine.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
from email.utils import formatdate
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEN: list[str] = []


class Logged(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - http.server's name
        conditional = " (conditional)" if self.headers.get("If-Modified-Since") else ""
        SEEN.append(f"{self.command} {self.path} -> {args[1] if len(args) > 1 else '?'}{conditional}")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="watch-local-"))
    site = work / "site"
    pages = []
    for folder in ("harbour-bridge", "tramway-lerac"):
        shutil.copytree(ROOT / "examples" / folder, site / "news" / folder)
        pages += [f"/news/{folder}/{p.name}" for p in sorted((site / "news" / folder).iterdir())]
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Logged, directory=str(site)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    # an aggregator's feed: each item names its outlet (<source>), from the example's file name
    items = "".join(f"<item><title>{Path(p).stem}</title><link>{base}{p}?utm_source=rss</link>"
                    f"<source url='{base}/'>{Path(p).stem.split('_', 1)[1].split('-recrawl')[0].replace('-', ' ').title()}"
                    f"</source><pubDate>{formatdate(usegmt=True)}</pubDate></item>" for p in pages)
    (site / "feed.xml").write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>Local news</title>"
                                   f"{items}</channel></rss>")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    (work / "c.toml").write_text("fetch_delay = 0.0\n")
    db, out = work / "news.db", work / "public"
    command = [sys.executable, "-m", "newsdigest.cli", "watch", f"{base}/feed.xml", "--db", str(db), "--once",
               "--config", str(work / "c.toml")]
    for n in (1, 2):
        SEEN.clear()
        run = subprocess.run(command + (["--publish", str(out), "--days", "1000"] if n == 2 else []),
                             capture_output=True, text=True, cwd=ROOT)
        print(f"--- round {n} (exit {run.returncode})")
        print(run.stderr.rstrip())
        print(f"requests the server saw ({len(SEEN)}):")
        print("\n".join(f"  {line}" for line in SEEN))
    events = subprocess.run([sys.executable, "-m", "newsdigest.cli", "events", "--db", str(db)],
                            capture_output=True, text=True, cwd=ROOT)
    print("--- newsdigest events")
    print(events.stdout.rstrip())
    print(f"--- published: {', '.join(sorted(p.name for p in out.iterdir()))}")
    server.shutdown()
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
