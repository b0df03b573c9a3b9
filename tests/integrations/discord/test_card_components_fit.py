"""A card's buttons and embeds at Discord's limits, through discord.py's own client against the
local Discord, which now refuses what Discord refuses there too: more than 5 action rows or 5
buttons in a row, a label over 80 characters, a custom_id outside 1-100, a link over 512
(discord-api-docs components/reference, Action Row and Button), more than 25 fields or 10
embeds, and more than 6,000 characters across all of a message's embeds, not only within one
(resources/message, Embed Limits: "the combined sum of characters in all title, description,
field.name, field.value, footer.text, and author.name fields across all embeds attached to a
message must not exceed 6000 characters")."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.core.cards import Button, Card, CardField
from bot.core.config import DiscordWorkspaceConfig
from integrations.discord.workspace import DiscordWorkspace
from tests.support.fake_discord import FakeDiscord, _form_errors

FAMILY = "\U0001F469\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"


@pytest.fixture
async def ws(ws_config: DiscordWorkspaceConfig) -> AsyncIterator[DiscordWorkspace]:
    workspace = DiscordWorkspace(ws_config)
    yield workspace
    await workspace.close()


def test_the_fake_refuses_what_discord_refuses() -> None:
    half = {"description": "x" * 3_001}
    assert _form_errors({"embeds": [half]}) is None
    assert _form_errors({"embeds": [half, half]}) is not None  # 6,002 across the two
    assert _form_errors({"embeds": [{"title": "t"}] * 11}) is not None
    assert _form_errors({"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]}) \
        is not None
    button = {"type": 2, "style": 2, "label": "l" * 80, "custom_id": "c" * 100}
    row = {"type": 1, "components": [button] * 5}
    assert _form_errors({"content": "x", "components": [row] * 5}) is None
    for wrong in ({"components": [row] * 6},
                  {"components": [{"type": 1, "components": [button] * 6}]},
                  {"components": [{"type": 1, "components": [{**button, "label": "l" * 81}]}]},
                  {"components": [{"type": 1, "components": [{**button, "custom_id": ""}]}]},
                  {"components": [{"type": 1, "components": [{
                      "type": 2, "style": 5, "label": "l",
                      "url": "https://a.example/" + "a" * 495}]}]}):
        assert _form_errors({"content": "x", **wrong}) is not None, wrong


async def test_a_card_of_30_long_buttons_and_25_fields_is_taken(
        ws: DiscordWorkspace, fake: FakeDiscord) -> None:
    card = Card(
        kind="ticket", key="T-9", title=f"{FAMILY} 返金 " * 60, text=f"{FAMILY} مرحبا " * 900,
        url="https://example.com/post/1",
        fields=tuple(CardField(name=f"{FAMILY} field {n} " * 30, value="返金 e\u0301 " * 600)
                     for n in range(30)),
        footer=f"{FAMILY} " * 1_000,
        buttons=tuple(Button(action="claim" if n % 2 else "resolve",
                             label=f"{FAMILY} label {n} " * 20, target=f"T-{n}")
                      for n in range(30)))
    ref = await ws.post(fake.channel_id, card)  # the local Discord refused nothing
    message = fake.messages[ref.message_id]
    [embed] = message["embeds"]
    assert len(embed["fields"]) <= 25
    rows = message["components"]
    assert len(rows) <= 5 and sum(len(r["components"]) for r in rows) == 25  # 5 left out
    labels = [b["label"] for r in rows for b in r["components"]]
    assert all(len(label) <= 80 for label in labels)


@pytest.mark.parametrize(("fields", "value", "left"), [
    (30, "short", 6),  # past the 25 fields a message's embed holds: 24 and the note
    (12, "返金 e\u0301 " * 600, None),  # past the 6,000 across the embed: as many as fit
])
async def test_fields_left_out_are_said_on_the_card(
        ws: DiscordWorkspace, fake: FakeDiscord, fields: int, value: str,
        left: int | None) -> None:
    """Fields that did not fit were dropped with only a log line: the card read as whole."""
    card = Card(kind="ticket", key="T-9", title="T-9", text="the post " * 100,
                fields=tuple(CardField(name=f"field {n}", value=value) for n in range(fields)))
    ref = await ws.post(fake.channel_id, card)
    [embed] = fake.messages[ref.message_id]["embeds"]
    *shown, note = embed["fields"]
    missing = fields - sum(f["name"].startswith("field") for f in shown)
    assert missing > 0 and (left is None or missing == left)
    assert (note["name"], note["value"]) == (
        "More", f"{missing} more fields did not fit \\(Discord's limits\\)")
    assert len(embed["fields"]) <= 25
