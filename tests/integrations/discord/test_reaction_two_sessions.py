"""A reaction given once, with two processes of one deployment each holding a gateway session
of the bot (several ``web`` processes, docs/discord.md): Discord sends MESSAGE_REACTION_ADD to
every session, and a reaction has no acknowledgement to say which process took it (an
interaction's 40060 does that for clicks). The memory of reactions seen is each process's own,
so both ran it: two claims, two approvals of one step, two audit rows, and a refusal told
twice. Slack's reaction events are taken once in the whole deployment (the store's memory of
event ids, ``first_anywhere``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.app.chat import discord_bot
from bot.core.config import DiscordWorkspaceConfig
from bot.core.ports import Store
from integrations.discord.bot import SocialopsBot
from tests.integrations.discord.test_bot import (
    ALICE,
    REACTION,
    Recorder,
    identity,
    post_card,
)
from tests.support.fake_discord import FakeDiscord


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


@pytest.fixture
async def two(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, store: Store
              ) -> AsyncIterator[tuple[list[SocialopsBot], Recorder]]:
    recorder = Recorder(fake)
    running: list[tuple[SocialopsBot, asyncio.Task[None]]] = []
    try:
        for _ in range(2):
            bot = discord_bot(ws_config, handler=recorder, identity=identity, marks=store,
                              guild_ready_timeout=0.05)
            running.append((bot, asyncio.create_task(bot.start(ws_config.token))))
            await asyncio.wait_for(bot.wait_until_ready(), 5)
        yield [bot for bot, _ in running], recorder
    finally:
        for bot, task in running:
            await bot.close()
            await asyncio.wait_for(task, 5)


async def test_a_reaction_reaching_two_processes_runs_once(
        two: tuple[list[SocialopsBot], Recorder], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig) -> None:
    _, recorder = two
    mid = await post_card(fake, ws_config)
    eyes = fake.reaction(REACTION, user_id=ALICE, message_id=mid,
                         emoji={"name": "👀", "id": None})
    await fake.dispatch("MESSAGE_REACTION_ADD", eyes)  # to both sessions
    await recorder.wait(1)
    # a marker after it, one card's to each session, handled in order after the first
    for n in (0, 1):
        marker = await post_card(fake, ws_config)
        await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
            REACTION, user_id=ALICE, message_id=marker, emoji={"name": "✅", "id": None}),
            only=n)
    await recorder.wait(3)
    await asyncio.sleep(0.2)
    assert [(i.action, i.message and i.message.message_id) for i in recorder.seen].count(
        ("claim", mid)) == 1


async def test_a_reaction_taken_away_and_given_again_acts_again_once(
        two: tuple[list[SocialopsBot], Recorder], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig) -> None:
    """Taken once in the deployment does not make "taken away and given again acts again"
    (docs/discord.md) a repeat: each session counts the removals it saw into the key."""
    _, recorder = two
    mid = await post_card(fake, ws_config)
    eyes = {"name": "👀", "id": None}

    async def react(event: str) -> None:
        await fake.dispatch(event, fake.reaction(
            REACTION if event.endswith("ADD") else "gateway_MESSAGE_REACTION_REMOVE_d.json",
            user_id=ALICE, message_id=mid, emoji=eyes))

    await react("MESSAGE_REACTION_ADD")
    await recorder.wait(1)
    await react("MESSAGE_REACTION_REMOVE")
    await react("MESSAGE_REACTION_ADD")
    await recorder.wait(2)
    assert await claims_after_markers(fake, ws_config, recorder, mid) == 2


async def test_reactions_cleared_by_a_moderator_act_again_once(
        two: tuple[list[SocialopsBot], Recorder], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig) -> None:
    """Remove All Reactions (MESSAGE_REACTION_REMOVE_ALL, to both sessions) counts as each
    person's removal in both processes: the reaction given again acts once again."""
    _, recorder = two
    mid = await post_card(fake, ws_config)
    eyes = fake.reaction(REACTION, user_id=ALICE, message_id=mid,
                         emoji={"name": "👀", "id": None})
    await fake.dispatch("MESSAGE_REACTION_ADD", eyes)
    await recorder.wait(1)
    await fake.dispatch("MESSAGE_REACTION_REMOVE_ALL", {
        "channel_id": fake.channel_id, "message_id": mid, "guild_id": fake.guild_id})
    await fake.dispatch("MESSAGE_REACTION_ADD", eyes)
    assert await claims_after_markers(fake, ws_config, recorder, mid) == 2


async def claims_after_markers(fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
                               recorder: Recorder, mid: str) -> int:
    """The claims of the card ``mid`` once a marker of each session's (a ✅ on another card,
    handled after the reactions before it) is handled: two more interactions."""
    for n in (0, 1):
        marker = await post_card(fake, ws_config)
        await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
            REACTION, user_id=ALICE, message_id=marker, emoji={"name": "✅", "id": None}),
            only=n)
    await recorder.wait(4)
    return [(i.action, i.message and i.message.message_id) for i in recorder.seen].count(
        ("claim", mid))
