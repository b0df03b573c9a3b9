"""A Bluesky post updated, then deleted, over a real websocket replaying the real Jetstream
capture: Jetstream sends every commit of the post collection, ``operation`` "create",
"update" or "delete" (a delete without a record), as the capture holds. An update was dropped
by the keyword prefilter (when its words no longer matched) or as a uri already read, and a
delete was ignored, so a card kept words its author had changed or taken down."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

from bot.core.models import Mention
from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.source import BlueskySource
from tests.conftest import FakeClock
from tests.integrations.test_bluesky_jetstream_records import JETSTREAM, no_sleep
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer


async def streamed(net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
                   n: int) -> tuple[BlueskySource, list[Mention]]:
    config = BlueskySourceConfig(id="bsky", type="bluesky", base_url=net.base,
                                 jetstream_url=net.ws_base, stream=True,
                                 stream_keywords=("government",), timeout=2)
    source = BlueskySource(config, store=Cursors(), client=client, clock=clock,
                           sleep=no_sleep)
    got: list[Mention] = []

    async def read() -> None:
        async for mention in source.stream():
            got.append(mention)
            if len(got) == n:
                await asyncio.Event().wait()

    task = asyncio.create_task(read())
    for _ in range(1000):
        if len(got) >= n:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.2)  # anything more it would give
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    return source, got


async def test_an_update_and_a_delete_of_a_streamed_post_come_as_its_revisions(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    lines = JETSTREAM.read_text(encoding="utf-8").splitlines()
    post: dict[str, Any] = json.loads(next(
        ln for ln in lines if '"app.bsky.feed.post"' in ln and '"create"' in ln
        and "government" in ln.lower()))
    others = [ln for ln in lines if '"delete"' in ln]  # the capture's own: posts never passed
    assert others
    update = json.loads(json.dumps(post))
    update["time_us"] += 1_000_000
    update["commit"]["operation"] = "update"
    update["commit"]["record"]["text"] = "never mind <!channel>"  # no keyword left
    delete = {"did": post["did"], "time_us": post["time_us"] + 2_000_000, "kind": "commit",
              "commit": {"rev": "x", "operation": "delete", "collection": "app.bsky.feed.post",
                         "rkey": post["commit"]["rkey"]}}
    net.websocket("/subscribe", [json.dumps(post), *others, json.dumps(update),
                                 json.dumps(delete)])
    source, got = await streamed(net, client, clock, 3)
    uri = f"bluesky:at://{post['did']}/app.bsky.feed.post/{post['commit']['rkey']}"
    assert [(m.id, m.revision) for m in got] == [(uri, None), (uri, "edit"), (uri, "delete")]
    assert got[1].text == "never mind <!channel>" and got[1].revised_at is not None
    assert got[2].text == "" and source.skipped == []
