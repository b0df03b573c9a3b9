"""Logging set-up: readable lines for a terminal, JSON lines for log shippers, and secrets
redacted from both (Slack tokens, bearer tokens, passwords in URLs, and every secret value
the config holds).

What an operator sees at INFO: one line per poll per source (the runtime's ``polled ...``:
new, duplicates, routed) and one per delivery failure; context (source, channel,
workspace, task, timer; a delivery's route and ticket) rides in ``extra=`` fields, which
the JSON formatter emits as fields of their own.
Library chatter (APScheduler's two lines a second, HTTP clients) is held to WARNING unless
``--log-level DEBUG``, which shows it, redacted (tokens in a URL's query or path, in a form or
JSON body); httpcore's response headers stay out even then.
"""

from __future__ import annotations

import json
import logging
import math
import re
import sys
import threading
import traceback
import warnings
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TextIO
from urllib.parse import unquote, urlsplit

from bot.core.redact import Redaction

# Libraries' loggers, held to WARNING unless the level asked for is DEBUG, which lets them
# through (httpx's request lines, discord.py's and slack_sdk's calls, APScheduler's wake-ups),
# redacted as every line is. httpcore and hpack stay at WARNING even then: they log each
# response's headers, cookies included, and httpx's lines already say each request.
_CHATTY = ("httpx", "discord", "slack_bolt", "slack_sdk", "websockets", "apscheduler",
           "aiohttp.access")
_HEADERS = ("httpcore", "hpack")
_STD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
# What would end a log line or rewrite the terminal, from a message that quotes remote text (a
# post's id or address, a server's error): line breaks, other C0 and C1 controls (ANSI
# escapes start with ESC), the Unicode line and paragraph separators, and the bidi controls
# (marks, embeddings, overrides, isolates: U+202E reverses the rest of the line, so a skip
# would name another post than the one it skipped). Shown escaped.
# Lone surrogates too (what json.loads makes of a post's "\ud800"): no UTF-8 stream writes
# them, so a line holding one was lost to a logging error.
_BREAKS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f"
                     "\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# A JSON line's fields are cut past these (in characters, once escaped): a context field
# (``extra=``: a channel, a path, a count) at FIELD_LIMIT, the message and a traceback at
# MESSAGE_LIMIT (a traceback keeps its end, where the error is).
FIELD_LIMIT = 1_000
MESSAGE_LIMIT = 10_000
# Every handler's message (the Redactor's, text lines as JSON ones) is cut past this: a library
# quoting a remote text whole at DEBUG (slack_sdk's "Sending a request - url: ..." of a 100 KB
# response_url) wrote a line of 100,000 characters in the text format, which cut nothing
LINE_LIMIT = 4_000
_INT64 = 2**63


def escape_breaks(message: str, *, keep: str = "") -> str:
    """``message`` as one line of a log: each character of ``_BREAKS`` (but those in
    ``keep``) escaped as Python writes it in a string (``\\n``, ``\\x1b``), so a remote text
    can neither forge a log line of its own nor recolour the terminal. A traceback is not the
    message: it keeps its lines (``keep="\\n"``)."""
    return _BREAKS.sub(lambda m: m.group() if m.group() in keep else repr(m.group())[1:-1],
                       message)


def _cut(text: str, limit: int, *, tail: bool = False) -> str:
    if len(text) <= limit:
        return text
    if tail:
        return f"({len(text) - limit} characters before) {text[-limit:]}"
    return f"{text[:limit]} ({len(text) - limit} more characters)"


def field_value(value: Any) -> str | int | float | bool:
    """What a JSON line can hold of an ``extra=`` value: a bool, an int of int64, a finite
    float, or else its text (an int of more digits than str() writes said by its size, an
    object whose str() fails by its type), never an exception: a log line is written from
    wherever the error was, and must not raise there."""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int) and -_INT64 <= value < _INT64:
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    if isinstance(value, int):
        return f"an integer of {value.bit_length()} bits"
    try:
        return str(value)
    except Exception:  # a log line must not raise where it is written
        return f"<{type(value).__name__}>"


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # an argument that cannot be written (an int past
        # str()'s digits, a str() that raises) leaves the format and what can be said of it
        return f"{field_value(record.msg)} {tuple(map(field_value, record.args or ()))}"


