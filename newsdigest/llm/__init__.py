"""The optional abstractive stage: an LLM fuses selected sentences, and only what checks out is kept.

``rewrite`` (the stage, after attribution), ``check`` (the rule checker), ``judge`` (the optional
yes/no by the same model), ``prompt`` (messages and reply parsing), ``client`` (one HTTP request).
"""
from .client import LLMError, chat
from .judge import judge
from .rewrite import rewrite

__all__ = ["LLMError", "chat", "judge", "rewrite"]
