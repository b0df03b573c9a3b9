"""Every field of a JSON log line, not only ``msg``, is printable, bounded and redacted: the
context a line carries in ``extra=`` (a channel, a workspace, a path, a count) may hold what a
chat user or a remote server sent, and the JSON formatter wrote it as it came. Each hostile
value of the mutation suites (tests/support/mutations.py), and the values Python's json module
writes as no JSON reader reads them, goes into an ``extra=`` field through ``setup_logging``
as the bot's own lines do."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.app.logs import FIELD_LIMIT, MESSAGE_LIMIT, setup_logging
from tests.support.mutations import HOSTILE, SETTINGS, SPLICED

SECRET = "s3cr3t-token-value"


class _Unprintable:
    def __str__(self) -> str:
        raise RuntimeError("no text for this")


# what an extra= field may hold: each hostile value of the mutation suites, the numbers json
# writes and no strict reader reads (NaN, Infinity), an int of more digits than str() writes,
# a lone surrogate (what json.loads makes of "\ud800"), bytes, and an object whose str() raises
VALUES: list[Any] = [
    *(v for k, v in HOSTILE.items() if k not in SPLICED),
    *SPLICED.values(),
    float("nan"), float("inf"), 10**5_000, "\ud800x\udfff", b"\x1b[2J\xff", _Unprintable(),
    f"redis://u:{SECRET}@h/0", "\x9b31m\u2028forged\u2029\u0085",
]


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    out = io.StringIO()
    setup_logging(level="INFO", json_format=True, secrets=[SECRET], stream=out)
    try:
        yield out
    finally:
        setup_logging(level="WARNING")


def _strict(text: str) -> Any:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is no JSON")
    return json.loads(text, parse_constant=refuse)


# what would end a line, rewrite the terminal or reorder it (C0 and C1 controls, the line and
# paragraph separators, bidi controls), and lone surrogates, which no UTF-8 stream writes
UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f"
                    "\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _printable(value: str, *, lines: bool = False) -> bool:
    return UNSAFE.search(value.replace("\n", "") if lines else value) is None


def _one_line(stream: io.StringIO) -> dict[str, Any]:
    text = stream.getvalue()
    (line,) = text.splitlines()
    text.encode("utf-8")  # no lone surrogate reaches the stream
    row: dict[str, Any] = _strict(line)
    for key, value in row.items():
        assert _printable(key)
        if isinstance(value, str):
            assert _printable(value, lines=key == "exc"), (key, value[:80])
            assert SECRET not in value
            assert len(value) <= (MESSAGE_LIMIT if key in ("msg", "exc") else FIELD_LIMIT) + 40
    return row


@SETTINGS
@given(value=st.sampled_from(VALUES), where=st.sampled_from(("extra", "message", "error")))
def test_a_hostile_value_in_any_field_leaves_one_printable_bounded_json_line(
        value: Any, where: str) -> None:
    out = io.StringIO()
    setup_logging(level="INFO", json_format=True, secrets=[SECRET], stream=out)
    try:
        log = logging.getLogger("socialops.test")
        if where == "extra":
            log.warning("delivery failed", extra={"channel": value, "workspace": "T1"})
        elif where == "message":
            log.warning("skipped %s", value if not isinstance(value, _Unprintable) else 1)
        else:
            try:
                raise ValueError(value if not isinstance(value, _Unprintable) else 1)
            except ValueError:
                log.exception("failed", extra={"task": value})
    finally:
        setup_logging(level="WARNING")
    row = _one_line(out)
    assert row["level"] in ("warning", "error")


def test_an_extra_field_is_escaped_redacted_and_cut_as_a_message_is(
        stream: io.StringIO) -> None:
    logging.getLogger("t").warning("delivery failed", extra={
        "channel": "C1\n12:00:00 ERROR forged\x1b[2J\u202e", "rules": f"redis://u:{SECRET}@h",
        "workspace": "é" * 100_000, "new": 3, "ratio": 0.5, "ok": True})
    row = _one_line(stream)
    assert row["channel"] == "C1\\n12:00:00 ERROR forged\\x1b[2J\\u202e"
    assert row["rules"] == "redis://u:[REDACTED]@h"
    assert row["workspace"].startswith("é" * FIELD_LIMIT)
    assert row["workspace"].endswith("(99000 more characters)")
    assert (row["new"], row["ratio"], row["ok"]) == (3, 0.5, True)


def test_numbers_no_json_reader_reads_are_written_as_text(stream: io.StringIO) -> None:
    logging.getLogger("t").warning("polled", extra={
        "new": float("nan"), "routed": float("-inf"), "duplicates": 10**5_000})
    row = _one_line(stream)
    assert (row["new"], row["routed"]) == ("nan", "-inf")
    assert row["duplicates"] == "an integer of 16610 bits"


def test_a_traceback_keeps_its_lines_but_not_a_forged_terminal(stream: io.StringIO) -> None:
    try:
        raise ValueError("remote said \x1b[2J\u202eevil\u2028")
    except ValueError:
        logging.getLogger("t").exception("failed")
    row = _one_line(stream)
    assert row["exc"].startswith("Traceback (most recent call last):\n")
    assert "remote said \\x1b[2J\\u202eevil\\u2028" in row["exc"]


def test_an_extra_field_named_for_a_secret_or_holding_headers_is_redacted(
        stream: io.StringIO) -> None:
    """A context field whose name says it holds a secret (a token, an API key, a password, an
    Authorization or Cookie header) was written as it came when its value matched no pattern
    nor configured secret: a token the config does not hold (an OAuth token fetched at run
    time, a webhook's), a header dict's X-Api-Key."""
    logging.getLogger("t").warning("request failed", extra={
        "access_token": "fetched-at-run-time-1", "api_key": "abcdef123456",
        "password": "hunter22", "Authorization": "Token abcdef", "cookie": "sid=abcdef",
        "headers": {"X-Api-Key": "k1234567", "Authorization": "Token zyxwvu",
                    "Cookie": "session=abcdef", "Accept": "application/json"},
        "tokens_used": 12, "token_kind": None, "channel": "C1"})
    row = _one_line(stream)
    for key in ("access_token", "api_key", "password", "Authorization", "cookie"):
        assert row[key] == "[REDACTED]", (key, row[key])
    for leaked in ("k1234567", "zyxwvu", "session=abcdef"):
        assert leaked not in row["headers"], row["headers"]
    assert "'Accept': 'application/json'" in row["headers"]
    assert (row["tokens_used"], row["token_kind"], row["channel"]) == (12, "None", "C1")


def test_a_message_of_a_remote_text_quoted_whole_is_cut_in_every_format() -> None:
    """slack_sdk logs "Sending a request - url: <response_url>" at DEBUG; a mutated slash
    command's 100 KB response_url made one text line of 100,000 characters (the JSON format
    cut its message, the text one nothing). Every handler's Redactor cuts it."""
    from bot.app.logs import LINE_LIMIT, Redactor

    record = logging.LogRecord("slack_sdk.webhook", logging.DEBUG, __file__, 1,
                               "Sending a request - url: %s", ("éx" * 50_000,), None)
    assert Redactor().filter(record)
    said = record.getMessage()
    assert len(said) <= LINE_LIMIT + 40 and said.endswith("more characters)"), len(said)