# An extra= field, or a key of a dict in one (a request's headers), whose name says it holds a
# secret: its text is redacted whatever it is (an OAuth token fetched at run time is in no
# config; an X-Api-Key or Cookie header matches no pattern). Counts (tokens_used: 12) are kept.
_SECRET_NAME = re.compile(r"(?i)token|secret|passw|signature|api[_-]?key|authorization|cookie|"
                          r"credential")


def _unnamed_secrets(value: Any) -> Any:
    """``value``, a mapping's entries named for a secret (see ``_SECRET_NAME``) redacted."""
    if not isinstance(value, Mapping):
        return value
    try:
        return {k: "[REDACTED]" if isinstance(k, str) and _SECRET_NAME.search(k)
                and isinstance(v, str | bytes) else v for k, v in value.items()}
    except Exception:  # a log line must not raise where it is written
        return f"<{type(value).__name__}>"


class Redactor(logging.Filter):
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.redact = Redaction(secrets)  # the rules a recorded error is kept by too

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _cut(escape_breaks(self.redact(_message(record))), LINE_LIMIT)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = escape_breaks(self.redact(
                logging.Formatter().formatException(record.exc_info)), keep="\n")
            record.exc_info = None
        # the context fields too: the JSON lines write them, and they may quote a chat
        # user's or a server's text as the message does
        for key, raw in list(record.__dict__.items()):
            if key not in _STD and not key.startswith("_"):
                value = field_value(_unnamed_secrets(raw))
                if _SECRET_NAME.search(key) and isinstance(raw, str | bytes):
                    value = "[REDACTED]"
                record.__dict__[key] = (escape_breaks(self.redact(value))
                                        if isinstance(value, str) else value)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": _cut(escape_breaks(_message(record)), MESSAGE_LIMIT),
        }
        # each field printable and bounded even without the Redactor (which every handler
        # setup_logging makes has): escaping twice writes the same
        for key, raw in record.__dict__.items():
            if key not in _STD and not key.startswith("_"):
                value = field_value(raw)
                data[key] = (_cut(escape_breaks(value), FIELD_LIMIT) if isinstance(value, str)
                             else value)
        if record.exc_text:
            data["exc"] = _cut(escape_breaks(record.exc_text, keep="\n"), MESSAGE_LIMIT,
                               tail=True)
        return json.dumps(data, ensure_ascii=False)


def hook_output() -> None:
    """Route what Python prints itself to stderr through the log rules' redaction: a crash's
    traceback, a thread's uncaught exception, an exception ignored (a finaliser's) and a
    warning; each may quote a secret."""
    sys.excepthook = crash_hook
    threading.excepthook = thread_crash_hook
    sys.unraisablehook = unraisable_hook
    warnings.showwarning = show_warning


def crash_hook(kind: type[BaseException], value: BaseException,
               tb: TracebackType | None) -> None:
    """``sys.excepthook`` for the command: a crash's traceback (a bug) printed as Python
    prints it, redacted as the log lines are (the config's secrets once it was read, tokens,
    URL passwords), where Python's own hook wrote an exception's message as it was."""
    _write_redacted("".join(traceback.format_exception(kind, value, tb)), sys.stderr)


def thread_crash_hook(args: threading.ExceptHookArgs) -> None:
    """``threading.excepthook`` for the command: a thread's uncaught exception (a library's:
    the language model's loader, an executor's worker) printed as Python prints it, redacted
    as ``crash_hook`` redacts; Python's own hook wrote its message as it was."""
    if args.exc_type is SystemExit:  # Python's hook says nothing of it either
        return
    name = args.thread.name if args.thread is not None else "<unknown>"
    text = "".join(traceback.format_exception(args.exc_type, args.exc_value,
                                              args.exc_traceback))
    _write_redacted(f"Exception in thread {name}:\n{text}", sys.stderr)


