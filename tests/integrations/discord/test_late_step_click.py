"""A click on Discord acts on the step its card showed, through discord.py against the local
Discord into a running socialops (its dispatcher and store, tests/e2e/world.py). Two steps: a
lead's, then an approver's; erin (an admin: both) is the local Discord's user ALICE, on
Kolkata's clock. carol passes step 1 from Slack; erin's press of Approve on the card as it
showed step 1 (its custom_id carries the step) approves nothing, and the line says when step 1
was passed on Kolkata's clock; her 👍 on that card (read from its button) approves nothing
either; the card as it shows step 2 publishes the post, once. Before, the step-1 click
approved step 2 and published it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import discord
import pytest

from bot.core.config import DiscordWorkspaceConfig
from handlers.cards import approval_card
from integrations.discord.workspace import DiscordWorkspace
from tests.e2e import world as world_module
from tests.e2e.test_queue import ask as slack_ask
from tests.e2e.world import ALICE as SLACK_ALICE
from tests.e2e.world import APPROVALS, CAROL, SUPPORT, UNPACED, World, running_world
from tests.integrations.discord.asking import discord_into, with_discord_on_kolkatas_clock
from tests.integrations.discord.reader import discord_view
from tests.integrations.discord.test_bot import ALICE, REACTION, card_message
from tests.support.clock import FakeClock
from tests.support.fake_discord import FakeDiscord


@pytest.fixture
async def two_steps(tmp_path: Path, clock: FakeClock, fake: FakeDiscord,
                    ws_config: DiscordWorkspaceConfig) -> AsyncIterator[World]:
    config = with_discord_on_kolkatas_clock(world_module.CONFIG, fake)
    config = config.replace("identities: {{slack: {erin}}}",
                            f'identities: {{{{slack: {{erin}}, discord: "{ALICE}"}}}}')
    config = config.replace(
        '    - {{approvers: ["role:approver", "role:lead"], mode: any}}',
        '    - {{approvers: ["role:lead"], mode: any}}\n'
        '    - {{approvers: ["role:approver"], mode: any}}')
    assert f'discord: "{ALICE}"' in config and '["role:lead"]' in config
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(world_module, "CONFIG", config)
        async with running_world(tmp_path, clock, extra=UNPACED) as w:
            yield w


async def test_a_late_click_for_step_1_on_discord_approves_nothing(
        two_steps: World, ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    world = two_steps
    app = world.a
    answers = 0

    async def pressed(message_id: str) -> str:
        nonlocal answers
        [button] = [c for row in card_message(fake, message_id)["components"]
                    for c in row["components"] if c["custom_id"].startswith(
                        "socialops:approve:")]
        await fake.dispatch("INTERACTION_CREATE", fake.interaction(
            3, {"custom_id": button["custom_id"], "component_type": 2}, user_id=ALICE,
            message=card_message(fake, message_id)))
        answers += 1
        body = (await fake.wait_for("POST", "/webhooks/", count=answers)).body
        return discord_view(body, allowed_mentions=body.get("allowed_mentions")).text

    async with discord_into(world, ws_config) as bot:
        ws = DiscordWorkspace(ws_config, client=bot)
        await world.mention("@acme my order is broken again, this is terrible", n=1)
        assert "A-1" in await slack_ask(world, SLACK_ALICE, SUPPORT, "reply T-1 Sorry! On it.")
        step_1 = await app.store.get_approval("A-1")
        assert step_1 is not None
        shown = await ws.post(fake.channel_id, approval_card(step_1, zone="Asia/Kolkata"))
        world.clock.advance(minutes=2)
        assert (await slack_ask(world, CAROL, APPROVALS,
                                f"approve A-1 {step_1.content_hash[:16]}")).startswith("A-1")
        said = await pressed(shown.message_id)
        assert said == (
            "A-1 was not approved: step 1, which your card showed, was approved already by "
            "carol at 2026-11-23 09:02 UTC (14:32 Asia/Kolkata); it waits for step 2 of 2 "
            f"now; to approve step 2, type: approve A-1 {step_1.content_hash[:16]} step=2"), said
        assert world.statuses == []
        # a 👍 on that card reads the step from its button, as the click: nothing approved
        await bot.on_raw_reaction_add(discord.RawReactionActionEvent(
            fake.reaction(REACTION, user_id=ALICE,  # type: ignore[arg-type]
                          message_id=shown.message_id),
            discord.PartialEmoji(name="👍"), "REACTION_ADD"))
        assert world.statuses == []
        step_2 = await app.store.get_approval("A-1")
        assert step_2 is not None and step_2.current_step == 1
        assert [(d.person, d.step) for d in step_2.decisions] == [("carol", 0)]
        again = await ws.post(fake.channel_id, approval_card(step_2, zone="Asia/Kolkata"))
        said = await pressed(again.message_id)
        assert said.startswith("A-1 approved and published: "), said
        assert len(world.statuses) == 1
