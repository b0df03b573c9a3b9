# ruff: noqa: F811
"""A moderator clearing a card's reactions (Remove All Reactions, or one emoji's: Discord sends
MESSAGE_REACTION_REMOVE_ALL and MESSAGE_REACTION_REMOVE_EMOJI, not a removal per person,
topics/gateway-events) takes every reaction away: given again, each acts again, as after the
person's own removal (docs/discord.md, Reactions). The bot heard neither event, so the
reaction given again was dropped as a repeat, without a word: 👀 claimed nothing, 👍 on an
edited draft approved nothing. discord.py's own client on the local gateway."""

from __future__ import annotations

from typing import Any

from bot.core.config import DiscordWorkspaceConfig
from tests.integrations.discord.test_bot import (  # noqa: F401  (fixtures)
    ALICE,
    REACTION,
    Recorder,
    post_card,
    recorder,
    start,
    store,
)
from tests.support.fake_discord import FakeDiscord

EYES = {"name": "👀", "id": None}


async def eyes(fake: FakeDiscord, mid: str) -> None:
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(REACTION, user_id=ALICE,
                                                              message_id=mid, emoji=EYES))


async def marker(fake: FakeDiscord, ws_config: DiscordWorkspaceConfig) -> None:
    """A ✅ on another card, handled after the events before it."""
    mid = await post_card(fake, ws_config)
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
        REACTION, user_id=ALICE, message_id=mid, emoji={"name": "✅", "id": None}))


async def claimed_once(start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
                       recorder: Recorder) -> tuple[str, dict[str, str]]:
    """A card, claimed by Alice's 👀: its id, and the fields naming it in a clear event."""
    await start()
    mid = await post_card(fake, ws_config)
    await eyes(fake, mid)
    await recorder.wait(1)
    return mid, {"channel_id": fake.channel_id, "message_id": mid, "guild_id": fake.guild_id}


def claims(recorder: Recorder, mid: str) -> int:
    return [(i.action, i.message and i.message.message_id) for i in recorder.seen].count(
        ("claim", mid))


async def test_reactions_cleared_by_a_moderator_act_again_when_given_again(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder) -> None:
    mid, where = await claimed_once(start, fake, ws_config, recorder)
    await fake.dispatch("MESSAGE_REACTION_REMOVE_ALL", where)
    await eyes(fake, mid)
    await marker(fake, ws_config)
    await recorder.wait(3)
    await fake.dispatch("MESSAGE_REACTION_REMOVE_EMOJI", {**where, "emoji": EYES})
    await eyes(fake, mid)
    await marker(fake, ws_config)
    await recorder.wait(5)
    assert claims(recorder, mid) == 3


async def test_another_emoji_cleared_leaves_a_reaction_a_repeat(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder) -> None:
    mid, where = await claimed_once(start, fake, ws_config, recorder)
    await fake.dispatch("MESSAGE_REACTION_REMOVE_EMOJI",
                        {**where, "emoji": {"name": "✅", "id": None}})
    await eyes(fake, mid)  # 👀 was not taken away: Discord sends no second add; a replay
    await marker(fake, ws_config)
    await recorder.wait(2)
    assert claims(recorder, mid) == 1
