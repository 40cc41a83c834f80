"""A local news site on 127.0.0.1 for the fetching and ``watch`` tests: no internet needed.

``NewsServer(routes)`` serves ``routes``: path → ``Page`` (body, content type, status, extra
headers, a delay before the body, or ``broken`` to close the connection mid-answer). Every page
has an ETag and a Last-Modified and answers 304 to a matching conditional request. ``hits``
counts requests per path and ``log`` keeps (path, conditional) of each. ``set`` changes a page
while the server runs.
"""
from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    body: bytes | str = b""
    type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before the body, sent slowly
    broken: bool = False  # headers, then the connection closes mid-body

    @property
    def data(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


class NewsServer:
    def __init__(self, routes: dict[str, Page]):
        self.routes = dict(routes)
        self.hits: dict[str, int] = {}
        self.log: list[tuple[str, bool]] = []
        self.modified = formatdate(time.time() - 3600, usegmt=True)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802 - http.server's name
                path = self.path.split("?", 1)[0]  # like most sites: the query does not choose the page
                conditional = bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"))
                server.hits[path] = server.hits.get(path, 0) + 1
                server.log.append((path, conditional))
                page = server.routes.get(path)
                if page is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                data = page.data
                etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
                if page.status == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(page.status)
                self.send_header("Content-Type", page.type)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", server.modified)
                for k, v in page.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data) * (2 if page.broken else 1)))
                self.end_headers()
                if page.delay:
                    for k in range(0, len(data), max(1, len(data) // 10)):
                        time.sleep(page.delay / 10)
                        self.wfile.write(data[k: k + max(1, len(data) // 10)])
                        self.wfile.flush()
                else:
                    self.wfile.write(data)
                if page.broken:
                    self.wfile.flush()
                    self.connection.close()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def set(self, path: str, page: Page) -> None:
        self.routes[path] = page

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
