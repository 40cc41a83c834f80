"""Fuzz campaign: mutated real inputs and hostile seeds through every reader, summarize (the Python
API and the CLI, every format), ingest and the HTTP API.

Seeds: the bundled examples, a sample of the dev pages (``html-pages/``) and of DUC 2003 (SGML and
as JSON Lines) when the shared data is there, and hostile inputs written here: deep nesting, huge
single lines, NUL bytes, invalid UTF-8 and UTF-16, an XML entity bomb, a page of a million tags,
SGML without ``</TEXT>``, JSON values that are not objects. Each input is a seed or a mutation of
one or two (byte flips, cut ranges, inserted markup and control tokens, repeated chunks, splices),
under a name whose extension is the seed's or another reader's.

What counts as a failure, per input:
  crash    any exception other than newsdigest's own errors from a reader, ``summarize`` or a
           renderer; a CLI exit code other than 0 or 2, an error that is not one line, output
           written despite an error; ``ingest`` raising; the HTTP API answering 500
  timeout  one input taking longer than ``--timeout`` seconds in all its checks together (about
           ten runs of the pipeline: six reader calls, summarize, the CLI, ingest)
  partial  a CLI success that wrote no output file

    python benchmarks/fuzz.py [--data ../shared/data] [--inputs 10000] [--seed 0] [--timeout 120]
                              [--jobs 2] [--failures DIR]
"""
from __future__ import annotations

import contextlib
import gzip
import io
import json
import multiprocessing as mp
import random
import re
import resource
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from common import parser

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = (".txt", ".html", ".json", ".jsonl", ".sgml", ".htm", "", ".md")
TOKENS = [b"<DOC>", b"</DOC>", b"<TEXT>", b"</TEXT>", b"<DOCNO> X </DOCNO>", b"{", b"}", b"[", b"]", b'"', b"\\",
          b"\x00", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"<html>", b"<body>", b"</p>", b"<p>", b"<!--", b"-->",
          b"&lol;", b"&amp;", b"&#0;", b"&#x110000;", b"<![CDATA[", b"]]>", b"\r", b"\n\n", b"\t", "é".encode(),
          b"\xe2\x80", b"\xc3", b"\xed\xa0\x80", b"<h1>", b"<li>", b"<a href='x'>", b"<script>", b"</script>",
          b"\xe2\x80\xa8", b"\x1b[31m", b"Updated 3 March 2025\n", b"(AP Photo/X Y)\n", b"Read more ",
          b'{"text": "', b'", "id": ', b"\n1 / 2\n", "\u202e".encode(), b"\xf0\x9f\x98\x80", b"  ", b"\f", b"\x7f",
          b"\\ud800", b"\\udfff", b"&#xD800;", b"&#55296;"]  # a lone surrogate as JSON escapes it, and as HTML does


