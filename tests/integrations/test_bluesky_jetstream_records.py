"""Records in the post collection that are no posts, over a real websocket: the local
NetServer replays the real Jetstream capture (tests/fixtures/real/bluesky) with such records
put first. Jetstream relays records unchecked, and a PDS writes any record with ``validate:
false``."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.source import BlueskySource
from tests.conftest import FakeClock
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

JETSTREAM = Path(__file__).parents[1] / "fixtures" / "real" / "bluesky" / \
    "jetstream_v1_events_real_capture.jsonl"


async def no_sleep(_: float) -> None:
    await asyncio.sleep(0)


@pytest.mark.parametrize("kind", ["app.bsky.feed.like", "com.example.secret", 7])
async def test_a_record_of_another_type_in_the_post_collection_is_no_post(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, kind: Any) -> None:
    """It was read as a post, and a card linked to a post no client shows."""
    lines = JETSTREAM.read_text(encoding="utf-8").splitlines()
    post = json.loads(next(ln for ln in lines if '"app.bsky.feed.post"' in ln
                           and '"create"' in ln and "government" in ln.lower()))
    odd = json.loads(json.dumps(post))
    odd["commit"]["rkey"] = "3odd"
    odd["commit"]["record"]["$type"] = kind
    net.websocket("/subscribe", [json.dumps(odd), *lines])
    source, got = await first_streamed(net, client, clock, net.ws_base)
    assert got == [f"bluesky:at://{post['did']}/app.bsky.feed.post/{post['commit']['rkey']}"]
    assert list(source.skipped) == [f"jetstream: record of type {str(kind)!r} is no post"]


@pytest.mark.parametrize("written", ["/subscribe", "/subscribe/",
                                     "/subscribe?wantedCollections=app.bsky.feed.post"])
async def test_a_jetstream_url_written_as_jetstreams_readme_does_reads_the_stream(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, written: str) -> None:
    """Jetstream's README names its public instances with /subscribe (and a query): the stream
    asked /subscribe/subscribe (or the query's /subscribe?...) and read nothing, reconnecting
    forever."""
    lines = JETSTREAM.read_text(encoding="utf-8").splitlines()
    connects = net.websocket("/subscribe", lines)
    _, got = await first_streamed(net, client, clock, net.ws_base + written)
    assert len(got) == 1 and len(connects) == 1
    assert connects[0].get("wantedCollections") == "app.bsky.feed.post"


async def first_streamed(net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
                         jetstream_url: str) -> tuple[BlueskySource, list[str]]:
    """The source streaming from ``jetstream_url`` until its first mention (10 s at most),
    and the ids it gave."""
    config = BlueskySourceConfig(id="bsky", type="bluesky", base_url=net.base,
                                 jetstream_url=jetstream_url, stream=True,
                                 stream_keywords=("government",), timeout=2)
    source = BlueskySource(config, store=Cursors(), client=client, clock=clock,
                           sleep=no_sleep)
    got: list[str] = []

    async def first() -> None:
        async for mention in source.stream():
            got.append(mention.id)
            await asyncio.Event().wait()

    task = asyncio.create_task(first())
    for _ in range(1000):
        if got:
            break
        await asyncio.sleep(0.01)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    return source, got
