"""The name of a card's history thread, which socialops makes from the card's title (a post's
author's name in it), started through discord.py's own client in the local Discord, which
refuses a name outside Discord's 1-100 characters (resources/channel, Start Thread from
Message) as Discord does.

An author's name holding a right-to-left letter is isolated (FSI ... PDI) in the thread's
name, as in the card's title (docs/discord.md, Escaping): unisolated, "T-1: @שרה 2 on
Mastodon" took the "2" into the name's run, laid out "T-1: @2 הרש on Mastodon", and a name
starting the title turned the whole thread name right to left."""

from __future__ import annotations

from bot.core.cards import Card
from bot.core.config import DiscordWorkspaceConfig
from bot.core.text import FSI, PDI
from integrations.discord.workspace import DiscordWorkspace
from tests.support.fake_discord import FakeDiscord

HEBREW = "שרה 2"


def _ticket(author: str, *, title: str | None = None, key: str = "T-1") -> Card:
    return Card(kind="ticket", key=key, title=title or f"{key}: @{author} on Mastodon",
                text="hi", author=author, network="mastodon", network_name="Mastodon",
                status="open")


async def _thread_name(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord,
                       card: Card) -> str:
    ws = DiscordWorkspace(ws_config)
    try:
        ref = await ws.post(fake.channel_id, card)
        await ws.update(ref, card.model_copy(update={"status": "claimed",
                                                     "thread_note": "claimed by ana"}))
    finally:
        await ws.close()
    [start] = [c for c in fake.calls if c.path.endswith("/threads")]
    assert start.status == 201, start.body
    return str(fake.messages[ref.message_id]["thread"]["name"])


async def test_a_right_to_left_author_is_isolated_in_the_thread_name(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    name = await _thread_name(ws_config, fake, _ticket(HEBREW))
    assert name == f"T-1: @{FSI}{HEBREW}{PDI} on Mastodon"


async def test_a_long_right_to_left_name_is_cut_to_100_and_its_isolate_closed(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    name = await _thread_name(ws_config, fake, _ticket("שרה" * 60))
    assert len(name) <= 100
    assert name.startswith(f"T-1: @{FSI}שרה") and name.endswith(PDI)
    assert name.count(FSI) == name.count(PDI) == 1


async def test_a_title_that_shows_nothing_names_the_thread_by_its_key_within_100(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    key = "mastodon:" + "1" * 120
    name = await _thread_name(ws_config, fake, _ticket("ana", title="\u200b\n\u2028", key=key))
    assert 0 < len(name) <= 100 and name.startswith("mastodon:111")
