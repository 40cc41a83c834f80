"""Bytes to text: UTF-8 when it is, a detected legacy encoding when it is not."""
from __future__ import annotations

import re

from ..errors import InputError

_SAMPLE = 8192
_SURROGATE = re.compile("[\ud800-\udfff]")  # a lone surrogate: JSON's "\\ud800" escape decodes to one
_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13))  # control bytes that text does not hold


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB: an image, archive or PDF."""
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        # UTF-16 text has NULs too; it starts with a byte-order mark.
        return not sample.startswith((b"\xff\xfe", b"\xfe\xff"))
    controls = len(sample) - len(sample.translate(None, _CONTROLS))  # counted in C, not byte by byte
    return controls > len(sample) * 0.05


def decode(data: bytes, name: str) -> str:
    """Text of ``data``: UTF-16 with a byte-order mark, UTF-8, mostly-UTF-8 with a few broken
    bytes (each becomes U+FFFD), else the legacy encoding charset-normalizer finds."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(name, "invalid UTF-16 (an odd number of bytes or a broken surrogate pair)") from None
    text = data.decode("utf-8-sig", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    if not broken:
        return text
    # Valid multi-byte characters far outnumber the broken bytes: a UTF-8 file with a few
    # damaged bytes, where a legacy encoding would garble every accented letter.
    if sum(1 for ch in text if ord(ch) > 127) - broken > 10 * broken:
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1 << 20]).best()
    if best is None or best.encoding is None:
        raise InputError(name, "not UTF-8 and no text encoding could be detected")
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(name, f"not UTF-8, and decoding as {best.encoding} failed") from None


def unicode_text(text: str) -> str:
    """``text`` with each lone surrogate (a half of a UTF-16 pair, which JSON can escape and no
    encoder can write) replaced by U+FFFD, as a decoder replaces a broken byte."""
    return _SURROGATE.sub("\ufffd", text)
