"""A stub OpenAI-compatible server on 127.0.0.1 for the LLM tests: canned replies, recorded requests."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def reply(text):
    """A chat completion whose message is ``text``."""
    return {"choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]}


class Stub:
    """Answers each POST with the next canned (status, body, delay), the last one repeating; a
    callable body is called with the request's JSON."""

    def __init__(self, replies):
        self.replies, self.requests = list(replies), []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                stub.requests.append((self.path, dict(self.headers), json.loads(self.rfile.read(length))))
                status, body, delay = stub.replies.pop(0) if len(stub.replies) > 1 else stub.replies[0]
                time.sleep(delay)
                if callable(body):  # a reply made from the request
                    body = body(stub.requests[-1][2])
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(body if isinstance(body, bytes) else json.dumps(body).encode())
                except OSError:  # the client gave up (the timeout tests)
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def close(self):
        self.server.shutdown()
        self.server.server_close()
