import subprocess
import sys
from pathlib import Path

import pytest

from newsdigest import build_cluster
from newsdigest.analyze import entities
from newsdigest.analyze.entities import _spacy, find_entities
from newsdigest.analyze.tagger import Tagger, tag
from newsdigest.ingest import read_paths

pytestmark = pytest.mark.skipif(_spacy() is None, reason="the entities extra (spaCy) is not installed")

TEXTS = ["Secretary of State Mike Pompeo met Vladimir Putin in Sochi . Reuters reported the talks",
         "", "The Kremlin said Lavrov would travel to Washington"]


@pytest.fixture()
def tagger():
    t = Tagger()
    yield t
    t.close()


def test_the_child_tags_as_this_process_does(tagger):
    assert tagger.tag(TEXTS) == tag(_spacy(), TEXTS)
    assert tagger._child is not None and tagger._child.poll() is None  # answered by the child, still serving
    assert tagger.tag(TEXTS[:1]) == tag(_spacy(), TEXTS[:1])  # and again, by the same child


def test_a_child_killed_between_requests_is_replaced(tagger):
    assert tagger.tag(TEXTS) is not None
    first = tagger._child
    first.kill()
    first.wait()
    assert tagger.tag(TEXTS) == tag(_spacy(), TEXTS)
    assert tagger._child is not first


def test_a_child_lost_mid_request_leaves_the_tagging_to_the_caller(tagger, monkeypatch):
    from conftest import EXAMPLE

    from newsdigest.analyze import tagger as module

    monkeypatch.setattr(module, "_SERVE", "import sys; sys.stdin.buffer.read(1)")  # reads, then exits unanswered
    assert tagger.tag(TEXTS) is None  # no answer, and no exception
    assert tagger.tag(TEXTS) is None  # nor a second child for each later call
    cluster = build_cluster(read_paths([EXAMPLE]))
    monkeypatch.setattr(entities, "TAGGER", tagger)
    assert find_entities(cluster, process=True) == find_entities(cluster)  # tagged here instead, the same


def test_the_child_does_not_run_the_callers_script(tmp_path):
    """A script that calls ``summarize`` at its top level, with no ``__main__`` guard (what
    multiprocessing's spawn would re-run in the child), runs once and gets its entities."""
    from conftest import EXAMPLE

    script = tmp_path / "script.py"
    script.write_text("import newsdigest\n"
                      "print('ran')\n"
                      f"summary = newsdigest.summarize([{str(EXAMPLE)!r}])\n"
                      "from newsdigest.analyze.tagger import TAGGER\n"
                      "print('child' if TAGGER._child is not None else 'no child', len(summary.entities))\n")
    root = str(Path(entities.__file__).resolve().parents[2])
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300,
                         env={"PATH": "", "PYTHONPATH": root})
    assert out.returncode == 0, out.stderr
    lines = out.stdout.split("\n")
    assert lines.count("ran") == 1
    assert lines[1].startswith("child ") and int(lines[1].split()[1]) > 0
