"""Jetstream's ``identity`` events. Jetstream sends them whatever ``wantedCollections`` asks (as
it sends ``account`` events): an account's DID document or handle changed, and whoever keeps
its handle must resolve it again (Jetstream's README; com.atproto.sync.subscribeRepos#identity:
"the handle may have changed"). A streamed post names its author by DID alone and takes the
handle from a profile remembered 30 minutes: after a handle change, the next posts of that
author within those minutes showed the old handle on the card, and the author's link named a
handle that now resolves to nobody."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

import httpx
from aiohttp import web

from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.source import BlueskySource
from tests.conftest import FakeClock
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

KASIA = "did:plc:kasiakasiakasiakasiakasi"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
US = int(NOW.timestamp() * 1_000_000)


def post(rkey: str, time_us: int, text: str) -> str:
    return json.dumps({"did": KASIA, "time_us": time_us, "kind": "commit", "commit": {
        "rev": rkey, "operation": "create", "collection": "app.bsky.feed.post", "rkey": rkey,
        "cid": "bafy", "record": {"$type": "app.bsky.feed.post", "text": text,
                                  "createdAt": NOW.isoformat()}}})


async def no_sleep(_: float) -> None:
    await asyncio.sleep(0)


async def test_a_handle_changed_mid_stream_is_the_one_shown_on_the_next_post(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    clock.now = NOW
    handle = {"now": "kasia.example"}

    async def profiles(request: web.Request) -> web.Response:
        return web.json_response({"profiles": [
            {"did": KASIA, "handle": handle["now"], "followersCount": 7}]})

    lines = [post("3ka", US, "the band is down"),
             # what Jetstream sends once the PLC (or the PDS) says the handle changed
             json.dumps({"did": KASIA, "time_us": US + 10, "kind": "identity",
                         "identity": {"did": KASIA, "handle": "kasia-new.example",
                                      "seq": 2, "time": NOW.isoformat()}}),
             post("3kb", US + 20, "the band is still down")]

    def from_cursor(query: Any, all_lines: list[str]) -> list[str]:
        cursor = int(query.get("cursor", 0))
        return [ln for ln in all_lines if json.loads(ln)["time_us"] >= cursor]

    async with NetServer() as net:
        net.handler("GET", "/xrpc/app.bsky.actor.getProfiles", profiles)
        # the first connection drops after the first post: it is shown before the change
        net.websocket("/subscribe", lines, drop_after=[1, None], select=from_cursor)
        cfg = BlueskySourceConfig(id="bsky", type="bluesky", base_url=net.base,
                                  jetstream_url=net.ws_base, stream=True,
                                  stream_keywords=("band",), timeout=2)
        source = BlueskySource(cfg, store=Cursors(), client=client, clock=clock,
                               sleep=no_sleep)
        got = []

        async def consume() -> None:
            async for mention in source.stream():
                got.append(mention)
                if len(got) == 1:
                    handle["now"] = "kasia-new.example"  # the AppView follows the change
                if len(got) == 2:
                    return

        await asyncio.wait_for(consume(), timeout=20)
    assert got[0].author.handle == "kasia.example"
    assert got[1].author.id == KASIA
    assert (got[1].author.handle, got[1].author.profile_url) == (
        "kasia-new.example", "https://bsky.app/profile/kasia-new.example")
