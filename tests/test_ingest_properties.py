"""Every reader, on any bytes: articles with string fields, or newsdigest's InputError; never
another exception."""
import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from newsdigest.errors import InputError
from newsdigest.ingest import read_bytes
from newsdigest.model import Article

NAMES = st.sampled_from(["a.txt", "a.html", "a.json", "a.jsonl", "a.sgml", "a", "a.md", "a.htm"])
MARKUP = st.sampled_from(["<DOC>", "</DOC>", "<DOCNO> X </DOCNO>", "<TEXT>", "</TEXT>", "<html>", "<body>", "<p>",
                          "</p>", "<h1>", "{", "}", "[", "]", '"text": "', '"id": ', "\n", "\x00", "\ufeff", "&lol;",
                          "<!--", "<![CDATA[", "The bridge reopened on Monday. ", "Updated 3 March 2025\n"])
PIECES = st.lists(st.one_of(MARKUP, st.text(max_size=20)), max_size=40).map("".join)
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                        st.sampled_from(["id", "text", "body", "title", "date", "source", "url", "articles", "x"]),
                        inner, max_size=5), max_leaves=20)


def read(data: bytes, name: str) -> None:
    try:
        articles = read_bytes(data, name, "a")
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(name)  # one line naming the file
        return
    assert articles and all(isinstance(a, Article) for a in articles)
    for a in articles:
        assert all(isinstance(getattr(a, f), str) for f in ("id", "text", "title", "source", "date", "url", "path"))
        assert not a.blocks or len(a.blocks) == len(a.text.split("\n"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), NAMES)
def test_any_bytes(data, name):
    read(data, name)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PIECES, NAMES, st.sampled_from(["utf-8", "utf-16", "latin-1"]))
def test_markup_soup(text, name, encoding):
    read(text.encode(encoding, errors="replace"), name)


@settings(max_examples=300, deadline=None)
@given(JSON, st.sampled_from(["a.json", "a.jsonl", "a"]))
def test_any_json_value(value, name):
    read(json.dumps(value).encode(), name)


@pytest.mark.parametrize("data, name, reason", [
    (b"[" * 100_000, "deep.json", "nested too deeply"),
    (b"[" * 100_000, "deep", "no text"),  # without an extension "[" is only a guess at JSON
    (b'{"id": "a", "text": "x"}\n' + b"[" * 100_000 + b"\n", "deep.jsonl", "nested too deeply"),
    (b"<html><body>" + b"<b>" * 200_000 + b"</body></html>", "tags.html", "over the limit of 50,000"),
    (b"<DOC><DOCNO> A </DOCNO><TEXT> The bridge reopened. </DOC>", "a.sgml", "has no <TEXT>"),
    (b"<DOC><DOCNO> A </DOCNO><TEXT>x" * 1000, "a.sgml", "no complete <DOC>…</DOC> element"),
    (b"\xff\xfeT\x00h\x00e\x00!", "odd.txt", "invalid UTF-16"),
    (b"[1, 2, 3]", "list.json", "expected an object"),
    (b"null", "null.json", "expected an object"),
    (b"*** --- ###", "symbols.txt", "no text"),
])
def test_hostile_input_gets_its_one_line_error(data, name, reason):
    with pytest.raises(InputError) as err:
        read_bytes(data, name, "a")
    assert reason in str(err.value) and "\n" not in str(err.value)
