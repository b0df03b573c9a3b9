"""The real-time paths, mutated as the polled pages are (tests/support/mutations.py): every
JSON path of a real recorded Mastodon streaming ``update`` and of a real Jetstream post commit,
given a value of the wrong kind, read by the function each stream calls per message
(``MastodonStreamer.to_mention`` per server-sent event, ``BlueskySource._from_event`` per
websocket message; the connections around them are tested in test_mastodon_stream.py and
test_bluesky_jetstream_*.py).

What must hold: the call returns (a message never ends the stream); the message is read or
skipped with at most one count in ``skipped``; every mention is bounded; no log line carries a
control or bidi character.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given

from bot.app.logs import Redactor
from bot.core.errors import SkipLog
from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.source import BlueskySource
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonSource
from integrations.social.mastodon.stream import MastodonStreamer, SseEvent
from tests.conftest import FakeClock
from tests.support.fakes import Cursors
from tests.support.mutations import SETTINGS, JsonPath, mutation, render, shown
from tests.support.polling import Outcome, bounded, one_line_logs

REAL = Path(__file__).parents[1] / "fixtures" / "real"


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.addFilter(Redactor())
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def lines() -> Iterator[_Lines]:
    handler = _Lines()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


def _first_update() -> dict[str, Any]:
    text = (REAL / "mastodon" / "streaming_public_sse_events.txt").read_text(encoding="utf-8")
    for frame in text.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in frame.splitlines() if ": " in line)
        if fields.get("event") == "update":
            status: dict[str, Any] = json.loads(fields["data"])
            return status
    raise AssertionError("no update in the recorded stream")


UPDATE = _first_update()


def _first_post() -> tuple[dict[str, Any], str]:
    """The first post commit of the real capture that the keyword ``band`` lets through."""
    for line in (REAL / "bluesky" / "jetstream_v1_events_real_capture.jsonl").read_text(
            encoding="utf-8").splitlines():
        event = json.loads(line)
        commit = event.get("commit") or {}
        if commit.get("collection") == "app.bsky.feed.post" and " band" in str(
                (commit.get("record") or {}).get("text")):
            return event, "band"
    raise AssertionError("no post with the keyword in the capture")


POST, KEYWORD = _first_post()


def _verdict(out: Outcome, path: JsonPath) -> None:
    assert out.skips <= 1, f"{shown(path)}: {out.skips} skips for one message"
    warnings = [r for r in out.lines if r.levelno >= logging.WARNING]
    assert len(warnings) <= 1, f"{shown(path)}: {[r.getMessage()[:120] for r in warnings]}"
    one_line_logs(out)
    for m in out.mentions or ():
        bounded(m)


@pytest.fixture(scope="module")
def streamer() -> MastodonStreamer:
    source = MastodonSource(
        MastodonSourceConfig(id="m1", type="mastodon", base_url="http://127.0.0.1:9",
                             hashtags=("#socialops",), stream=True),
        store=Cursors(), client=httpx.AsyncClient(),
        clock=FakeClock(datetime(2022, 8, 31, tzinfo=UTC)))
    return MastodonStreamer(source)


async def test_the_unmutated_messages_are_read(streamer: MastodonStreamer) -> None:
    (endpoint,) = streamer.endpoints()
    assert await streamer.to_mention(SseEvent("update", json.dumps(UPDATE)), endpoint) is not None
    mention, _ = await _jetstream()._from_event(json.dumps(POST))
    assert mention is not None


@SETTINGS
@given(mutated=mutation(UPDATE))
def test_a_mutated_mastodon_streaming_update(streamer: MastodonStreamer, lines: _Lines,
                                             mutated: tuple[JsonPath, str]) -> None:
    path, kind = mutated
    (endpoint,) = streamer.endpoints()
    skipped: SkipLog = streamer.source.skipped  # type: ignore[assignment]
    before = skipped.total
    lines.records.clear()
    # each example on a loop of its own (hypothesis runs a test function, not a coroutine)
    got = asyncio.run(streamer.to_mention(SseEvent("update", render(UPDATE, path, kind).decode()),
                                          endpoint))
    out = Outcome([got[0]] if got else [], None, skipped.total - before, list(lines.records))
    _verdict(out, path)


def _jetstream() -> BlueskySource:
    return BlueskySource(
        BlueskySourceConfig(id="bsky", type="bluesky", base_url="http://127.0.0.1:9",
                            stream=True, stream_keywords=(KEYWORD,)),
        store=Cursors(), client=httpx.AsyncClient(),
        clock=FakeClock(datetime(2026, 7, 4, 15, tzinfo=UTC)))


@pytest.fixture(scope="module")
def jetstream() -> BlueskySource:
    return _jetstream()


@SETTINGS
@given(mutated=mutation(POST))
def test_a_mutated_jetstream_post(jetstream: BlueskySource, lines: _Lines,
                                  mutated: tuple[JsonPath, str]) -> None:
    path, kind = mutated
    jetstream.recent.clear()  # the last example's post is not a repeat of this one
    skipped: SkipLog = jetstream.skipped  # type: ignore[assignment]
    before = skipped.total
    lines.records.clear()
    mention, _ = asyncio.run(jetstream._from_event(render(POST, path, kind)))
    out = Outcome([mention] if mention else [], None, skipped.total - before,
                  list(lines.records))
    _verdict(out, path)
