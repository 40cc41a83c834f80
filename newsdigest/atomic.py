"""Output files written whole or not at all: a temporary file beside the target, renamed into
place when complete, removed if anything fails. The CLI's ``--output``, the evaluation's CSV and
the Spark job's files all go through here."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from typing import IO, Iterator

from .errors import InputError


@contextmanager
def replacing(path: str, binary: bool = False) -> Iterator[IO]:
    """A file to write that becomes ``path`` when the block ends without an error."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise InputError(path, "output folder does not exist")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".newsdigest-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as f:
            yield f
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; the user expects what open() would give
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_text(path: str, text: str) -> None:
    with replacing(path) as f:
        f.write(text)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
