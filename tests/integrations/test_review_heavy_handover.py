"""Jetstream messages too heavy to read, across a stream's handover between two processes
(a review of the ``<id>:jetstream-heavy`` memory, test failing before).

The runtime builds a source once and calls its ``stream()`` again each time its process takes
the stream's lease (``bot/app/runtime.py``, ``_stream_step``): the position is read from the
store at every connection, but the messages skipped as too heavy were read once a process
and never again. A process that streamed, lost the lease and took it back kept what it had
read: a message the other process skipped meanwhile was, in the reconnect's overlap
(bluesky-social/jetstream README, "cursor": the replay from a ``time_us``), read again in a
process of its own (seconds) and counted again, and the memory written back without it."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from bot.core.ports import Store
from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.source import BlueskySource
from tests.conftest import FakeClock
from tests.integrations.test_review_loop_frames import _post, _until, from_cursor, no_sleep
from tests.support.netserver import NetServer


def _heavy(post: dict[str, Any], seconds: int, rkey: str) -> dict[str, Any]:
    heavy = {**json.loads(json.dumps(post)), "time_us": post["time_us"] + seconds * 1_000_000}
    heavy["commit"]["rkey"] = rkey
    heavy.update({f"x{n}": {} for n in range(6_000)})  # nothing stands out to cut
    return heavy


async def test_a_process_taking_the_stream_back_knows_what_the_other_skipped(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        sqlite_store: Store) -> None:
    post = _post()
    one, two = _heavy(post, 10, "3heavyone"), _heavy(post, 11, "3heavytwo")
    clock.now = datetime.fromtimestamp(two["time_us"] / 1e6, UTC) + timedelta(minutes=1)
    config = BlueskySourceConfig(id="bsky", type="bluesky", base_url=net.base,
                                 jetstream_url=net.ws_base, stream=True,
                                 stream_keywords=("government",), timeout=5)

    got: list[str] = []

    async def run(source: BlueskySource) -> None:
        async for mention in source.stream():
            got.append(mention.id)

    async def stream_until(source: BlueskySource, done: Any, saved: int | None = None) -> None:
        task = asyncio.create_task(run(source))
        await _until(done, task, 30)
        async with asyncio.timeout(10):  # saved at once past a message too heavy
            while saved is not None and not await saved_at(saved):
                await asyncio.sleep(0.01)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    def skips(source: BlueskySource) -> int:
        return sum("stands out" in s for s in source.skipped)

    async def saved_at(time_us: int) -> bool:
        return await sqlite_store.get_cursor("bsky:jetstream") == str(time_us)

    # process A streams: the post, then the first heavy message (skipped, remembered)
    net.websocket("/subscribe", [json.dumps(post), json.dumps(one)], select=from_cursor)
    a = BlueskySource(config, store=sqlite_store, client=client, clock=clock, sleep=no_sleep)
    await stream_until(a, lambda: skips(a) == 1, one["time_us"])

    # A stalls; process B takes the stream: the second heavy message (skipped, remembered)
    net.websocket("/subscribe", [json.dumps(post), json.dumps(one), json.dumps(two)],
                  select=from_cursor)
    b = BlueskySource(config, store=sqlite_store, client=client, clock=clock, sleep=no_sleep)
    await stream_until(b, lambda: skips(b) == 1, two["time_us"])

    # A takes the stream back: the reconnect's overlap replays the second heavy message, then
    # a post after it
    later = json.loads(json.dumps(post))
    later["time_us"], later["commit"]["rkey"] = two["time_us"] + 1_000_000, "3later"
    net.websocket("/subscribe", [json.dumps(m) for m in (post, one, two, later)],
                  select=from_cursor)
    got.clear()
    await stream_until(a, lambda: bool(got))
    assert skips(a) == 1, list(a.skipped)  # known (B skipped it): not read, nor counted
    kept = json.loads(await sqlite_store.get_cursor("bsky:jetstream-heavy") or "[]")
    assert [m.split(":")[0] for m in kept] == [str(one["time_us"]), str(two["time_us"])]
