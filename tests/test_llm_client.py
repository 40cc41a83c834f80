"""The OpenAI-compatible client against a stub server on 127.0.0.1 (tier 1: always runs)."""
import pytest

from newsdigest.llm.client import LLMError, chat
from newsdigest.settings import LLMSettings as Endpoint
from llm_stub import reply as _reply


def test_request_shape_is_standard(stub):
    s = stub((200, _reply("Hello."), 0))
    assert chat(Endpoint(s.url, "qwen", api_key="k"), [{"role": "user", "content": "hi"}], max_tokens=50) == "Hello."
    path, headers, body = s.requests[0]
    assert path == "/v1/chat/completions" and headers["Authorization"] == "Bearer k"
    assert body == {"model": "qwen", "messages": [{"role": "user", "content": "hi"}], "temperature": 0, "max_tokens": 50}


@pytest.mark.parametrize("reply, reason", [
    ((500, {"error": "boom"}, 0), "HTTP 500"),
    ((200, b"<html>not json</html>", 0), "malformed reply"),
    ((200, {"choices": []}, 0), "malformed reply"),
    ((200, _reply("   "), 0), "empty reply"),
    ((200, _reply("late"), 2.0), "no answer within 0.5 s"),
])
def test_every_failure_is_one_clear_error(stub, reply, reason):
    s = stub(reply)
    with pytest.raises(LLMError, match=reason):
        chat(Endpoint(s.url, "m", timeout_s=0.5), [{"role": "user", "content": "x"}])


def test_nothing_listening_is_one_clear_error():
    with pytest.raises(LLMError, match="cannot connect"):
        chat(Endpoint("http://127.0.0.1:9/v1", "m", timeout_s=2), [{"role": "user", "content": "x"}])
