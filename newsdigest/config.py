"""Settings from a TOML file, the environment and flags, in that order of precedence (lowest first).

The file holds any ``Settings`` field at its top level and the LLM endpoint under ``[llm]``::

    words = 120
    [llm]
    base_url = "http://127.0.0.1:8080/v1"
    model = "qwen2.5-1.5b-instruct"

It is ``--config FILE``, else ``$NEWSDIGEST_CONFIG``, else ``~/.config/newsdigest/config.toml``
when that exists. The environment gives the standard ``OPENAI_BASE_URL`` and ``OPENAI_API_KEY``,
and ``NEWSDIGEST_LLM_MODEL``. Every mistake is a ``ConfigError`` naming the file and the key.
"""
from __future__ import annotations

import dataclasses
import os
import tomllib
from pathlib import Path
from typing import Mapping

from .errors import ConfigError
from .settings import LLMSettings, Settings

ENVIRONMENT = {"base_url": "OPENAI_BASE_URL", "api_key": "OPENAI_API_KEY", "model": "NEWSDIGEST_LLM_MODEL"}


def config_path(path: str | None = None, environ: Mapping[str, str] = os.environ) -> Path | None:
    """The file to read: the one given (it must exist), else the default one if present."""
    if path or environ.get("NEWSDIGEST_CONFIG"):
        chosen = Path(path or environ["NEWSDIGEST_CONFIG"])
        if not chosen.is_file():
            raise ConfigError(f"{chosen}: no such config file")
        return chosen
    home = Path(environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    default = home / "newsdigest" / "config.toml"
    return default if default.is_file() else None


def load(path: str | None = None, environ: Mapping[str, str] = os.environ,
         llm_flags: Mapping[str, object] | None = None, base: Settings = Settings()) -> Settings:
    """``base`` updated by the config file, then by the environment, then by the flags that were given."""
    settings = base
    chosen = config_path(path, environ)
    if chosen is not None:
        settings = _from_file(chosen, settings)
    llm = settings.llm
    for name, variable in ENVIRONMENT.items():
        if environ.get(variable):
            llm = dataclasses.replace(llm, **{name: environ[variable]})
    given = {k: v for k, v in (llm_flags or {}).items() if v is not None}
    llm = _typed(llm, given, "flag")
    return dataclasses.replace(settings, llm=llm)


def _from_file(path: Path, settings: Settings) -> Settings:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    llm = data.pop("llm", {})
    if not isinstance(llm, dict):
        raise ConfigError(f"{path}: 'llm' must be a table ([llm])")
    settings = _typed(settings, data, str(path))
    return dataclasses.replace(settings, llm=_typed(settings.llm, llm, f"{path} [llm]"))


def _typed(obj, values: Mapping[str, object], where: str):
    """``obj`` with ``values`` set, each checked against the type of the field's default."""
    fields = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj) if f.name != "llm"}
    changes = {}
    for name, value in values.items():
        if name not in fields:
            raise ConfigError(f"{where}: unknown setting {name!r}")
        default = fields[name]
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, float):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            value = float(value) if ok else value
        else:
            ok = isinstance(value, type(default)) and not isinstance(value, bool)
        if not ok:
            raise ConfigError(f"{where}: {name} must be {type(default).__name__}, not {type(value).__name__}")
        changes[name] = value
    return dataclasses.replace(obj, **changes)




def check_llm(llm: LLMSettings) -> None:
    """Refuse early, with what to set, when no endpoint is configured or a value is out of range."""
    if not llm.base_url or not llm.model:
        missing = " and ".join(n for n, v in (("a base URL", llm.base_url), ("a model", llm.model)) if not v)
        raise ConfigError(f"no LLM configured ({missing} missing): give --llm-base-url and --llm-model, "
                          "or set OPENAI_BASE_URL and NEWSDIGEST_LLM_MODEL, or [llm] base_url and model in "
                          "the config file; the extractive methods need none")
    if not llm.base_url.startswith(("http://", "https://")):
        raise ConfigError(f"llm base_url must start with http:// or https://, not {llm.base_url!r}")
    for name, value, low in (("timeout_s", llm.timeout_s, 0.001), ("max_tokens", llm.max_tokens, 1),
                             ("material", llm.material, 1.0)):
        if value < low:
            raise ConfigError(f"llm {name} must be at least {low:g}")
    if not 0 <= llm.min_overlap <= 1:
        raise ConfigError("llm min_overlap must be between 0 and 1")
