"""Discord ids of 20 digits above 2^63-1: Discord calls its snowflakes 64-bit unsigned but
reads them as signed, and refuses a larger one with 400 code 50035 NUMBER_TYPE_MAX
(discord/discord-api-docs#3733), which the local Discord does too. Such an id in the config
(a typo: one digit too many, or a digit changed) passed ``socialops check`` as "17 to 20
digits", and a route pinging it got every card it posted refused whole: a dead delivery, the
route's other pings lost with it."""

from __future__ import annotations

import pytest

from bot.core.cards import Card
from bot.core.config import DiscordWorkspaceConfig
from integrations.discord.render import mention_ids
from integrations.discord.workspace import DiscordWorkspace
from tests.support.fake_discord import FakeDiscord

GOOD = "456789012345678901"
TOO_BIG = ["9223372036854775808", "18446744073709551615", "18446744073709551616",
           "99999999999999999999"]


@pytest.mark.parametrize("big", TOO_BIG)
async def test_a_card_pinging_an_id_discord_refuses_is_posted_pinging_the_rest(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, big: str) -> None:
    card = Card(kind="alert", key="k", title="a post", text="@everyone <@&1>",
                mention_users=(big, GOOD), mention_groups=(big,))
    ws = DiscordWorkspace(ws_config)
    try:
        ref = await ws.post(fake.channel_id, card)
    finally:
        await ws.close()
    sent = fake.allowed_mentions[ref.message_id]
    assert sent["users"] == [int(GOOD)] and sent["roles"] == []
    assert sent["parse"] == []
    assert fake.messages[ref.message_id]["content"] == f"<@{GOOD}>"


def test_the_largest_id_discord_takes_is_pinged() -> None:
    assert mention_ids(("9223372036854775807", *TOO_BIG)) == [9223372036854775807]
