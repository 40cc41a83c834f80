"""A plain OpenAI-compatible chat client: one POST to ``{base_url}/chat/completions``.

Standard fields only (``model`` always sent), so llama.cpp's server, vLLM, Ollama and hosted
APIs all answer it; the standard library's ``urllib`` only, so the core install gains nothing.
Every way the endpoint can fail becomes an ``LLMError`` with a one-line reason.
"""
from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request

from ..errors import NewsdigestError
from ..settings import LLMSettings


class LLMError(NewsdigestError):
    """The LLM endpoint did not give a usable answer."""


def chat(endpoint: LLMSettings, messages: list[dict], max_tokens: int | None = None) -> str:
    """The assistant's reply text."""
    body = json.dumps({"model": endpoint.model, "messages": messages, "temperature": 0,
                       "max_tokens": max_tokens or endpoint.max_tokens}).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if endpoint.api_key:
        headers["Authorization"] = f"Bearer {endpoint.api_key}"
    where = f"{endpoint.base_url.rstrip('/')}/chat/completions"
    request = urllib.request.Request(where, body, headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=endpoint.timeout_s) as response:
            raw = response.read(16 * 2**20)
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace").strip().replace("\n", " ")
        raise LLMError(f"{where}: HTTP {exc.code}{': ' + detail if detail else ''}") from None
    except (socket.timeout, TimeoutError):
        raise LLMError(f"{where}: no answer within {endpoint.timeout_s:g} s") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise LLMError(f"{where}: no answer within {endpoint.timeout_s:g} s") from None
        raise LLMError(f"{where}: cannot connect ({reason})") from None
    except OSError as exc:
        raise LLMError(f"{where}: connection failed ({exc})") from None
    try:
        reply = json.loads(raw)
        text = reply["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise LLMError(f"{where}: malformed reply (not an OpenAI chat completion)") from None
    if not isinstance(text, str) or not text.strip():
        raise LLMError(f"{where}: empty reply")
    return text
