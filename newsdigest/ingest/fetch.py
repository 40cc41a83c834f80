"""Polite HTTP fetching for URLs given as input and for ``watch``: one client (urllib3), one rule set.

Every request names newsdigest in its User-Agent, asks for gzip, is cut off after
``fetch_timeout`` seconds (connection to last byte) and ``max_file_bytes`` bytes (counted after
decompression, so a gzip bomb stops at the limit too). Redirects are followed by hand, at most
``fetch_redirects``, so each hop is checked like the first. robots.txt is read once per site and
honoured as RFC 9309 says: a 4xx means no rules, a 5xx or an unreachable server means stay away
for now. Requests to one host are spaced by ``fetch_delay`` seconds, or by the site's
Crawl-delay when it asks for more. A failure is a ``Response`` with ``error`` set, never an
exception: one dead host must not stop a batch.
"""
from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urljoin, urlsplit

from ..errors import InputError
from ..model import Article
from ..settings import Settings

_REDIRECTS = (301, 302, 303, 307, 308)
_ROBOTS_KEPT = 24 * 3600.0  # RFC 9309 §2.4: a crawler should not use a cached robots.txt longer
_ROBOTS_RETRY = 300.0  # an unreachable robots.txt is asked again after this
_CHUNK = 64 * 1024


def user_agent() -> str:
    from .. import __version__

    return f"newsdigest/{__version__} (news summarizer; +https://pypi.org/project/newsdigest/)"


def is_url(text: str) -> bool:
    return str(text).lower().startswith(("http://", "https://"))


def normalize(url: str) -> str:
    """The key a page is known by: courlan's normalisation (scheme and host lower-cased, default
    port dropped), tracking parameters and the fragment stripped."""
    from courlan import normalize_url

    try:
        return normalize_url(url, strict=True)
    except (ValueError, AttributeError):
        return url


_SHARED: dict[Settings, "Fetcher"] = {}


def shared(settings: Settings) -> Fetcher:
    """One fetcher per process and settings: its robots.txt cache and per-host clock hold across calls."""
    if settings not in _SHARED:
        _SHARED[settings] = Fetcher(settings)
    return _SHARED[settings]


def read_url(url: str, settings: Settings = Settings(), fetcher: Fetcher | None = None) -> list[Article]:
    """The articles of one page fetched politely; an ``InputError`` names the URL and the reason."""
    answer = (fetcher or shared(settings)).get(url)
    if why := refused(answer):
        raise InputError(url, why)
    return page_articles(answer, normalize(url), settings)


def refused(answer: Response) -> str:
    """Why an answer is no page to read ("" when it is one): a failure, or a content type no
    reader takes (an image or a PDF is refused before any reader sees it)."""
    if not answer.ok:
        return answer.error or f"HTTP {answer.status}"
    kind = answer.content_type.split(";")[0].strip().lower()
    return f"not a page ({kind})" if kind and not any(t in kind for t in PAGE_TYPES) else ""


def page_articles(answer: Response, key: str, settings: Settings, title: str = "", day: str = "",
                  source: str = "") -> list[Article]:
    """The articles of a fetched page, with ids from ``key`` (``fetched_from`` fills the rest)."""
    from .read import read_bytes

    articles = read_bytes(answer.body, answer.url, key, settings, date.today().isoformat())
    return [fetched_from(a, answer.url, title, day, source) for a in articles]


PAGE_TYPES = ("html", "xml", "text/plain", "json")
"""Content types read as pages."""


def fetched_from(article: Article, url: str, title: str = "", day: str = "", source: str = "") -> Article:
    """The URL it was fetched from, and where the page gave none a feed's ``title``, ``day`` and
    ``source`` (the outlet), else the host as the outlet."""
    changes = {}
    if not article.title and title:
        changes["title"] = title
    if not article.date and day:
        changes.update(date=day, date_source="input")
    if not article.url:
        changes["url"] = url
    if not article.source:
        changes["source"] = source or (urlsplit(url).hostname or "").removeprefix("www.")
    return replace(article, **changes) if changes else article


