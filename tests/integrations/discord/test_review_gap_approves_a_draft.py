"""The whole way: a draft whose card a running socialops posted to the local Discord, an
approver's 👍 given on it while no bot session was connected, the bot (through the
composition root's ``pending_cards`` on the world's store) started: the draft is approved and
published once, as the gateway's 👍 would have (docs/discord.md, Reactions). Before, it
waited until it expired."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.chat import pending_cards
from bot.core.config import DiscordWorkspaceConfig
from integrations.discord.bot import SocialopsBot
from tests.e2e import world as world_module
from tests.e2e.test_queue import ask as slack_ask
from tests.e2e.world import ALICE as SLACK_ALICE
from tests.e2e.world import SUPPORT, UNPACED, World, running_world
from tests.integrations.discord.asking import with_discord_on_kolkatas_clock
from tests.support.clock import FakeClock
from tests.support.fake_discord import FakeDiscord

APPROVER = "1000000000000000102"


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock, fake: FakeDiscord) -> AsyncIterator[World]:
    config = with_discord_on_kolkatas_clock(world_module.CONFIG, fake)
    before = "identities: {{slack: {dave}}}"
    assert before in config, before
    config = config.replace(before, f'identities: {{{{slack: {{dave}}, discord: "{APPROVER}"}}}}')
    approvals = "approvals: {{workspace: slack, id: {app}}}"
    assert approvals in config
    config = config.replace(
        approvals, f'approvals: {{{{workspace: discord, id: "{fake.channel_id}"}}}}')
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(world_module, "CONFIG", config)
        async with running_world(tmp_path, clock, extra=UNPACED) as w:
            yield w


async def test_an_approvers_thumbs_up_given_while_the_bot_was_away_publishes_the_draft(
        world: World, ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    app = world.a
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    assert "A-1" in await slack_ask(world, SLACK_ALICE, SUPPORT, "reply T-1 Sorry! On it.")
    await app.outbox.drain()  # the card, to the local Discord
    ref = await app.store.message_ref("A-1", "discord", fake.channel_id)
    assert ref is not None
    fake.give(ref.message_id, APPROVER)  # no bot session was connected

    def person_of(workspace: str, user: str) -> str | None:
        person = app.directory.person_for(workspace, user)
        return person.id if person else None

    bot = SocialopsBot(ws_config, handler=app.dispatcher, identity=person_of,
                       guild_ready_timeout=0.05, claim_value=app.store.claim_value,
                       forget_seen=app.store.forget_seen, next_number=app.store.next_number,
                       pending_cards=pending_cards(app.store), is_seen=app.store.is_seen)
    task = asyncio.create_task(bot.start(ws_config.token))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        await world.until(lambda: bot.gap_reads >= 1, "the pending cards read back")
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)
    await app.outbox.drain()  # what approving sent
    approval = await app.store.get_approval("A-1")
    assert approval is not None and approval.status == "published", approval
    assert len(world.statuses) == 1, world.statuses