def hostile() -> list[tuple[str, bytes]]:
    """Inputs written to break readers: each must give a one-line error or a documented result."""
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + b"".join(b'<!ENTITY lol%d "%s">' % (k, b"".join(b"&lol%d;" % (k - 1) if k > 1 else b"&lol;"
                                                              for _ in range(10))) for k in range(1, 10))
            + b']><html><body><p>The bomb &lol9; is here, and the text goes on for a while.</p></body></html>')
    words = b"The harbour bridge reopened on Monday after four months of repairs. "
    return [
        ("nested.json", b"[" * 200_000),
        ("nested-objects.json", b'{"a":' * 100_000),
        ("nested-noext", b"[[[[" * 50_000),
        ("nested-in-jsonl.jsonl", b'{"id": "a", "text": "x"}\n' + b"[" * 100_000 + b"\n"),
        ("one-line.txt", words * 250_000),  # 17 MB, one line
        ("one-word.txt", b"a" * 15_000_000),
        ("nul.txt", words + b"\x00" * 10 + words),
        ("nul-in-json.json", b'{"id": "a", "text": "bridge\\u0000 reopened on Monday after repairs."}'),
        ("invalid-utf8.txt", bytes(random.Random(1).randrange(128, 256) for _ in range(50_000))),
        ("mostly-utf8.txt", (words.decode() + "é " * 40).encode() * 100 + b"\xc3\x28" + words),
        ("odd-utf16.txt", b"\xff\xfe" + "The bridge reopened on Monday.".encode("utf-16-le") + b"\x00"),
        ("lone-surrogate-utf16.txt", b"\xff\xfe" + b"T\x00h\x00\x00\xd8e\x00"),
        ("lone-surrogate-in-json.json", b'{"id": "a\\udc00", "title": "B\\ud800", "text": "The bridge \\ud800 reopened on Monday."}'),
        ("lone-surrogate-in-jsonl.jsonl", b'{"text": "The bridge \\udfff reopened on Monday after repairs."}\n'),
        ("entity-bomb.html", bomb),
        ("entity-bomb.xml", bomb),
        ("entity-bomb.sgml", b"<DOC><DOCNO> A </DOCNO><TEXT>" + bomb + b"</TEXT></DOC>"),
        ("million-tags.html", b"<html><body>" + b"<b>" * 1_000_000 + b"</body></html>"),
        ("many-paragraphs.html", b"<html><body>" + b"<p>Some words in a paragraph here.</p>" * 60_000 + b"</body></html>"),
        ("deep-divs.html", b"<html><body>" + b"<div>" * 100_000 + b"<p>Deep text.</p>" + b"</div>" * 100_000 + b"</body></html>"),
        ("no-end-text.sgml", b"<DOC><DOCNO> A </DOCNO><TEXT> The bridge reopened on Monday. </DOC>"),
        ("unclosed-docs.sgml", b"<DOC><DOCNO> A </DOCNO><TEXT>x" * 50_000),
        ("json-number.json", b"1"),
        ("json-string.json", b'"a string"'),
        ("json-null.json", b"null"),
        ("json-list-of-numbers.json", b"[1, 2, 3]"),
        ("json-text-number.json", b'{"id": "a", "text": 5}'),
        ("json-articles-string.json", b'{"articles": "x"}'),
        ("json-id-object.json", b'{"id": {"a": 1}, "text": "The bridge reopened on Monday after repairs."}'),
        ("json-huge-number.json", b'{"id": 1e999999, "text": "The bridge reopened on Monday after repairs."}'),
        ("json-empty-list.json", b"[]"),
        ("jsonl-bad-line.jsonl", b'{"id": "a", "text": "The bridge reopened."}\n{not json\n'),
        ("empty.txt", b""),
        ("spaces.txt", b"   \n\t\n  "),
        ("bom-only.txt", b"\xef\xbb\xbf"),
        ("symbols.txt", b"*** ### --- ||| >>> <<<\n" * 100),
        ("brackets.txt", b"[[[[[[[[[[[[[[[[]]]]]]]]]]]]"),
        ("long-paragraph.txt", b"Title line\n\n" + words * 150_000 + b"\n"),
        ("control.txt", bytes(range(1, 32)) * 100 + words),
        ("rtl-override.txt", "\u202eThe bridge reopened on Monday after four months of repairs.".encode() * 50),
        ("html-in-json.json", json.dumps({"id": "a", "text": "<html><body>" * 1000}).encode()),
        ("feed.xml", b'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><item><title>Bridge'
                     b'</title><link>https://example.org/a</link><description>' + words + b'</description></item></channel></rss>'),
        ("sitemap.xml", b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/a</loc></url></urlset>'),
        ("urls.txt", b"https://example.org/a\nhttps://example.org/b\n" * 1000),
        ("crlf.txt", words.replace(b". ", b".\r\n") * 500),
    ]


def real_seeds(data: Path, rng: random.Random, pages: int) -> list[tuple[str, bytes]]:
    seeds = [(p.name, p.read_bytes()) for folder in ("harbour-bridge", "feed") for p in sorted((ROOT / "examples" / folder).iterdir())]
    html = data / "html-pages" / "eval"
    if html.is_dir():
        for p in rng.sample(sorted(html.iterdir()), min(pages, len(list(html.iterdir())))):
            seeds.append((p.name.removesuffix(".gz"), gzip.open(p).read()))
    duc = data / "duc2003" / "docs"
    if duc.is_dir():
        files = sorted(f for d in duc.iterdir() for f in d.iterdir())
        for f in rng.sample(files, min(20, len(files))):
            seeds.append((f.name + ".sgml", f.read_bytes()))
            text = re.search(rb"<TEXT>(.*?)</TEXT>", f.read_bytes(), re.S)
            if text:
                seeds.append((f.name + ".jsonl", json.dumps({"id": f.name, "text": text.group(1).decode("utf-8", "replace")}).encode() + b"\n"))
    return seeds


def mutate(rng: random.Random, seeds: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    name, data = rng.choice(seeds)
    data = bytearray(data[: 2_000_000])
    for _ in range(rng.choice((1, 1, 2, 3, 5, 10))):
        op = rng.randrange(7)
        n = len(data)
        if op == 0 and n:  # flip bytes
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(n)] = rng.randrange(256)
        elif op == 1 and n:  # cut a range
            a = rng.randrange(n)
            del data[a: a + rng.randint(1, max(1, n // 4))]
        elif op == 2:  # insert a token
            pos = rng.randint(0, len(data))
            data[pos:pos] = rng.choice(TOKENS) * rng.choice((1, 1, 3, 100))
        elif op == 3 and n:  # repeat a chunk
            a = rng.randrange(n)
            chunk = bytes(data[a: a + rng.randint(1, 200)])
            data[a:a] = chunk * rng.randint(2, 500)
        elif op == 4 and n:  # truncate
            del data[rng.randrange(n):]
        elif op == 5:  # splice another seed in
            _, other = rng.choice(seeds)
            pos = rng.randint(0, len(data))
            data[pos:pos] = other[: rng.randint(0, 20_000)]
        elif op == 6:  # random bytes
            pos = rng.randint(0, len(data))
            data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    stem = re.sub(r"\.[a-z]+$", "", name) or "x"
    ext = Path(name).suffix if rng.random() < 0.7 else rng.choice(EXTENSIONS)
    return f"{stem}{ext}", bytes(data)


def _limit_memory() -> None:
    soft = 6 * 2**30  # a runaway reader hits MemoryError here rather than the machine's OOM killer
    resource.setrlimit(resource.RLIMIT_AS, (soft, soft))


def check(case: tuple[int, str, bytes]) -> dict:
    """Every target on one input; returns what failed."""
    from newsdigest import summarize
    from newsdigest.cli import main
    from newsdigest.errors import NewsdigestError
    from newsdigest.ingest import read_bytes
    from newsdigest.render import render
    from newsdigest.stream import ingest

    k, name, data = case
    start = time.perf_counter()
    failures = []

    def crash(where: str, exc: BaseException) -> None:
        failures.append(("crash", where, f"{type(exc).__name__}: {str(exc)[:200]}",
                         traceback.format_exc(limit=-3)[-1500:]))

    for ext in dict.fromkeys((Path(name).suffix, ".txt", ".html", ".json", ".jsonl", ".sgml")):
        try:
            read_bytes(data, f"input{ext}", "input")
        except NewsdigestError:
            pass
        except BaseException as exc:  # noqa: BLE001 - this is what the campaign looks for
            crash(f"read_bytes({ext or 'no extension'})", exc)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        path = folder / (name or "input")
        path.write_bytes(data)
        try:
            summary = summarize([str(folder)], words=60)
            for fmt in ("text", "markdown", "json", "html"):
                render(summary, fmt)
        except NewsdigestError:
            pass
        except BaseException as exc:  # noqa: BLE001
            crash("summarize + render", exc)
        fmt = ("text", "markdown", "json", "html")[k % 4]
        out = Path(tmp) / f"out.{fmt}"
        err = io.StringIO()
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                code = main(["summarize", str(path), "--format", fmt, "-o", str(out), "--words", "50"])
        except BaseException as exc:  # noqa: BLE001
            crash("cli", exc)
            code = None
        lines = [l for l in err.getvalue().splitlines() if not l.startswith("newsdigest: warning:")]
        if code not in (0, 2, None):
            failures.append(("crash", "cli", f"exit {code}: {err.getvalue()[:300]}", ""))
        elif code == 2 and (out.exists() or len(lines) != 1 or not lines[0].startswith("newsdigest: error: ")):
            failures.append(("crash", "cli", f"error not one line or output left: {err.getvalue()[:300]}", ""))
        elif code == 0 and not out.exists():
            failures.append(("partial", "cli", "exit 0 without the output file", ""))
        try:
            ingest([str(folder)], str(Path(tmp) / "s.db"))
        except NewsdigestError:
            pass
        except BaseException as exc:  # noqa: BLE001
            crash("ingest", exc)
    return {"k": k, "name": name, "size": len(data), "seconds": time.perf_counter() - start, "failures": failures}


def check_api(client, name: str, data: bytes) -> list:
    r = client.post("/v1/summarize/files", files=[("files", (name or "input", data))], data={"words": "50"})
    return [("crash", "http api", f"{r.status_code}: {r.text[:200]}", "")] if r.status_code >= 500 else []


def main() -> int:
    ap = parser(__doc__)
    ap.add_argument("--inputs", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--pages", type=int, default=60, help="dev pages sampled as seeds")
    ap.add_argument("--api-every", type=int, default=25, help="send every n-th input to the HTTP API too")
    ap.add_argument("--failures", help="write each failing input and its report to this folder")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    bad = hostile()
    seeds = real_seeds(Path(args.data), rng, args.pages) + bad
    cases = [(k, n, d) for k, (n, d) in enumerate(bad)]
    while len(cases) < args.inputs:
        cases.append((len(cases), *mutate(rng, seeds)))
    print(f"{len(cases)} inputs from {len(seeds)} seeds ({len(bad)} hostile)", file=sys.stderr)
    client = None
    try:
        from fastapi.testclient import TestClient

        from newsdigest.api import Limits, create_app

        client = TestClient(create_app(limits=Limits(workers=1, queue=4)))
        client.__enter__()
    except ImportError:
        print("fuzz: the serve extra is not installed: the HTTP API is not fuzzed", file=sys.stderr)
    results, timeouts = [], []
    t0 = time.perf_counter()
    ctx = mp.get_context("forkserver")
    pending = list(cases)
    while pending:
        with ctx.Pool(args.jobs, initializer=_limit_memory, maxtasksperchild=200) as pool:
            jobs = [(c, pool.apply_async(check, (c,))) for c in pending]
            pending = []
            for n, (case, job) in enumerate(jobs):
                try:
                    results.append(job.get(timeout=args.timeout))
                except mp.TimeoutError:
                    timeouts.append(case)
                    pending = [c for c, _ in jobs[n + 1:]]  # the pool is stuck on it: start a new one
                    pool.terminate()
                    break
                if client is not None and case[0] % args.api_every == 0:
                    results[-1]["failures"] += check_api(client, case[1], case[2])
                if len(results) % 500 == 0:
                    done = len(results) + len(timeouts)
                    print(f"fuzz: {done} inputs, {sum(bool(r['failures']) for r in results)} failing, "
                          f"{len(timeouts)} timeouts, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    if client is not None:
        client.__exit__(None, None, None)
    dt = time.perf_counter() - t0
    failing = [r for r in results if r["failures"]]
    kinds = Counter(f[0] for r in failing for f in r["failures"])
    where = Counter((f[1], f[2].split(":")[0]) for r in failing for f in r["failures"])
    seconds = sorted(r["seconds"] for r in results)
    print(f"| inputs | crashes | partial outputs | timeouts (> {args.timeout:g} s) | median s | slowest s | wall time |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {len(cases)} | {kinds['crash']} | {kinds['partial']} | {len(timeouts)} | "
          f"{seconds[len(seconds) // 2]:.3f} | {seconds[-1]:.1f} | {dt / 60:.0f} min |")
    for (target, what), n in where.most_common():
        print(f"  {n} × {target}: {what}")
    slowest = sorted(results, key=lambda r: -r["seconds"])[:5]
    print("slowest inputs: " + ", ".join(f"{r['name']} ({r['size'] / 2**20:.1f} MiB, {r['seconds']:.1f} s)" for r in slowest))
    if args.failures:
        out = Path(args.failures)
        out.mkdir(parents=True, exist_ok=True)
        by_k = {c[0]: c for c in cases}
        for r in failing + [{"k": c[0], "name": c[1], "failures": [("timeout", "", "", "")]} for c in timeouts]:
            case = by_k[r["k"]]
            (out / f"{r['k']:05d}-{Path(case[1]).name or 'input'}").write_bytes(case[2])
            (out / f"{r['k']:05d}.report.json").write_text(json.dumps(r["failures"], indent=1))
    return 1 if failing or timeouts else 0


if __name__ == "__main__":
    sys.exit(main())
