"""Publish once across a kill between the click and the publish. An approver presses Approve
on the draft's card on Discord; the process answering it (a real one: the app ``socialops
run`` builds, its bot on the local Discord) claims the draft and posts it; the Mastodon server
takes the post, and the process is killed (SIGKILL) before it hears the answer. Another
process sharing the store (this one, on the same SQLite file or redis-server) takes over once
the publishing lease ends: it looks for the post first (this server ignores
``Idempotency-Key``, as some Mastodon-API servers do), finds it, and records the draft
published, naming it. One post on the network; the approver pressing Approve again meanwhile
is told it is being published."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from bot.core.config import DiscordWorkspaceConfig
from handlers.cards import approval_card
from integrations.discord.workspace import DiscordWorkspace
from tests.e2e import world as world_module
from tests.e2e.test_queue import ask as slack_ask
from tests.e2e.world import ALICE as SLACK_ALICE
from tests.e2e.world import SUPPORT, UNPACED, World, redis_url_if, running_world
from tests.integrations.discord.asking import discord_into, with_discord_on_kolkatas_clock
from tests.integrations.discord.reader import discord_view
from tests.integrations.discord.test_bot import card_message
from tests.support.clock import FakeClock
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_mastodon import FakeMastodon
from tests.support.processes import die_with_parent

ROOT = Path(__file__).parents[3]
APPROVER = "1000000000000000102"


@pytest.fixture(params=["sqlite", "redis"])
async def world(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock,
                fake: FakeDiscord) -> AsyncIterator[World]:
    config = with_discord_on_kolkatas_clock(world_module.CONFIG, fake)
    before = "identities: {{slack: {dave}}}"
    assert before in config
    config = config.replace(before, f'identities: {{{{slack: {{dave}}, discord: "{APPROVER}"}}}}')
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(world_module, "CONFIG", config)
        async with running_world(tmp_path, clock, extra=UNPACED, store=request.param,
                                 redis_url=redis_url_if(request)) as w:
            yield w


async def press(fake: FakeDiscord, message_id: str) -> None:
    [button] = [c for row in card_message(fake, message_id)["components"]
                for c in row["components"] if c["custom_id"].startswith("socialops:approve:")]
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        3, {"custom_id": button["custom_id"], "component_type": 2}, user_id=APPROVER,
        message=card_message(fake, message_id)))


async def test_a_kill_between_the_click_and_the_answer_of_the_network_publishes_once(
        world: World, ws_config: DiscordWorkspaceConfig, fake: FakeDiscord,
        clock: FakeClock, tmp_path: Path) -> None:
    app = world.a
    masto = FakeMastodon(world.masto, idempotency=False, max_characters=5000, clock=clock)
    took = asyncio.Event()

    async def takes_then_hangs(request: web.Request) -> web.StreamResponse:
        answer = await masto._post(request)  # the post lands on the network
        took.set()
        await asyncio.Event().wait()  # and its answer never leaves: the process is killed
        return answer

    await world.mention("@acme my order is broken again, this is terrible", n=1)
    assert "A-1" in await slack_ask(world, SLACK_ALICE, SUPPORT, "reply T-1 Sorry! On it.")
    pending = await app.store.get_approval("A-1")
    assert pending is not None
    poster = DiscordWorkspace(ws_config)
    try:
        shown = await poster.post(fake.channel_id, approval_card(pending))
    finally:
        await poster.close()
    world.masto.handler("POST", "/api/v1/statuses", takes_then_hangs)

    proc = await asyncio.create_subprocess_exec(
        *die_with_parent([sys.executable, "-m", "tests.integrations.discord.app_process",
                          str(tmp_path / "socialops.yaml"), clock().isoformat(), "killed"],
                         "SIGKILL"),
        cwd=ROOT, stderr=asyncio.subprocess.PIPE)
    try:
        await asyncio.wait_for(fake.connected.wait(), 60)
        await press(fake, shown.message_id)
        await asyncio.wait_for(took.wait(), 60)
    finally:
        proc.send_signal(signal.SIGKILL)
        _, err = await proc.communicate()
    assert proc.returncode == -signal.SIGKILL, err.decode()[-2000:]
    assert len(masto.statuses) == 1
    world.masto.handler("POST", "/api/v1/statuses", masto._post)
    claimed = await app.store.get_approval("A-1")
    assert claimed is not None and claimed.status == "publishing", claimed.status

    fake.connected.clear()
    async with discord_into(world, ws_config):
        answers = len([c for c in fake.calls if "/webhooks/" in c.path and c.method == "POST"])
        await press(fake, shown.message_id)  # pressed again while the lease holds
        body = (await fake.wait_for("POST", "/webhooks/", count=answers + 1)).body
        said = discord_view(body, allowed_mentions=body.get("allowed_mentions")).text
        assert "being published" in said, said
        clock.advance(seconds=app.config.approvals.publish_lease_seconds + 60)
        for _ in range(5):
            await world.timers()
            clock.advance(minutes=5)
        done = await app.store.get_approval("A-1")
        assert done is not None and done.status == "published", (done.status, done.error)
        assert len(masto.statuses) == 1, masto.statuses
        assert done.published_id == str(masto.statuses[0]["id"])