@dataclass(frozen=True)
class Response:
    """What one URL gave: ``status`` 200-299 with the body, 304 (unchanged since the validators
    sent), another status, or 0 with ``error`` when no answer came."""

    url: str  # the final URL, after redirects
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    error: str = ""  # one line; "" when the body is usable or the page is unchanged
    location: str = ""  # where a redirect points

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300 and not self.error

    @property
    def unchanged(self) -> bool:
        return self.status == 304


class Fetcher:
    """A polite client with its robots.txt cache, per-host clock and request counts."""

    def __init__(self, settings: Settings = Settings(), sleep=time.sleep, clock=time.time, memory=None,
                 public_only: bool = False):
        import urllib3

        self.settings = settings
        self.agent = user_agent()
        self._pool = urllib3.PoolManager(headers={"User-Agent": self.agent, "Accept-Encoding": "gzip, deflate"},
                                         retries=False)
        self._robots: dict[str, urllib.robotparser.RobotFileParser | str] = {}  # rules, "" (none) or why not
        self._robots_until: dict[str, float] = {}
        self._last: dict[str, float] = {}
        self._sleep, self._clock = sleep, clock
        self.memory = memory  # where robots.txt answers outlive the process: .robots(site), .record_robots(...)
        self.public_only = public_only  # refuse hosts that resolve to loopback, private or link-local addresses
        self.requests = 0  # every request sent, robots.txt included
        self.conditional = 0  # those carrying If-None-Match or If-Modified-Since
        self.not_modified = 0  # 304 answers

    def get(self, url: str, etag: str = "", last_modified: str = "") -> Response:
        """GET ``url``, conditionally when validators from an earlier answer are given."""
        for _ in range(self.settings.fetch_redirects + 1):
            try:
                parts = urlsplit(url)
                parts.port  # noqa: B018 - raises on a port that is not a number
            except ValueError as exc:
                return Response(url, 0, error=f"not a valid URL ({exc})")
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return Response(url, 0, error="not an http(s) URL")
            if self.public_only and (inner := _private(parts.hostname)):
                return Response(url, 0, error=inner)
            refused = self._disallowed(url)
            if refused:
                return Response(url, 0, error=refused)
            answer = self._request(url, etag, last_modified)
            if not answer.location:
                return answer
            url = urljoin(url, answer.location)
        return Response(url, 0, error=f"more than {self.settings.fetch_redirects} redirects")

    def _disallowed(self, url: str) -> str:
        """Why robots.txt keeps us from ``url``, or ""."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._robots or self._clock() > self._robots_until[site]:
            self._learn(site)
        rules = self._robots[site]
        if isinstance(rules, str):
            return rules
        if not rules.can_fetch(self.agent, url):
            return "disallowed by robots.txt"
        return ""

    def _learn(self, site: str) -> None:
        """Read the site's robots.txt: from ``memory`` when fetched there within a day, else now."""
        known = self.memory.robots(site) if self.memory is not None else None
        if known is not None and self._clock() - known[2] < (_ROBOTS_KEPT if 0 < known[0] < 500 else _ROBOTS_RETRY):
            status, body, fetched = known
            error = ""
        else:
            answer = self._request(site + "/robots.txt")
            for _ in range(5):  # RFC 9309 §2.3.1.2: follow at least five redirects
                if not answer.location:
                    break
                answer = self._request(urljoin(answer.url, answer.location))
            status, body, fetched = answer.status, answer.body.decode("utf-8", "replace") if answer.ok else "", self._clock()
            error = answer.error if answer.status == 0 else ""
            if self.memory is not None:
                self.memory.record_robots(site, status, body if 200 <= status < 300 else error, fetched)
        if 200 <= status < 300:
            rules = urllib.robotparser.RobotFileParser()
            rules.parse(body.splitlines())
            self._robots[site], keep = rules, _ROBOTS_KEPT
        elif 400 <= status < 500 or status in _REDIRECTS:
            self._robots[site], keep = "", _ROBOTS_KEPT  # no rules (RFC 9309 §2.3.1.3)
        else:  # the site is down or its rules cannot be read: stay away for now (§2.3.1.4)
            self._robots[site] = (error or body or "no answer") if status == 0 else f"robots.txt answered HTTP {status}"
            keep = _ROBOTS_RETRY
        self._robots_until[site] = fetched + keep

    def _wait(self, url: str) -> None:
        parts = urlsplit(url)
        host, rules = parts.netloc, self._robots.get(f"{parts.scheme}://{parts.netloc}")
        crawl = rules.crawl_delay(self.agent) if rules and not isinstance(rules, str) else None
        delay = max(self.settings.fetch_delay, float(crawl or 0))
        last = self._last.get(host)
        if last is not None and self._clock() - last < delay:
            self._sleep(delay - (self._clock() - last))
        self._last[host] = self._clock()

    def _request(self, url: str, etag: str = "", last_modified: str = "") -> Response:
        import urllib3

        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        self._wait(url)
        self.requests += 1
        self.conditional += bool(headers)
        limit, total = self.settings.max_file_bytes, self.settings.fetch_timeout
        deadline = time.monotonic() + total
        try:
            r = self._pool.request("GET", url, headers=headers, redirect=False, preload_content=False,
                                   decode_content=True, timeout=urllib3.Timeout(connect=min(10.0, total), read=total))
        except (urllib3.exceptions.HTTPError, OSError, ValueError) as exc:
            return Response(url, 0, error=_reason(exc))
        try:
            meta = dict(url=url, status=r.status, content_type=r.headers.get("Content-Type", ""),
                        etag=r.headers.get("ETag", ""), last_modified=r.headers.get("Last-Modified", ""))
            if r.status in _REDIRECTS:
                location = r.headers.get("Location", "")
                return Response(**meta, location=location, error="" if location else "redirect without a Location")
            if r.status == 304:
                self.not_modified += 1
                return Response(**meta)
            if not 200 <= r.status < 300:
                return Response(**meta, error=f"HTTP {r.status}")
            size = int(r.headers.get("Content-Length") or 0)
            if size > limit:
                return Response(**meta, error=f"{size / 2**20:.1f} MiB, over the {limit / 2**20:g} MiB limit")
            body = bytearray()
            for chunk in r.stream(_CHUNK):
                body += chunk
                if len(body) > limit:
                    return Response(**meta, error=f"over the {limit / 2**20:g} MiB limit")
                if time.monotonic() > deadline:
                    return Response(**meta, error=f"slower than {total:g} s")
            return Response(**meta, body=bytes(body))
        except (urllib3.exceptions.HTTPError, OSError, ValueError) as exc:
            return Response(url, 0, error=_reason(exc))
        finally:
            r.release_conn()


def _private(host: str) -> str:
    """Why a server must not fetch ``host`` for a client (the API's URLs), or "": it resolves to a
    loopback, private, link-local or reserved address (SSRF). The address is resolved again when
    connecting, so this narrows the risk; it does not close DNS rebinding."""
    import ipaddress
    import socket

    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return "host not found"
    for a in addresses:
        ip = ipaddress.ip_address(a.split("%")[0])
        if not ip.is_global:
            return f"{host} is a private or local address ({ip}); the server does not fetch those"
    return ""


def _reason(exc: Exception) -> str:
    """A one-line reason from urllib3's nested errors (the innermost says what happened)."""
    inner = getattr(exc, "reason", None) or exc
    text = str(inner).split(": ", 1)[-1] if "object at 0x" in str(inner) else str(inner)
    kind = type(inner).__name__
    if "timed out" in text.lower() or "Timeout" in kind:
        return "timed out"
    if "refused" in text.lower():
        return "connection refused"
    if "Name or service not known" in text or "NameResolution" in kind or "getaddrinfo" in text:
        return "host not found"
    return text.splitlines()[0][:200] if text else kind
