"""A scheduled post that fails at its time, with nobody watching: Slack's signed requests
through bolt, the local Mastodon, on a SQLite file and a real redis-server. Before, the
failure's thread line pinged nobody (the approver approved days before; the author, who does
not watch the approvals channel, learnt of it only by looking, where Hootsuite and Sprout
Social tell a failed scheduled post's author), and a network down at the time wrote a line
in the card's thread at every try (four alike, `trying again at ...`), where the card's Error
field says the try and its time; a network asking to wait (a 429) again and again likewise."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.test_scheduled import approve
from tests.e2e.world import ALICE, APPROVALS, MARKETING, UNPACED, World, on_store, redis_url_if
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer

ME = {"id": "5", "username": "acme", "acct": "acme", "url": "https://mastodon.example/@acme"}


@pytest.fixture(params=["sqlite", "redis"])
async def world(request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[World]:
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto, extra=UNPACED, zone="Europe/Berlin")
        on_store(tmp_path / "socialops.yaml", request.param, redis_url_if(request))
        await w.start()
        try:
            yield w
        finally:
            await w.stop()


def lines(world: World, approval_id: str) -> list[dict[str, Any]]:
    [posted] = [m for m in world.posts(APPROVALS) if f"{approval_id}:" in str(m)]
    return world.slack.thread(APPROVALS, str(posted["ts"]))


def pinged(line: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in line.get("blocks") or []
            if b.get("text", {}).get("type") == "mrkdwn" and not b["text"].get("verbatim")]


async def scheduled_and_failing(world: World, code: int, error: str) -> list[str]:
    keys: list[str] = []

    async def statuses(request: web.Request) -> web.Response:
        keys.append(request.headers.get("Idempotency-Key", ""))
        return web.json_response({"error": error}, status=code)

    world.masto.handler("POST", "/api/v1/statuses", statuses)
    world.masto.json("GET", "/api/v1/accounts/verify_credentials", ME)
    world.masto.json("GET", "/api/v1/accounts/5/statuses", [])  # nothing was posted
    assert (await ask(world, ALICE, MARKETING, "draft mastodon masto at=1h Launch day")
            ).startswith("A-1 drafted")
    assert (await approve(world, "A-1")).startswith("A-1 approved; publishes at")
    await world.a.outbox.drain()
    world.clock.advance(hours=1)
    for _ in range(40):  # the tries' waits, a minute at a time
        await world.timers()
        await asyncio.sleep(0.01)
        world.clock.advance(minutes=1)
    await world.a.outbox.drain()
    return keys


async def test_a_network_down_at_the_time_is_said_once_then_its_author_told_it_failed(
        world: World) -> None:
    keys = await scheduled_and_failing(world, 503, "Service Unavailable")
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None and approval.status == "failed" and len(keys) == 5
    said = [str(m) for m in lines(world, "A-1") if "socialops publish" in str(m)]
    assert len([s for s in said if "publish unconfirmed" in s]) == 1, said
    assert "(try 1 of 5)" in said[0], said
    [failed] = [m for m in lines(world, "A-1") if "socialops publish failed" in str(m)]
    assert "given up after 5 tries" in str(failed)
    assert pinged(failed) == [f"<@{ALICE}>"] and str(failed).count("<@") == 1, failed


async def test_a_token_revoked_by_the_time_tells_its_author(world: World) -> None:
    keys = await scheduled_and_failing(world, 401, "The access token was revoked")
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None and approval.status == "failed" and len(keys) == 1
    [failed] = [m for m in lines(world, "A-1") if "socialops publish failed" in str(m)]
    assert "the server refused the token (401" in str(failed)
    assert pinged(failed) == [f"<@{ALICE}>"] and str(failed).count("<@") == 1, failed


async def test_a_network_asking_to_wait_again_and_again_is_said_once(world: World) -> None:
    tries: list[str] = []

    async def statuses(request: web.Request) -> web.Response:
        tries.append(request.headers.get("Idempotency-Key", ""))
        if len(tries) <= 4:
            return web.json_response({"error": "Too many requests"}, status=429,
                                     headers={"Retry-After": "60"})
        return web.json_response({"id": "9001", "url": f"{world.masto.base}/@acme/9001",
                                  "content": "<p>Launch day</p>"})

    world.masto.handler("POST", "/api/v1/statuses", statuses)
    world.masto.json("GET", "/api/v1/accounts/verify_credentials", ME)
    world.masto.json("GET", "/api/v1/accounts/5/statuses", [])
    assert (await ask(world, ALICE, MARKETING, "draft mastodon masto at=1h Launch day")
            ).startswith("A-1 drafted")
    assert (await approve(world, "A-1")).startswith("A-1 approved; publishes at")
    world.clock.advance(hours=1)
    for _ in range(10):
        await world.timers()
        await asyncio.sleep(0.01)
        world.clock.advance(minutes=1)
    await world.a.outbox.drain()
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None and approval.status == "published" and len(tries) == 5
    said = [str(m) for m in lines(world, "A-1") if "socialops publish postponed" in str(m)]
    assert len(said) == 1 and "tried again at 2026-11-23 10:01 UTC" in said[0], said
