"""The ops channel's incident notice on Discord (a channel failing for good: one notice, edited
with its count, and one "work again" line when a delivery there works), through the outbox,
a SQLite file and discord.py's own client against the local Discord: the edits keep to the
documented limits, ping nobody, and one edit refused with a 429 still ends on the latest
count."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.cards import Card, OutboxItem
from bot.core.config import DiscordWorkspaceConfig, OutboxConfig
from bot.core.effects import Effects
from bot.core.models import ChannelRef
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from integrations.discord.workspace import DiscordWorkspace
from tests.conftest import FakeClock
from tests.support.fake_discord import FakeDiscord

GONE = "1000000000000000099"  # a channel the bot was taken out of


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


async def _send(store: Store, outbox: Outbox, clock: FakeClock, first: int, n: int) -> None:
    fx = Effects()
    for i in range(first, first + n):
        fx.send(OutboxItem.new(key=f"A-{i}@{GONE}", workspace="discord", channel=GONE,
                               card=Card(kind="alert", key=f"A-{i}",
                                         title=f"alert {i} @everyone"), now=clock()))
    assert await store.apply(fx)
    for _ in range(3):
        await outbox.drain()
        clock.advance(minutes=2)
    for _ in range(n + 5):
        await outbox.drain()
        clock.advance(seconds=2)


def ops_cards(fake: FakeDiscord) -> list[dict[str, Any]]:
    return fake.in_channel(fake.channel_id)


async def test_an_incident_notice_on_discord_is_edited_with_its_count_and_ended_once(
        fake: FakeDiscord, store: Store, clock: FakeClock,
        ws_config: DiscordWorkspaceConfig) -> None:
    clock.now = clock.now.replace(minute=5)
    fake.channels.add(GONE)  # it exists; the bot cannot see it until the fake's script ends
    fake.script_error("POST", f"/channels/{GONE}/messages", status=403,
                      body={"message": "Missing Access", "code": 50001}, times=10_000)
    ws = DiscordWorkspace(ws_config)

    async def no_wait(seconds: float) -> None:
        clock.advance(seconds=seconds)

    outbox = Outbox(store, {"discord": ws}, clock=clock,
                    config=OutboxConfig(give_up_after_minutes=1),
                    ops=ChannelRef(workspace="discord", channel=fake.channel_id), owner="t",
                    sleep=no_wait)
    try:
        await _send(store, outbox, clock, 1, 3)
        [notice] = ops_cards(fake)
        # the next edit of the notice refused once: a real 429 with its bucket headers
        fake.script_429("PATCH", f"/channels/{fake.channel_id}/messages/{notice['id']}",
                        retry_after=5.0)
        await _send(store, outbox, clock, 10, 9)
        for _ in range(5):
            clock.advance(seconds=10)
            await outbox.drain()
        [notice] = ops_cards(fake)
        assert "12 cards to" in str(notice["embeds"]), notice["embeds"]
        assert fake.allowed_mentions[notice["id"]]["parse"] == []
        fake._scripted.clear()
        await _send(store, outbox, clock, 100, 1)
        shown = ops_cards(fake)
        assert len(shown) == 2 and "work again" in str(shown[1]["embeds"]), shown
        assert "12 given up meanwhile" in str(shown[1]["embeds"]), shown[1]["embeds"]
        assert any(c.status == 429 and c.method == "PATCH" for c in fake.calls)
    finally:
        await ws.close()
