"""Where a Jetstream reconnect resumes when an event's ``time_us`` is no position, over a real
websocket: the local NetServer replays the real capture (tests/fixtures/real/bluesky), with one
event of a hostile time as the last before the connection drops. The reconnect asks for the
position of the last good event (less the five-second overlap), whatever that event said."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.source import OVERLAP_US, BlueskySource
from tests.conftest import FakeClock
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

JETSTREAM = Path(__file__).parents[1] / "fixtures" / "real" / "bluesky" / \
    "jetstream_v1_events_real_capture.jsonl"
DROP = 60  # events sent before the first connection drops


async def no_sleep(_: float) -> None:
    await asyncio.sleep(0)


def from_cursor(query: Any, lines: list[str]) -> list[str]:
    cursor = query.get("cursor")
    if cursor is None:
        return lines
    return [ln for ln in lines if isinstance(t := json.loads(ln)["time_us"], int)
            and not isinstance(t, bool) and t >= int(cursor)]


@pytest.mark.parametrize("time_us", [
    True,  # saved as "True": read back as no position, the gap after the drop lost
    10 ** 30,  # past what Jetstream reads as a cursor: nothing, at every reconnect
    -1, 0,  # the beginning of Jetstream's history: all of it replayed
    4_102_444_800_000_000,  # 2100: past our clock
    "1783175888085434",  # a string of digits
    "older",  # an event older than the ones read: the resume point went back
], ids=["true", "10e30", "negative", "zero", "year-2100", "string", "older"])
async def test_a_time_that_is_no_position_does_not_move_the_resume_point(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, time_us: Any) -> None:
    lines = JETSTREAM.read_text(encoding="utf-8").splitlines()
    good = lines[:DROP - 1]
    hostile = json.loads(lines[DROP - 1])
    hostile["time_us"] = json.loads(good[0])["time_us"] - 60_000_000 if time_us == "older" \
        else time_us
    served = [*good, json.dumps(hostile), *lines[DROP - 1:]]
    connects = net.websocket("/subscribe", served, drop_after=[DROP, None], select=from_cursor)
    config = BlueskySourceConfig(id="bsky", type="bluesky", base_url=net.base,
                                 jetstream_url=net.ws_base, stream=True,
                                 stream_keywords=("government",), timeout=2)
    source = BlueskySource(config, store=Cursors(), client=client, clock=clock,
                           sleep=no_sleep)

    async def until_reconnected() -> None:
        async for _ in source.stream():
            if len(connects) >= 2:
                return

    task = asyncio.create_task(until_reconnected())
    while len(connects) < 2:
        await asyncio.sleep(0.01)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    last_good = max(json.loads(ln)["time_us"] for ln in good)
    assert int(connects[1]["cursor"]) == last_good - OVERLAP_US
    if time_us != "older":  # an older time is a time: it only does not move the position back
        assert any(r.startswith("jetstream: time_us ") for r in source.skipped)


async def test_a_saved_position_past_the_clock_is_ignored(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """Saved before such times were refused, it was asked for at every reconnect: the stream
    started at the live tail instead, with a warning."""
    connects = net.websocket("/subscribe", JETSTREAM, select=from_cursor)
    cursors = Cursors()
    await cursors.set_cursor("bsky:jetstream", "4102444800000000")  # 2100
    config = BlueskySourceConfig(id="bsky", type="bluesky", base_url=net.base,
                                 jetstream_url=net.ws_base, stream=True,
                                 stream_keywords=("government",), timeout=2)
    source = BlueskySource(config, store=cursors, client=client, clock=clock, sleep=no_sleep)
    got: list[str] = []

    async def first() -> None:
        async for mention in source.stream():
            got.append(mention.id)
            await asyncio.Event().wait()  # held here, as the runtime holds it, till cancelled

    task = asyncio.create_task(first())
    for _ in range(1000):
        if got:
            break
        await asyncio.sleep(0.01)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert got and got[0].startswith("bluesky:at://")
    assert "cursor" not in connects[0]
    assert "ignoring jetstream position 4102444800000000, past the clock" in caplog.text


async def test_a_message_too_big_to_read_is_skipped_past(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """A record holds any JSON, and Jetstream writes a control character as six bytes: a post
    of a megabyte of them is a 6 MB message, over what the client reads (4 MB), and the
    connection closes (1009). The reconnect resumed five seconds before it and met it again,
    at every reconnect: the stream stayed there for good. It resumes past it, and says so."""
    lines = JETSTREAM.read_text(encoding="utf-8").splitlines()
    head, rest = lines[:30], lines[30:]
    read = max(json.loads(ln)["time_us"] for ln in head)
    huge = json.loads(next(ln for ln in lines if '"app.bsky.feed.post"' in ln
                           and '"create"' in ln))
    huge["time_us"] = read + 500
    huge["commit"]["record"]["text"] = "government " + "\x01" * 1_000_000
    connects = net.websocket("/subscribe", [*head, json.dumps(huge), *rest],
                             select=from_cursor)
    after = {f"bluesky:at://{e['did']}/app.bsky.feed.post/{e['commit']['rkey']}"
             for ln in rest if (e := json.loads(ln))["time_us"] > read + 1_000
             and e["kind"] == "commit" and e["commit"].get("operation") == "create"
             and "government" in e["commit"].get("record", {}).get("text", "").lower()}
    assert after  # the capture has such posts after the first 30 events
    config = BlueskySourceConfig(id="bsky", type="bluesky", base_url=net.base,
                                 jetstream_url=net.ws_base, stream=True,
                                 stream_keywords=("government",), timeout=2)
    source = BlueskySource(config, store=Cursors(), client=client, clock=clock,
                           sleep=no_sleep)
    got: set[str] = set()

    async def consume() -> None:
        async for mention in source.stream():
            got.add(mention.id)
            if got >= after:
                return

    task = asyncio.create_task(consume())
    while not task.done() and len(connects) < 40:
        await asyncio.sleep(0.01)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert got >= after, [c.get("cursor") for c in connects]
    assert int(connects[-1]["cursor"]) == read + 501  # 1 µs past the message
    assert list(source.skipped) == [
        f"jetstream: a message over 4,194,304 bytes at time_us {read + 500} skipped (the "
        f"stream read from {read + 501} on)"]
    assert f"a message over 4,194,304 bytes after time_us {read + 1}; looking for" in caplog.text


async def test_a_post_in_the_millisecond_after_a_message_too_big_is_read(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """Resuming 1 ms past the position (twice as far each time the message was met again)
    skipped what else that span held: a post 200 µs after the message too big was lost, and
    up to as long again as the gap before the message. The reconnects look for where the
    message lies instead (a cursor past it answers an event first, one before it the message
    again; Jetstream replays in time_us order) and resume 1 µs past it."""
    lines = sorted(JETSTREAM.read_text(encoding="utf-8").splitlines(),
                   key=lambda ln: json.loads(ln)["time_us"])
    head, rest = lines[:30], lines[30:]
    read = json.loads(head[-1])["time_us"]
    posts = [json.loads(ln) for ln in lines if '"app.bsky.feed.post"' in ln and '"create"' in ln]
    huge, near = posts[0], posts[1]
    huge["time_us"] = read + 500
    huge["commit"]["record"]["text"] = "government " + "\x01" * 1_000_000
    near["time_us"] = read + 700
    near["commit"]["record"]["text"] = "the government page is down"
    near["commit"]["rkey"] = "3nearpost00000"
    served = [*head, json.dumps(huge), json.dumps(near),
              *[ln for ln in rest if json.loads(ln)["time_us"] > read + 700]]
    connects = net.websocket("/subscribe", served, select=from_cursor)
    config = BlueskySourceConfig(id="bsky", type="bluesky", base_url=net.base,
                                 jetstream_url=net.ws_base, stream=True,
                                 stream_keywords=("government",), timeout=2)
    source = BlueskySource(config, store=Cursors(), client=client, clock=clock,
                           sleep=no_sleep)
    want = f"bluesky:at://{near['did']}/app.bsky.feed.post/3nearpost00000"
    got: list[str] = []

    async def consume() -> None:
        async for mention in source.stream():
            got.append(mention.id)
            return  # in time order: this post, or one after it when it was skipped

    task = asyncio.create_task(consume())
    while not task.done() and len(connects) < 40:
        await asyncio.sleep(0.01)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert got == [want], [c.get("cursor") for c in connects]
    assert list(source.skipped) == [
        f"jetstream: a message over 4,194,304 bytes at time_us {read + 500} skipped (the "
        f"stream read from {read + 501} on)"]