def unraisable_hook(unraisable: Any) -> None:
    """``sys.unraisablehook`` for the command: an exception Python cannot raise (a
    ``__del__``'s, an async generator's finaliser's, a library's object collected) said in one
    line, "Exception ignored in: <object>: <type>: <message>", redacted as ``crash_hook``
    redacts; Python's own hook wrote it with a traceback, its message as it was. The traceback
    goes to the log at DEBUG (redacted by its handlers)."""
    value = unraisable.exc_value
    kind = unraisable.exc_type.__name__ if unraisable.exc_type is not None else "Exception"
    where = unraisable.err_msg or "Exception ignored in"
    try:
        what = "" if unraisable.object is None else f": {unraisable.object!r}"
    except Exception:  # a repr that fails, as Python's own hook allows
        what = f": <{type(unraisable.object).__name__} object>"
    try:
        message = str(value) if value is not None else ""
    except Exception:  # a str() that fails
        message = f"<{kind}>"
    _write_redacted(escape_breaks(f"{where}{what}: {kind}{': ' if message else ''}{message}")
                    + "\n", sys.stderr)
    if value is not None:
        logging.getLogger(__name__).debug(
            "the traceback of an exception ignored (%s)", kind,
            exc_info=(type(value), value, unraisable.exc_traceback))


def show_warning(  # noqa: PLR0917 (warnings.showwarning's own signature)
        message: Warning | str, category: type[Warning], filename: str,
        lineno: int, file: TextIO | None = None, line: str | None = None) -> None:
    """``warnings.showwarning`` for the command: a warning (a library's may quote a URL it
    retried, with its token) written as Python writes it, redacted as ``crash_hook`` redacts."""
    _write_redacted(warnings.formatwarning(message, category, filename, lineno, line),
                    file or sys.stderr)


def _write_redacted(text: str, stream: TextIO) -> None:
    """``text`` on ``stream``, redacted by each handler's Redactor (the config's secrets once
    it was read), or by the rules alone before, its lines kept and nothing else breaking one."""
    redactors = [f for h in logging.getLogger().handlers for f in h.filters
                 if isinstance(f, Redactor)] or [Redactor()]
    for redactor in redactors:
        text = redactor.redact(text)
    try:
        stream.write(escape_breaks(text, keep="\n"))
        stream.flush()
    except (OSError, ValueError):  # a closed stderr: what Python's own hooks ignore too
        pass


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
    asked = logging.getLevelName(level)  # a number for a level's name
    for name in _CHATTY:
        logging.getLogger(name).setLevel(asked if asked <= logging.DEBUG else max(
            logging.WARNING, asked))
    for name in _HEADERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, asked))


def say_error(text: str) -> None:
    """The one line a command ends on (``error: <text>``), on stderr; with JSON logs on
    (``--json-logs``, ``logging.json``) a JSON record as every other line is, level error, so
    a log pipeline reading JSON does not drop or misread the line that matters most."""
    handlers = logging.getLogger().handlers
    if any(isinstance(h.formatter, JsonFormatter) for h in handlers):
        logging.getLogger("bot.app.cli").error("%s", text)
    else:
        print(f"error: {text}", file=sys.stderr)


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
        elif isinstance(obj, str) and "@" in obj:
            # a URL's password (store.redis_url, a feed's basic auth), also as its client
            # decodes it and may quote it: 'p@ss:w' of redis://:p%40ss%3Aw@host
            found.extend(_url_password(obj))

    # serialize_as_any: every field of each source as its own class has them, whichever union
    # of source classes the config was validated with
    walk(config.model_dump(mode="json", serialize_as_any=True) if hasattr(config, "model_dump")
         else config)
    # a ``${NAME}`` in a URL's path or query (a private feed's token: networks.md), whatever
    # the parameter is called
    found.extend(getattr(config, "_url_secrets", None) or ())
    return found


def _url_password(value: str) -> list[str]:
    """The password of the URL ``value`` is, as written and decoded; none when it has none."""
    try:
        password = urlsplit(value.strip()).password
    except ValueError:  # not a URL a client would take either
        return []
    return [password, unquote(password)] if password else []
