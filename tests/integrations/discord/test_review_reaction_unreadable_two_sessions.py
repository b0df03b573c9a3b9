"""Two processes, a gateway session each, one reaction (``test_reaction_two_sessions.py``):
the process that took it could not read its card (``GET`` the message answered 503: Discord
having a bad minute, CardUnreadable), so it forgot the reaction and counted it as given again,
to act on a replay. The other process had seen it taken and counted nothing. Their counts of
that reaction, part of its key in the store, then differed for good: the person took the
reaction away and gave it again (docs/discord.md: acts again), each process counted the
removal, and each marked a key the other had not: both claimed, two claims of one reaction.
A reaction a process could not act on is forgotten in the store (the key it marked is new
again), so the counts stay the same in every process."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.core.config import DiscordWorkspaceConfig
from bot.core.ports import Store
from integrations.discord.bot import SocialopsBot
from tests.integrations.discord.test_bot import ALICE, REACTION, Recorder, identity, post_card
from tests.integrations.discord.test_reaction_two_sessions import store  # noqa: F401
from tests.support.fake_discord import FakeDiscord

EYES = {"name": "👀", "id": None}


@pytest.fixture
async def two(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, store: Store  # noqa: F811
              ) -> AsyncIterator[tuple[list[SocialopsBot], Recorder]]:
    """Two processes' bots on one store, wired as ``socialops run`` wires them
    (``bot.app.chat.discord_workspace``: the store's marks, to make and to forget)."""
    recorder = Recorder(fake)
    running: list[tuple[SocialopsBot, asyncio.Task[None]]] = []
    try:
        for _ in range(2):
            bot = SocialopsBot(ws_config, handler=recorder, identity=identity,
                               guild_ready_timeout=0.05, mark_seen=store.mark_seen,
                               forget_seen=store.forget_seen, claim_value=store.claim_value)
            running.append((bot, asyncio.create_task(bot.start(ws_config.token))))
            await asyncio.wait_for(bot.wait_until_ready(), 5)
        yield [bot for bot, _ in running], recorder
    finally:
        for bot, task in running:
            await bot.close()
            await asyncio.wait_for(task, 5)


async def test_a_reaction_one_process_could_not_read_acts_once_when_given_again(
        two: tuple[list[SocialopsBot], Recorder], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig) -> None:
    _, recorder = two
    mid = await post_card(fake, ws_config)
    fake.script_error("GET", f"/messages/{mid}$", status=503,
                      body={"message": "upstream unavailable", "code": 0}, times=1)
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
        REACTION, user_id=ALICE, message_id=mid, emoji=EYES))  # to both sessions
    await fake.wait_for("GET", f"/messages/{mid}")
    await asyncio.sleep(0.3)  # both sessions handled it: one failed to read, one skipped
    assert recorder.seen == []
    await fake.dispatch("MESSAGE_REACTION_REMOVE", fake.reaction(
        "gateway_MESSAGE_REACTION_REMOVE_d.json", user_id=ALICE, message_id=mid, emoji=EYES))
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
        REACTION, user_id=ALICE, message_id=mid, emoji=EYES))
    await recorder.wait(1)
    for n in (0, 1):  # a marker of each session's, handled after the reactions before it
        marker = await post_card(fake, ws_config)
        await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
            REACTION, user_id=ALICE, message_id=marker, emoji={"name": "✅", "id": None}),
            only=n)
    await recorder.wait(3)
    await asyncio.sleep(0.2)
    assert [(i.action, i.message and i.message.message_id) for i in recorder.seen].count(
        ("claim", mid)) == 1, [(i.action, i.message and i.message.message_id)
                               for i in recorder.seen]
