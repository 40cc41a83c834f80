"""The OpenAI-compatible client against a stub server on 127.0.0.1 (issue 9, tier 1; work in progress)."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsdigest.llm.client import Endpoint, LLMError, chat


class Stub:
    """Answers each POST with the next canned (status, body, delay); records the requests."""

    def __init__(self, replies):
        self.replies, self.requests = list(replies), []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                stub.requests.append((self.path, dict(self.headers), json.loads(self.rfile.read(length))))
                status, body, delay = stub.replies.pop(0)
                time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body if isinstance(body, bytes) else json.dumps(body).encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def close(self):
        self.server.shutdown()


def _reply(text):
    return {"choices": [{"message": {"role": "assistant", "content": text}}]}


@pytest.fixture
def stub():
    servers = []

    def make(*replies):
        servers.append(Stub(replies))
        return servers[-1]
    yield make
    for s in servers:
        s.close()


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


def test_nothing_listening_and_nothing_configured(monkeypatch):
    with pytest.raises(LLMError, match="cannot connect"):
        chat(Endpoint("http://127.0.0.1:9/v1", "m", timeout_s=2), [{"role": "user", "content": "x"}])
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("NEWSDIGEST_LLM_MODEL", raising=False)
    with pytest.raises(LLMError, match="no LLM configured"):
        Endpoint.from_env()
