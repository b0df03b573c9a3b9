"""A fourth review of Bluesky's real-time reading against the AT Protocol reference stack: a
post streamed from Jetstream by an account a moderation service labelled ``!hide``. Jetstream
relays records, never labels; the author's profile, which the stream asks the AppView for
anyway (its follower count), carries the account's labels. Each test failed on the code before
its fix.

The accounts, their posts, the label (the stack's ozone) and the profiles (its AppView) are the
stack's; Jetstream, a Go service in no registry here, is a local websocket sending the events
Jetstream makes of those posts' commits.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import websockets

from tests.interop.test_bluesky_real import (  # noqa: F401 (fixtures)
    POST,
    SECRET,
    Deployer,
    Ref,
    World,
    deploy,
    wall,
    world,
)

if TYPE_CHECKING:
    from tests.interop.conftest import Account, AtprotoStack


async def _event(on: World, who: Account, ref: Ref, at: int) -> str:
    """The Jetstream event of the post's create commit, as Jetstream writes it."""
    cid, record = await on.record(ref.uri)
    return json.dumps({"did": who.did, "time_us": at, "kind": "commit", "commit": {
        "rev": "3lqz2y4abcd2a", "operation": "create", "collection": POST,
        "rkey": ref.uri.rsplit("/", 1)[1], "record": record, "cid": cid}})


async def _jetstream(events: list[str]) -> AsyncIterator[str]:
    """A Jetstream sending ``events`` to each connection, then holding it open until the
    client closes it."""

    async def serve(ws: Any) -> None:
        for event in events:
            await ws.send(event)
        await ws.wait_closed()

    async with websockets.serve(serve, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        yield f"ws://127.0.0.1:{port}/subscribe?wantedCollections={POST}"


async def test_a_streamed_post_by_an_account_labelled_hide_is_no_mention(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """The poll skips the posts of an account labelled ``!hide`` (``author.labels`` on their
    views): Bluesky shows them to nobody. Streamed, the same post became a card: Jetstream's
    event names the author by DID alone, and the profile asked for the follower count, which
    carries the account's label, was read for the count and the handle only."""
    bot = atproto.account("stream-label-bot")
    spammer, alice = atproto.account("stream-spammer"), atproto.account("stream-alice")
    promo = await world.post(spammer, "Stream Cloud promo: free followers")
    fine = await world.post(alice, "Stream Cloud is down for me")
    atproto.process()
    atproto.label(spammer.did, "", create=["!hide"])  # the account, not a post
    now = int(wall().timestamp() * 1_000_000)
    events = [await _event(world, spammer, promo, now), await _event(world, alice, fine, now + 1)]
    async for url in _jetstream(events):
        d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET,
                           "stream": True, "jetstream_url": url,
                           "stream_keywords": ["Stream Cloud"]}],
                         BLUESKY_APP_PASSWORD=bot.app_password)
        source = d.source("bsky")
        stream = source.stream()
        try:
            first = await asyncio.wait_for(anext(stream), timeout=60)
        finally:
            await stream.aclose()
        assert first.id == f"bluesky:{fine.uri}", first.text
        assert [r for r in source.skipped if promo.uri in r and "labelled !hide" in r], \
            source.skipped


async def test_a_streamed_post_by_an_account_taken_down_is_no_mention(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """An account the AppView took down is gone from every read (its posts from searchPosts,
    its profile from getProfiles), but Jetstream still carried the post it wrote just before:
    a profile missing from getProfiles was taken for one not yet indexed, and the post came.
    The AppView says which: getProfile answers ``AccountTakedown`` (or ``AccountDeactivated``)
    for such an account, and ``Profile not found`` for one it has not indexed yet."""
    bot = atproto.account("st-down-bot")
    gone, alice = atproto.account("st-gone"), atproto.account("st-alice")
    last = await world.post(gone, "Takedown Cloud: last post before the takedown")
    fine = await world.post(alice, "Takedown Cloud is down for me")
    atproto.process()
    atproto.takedown(gone.did)
    now = int(wall().timestamp() * 1_000_000)
    events = [await _event(world, gone, last, now), await _event(world, alice, fine, now + 1)]
    async for url in _jetstream(events):
        d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET,
                           "stream": True, "jetstream_url": url,
                           "stream_keywords": ["Takedown Cloud"]}],
                         BLUESKY_APP_PASSWORD=bot.app_password)
        source = d.source("bsky")
        stream = source.stream()
        try:
            first = await asyncio.wait_for(anext(stream), timeout=60)
        finally:
            await stream.aclose()
        assert first.id == f"bluesky:{fine.uri}", first.text
        assert [r for r in source.skipped if last.uri in r and "taken down" in r], \
            source.skipped
