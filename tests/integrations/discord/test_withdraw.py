"""`/socialops approvals withdraw` through discord.py against the local Discord into a running
socialops (the world's dispatcher and store, tests/e2e/world.py): the author takes back a
scheduled post approved and waiting for its time; its `approval` option offers approved drafts
as well as pending ones (a post waiting for its time is what one cancels); a refusal is one
private line."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.config import DiscordWorkspaceConfig
from handlers.cards import approval_card
from handlers.completions import IdCompletions
from integrations.discord.bot import SocialopsBot
from integrations.discord.workspace import DiscordWorkspace
from tests.conftest import FakeClock
from tests.e2e.test_queue import ask as ask_on_slack
from tests.e2e.world import ALICE as ALICE_ON_SLACK
from tests.e2e.world import APPROVALS, DAVE, MARKETING, UNPACED, World, running_world
from tests.integrations.discord.asking import answered, running_bot
from tests.integrations.discord.reader import discord_view
from tests.integrations.discord.test_bot import ALICE, STRANGER, click, slash
from tests.integrations.discord.test_saved_replies import AsAlice
from tests.support.fake_discord import FakeDiscord


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED) as w:
        yield w


@pytest.fixture
async def bot(world: World, ws_config: DiscordWorkspaceConfig,
              fake: FakeDiscord) -> AsyncIterator[SocialopsBot]:
    async with running_bot(ws_config, AsAlice(world), identity=lambda ws, user: "alice",
                           completions=IdCompletions(world.a.store, clock=world.clock)) as bot:
        yield bot


async def test_the_author_withdraws_a_scheduled_post_from_discord(
        world: World, bot: SocialopsBot, fake: FakeDiscord) -> None:
    await ask_on_slack(world, ALICE_ON_SLACK, MARKETING,
                       'draft mastodon masto at="tomorrow 9am" Launch day')
    await ask_on_slack(world, ALICE_ON_SLACK, MARKETING, "draft mastodon masto Other")
    a1 = await world.a.store.get_approval("A-1")
    assert a1 is not None
    await ask_on_slack(world, DAVE, APPROVALS, f"approve A-1 {a1.content_hash[:16]}")
    # the option offers the approved A-1, waiting for its time, beside the pending A-2
    callbacks = len(fake.calls)
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        4, slash("withdraw", focused="approval", approval=""), user_id=ALICE))
    call = await fake.wait_for("POST", "/callback", count=len(
        [c for c in fake.calls[:callbacks] if c.path.endswith("/callback")]) + 1)
    assert [c["value"] for c in call.body["data"]["choices"]] == ["A-2", "A-1"]

    said = await answered(fake, ALICE, "withdraw", approval="A-1", reason="launch moved")
    assert said == "A-1 withdrawn", said
    await world.a.outbox.drain()
    world.clock.advance(days=2)
    assert await world.timers() == 1  # A-2's expiry; A-1's time went with it
    assert world.statuses == []
    a1 = await world.a.store.get_approval("A-1")
    assert a1 is not None and a1.status == "rejected"
    assert a1.history[-1].detail == "launch moved"
    again = await answered(fake, ALICE, "withdraw", approval="A-1")
    assert again == "you withdrew A-1 already; it will not publish", again


async def test_the_withdraw_button_of_an_approved_posts_card(
        world: World, bot: SocialopsBot, fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig) -> None:
    """The approved post's card, as the Discord workspace posts it, carries Withdraw: pressed
    by its author through discord.py, the post is withdrawn and its time publishes nothing."""
    await ask_on_slack(world, ALICE_ON_SLACK, MARKETING,
                       'draft mastodon masto at="tomorrow 9am" Launch day')
    a1 = await world.a.store.get_approval("A-1")
    assert a1 is not None
    await ask_on_slack(world, DAVE, APPROVALS, f"approve A-1 {a1.content_hash[:16]}")
    a1 = await world.a.store.get_approval("A-1")
    assert a1 is not None and a1.status == "approved"
    ws = DiscordWorkspace(ws_config, client=bot)
    ref = await ws.post(fake.channel_id, approval_card(a1))
    [button] = [c for row in fake.messages[ref.message_id]["components"]
                for c in row["components"]]
    assert (button["label"], button["custom_id"]) == (
        "Withdraw", f"socialops:withdraw:A-1#{a1.content_hash}")  # the text it shows
    answers = len([c for c in fake.calls if "/webhooks/" in c.path and c.method == "POST"])
    await click(fake, ref.message_id, button["custom_id"])
    body = (await fake.wait_for("POST", "/webhooks/", count=answers + 1)).body
    assert discord_view(body, allowed_mentions=body.get("allowed_mentions")).text == \
        "A-1 withdrawn"
    a1 = await world.a.store.get_approval("A-1")
    assert a1 is not None and a1.status == "rejected"
    world.clock.advance(days=2)
    await world.timers()
    assert world.statuses == []


async def test_a_stale_or_strangers_withdraw_click_withdraws_nothing(
        world: World, bot: SocialopsBot, fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig) -> None:
    """Withdraw on Discord is checked as on Slack: pressed by someone not linked, it is
    refused privately; pressed on the card as it was before the author's edit (a client not
    yet updated, a replayed interaction), it withdraws nothing: the edited draft stays pending
    for its approvers."""
    await ask_on_slack(world, ALICE_ON_SLACK, MARKETING,
                       'draft mastodon masto at="tomorrow 9am" Launch day')
    a1 = await world.a.store.get_approval("A-1")
    assert a1 is not None
    await ask_on_slack(world, DAVE, APPROVALS, f"approve A-1 {a1.content_hash[:16]}")
    a1 = await world.a.store.get_approval("A-1")
    assert a1 is not None and a1.status == "approved"
    ws = DiscordWorkspace(ws_config, client=bot)
    ref = await ws.post(fake.channel_id, approval_card(a1))
    [button] = [c for row in fake.messages[ref.message_id]["components"]
                for c in row["components"]]

    async def pressed(user: str) -> dict[str, object]:
        answers = len([c for c in fake.calls if "/webhooks/" in c.path and c.method == "POST"])
        await click(fake, ref.message_id, button["custom_id"], user=user)
        return (await fake.wait_for("POST", "/webhooks/", count=answers + 1)).body

    body = await pressed(STRANGER)
    assert body.get("flags", 0) & 64  # ephemeral: only the clicker sees it
    assert "link" in discord_view(body, allowed_mentions=body.get("allowed_mentions")).text
    assert (await world.a.store.get_approval("A-1")).status == "approved"  # type: ignore[union-attr]
    await ask_on_slack(world, ALICE_ON_SLACK, MARKETING, "edit A-1 Launch day!")
    body = await pressed(ALICE)
    assert body.get("flags", 0) & 64
    assert discord_view(body, allowed_mentions=body.get("allowed_mentions")).text.startswith(
        "A-1 was not withdrawn: the card you pressed showed another version (sha256 "
        f"{a1.content_hash[:16]}), edited since; it is pending now")
    a1 = await world.a.store.get_approval("A-1")
    assert a1 is not None and a1.status == "pending"
