"""A Jetstream position older than Jetstream keeps (a fifth review of Bluesky's real-time
reading, against the AT Protocol reference stack's AppView).

Jetstream keeps a bounded window of events (``--event-ttl``, 24 hours by default; an instance
may keep more or less) and replays a cursor from before it from the oldest event it has: a
deployment stopped for a weekend resumed there, and the posts between its position and that
first event were lost unsaid. A reconnect resumes a few seconds before the position, so its
first event is the last one read, or earlier; a first event after the position says that
event is no longer kept. The gap is said in one line and searched (``searchPosts`` with
``since`` and ``until``) for the stream's keywords, the posts found matched as streamed ones
are; what cannot be searched is counted.

The accounts, their posts and the search are the stack's; Jetstream, a Go service in no
registry here, is a local websocket sending the events Jetstream makes of those posts' commits.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from tests.interop.test_bluesky_real import (  # noqa: F401 (fixtures)
    SECRET,
    Deployer,
    World,
    deploy,
    wall,
    world,
)
from tests.interop.test_bluesky_review_stream_labels import _event, _jetstream

if TYPE_CHECKING:
    from tests.interop.conftest import AtprotoStack


def micros(days_ago: float) -> int:
    return int((wall() - timedelta(days=days_ago)).timestamp() * 1_000_000)


async def test_a_position_older_than_jetstream_keeps_is_said_and_searched(
    atproto: AtprotoStack, deploy: Deployer, world: World,  # noqa: F811
    caplog: pytest.LogCaptureFixture
) -> None:
    """Stopped for two days: Jetstream's first event is today's, and the posts made while
    nobody read were lost. Found now by searching the gap for the stream's keywords, the way
    the stream matches them (whole words: ``Gapcloudy`` is no ``Gapcloud``)."""
    bot, alice, bob = (atproto.account(h) for h in ("gap-bot", "gap-alice", "gap-bob"))
    missed = [await world.post(alice, "Gapcloud is down again"),
              await world.post(bob, "anyone else? Gapcloud login fails")]
    await world.post(bob, "Gapcloudy weather all weekend")  # the search finds it; no keyword
    live = await world.post(alice, "Gapcloud is back, thanks")
    atproto.process()
    first = micros(0) + 1_000_000  # after every post above
    async for url in _jetstream([await _event(world, alice, live, first)]):
        d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET,
                           "stream": True, "jetstream_url": url,
                           "stream_keywords": ["Gapcloud"]}],
                         BLUESKY_APP_PASSWORD=bot.app_password)
        await d.store.set_cursor("bsky:jetstream", str(micros(2)))  # two days ago
        source = d.source("bsky")
        stream = source.stream()
        read = []
        try:
            while len(read) < 3:
                read.append(await asyncio.wait_for(anext(stream), timeout=60))
        finally:
            await stream.aclose()
    assert sorted(m.id for m in read[:2]) == sorted(f"bluesky:{p.uri}" for p in missed)
    assert read[2].id == f"bluesky:{live.uri}"
    said = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING
            and "older than Jetstream keeps" in r.getMessage()]
    assert len(said) == 1 and "2 posts found" in said[0] and "\n" not in said[0], said


async def test_a_gap_with_no_keywords_to_search_for_is_counted(
    atproto: AtprotoStack, deploy: Deployer, world: World,  # noqa: F811
    caplog: pytest.LogCaptureFixture
) -> None:
    """A stream of every post (no ``stream_keywords``) has nothing to search the gap for: the
    loss is said and counted, not left unsaid."""
    bot, alice = atproto.account("gap-all-bot"), atproto.account("gap-all-alice")
    live = await world.post(alice, "Everything stream, live")
    atproto.process()
    async for url in _jetstream([await _event(world, alice, live, micros(0))]):
        d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET,
                           "stream": True, "jetstream_url": url}],
                         BLUESKY_APP_PASSWORD=bot.app_password)
        await d.store.set_cursor("bsky:jetstream", str(micros(3)))
        source = d.source("bsky")
        stream = source.stream()
        try:
            got = await asyncio.wait_for(anext(stream), timeout=60)
        finally:
            await stream.aclose()
    assert got.id == f"bluesky:{live.uri}"
    lost = [r for r in source.skipped if "older than Jetstream keeps" in r]
    assert len(lost) == 1 and "no stream_keywords" in lost[0], source.skipped
