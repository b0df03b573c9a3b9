"""A route naming a Discord channel that is gone (deleted: 404 code 10003 Unknown Channel) or
that the bot can no longer see (removed from its server, or its role denied View Channel: 403
code 50001 Missing Access), through the outbox, a SQLite file and discord.py's own client
against the local Discord, which answers as Discord documents (discord-api-docs
topics/opcodes-and-status-codes, JSON Error Codes: 10003 "Unknown channel", 50001 "Missing
access", 50013 "You lack permissions to perform that action"). Each card for it is given up
at its first refusal with one logged line naming the channel and the fix, counted, the ops
channel is told once per channel, nothing is sent there again, and another route's cards
are delivered as before."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from bot.core.cards import Card
from bot.core.config import DiscordWorkspaceConfig, OutboxConfig
from bot.core.errors import PermanentDeliveryError
from bot.core.models import ChannelRef
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from integrations.discord.workspace import DiscordWorkspace
from tests.conftest import FakeClock
from tests.support.fake_discord import FakeDiscord

DELETED = "1000000000000000061"  # never declared to the fake: Discord has no such channel
REMOVED = "1000000000000000062"  # the bot cannot see it
MUTED = "1000000000000000063"  # the bot sees it, may not write there
GOOD = "1000000000000000064"  # another route, which works
FIXES = {
    DELETED: "fix: check the channel id in socialops.yaml (channels:)",
    REMOVED: "fix: let the bot's role view that channel, in a server the bot is in",
    MUTED: "fix: give the bot the permissions the error names in that channel",
}


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


@pytest.fixture
async def ops_outbox(fake: FakeDiscord, ws_config: DiscordWorkspaceConfig, store: Store,
                     clock: FakeClock) -> AsyncIterator[Outbox]:
    """The outbox, with the fake's own channel as the ops channel."""
    async def no_wait(seconds: float) -> None:
        clock.advance(seconds=seconds)

    ws = DiscordWorkspace(ws_config)
    try:
        yield Outbox(store, {"discord": ws}, clock=clock, config=OutboxConfig(), owner="t",
                     sleep=no_wait, ops=ChannelRef(workspace="discord",
                                                   channel=fake.channel_id))
    finally:
        await ws.close()


def posts_to(fake: FakeDiscord, channel: str) -> list[int]:
    return [c.status for c in fake.calls
            if c.method == "POST" and c.path == f"/channels/{channel}/messages"]


async def test_the_fake_answers_as_discord_for_channels_it_has_not(
        fake: FakeDiscord, ws_config: DiscordWorkspaceConfig) -> None:
    """It took a message to any channel id, so no test could see what a deleted channel does."""
    fake.hidden_channels.add(REMOVED)
    fake.unwritable_channels.add(MUTED)
    ws = DiscordWorkspace(ws_config)
    try:
        for channel in (DELETED, REMOVED, MUTED):
            with pytest.raises(PermanentDeliveryError):
                await ws.post(channel, Card(kind="alert", key="A-1", title="down"))
        await ws.post(fake.channel_id, Card(kind="alert", key="A-2", title="down"))
    finally:
        await ws.close()
    assert [(c.path.split("/")[2], c.status) for c in fake.calls if c.method == "POST"] == [
        (DELETED, 404), (REMOVED, 403), (MUTED, 403), (fake.channel_id, 200)]


async def test_cards_for_a_gone_channel_are_given_up_once_told_and_others_delivered(
        fake: FakeDiscord, ops_outbox: Outbox, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    fake.hidden_channels.add(REMOVED)
    fake.unwritable_channels.add(MUTED)
    fake.channels.add(GOOD)
    caplog.set_level(logging.INFO)
    targets = (DELETED, REMOVED, MUTED, GOOD)
    for n in range(2):
        for i, channel in enumerate(targets):
            key = f"A-{n}{i}"
            await ops_outbox.send(key=key, workspace="discord", channel=channel,
                                  card=Card(kind="alert", key=key, title=f"alert {key}"))
    for _ in range(6):
        await ops_outbox.drain()
        clock.advance(minutes=10)
    for _ in range(6):  # hours later: nothing more is tried
        clock.advance(hours=1)
        await ops_outbox.drain()

    assert posts_to(fake, DELETED) == [404, 404]
    assert posts_to(fake, REMOVED) == [403, 403]
    assert posts_to(fake, MUTED) == [403, 403]
    assert posts_to(fake, GOOD) == [200, 200]
    assert ops_outbox.metrics.value("outbox_dead_total") == 6
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING
              and "discord.http" not in r.name]
    for channel, fix in FIXES.items():
        lines = [e for e in errors if channel in e]
        assert len(lines) == 2, lines  # one line a card, no retry warnings
        assert all(fix in e and "giving up on" in e for e in lines), lines
    # the ops channel: one notice a channel that failed, naming it
    notices = fake.in_channel(fake.channel_id)
    for channel in FIXES:
        assert sum(channel in str(m["embeds"]) for m in notices) == 1, (channel, notices)


def ticket(note: str | None = None, status: str = "open") -> Card:
    return Card(kind="ticket", key="T-3", title="Refund", text="x", status=status,
                thread_note=note)


async def test_a_cards_thread_deleted_takes_its_notes_as_replies_to_the_card(
        fake: FakeDiscord, ops_outbox: Outbox, store: Store, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """A moderator deletes a ticket card's thread (the channel stays): Discord answers the next
    note 404 code 10003 Unknown Channel. It was a dead delivery told "check the channel id in
    socialops.yaml (channels:)", a fix for a channel that is fine, for every note after it.
    Now the note is a reply to the card in its channel, as in a card's channel that is a
    thread, and so is every later note: one warning line, nothing given up."""
    fake.clock = lambda: clock().timestamp()
    caplog.set_level(logging.INFO)
    await ops_outbox.send(key="T-3@c", workspace="discord", channel=fake.channel_id,
                          card=ticket())
    await ops_outbox.drain()
    await ops_outbox.send(key="T-3@c#1", workspace="discord", channel=fake.channel_id,
                          card=ticket("claimed by alice", "claimed"), update=True)
    await ops_outbox.drain()
    [thread] = fake.threads
    fake.threads.discard(thread)  # deleted by a moderator: Discord knows it no more
    card_id = thread  # a thread started from a message has the message's id
    fake.messages[card_id].pop("thread", None)
    for n, note in enumerate(("resolved by alice", "reopened by bob"), start=2):
        clock.advance(minutes=1)
        await ops_outbox.send(key=f"T-3@c#{n}", workspace="discord", channel=fake.channel_id,
                              card=ticket(note, "resolved"), update=True)
        await ops_outbox.drain()
    assert not await store.list_outbox(status="pending")
    assert ops_outbox.metrics.value("outbox_dead_total") == 0
    replies = [m for m in fake.in_channel(fake.channel_id)
               if (m.get("message_reference") or {}).get("message_id") == card_id]
    assert [m["content"] for m in replies] == ["resolved by alice", "reopened by bob"]
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING
            and r.name.startswith(("integrations", "bot"))]
    assert len(said) == 1 and "thread" in said[0] and "deleted" in said[0], said
