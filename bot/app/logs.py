"""Logging set-up: readable lines for a terminal, JSON lines for log shippers, and secrets
redacted from both (Slack tokens, bearer tokens, passwords in URLs, and every secret value
the config holds).

What an operator sees at INFO: one line per poll per source (the runtime's ``polled ...``:
new, duplicates, routed) and one per delivery failure; context (source, route, ticket,
channel) rides in ``extra=`` fields, which the JSON formatter emits as fields of their own.
Library chatter (APScheduler's two lines a second, HTTP clients) is held to WARNING unless
``--log-level DEBUG``.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

_PATTERNS = [
    (re.compile(r"xox[abposr]-[A-Za-z0-9-]+"), "[REDACTED]"),
    (re.compile(r"xapp-[A-Za-z0-9-]+"), "[REDACTED]"),
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1[REDACTED]"),
    # a URL's password (scheme://user:password@host); never the path, and never an AT
    # Protocol id (at://did:plc:...), whose colons are not credentials
    (re.compile(r"(://(?!did:)[^:/@\s]*:)[^@\s/]+(@)"), r"\1[REDACTED]\2"),
]
_STD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
# What would end a log line or rewrite the terminal, from a message that quotes remote text (a
# post's id or address, a server's error): line breaks, other C0 and C1 controls (ANSI
# escapes start with ESC), the Unicode line and paragraph separators. Shown escaped.
_BREAKS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def escape_breaks(message: str) -> str:
    """``message`` as one line of a log: each character of ``_BREAKS`` escaped as Python
    writes it in a string (``\\n``, ``\\x1b``), so a remote text can neither forge a log
    line of its own nor recolour the terminal. A traceback is not the message: it keeps its
    lines."""
    return _BREAKS.sub(lambda m: repr(m.group())[1:-1], message)


class Redactor(logging.Filter):
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[REDACTED]")
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = escape_breaks(self.redact(record.getMessage()))
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STD and not key.startswith("_"):
                data[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_text:
            data["exc"] = record.exc_text
        return json.dumps(data, ensure_ascii=False)


def setup_logging(*, level: str = "INFO", json_format: bool = False,
                  secrets: Iterable[str] = (), stream: TextIO | None = None) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(Redactor(secrets))
    handler.setFormatter(JsonFormatter() if json_format else logging.Formatter(
        "%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S"))
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "discord", "slack_bolt", "slack_sdk", "websockets",
                  "apscheduler", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))


def config_secrets(config: Any) -> list[str]:
    """Every value under a key that looks secret, anywhere in the config."""
    found: list[str] = []

    def walk(obj: Any) -> None:
        if isinstance(obj, dict):
            for k, v in obj.items():
                if isinstance(v, str) and re.search(r"token|secret|password|key", str(k), re.I):
                    found.append(v)
                else:
                    walk(v)
        elif isinstance(obj, list | tuple):
            for v in obj:
                walk(v)

    walk(config.model_dump(mode="json") if hasattr(config, "model_dump") else config)
    return found
