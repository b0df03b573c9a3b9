"""One card the read-back of a new session's gap could not read (deleted by a moderator, 404
code 10008; its channel deleted, 404 code 10003; a channel the bot may no longer see, 403
code 50001) stopped the whole read, at every new session: the reactions on every card after
it (older drafts, every ticket) were never read again, and the WARNING said only "the next
session reads them" (a Discord developer's review, 2026-12-07; failed before: the older
draft's 👍 approved nothing). Such a card is one line saying what to do, and the read goes on;
a 429 or an outage still stops it (``test_review_reactions_in_a_gap``). Real discord.py
clients on the local Discord, the cards posted by the outbox, on a SQLite file and a real
redis-server."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.core.cards import OutboxItem
from bot.core.effects import Effects
from bot.core.models import Approval, ChannelRef
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from handlers.approvals import content_hash
from handlers.cards import approval_card
from tests.conftest import FakeClock
from tests.integrations.discord.test_bot import ALICE, REACTION, Recorder
from tests.integrations.discord.test_review_reactions_in_a_gap import (
    Start,
    approves,
    pending,
    process,
    read_back,
)
from tests.support.fake_discord import FakeDiscord

__all__ = ["process"]  # the fixture, shared

OTHER = "1000000000000000555"  # a second channel of the server


async def pending_in(store: Store, outbox: Outbox, fake: FakeDiscord, clock: FakeClock,
                     approval_id: str, channel: str) -> str:
    """A pending draft whose card the outbox posted in ``channel``: its message id."""
    text = f"Sorry about that, {approval_id}"
    a = Approval(id=approval_id, text=text, network="mastodon", account="m", author="bob",
                 content_hash=content_hash(text), created_at=clock(),
                 channels=(ChannelRef(workspace="discord", channel=channel),))
    fx = Effects()
    fx.create(a)
    fx.send(OutboxItem.new(key=f"{a.id}@{channel}", workspace="discord", channel=channel,
                           now=clock(), card=approval_card(a)))
    assert await store.apply(fx)
    await outbox.drain()
    ref = await store.message_ref(a.id, "discord", channel)
    assert ref is not None
    return ref.message_id


def deleted(fake: FakeDiscord, mid: str) -> None:
    del fake.messages[mid]  # a moderator deleted the card


def channel_deleted(fake: FakeDiscord, mid: str) -> None:
    fake.channels.discard(OTHER)


def hidden(fake: FakeDiscord, mid: str) -> None:
    fake.hidden_channels.add(OTHER)  # its View Channel taken away


@pytest.mark.parametrize(("gone", "said"), [
    (deleted, "was deleted (Discord: Unknown Message, code 10008)"),
    (channel_deleted, "check the channel id in socialops.yaml (channels:)"),
    (hidden, "give the bot's role View Channel and Read Message History in channel "
             f"{OTHER}"),
])
async def test_an_unreadable_card_is_one_line_and_the_read_goes_on(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord, clock: FakeClock,
        caplog: pytest.LogCaptureFixture, gone: object, said: str) -> None:
    older = await pending(store, outbox, fake, clock, "A-1")
    fake.give(older, ALICE)
    clock.advance(minutes=1)
    fake.channels.add(OTHER)
    newer = await pending_in(store, outbox, fake, clock, "A-2", OTHER)  # read first
    fake.give(newer, ALICE)
    gone(fake, newer)  # type: ignore[operator]
    recorder = Recorder(fake)
    with caplog.at_level(logging.INFO, logger="integrations.discord"):
        bot = await process(recorder)
        await read_back(bot)
    assert approves(recorder, older) == [ALICE]
    lines = [r for r in caplog.records if said in r.getMessage()]
    assert len(lines) == 1, [r.getMessage() for r in caplog.records]
    assert "\n" not in lines[0].getMessage() and lines[0].exc_info is None
    assert not any("not all read" in r.getMessage() for r in caplog.records)


async def test_a_reaction_on_a_card_the_bot_may_not_read_says_what_to_do(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """The gateway's reaction, the same card: it said only "cannot read the card (Forbidden:
    403 Forbidden (error code: 50001): Missing Access)"."""
    fake.channels.add(OTHER)
    mid = await pending_in(store, outbox, fake, clock, "A-1", OTHER)
    recorder = Recorder(fake)
    with caplog.at_level(logging.INFO, logger="integrations.discord"):
        bot = await process(recorder)
        await read_back(bot)
        fake.hidden_channels.add(OTHER)
        reaction = fake.reaction(REACTION, user_id=ALICE, message_id=mid,
                                 emoji={"name": "👍", "id": None})
        await fake.dispatch("MESSAGE_REACTION_ADD", {**reaction, "channel_id": OTHER})
        for _ in range(500):
            if lines := [r.getMessage() for r in caplog.records if "not handled" in
                         r.getMessage()]:
                break
            await asyncio.sleep(0.01)
    assert len(lines) == 1 and "\n" not in lines[0]
    assert ("give the bot's role View Channel and Read Message History in channel "
            f"{OTHER}") in lines[0]
    assert approves(recorder, mid) == []
