"""The ``<id>:jetstream-heavy`` record damaged (a fuzzing review, 2026-12-06): the messages
too heavy to read that a Jetstream stream skipped lately, kept in the store beside its
position (``BlueskySource._heavy_skipped``). It was read with ``json.loads``, taking
``ValueError`` as damage; a record nested past the recursion limit raises ``RecursionError``
(a ``RuntimeError``), which ended the stream at its first heavy message, and at every
reconnect after: the record is read by ``bot.core.jsonbody.loads`` now (its depth cut),
and whatever it holds is a list of what it can be, or none. Against a local Jetstream (the
real capture's post, then a message that cannot be cut to fit) as
tests/integrations/test_review_loop_frames.py drives it."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.source import HEAVY_KEPT, BlueskySource
from tests.conftest import FakeClock
from tests.integrations.test_review_loop_frames import _post, _until, from_cursor, no_sleep
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer


@pytest.mark.parametrize("kept", [
    "[" * 100_000 + "]" * 100_000,
    '{"a": ' * 50_000 + "1" + "}" * 50_000,
    "not json", "null", "5", '"x"', '{"a": 1}', "[1, null, true, {}, []]",
    json.dumps(["x"] * 1_000_000),
    json.dumps([9 ** 99, 1e308]) + " ",
    "[" + "9" * 5_000 + "]",
], ids=["deep list", "deep object", "not json", "null", "number", "string", "object",
        "wrong kinds", "a million", "big numbers", "5,000 digits"])
async def test_a_damaged_record_of_skipped_messages_still_skips_and_remembers(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, kept: str) -> None:
    post = _post()
    heavy = {**json.loads(json.dumps(post)), "time_us": post["time_us"] + 10_000_000}
    heavy["commit"]["rkey"] = "3heavy"
    heavy.update({f"x{n}": {} for n in range(6_000)})  # no part stands out to cut
    clock.now = datetime.fromtimestamp(heavy["time_us"] / 1e6, UTC) + timedelta(minutes=1)
    net.websocket("/subscribe", [json.dumps(post), json.dumps(heavy)], select=from_cursor)
    config = BlueskySourceConfig(id="bsky", type="bluesky", base_url=net.base,
                                 jetstream_url=net.ws_base, stream=True,
                                 stream_keywords=("government",), timeout=5)
    store = Cursors()
    store.values["bsky:jetstream-heavy"] = kept
    source, got = BlueskySource(config, store=store, client=client, clock=clock,
                                sleep=no_sleep), []

    async def run() -> None:
        async for mention in source.stream():
            got.append(mention.id)

    task = asyncio.create_task(run())
    await _until(lambda: bool(got) and any("stands out" in s for s in source.skipped), task)
    await _until(lambda: store.values["bsky:jetstream"] == str(heavy["time_us"]), task, 10)
    task.cancel()
    failed = await asyncio.gather(task, return_exceptions=True)
    assert not [e for e in failed if not isinstance(e, asyncio.CancelledError)], failed
    remembered = json.loads(store.values["bsky:jetstream-heavy"])
    assert isinstance(remembered, list) and len(remembered) <= HEAVY_KEPT
    assert remembered[-1] == f"{heavy['time_us']}:{len(json.dumps(heavy).encode())}"
