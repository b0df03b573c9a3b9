"""A draft approved from Discord, as a marketing team does it: through discord.py against the
local Discord into a running socialops (its dispatcher and store, tests/e2e/world.py), the
card posted there. An agent (no approver, not its author) presses Approve: one line saying
why, nothing published. Two approvers press Approve at the same moment: the post goes out
once, each is answered in one line, neither with "Something went wrong". A draft past what a
Discord card holds (3,840 characters that escaping makes 4,800) shows its exact beginning,
within every limit, and Approve still approves it, whole."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.config import DiscordWorkspaceConfig
from handlers.cards import approval_card
from integrations.discord.workspace import DiscordWorkspace
from tests.e2e import world as world_module
from tests.e2e.test_queue import ask as slack_ask
from tests.e2e.world import ALICE as SLACK_ALICE
from tests.e2e.world import SUPPORT, UNPACED, World, running_world
from tests.integrations.discord.asking import discord_into, with_discord_on_kolkatas_clock
from tests.integrations.discord.reader import discord_view
from tests.integrations.discord.test_bot import REACTION, card_message
from tests.support.clock import FakeClock
from tests.support.fake_discord import FakeDiscord

AGENT, APPROVER, LEAD = "1000000000000000101", "1000000000000000102", "1000000000000000103"


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock, fake: FakeDiscord) -> AsyncIterator[World]:
    config = with_discord_on_kolkatas_clock(world_module.CONFIG, fake)
    for person, user in (("bob", AGENT), ("dave", APPROVER), ("carol", LEAD)):
        before = f"identities: {{{{slack: {{{person}}}}}}}"
        assert before in config, before
        config = config.replace(
            before, f'identities: {{{{slack: {{{person}}}, discord: "{user}"}}}}')
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(world_module, "CONFIG", config)
        async with running_world(tmp_path, clock, extra=UNPACED) as w:
            yield w


async def press(fake: FakeDiscord, message_id: str, user: str) -> None:
    [button] = [c for row in card_message(fake, message_id)["components"]
                for c in row["components"] if c["custom_id"].startswith("socialops:approve:")]
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        3, {"custom_id": button["custom_id"], "component_type": 2}, user_id=user,
        message=card_message(fake, message_id)))


async def answers(fake: FakeDiscord, n: int) -> list[str]:
    await fake.wait_for("POST", "/webhooks/", count=n)
    bodies = [c.body for c in fake.calls if "/webhooks/" in c.path and c.method == "POST"]
    return [discord_view(b, allowed_mentions=b.get("allowed_mentions")).text for b in bodies]


async def test_an_agent_cannot_and_two_approvers_at_once_publish_once(
        world: World, ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    app = world.a
    async with discord_into(world, ws_config) as bot:
        ws = DiscordWorkspace(ws_config, client=bot)
        await world.mention("@acme my order is broken again, this is terrible", n=1)
        assert "A-1" in await slack_ask(world, SLACK_ALICE, SUPPORT, "reply T-1 Sorry! On it.")
        pending = await app.store.get_approval("A-1")
        assert pending is not None
        shown = await ws.post(fake.channel_id, approval_card(pending))
        await press(fake, shown.message_id, AGENT)
        [said] = await answers(fake, 1)
        assert said == ("you are not an approver for step 1 of A-1 (approvers: role:approver, "
                        "role:lead)"), said
        assert "\n" not in said and world.statuses == []
        await asyncio.gather(press(fake, shown.message_id, APPROVER),
                             press(fake, shown.message_id, LEAD))
        both = (await answers(fake, 3))[1:]
        assert len(world.statuses) == 1, world.statuses
        assert sum(s.startswith("A-1 approved and published: ") for s in both) == 1, both
        assert not any("went wrong" in s for s in both), both
        done = await app.store.get_approval("A-1")
        assert done is not None and done.status == "published"


async def test_a_draft_past_a_cards_limits_is_shown_exactly_and_approved_whole(
        world: World, ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    app = world.a
    text = "v1.2.3 - fixed. " * 240  # 3,840 characters; escaped ("." and "-"), 4,800
    async with discord_into(world, ws_config) as bot:
        ws = DiscordWorkspace(ws_config, client=bot)
        await world.mention("@acme my order is broken again, this is terrible", n=1)
        assert "A-1" in await slack_ask(world, SLACK_ALICE, SUPPORT, f"reply T-1 {text}")
        pending = await app.store.get_approval("A-1")
        assert pending is not None
        shown = await ws.post(fake.channel_id, approval_card(pending))
        card = discord_view(card_message(fake, shown.message_id), allowed_mentions=None)
        assert card.problems == (), card.problems
        assert "Approve approves all of it" in card.text
        assert text.strip()[:1000] in card.text
        await press(fake, shown.message_id, APPROVER)
        [said] = await answers(fake, 1)
        assert said.startswith("A-1 approved and published: "), said
        [status] = world.statuses
        assert text.strip() in str(status["form"]), status


async def test_a_click_discord_no_longer_knows_approves_nothing_and_a_429_delays_the_answer(
        world: World, ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    """The click's acknowledgement answered 404 code 10062, Unknown interaction (its 3
    seconds passed: a slow gateway, a busy process): Discord showed "This interaction
    failed", and nothing may happen behind it. Pressed again, the answer meets a route 429
    (``retry_after`` and bucket headers, from a real one) and arrives after it: published
    once."""
    app = world.a
    async with discord_into(world, ws_config) as bot:
        ws = DiscordWorkspace(ws_config, client=bot)
        await world.mention("@acme my order is broken again, this is terrible", n=1)
        assert "A-1" in await slack_ask(world, SLACK_ALICE, SUPPORT, "reply T-1 Sorry! On it.")
        pending = await app.store.get_approval("A-1")
        assert pending is not None
        shown = await ws.post(fake.channel_id, approval_card(pending))
        fake.script_error("POST", r"/interactions/\d+/[^/]+/callback", status=404,
                          body={"message": "Unknown interaction", "code": 10062})
        await press(fake, shown.message_id, APPROVER)
        await fake.wait_for("POST", "/callback")
        for _ in range(20):  # whatever would follow has had its turn
            await asyncio.sleep(0.01)
        assert world.statuses == []
        still = await app.store.get_approval("A-1")
        assert still is not None and still.status == "pending"
        fake.script_429("POST", r"/webhooks/", retry_after=0.2)
        await press(fake, shown.message_id, APPROVER)
        limited, said = await answers(fake, 2)  # the 429, then the answer again
        assert said == limited and said.startswith("A-1 approved and published: "), said
        assert [c.status for c in fake.calls if "/webhooks/" in c.path] == [429, 200]
        assert len(world.statuses) == 1


async def test_rights_come_from_the_config_not_from_discord_roles(
        world: World, ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    """What grants approval rights on Discord (docs/discord.md, Who may approve): the person's
    `role` and `groups` in socialops.yaml, never a Discord role. dave (role: approver) whose
    Discord roles were all taken away (the reaction event's ``member.roles`` empty) still
    approves with a 👍; the way to revoke is the config (a third review of the Discord
    paths, 2026-12-07: the docs did not say, and an admin would take the role away)."""
    app = world.a
    async with discord_into(world, ws_config) as bot:
        ws = DiscordWorkspace(ws_config, client=bot)
        await world.mention("@acme my order is broken again, this is terrible", n=1)
        assert "A-1" in await slack_ask(world, SLACK_ALICE, SUPPORT, "reply T-1 Sorry! On it.")
        pending = await app.store.get_approval("A-1")
        assert pending is not None
        shown = await ws.post(fake.channel_id, approval_card(pending))
        given = fake.reaction(REACTION, user_id=APPROVER, message_id=shown.message_id)
        assert given["member"]["roles"] == []  # no role of the server left
        await fake.dispatch("MESSAGE_REACTION_ADD", given)
        for _ in range(500):
            done = await app.store.get_approval("A-1")
            if done is not None and done.status == "published":
                break
            await asyncio.sleep(0.01)
        assert done is not None and done.status == "published", done
        assert len(world.statuses) == 1
