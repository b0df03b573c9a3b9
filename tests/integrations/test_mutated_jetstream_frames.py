"""Bluesky's Jetstream at the frame level, over a real websocket to the local server
(tests/support/netserver.py): what test_mutated_streams.py cannot send, as it hands
``_from_event`` a decoded message. A message that is JSON but no object, a binary message that
is not UTF-8, a post commit whose record is not an object, ``time_us`` out of range.

What must hold: the stream goes on and reads the capture's posts sent after them, once each;
each hostile message is read or counted in ``skipped``, never lost unsaid, at most once."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx

from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.source import BlueskySource
from tests.conftest import FakeClock
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

JETSTREAM = Path(__file__).parents[1] / "fixtures" / "real" / "bluesky" / \
    "jetstream_v1_events_real_capture.jsonl"
NOT_UTF8 = "\udcff\udcfe"  # the bytes 0xff 0xfe, as the local server writes them


def _post() -> tuple[dict[str, Any], list[str]]:
    lines = JETSTREAM.read_text(encoding="utf-8").splitlines()
    post = json.loads(next(ln for ln in lines if '"app.bsky.feed.post"' in ln
                           and '"create"' in ln and "government" in ln.lower()))
    return post, lines


async def test_hostile_jetstream_messages_are_skipped_once_and_the_stream_goes_on(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    post, lines = _post()
    odd_record = json.loads(json.dumps(post))
    odd_record["commit"]["rkey"] = "3odd"
    odd_record["commit"]["record"] = ["government", 1]
    far, true = dict(post, time_us=10**20), dict(post, time_us=True)
    hostile = ["[1, 2]", '"government"', NOT_UTF8, json.dumps(odd_record),
               json.dumps(far), json.dumps(true)]
    net.websocket("/subscribe", [*hostile, *lines], binary={NOT_UTF8})
    config = BlueskySourceConfig(id="bsky", type="bluesky", base_url=net.base,
                                 jetstream_url=net.ws_base, stream=True,
                                 stream_keywords=("government",), timeout=2)

    async def no_sleep(_: float) -> None:
        await asyncio.sleep(0)

    source = BlueskySource(config, store=Cursors(), client=client, clock=clock,
                           sleep=no_sleep)
    got: list[str] = []

    async def read() -> None:
        async for mention in source.stream():
            got.append(mention.id)

    task = asyncio.create_task(read())
    # each of the capture's posts with the keyword, once: the copies with time_us out of
    # range are the same post, read before (a position is no part of a post)
    expected = [f"bluesky:at://{e['did']}/app.bsky.feed.post/{e['commit']['rkey']}"
                for e in map(json.loads, lines) if e.get("kind") == "commit"
                and "government" in str(e["commit"].get("record", {}).get("text")).lower()]
    for _ in range(1000):
        if len(got) >= len(expected):
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)  # and nothing more comes
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    # the post, read once: with time_us out of range it is the same post, not another
    assert got == expected
    assert got[0].endswith(post["commit"]["rkey"])
    assert list(source.skipped) == [
        "jetstream: message is a list, not an object",
        "jetstream: message is a str, not an object",
        "jetstream: message is not JSON",
        "jetstream: a post's record is a list, not an object",
        f"jetstream: time_us {10**20} is no position; the position stays",
        "jetstream: time_us True is no position; the position stays"]


async def test_a_text_message_that_is_not_utf8_is_read_on_the_same_connection(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A text message whose bytes are not UTF-8 (RFC 6455 §5.6 says a text frame is UTF-8; a
    broken relay may send one that is not) made the websockets client close the connection
    (1007), and each reconnect from the last position read it again. The stream now reads a
    text message's bytes as it reads a binary one's (``bot.core.jsonbody.loads``): one that
    is no JSON is counted in ``skipped``, a post with a bad byte in its text is read with
    U+FFFD for it, and the posts after them come on the same connection, once each."""
    post, _ = _post()
    broken = json.loads(json.dumps(post))
    broken["commit"]["rkey"] = "3broken"
    broken_line = json.dumps(broken, ensure_ascii=False).replace(
        "government", "gov\udcffernment government", 1)
    after = json.loads(json.dumps(post))
    after["commit"]["rkey"] = "3after"
    after["time_us"] = post["time_us"] + 1
    connects = net.websocket("/subscribe", [NOT_UTF8, broken_line, json.dumps(after)])
    config = BlueskySourceConfig(id="bsky", type="bluesky", base_url=net.base,
                                 jetstream_url=net.ws_base, stream=True,
                                 stream_keywords=("government",), timeout=2)

    async def no_sleep(_: float) -> None:
        await asyncio.sleep(0)

    source = BlueskySource(config, store=Cursors(), client=client, clock=clock,
                           sleep=no_sleep)
    got: list[Any] = []

    async def read() -> None:
        async for mention in source.stream():
            got.append(mention)

    task = asyncio.create_task(read())
    for _ in range(500):
        if len(got) >= 2:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)  # and nothing more comes
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert [m.id.rsplit("/", 1)[1] for m in got] == ["3broken", "3after"]
    assert "gov\ufffdernment government" in got[0].text
    assert list(source.skipped) == ["jetstream: message is not JSON"]
    assert len(connects) == 1  # never dropped


async def test_a_post_whose_record_key_is_no_record_key_is_skipped_and_counted(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A commit's ``rkey`` names the post (its at-uri, the mention's id, the address ``why``
    is given). Read as text with U+FFFD for bad bytes, two posts of one author whose keys
    differ only in a byte that is not UTF-8 ("3bad" + 0xff, "3bad" + 0xfe) were one id: the
    second was dropped as already read, and the first's address named no post ``why`` could
    look up. A key holding "/" ("x/3real") made an address naming the author's post 3real,
    another post. A record key is [A-Za-z0-9._:~-]{1,512}, not "." or ".." (atproto's Record
    Key syntax): any other is skipped and counted, and the stream's position still moves past
    it."""
    post, _ = _post()
    did, start = post["did"], post["time_us"]

    def commit(rkey: str, at: int) -> str:
        event = json.loads(json.dumps(post))
        event["commit"]["rkey"], event["time_us"] = rkey, at
        return json.dumps(event, ensure_ascii=False)

    lines = [commit("3bad\udcff", start + 1), commit("3bad\udcfe", start + 2),
             commit("x/3real", start + 3), commit("..", start + 4), commit("3after", start + 5)]
    connects = net.websocket("/subscribe", lines)
    config = BlueskySourceConfig(id="bsky", type="bluesky", base_url=net.base,
                                 jetstream_url=net.ws_base, stream=True,
                                 stream_keywords=("government",), timeout=2)

    async def no_sleep(_: float) -> None:
        await asyncio.sleep(0)

    store = Cursors()
    source = BlueskySource(config, store=store, client=client, clock=clock, sleep=no_sleep)
    got: list[Any] = []

    async def read() -> None:
        async for mention in source.stream():
            got.append(mention)

    task = asyncio.create_task(read())
    for _ in range(500):
        if got:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)  # and nothing more comes
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert [m.id for m in got] == [f"bluesky:at://{did}/app.bsky.feed.post/3after"]
    assert len(source.skipped) == 4
    assert all(s.startswith("jetstream: ") and "record key" in s for s in source.skipped)
    assert "\ufffd" in source.skipped[0]  # the key as read, quoted
    assert store.values["bsky:jetstream"] == str(start + 5)
    assert len(connects) == 1
