"""Discord counts its text limits in code points, Python's ``len`` (Discord staff in
discord/discord-api-docs#1315: "Our API uses Python 3, so the API calculates length based on
the number of codepoints"), so an emoji past U+FFFF is 1 however many UTF-16 units it takes.
The fake enforces the Embed Limits in that unit; a card, a thread line and an answer made of
emoji at every limit are taken whole, cut where the limit is, not at half of it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import discord
import pytest

from bot.core.cards import Button, Card, CardField
from bot.core.config import DiscordWorkspaceConfig
from integrations.discord.workspace import DiscordWorkspace
from tests.support.fake_discord import FakeDiscord, _form_errors

EMOJI = "\U0001F525"  # 🔥: 1 code point, 2 UTF-16 code units


@pytest.fixture
async def ws(ws_config: DiscordWorkspaceConfig) -> AsyncIterator[DiscordWorkspace]:
    workspace = DiscordWorkspace(ws_config)
    yield workspace
    await workspace.close()


def test_the_fake_counts_code_points() -> None:
    assert _form_errors({"content": EMOJI * 2_000}) is None  # 4,000 UTF-16 units
    refused = _form_errors({"content": EMOJI * 2_001})
    assert refused is not None and refused["code"] == 50035
    assert _form_errors({"embeds": [{"title": EMOJI * 256, "description": EMOJI * 4_096}]}) \
        is None
    assert _form_errors({"embeds": [{"title": EMOJI * 257}]}) is not None
    assert _form_errors({"embeds": [{"description": "x" * 4_096, "fields": [
        {"name": "n", "value": "v" * 1_024}] * 2}]}) is not None  # 6,146 in all
    answer = {"type": 4, "data": {"content": EMOJI * 2_001}}
    assert _form_errors(answer) is not None


def emoji_card(note: str | None = None) -> Card:
    return Card(kind="ticket", key="T-9", title=EMOJI * 400, text=EMOJI * 9_000,
                url="https://example.com/post/1", network="x", network_name=EMOJI * 40,
                author=EMOJI * 300, author_url="https://example.com/u",
                badges=tuple(EMOJI * 60 for _ in range(20)), route=EMOJI * 120,
                status=EMOJI * 80,
                fields=tuple(CardField(name=EMOJI * 300, value=EMOJI * 3_000)
                             for _ in range(10)),
                footer=EMOJI * 5_000, thread_note=note,
                buttons=(Button(action="claim", label=EMOJI * 100, target="T-9"),))


async def test_a_card_and_a_thread_line_of_emoji_are_taken(
        ws: DiscordWorkspace, fake: FakeDiscord) -> None:
    ref = await ws.post(fake.channel_id, emoji_card())
    [embed] = fake.messages[ref.message_id]["embeds"]
    assert len(embed["title"]) > 200  # cut at 256 code points, not at half of them
    await ws.update(ref, emoji_card(note=EMOJI * 5_000))
    note = await fake.wait_for("POST", f"/channels/{ref.message_id}/messages")
    assert note.status == 200 and 1_900 < len(note.body["content"]) <= 2_000


async def test_the_fake_refuses_a_message_past_the_limit_on_the_wire(
        ws: DiscordWorkspace, fake: FakeDiscord) -> None:
    client = await ws._ready()
    channel = client.get_partial_messageable(int(fake.channel_id))
    with pytest.raises(discord.HTTPException) as refused:
        await channel.send(EMOJI * 2_001)
    assert refused.value.status == 400 and refused.value.code == 50035
    sent = await channel.send(EMOJI * 2_000)
    assert fake.messages[str(sent.id)]["content"] == EMOJI * 2_000
