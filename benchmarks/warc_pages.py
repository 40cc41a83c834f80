"""What reading a crawl costs: HTML pages in a WARC.gz, read by ``ingest``'s WARC reader.

    python benchmarks/warc_pages.py --stream /tmp/nd-stream/stream-10000.jsonl [--pages 2000]

No real crawl ships with the dev data, so the pages are built: each article of the synthetic
stream (benchmarks/stream_throughput.py) is put in a news-page template with what scraped pages
carry: a head of meta tags, JSON-LD, style and analytics scripts, a 60-link menu, share
buttons, a photo caption, ten related-article teasers, a cookie banner and a 40-link footer.
Pages are about the size of a real news page (mean ~60 KiB of HTML). They are written as one
WARC.gz with warcio, then read back in one process by ``ingest.stream_file`` (warcio, then
trafilatura, one record at a time). The script reports pages per second on one core and the
compressed bytes per record, the two numbers the cost per TiB in docs/benchmarks.md uses.
"""
from __future__ import annotations

import html
from collections import Counter
import json
import random
import tempfile
import time
from io import BytesIO
from itertools import islice
from pathlib import Path

from common import parser

ap = parser(__doc__)
ap.add_argument("--stream", default="/tmp/nd-stream/stream-10000.jsonl")
ap.add_argument("--pages", type=int, default=2000)
args = ap.parse_args()

rng = random.Random(0)
records = [json.loads(line) for line in islice(open(args.stream, encoding="utf-8"), args.pages)]
heads = [r["title"] for r in records]


def link_list(n: int, prefix: str) -> str:
    return "".join(f'<li><a href="/{prefix}/{k}-{rng.randrange(10**6)}">{html.escape(rng.choice(heads)[:40])}</a></li>'
                   for k in range(n))


def page(r: dict) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in r["text"].split("\n") if p.strip())
    teasers = "".join(f'<div class="teaser"><a href="/story/{rng.randrange(10**7)}"><h3>{html.escape(t)}</h3></a>'
                      f'<p>{html.escape(rng.choice(records)["text"][:220])}…</p></div>'
                      for t in rng.sample(heads, 10))
    script = "var _q=window._q||[];" + ";".join(f"_q.push(['set','k{k}','{rng.randrange(10**9)}'])" for k in range(300))
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": r["title"],
                     "datePublished": r.get("date") or "", "publisher": {"@type": "Organization", "name": r.get("source")}})
    style = "".join(f".c{k}{{margin:{k % 9}px;padding:{k % 7}px;color:#{k * 2654435761 % 16**6:06x}}}" for k in range(400))
    body = (f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{html.escape(r['title'])} | The Daily</title>"
            + "".join(f'<meta name="m{k}" content="{rng.randrange(10**8)}">' for k in range(25))
            + f'<script type="application/ld+json">{ld}</script><style>{style}</style><script>{script}</script></head>'
            f'<body><div class="cookie">We use cookies to improve your experience. <button>Accept all</button></div>'
            f"<header><nav><ul>{link_list(60, 'section')}</ul></nav></header>"
            f'<main><article><h1>{html.escape(r["title"])}</h1><div class="byline">By Staff Reporter</div>'
            f'<div class="share"><a href="#">Facebook</a><a href="#">Twitter</a><a href="#">Email</a></div>'
            f'<figure><img src="/img/{rng.randrange(10**6)}.jpg"><figcaption>Photo: file picture.</figcaption></figure>'
            f'{paragraphs}</article><aside><h2>Related</h2>{teasers}</aside></main>'
            f"<footer><ul>{link_list(40, 'about')}</ul><p>Copyright The Daily.</p></footer></body></html>")
    return body.encode("utf-8")


def main() -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from newsdigest.ingest import stream_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pages.warc.gz"
        sizes = []
        with open(path, "wb") as f:
            writer = WARCWriter(f, gzip=True)
            for n, r in enumerate(records):
                body = page(r)
                sizes.append(len(body))
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    f"https://news{n % 50}.example/story/{n}", "response", payload=BytesIO(body),
                    http_headers=headers, warc_headers_dict={"WARC-Date": (r.get("date") or "2024-01-01") + "T08:00:00Z"}))
        skipped = []
        start = time.perf_counter()
        read = sum(1 for _ in stream_file(path, path.name, skip=lambda w, why: skipped.append(why)))
        seconds = time.perf_counter() - start
        compressed = path.stat().st_size
    print(f"{len(records)} pages, mean {sum(sizes) / len(sizes) / 1024:.0f} KiB of HTML, "
          f"{compressed / len(records) / 1024:.1f} KiB per WARC.gz record; read {read} "
          f"({len(skipped)} skipped) in {seconds:.1f} s: {read / seconds:.0f} pages/s on one core")
    for reason, n in Counter(skipped).most_common(3):
        print(f"  skipped {n}: {reason}")


main()
