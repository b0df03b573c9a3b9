"""One event loop, one local network server and one client shared by a test's hypothesis
examples, and the checks every mutation test makes of a poll: what it returned or raised (only
our ``SourceError``), how many skips it counted, the log lines it wrote, and that what it read is
bounded."""

from __future__ import annotations

import asyncio
import logging
import unicodedata
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from bot.app.logs import Redactor
from bot.core.errors import SkipLog, SourceError
from bot.core.models import Mention
from bot.core.text import MAX_TEXT
from integrations.social.common.capped import capped_client
from tests.support.netserver import NetServer

# besides C0 and C1 controls: what ends a line or reorders it on a terminal
UNSAFE_IN_A_LINE = frozenset("\u2028\u2029\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                             "\u2066\u2067\u2068\u2069")
MAX_LOG_LINE = 5_000  # characters: a line quotes at most a few bounded pieces of remote text
MAX_MENTION_JSON = 400_000  # bytes of one mention's JSON: ~20 KB fields, raw cut per string


class _Lines(logging.Handler):
    """Every record, as the production handler writes it (``bot.app.logs.Redactor``: secrets
    redacted, line breaks and escapes shown escaped)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.addFilter(Redactor())
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class World:
    """One event loop, one local network server and one client for all of a test's examples
    (hypothesis runs a sync test's examples one after another; a server per example would
    cost more than the parsing under test)."""

    runner: asyncio.Runner = field(default_factory=asyncio.Runner)
    net: NetServer = field(default_factory=NetServer)
    client: httpx.AsyncClient = field(default_factory=lambda: capped_client(timeout=5))
    lines: _Lines = field(default_factory=_Lines)

    def run(self, coro: Awaitable[Any]) -> Any:
        async def wrapped() -> Any:
            return await coro
        return self.runner.run(wrapped())


@contextmanager
def opened_world() -> Iterator[World]:
    """A started ``World`` whose log handler sees every record of the process."""
    w = World()
    w.run(w.net.__aenter__())
    root = logging.getLogger()
    root.addHandler(w.lines)
    try:
        yield w
    finally:
        root.removeHandler(w.lines)
        w.run(w.client.aclose())
        w.run(w.net.__aexit__(None, None, None))
        w.runner.close()


@dataclass
class Outcome:
    mentions: Sequence[Mention] | None
    error: BaseException | None
    skips: int
    lines: list[logging.LogRecord]


def polled(world: World, source: Any, poll: Callable[[], Awaitable[Sequence[Mention]]]
           ) -> Outcome:
    skipped: SkipLog = source.skipped
    before = skipped.total
    world.lines.records.clear()
    try:
        mentions = world.run(poll())
        error = None
    except SourceError as exc:
        mentions, error = None, exc
    return Outcome(mentions, error, skipped.total - before, list(world.lines.records))


def bounded(m: Mention) -> None:
    for name, value in (("text", m.text), ("url", m.url), ("handle", m.author.handle),
                        ("author id", m.author.id), ("display name", m.author.display_name),
                        ("profile url", m.author.profile_url), ("id", m.id)):
        assert value is None or len(value) <= MAX_TEXT, f"{name} of {len(value)} characters"
    assert len(m.to_json()) <= MAX_MENTION_JSON


def one_line_logs(out: Outcome) -> None:
    """Each log line of the poll, as written, is one bounded line of visible text."""
    for record in out.lines:
        text = record.getMessage()
        bad = [c for c in text if unicodedata.category(c) == "Cc" or c in UNSAFE_IN_A_LINE]
        assert not bad, f"a log line with {bad[:3]!r}: {text[:300]!r}"
        assert len(text) <= MAX_LOG_LINE, f"a log line of {len(text):,} characters: {text[:300]!r}"
