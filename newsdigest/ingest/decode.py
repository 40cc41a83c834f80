"""Bytes to text: UTF-8 when it is, a detected legacy encoding when it is not."""
from __future__ import annotations

from ..errors import InputError

_SAMPLE = 8192


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB: an image, archive or PDF."""
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        # UTF-16 text has NULs too; it starts with a byte-order mark.
        return not sample.startswith((b"\xff\xfe", b"\xfe\xff"))
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1 << 20]).best()
    if best is None or best.encoding is None:
        raise InputError(name, "not UTF-8 and no text encoding could be detected")
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(name, f"not UTF-8, and decoding as {best.encoding} failed") from None
