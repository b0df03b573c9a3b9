"""A custom emoji named in ``reactions:`` as Discord writes it. The one way Discord shows a
custom emoji's id is its mention, ``<:shipit:238039508006862848>`` (type ``\\:shipit:`` in a
channel; ``<a:…>`` for an animated one), and that is what gets pasted as the key. The gateway
names the emoji ``shipit`` (and its id), so such a key matched no reaction: the shortcut did
nothing, not even a log line, and ``socialops check`` passed it. Such a key now names that
emoji by its id: another server's emoji of the same name is not it. Real gateway payloads
(``gateway_MESSAGE_REACTION_ADD_custom_emoji_d.json``) through discord.py's own client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.core.config import DiscordWorkspaceConfig
from integrations.discord.bot import SocialopsBot
from integrations.discord.reactions import action_for
from tests.integrations.discord.test_bot import ALICE, Recorder, identity, post_card
from tests.support.fake_discord import FakeDiscord

CUSTOM = "gateway_MESSAGE_REACTION_ADD_custom_emoji_d.json"  # AkaShrug, 238039508006862848
REMOVE = "gateway_MESSAGE_REACTION_REMOVE_d.json"  # the same emoji, named "AkaShrug~1"


@pytest.fixture
async def bot(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord
              ) -> AsyncIterator[tuple[SocialopsBot, Recorder]]:
    cfg = ws_config.model_copy(update={"reactions": {
        "<:AkaShrug:238039508006862848>": "claim", "<a:partyblob:238039508006862849>":
        "resolve"}})
    recorder = Recorder(fake)
    client = SocialopsBot(cfg, handler=recorder, identity=identity, guild_ready_timeout=0.05)
    task = asyncio.create_task(client.start(cfg.token))
    try:
        await asyncio.wait_for(client.wait_until_ready(), 5)
        yield client, recorder
    finally:
        await client.close()
        await asyncio.wait_for(task, 5)


async def test_a_custom_emoji_keyed_by_its_mention_acts(
        bot: tuple[SocialopsBot, Recorder], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig) -> None:
    _, recorder = bot
    mid = await post_card(fake, ws_config)
    other = await post_card(fake, ws_config)
    # another emoji of that name (another server's, uploaded anew): not the one named
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
        CUSTOM, user_id=ALICE, message_id=other,
        emoji={"id": "238039508006862850", "name": "AkaShrug"}))
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(CUSTOM, user_id=ALICE,
                                                              message_id=mid))
    await recorder.wait(1)
    await fake.dispatch("MESSAGE_REACTION_REMOVE", fake.reaction(REMOVE, user_id=ALICE,
                                                                 message_id=mid))
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(  # an animated one, as sent
        CUSTOM, user_id=ALICE, message_id=mid,
        emoji={"id": "238039508006862849", "name": "partyblob", "animated": True}))
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(CUSTOM, user_id=ALICE,
                                                              message_id=mid))
    await recorder.wait(3)
    assert sorted((i.action, i.message and i.message.message_id) for i in recorder.seen) == [
        ("claim", mid), ("claim", mid), ("resolve", mid)]


def test_a_mention_key_names_one_emoji_by_its_id() -> None:
    keys = {"<:shipit:238039508006862848>": "resolve", ":eyes:": "claim"}
    assert action_for("shipit", keys, emoji_id=238039508006862848) == "resolve"
    assert action_for("shipit~1", keys, emoji_id=238039508006862848) == "resolve"
    assert action_for("shipit", keys, emoji_id=238039508006862850) is None
    assert action_for("shipit", keys) is None  # a Unicode emoji has no id
    assert action_for("👀", keys) == "claim"
