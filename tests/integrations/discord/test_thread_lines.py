"""A ticket's thread line on Discord, delivered by the outbox through discord.py to the local
Discord, when an attempt may have shown it already: a Discord message has no hidden metadata, so
the workspace takes the line for shown when the bot's newest message in the card's thread is
that line word for word and was created (its snowflake's time) since the line was queued. The
line before it, word for word the same but shown before this one was queued, is not this one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.core.cards import Card
from bot.core.config import DiscordWorkspaceConfig
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from integrations.discord.workspace import CLOCK_MARGIN, DiscordWorkspace
from tests.conftest import FakeClock
from tests.support.fake_discord import FakeDiscord

LINE = "alice noted: ok"
SHOWN = "alice noted\\: ok"  # as Discord shows it: escaped, so no markdown or emoji code


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store  # SQLite only: the store contract suite covers Redis


@pytest.fixture
async def ws(ws_config: DiscordWorkspaceConfig) -> AsyncIterator[DiscordWorkspace]:
    workspace = DiscordWorkspace(ws_config)
    yield workspace
    await workspace.close()


def ticket(note: str | None = None) -> Card:
    return Card(kind="ticket", key="T-3", title="Refund", text="x", status="claimed",
                thread_note=note)


@pytest.mark.parametrize("why", ["its first attempt failed", "Redis was found emptied"])
async def test_a_line_repeating_the_line_before_it_is_shown_when_a_retry_finds_nothing(
        fake: FakeDiscord, store: Store, outbox: Outbox, clock: FakeClock, why: str) -> None:
    """``note T-3 ok`` twice, five minutes apart. The second's first attempt edits the card and
    Discord refuses its thread line (a 503: nothing shown), or the outbox is careful because the
    bot found its Redis emptied: the next attempt looks for the line, finds only the first one,
    shown before the second was queued, and shows it."""
    fake.clock = lambda: clock().timestamp()  # Discord's clock is ours
    await outbox.send(key="T-3@c", workspace="discord", channel=fake.channel_id, card=ticket())
    await outbox.drain()
    await outbox.send(key="T-3@c#1", workspace="discord", channel=fake.channel_id,
                      card=ticket(LINE), update=True)
    await outbox.drain()
    [thread] = fake.threads
    clock.advance(minutes=5)
    await outbox.send(key="T-3@c#2", workspace="discord", channel=fake.channel_id,
                      card=ticket(LINE), update=True)
    if why == "its first attempt failed":
        fake.script_error("POST", rf"/channels/{thread}/messages$", status=503,
                          body={"message": "upstream", "code": 0})
        await outbox.drain()
        assert [m["content"] for m in fake.in_channel(thread)] == [SHOWN]  # nothing shown
        clock.advance(minutes=1)  # past its backoff
    else:
        outbox.careful_until = clock() + timedelta(hours=24)
    await outbox.drain()
    assert not await store.list_outbox(status="pending")
    assert [m["content"] for m in fake.in_channel(thread)] == [SHOWN, SHOWN]


@pytest.mark.parametrize("ahead", [timedelta(0), CLOCK_MARGIN - timedelta(seconds=1)])
async def test_a_line_shown_is_found_though_our_clock_is_a_little_ahead_of_discords(
        fake: FakeDiscord, ws: DiscordWorkspace, clock: FakeClock, ahead: timedelta) -> None:
    """A process died after Discord showed the line, before the outbox recorded it; the line
    was queued by a clock up to ``CLOCK_MARGIN`` ahead of Discord's (its snowflake says it was
    created before it was queued): the next attempt finds it and does not show it again."""

    def discords() -> float:
        return (clock() - ahead).timestamp()

    fake.clock = discords
    ref = await ws.post(fake.channel_id, ticket())
    clock.advance(minutes=5)
    queued = clock()
    ref = await ws.update(ref, ticket(LINE))
    await ws.update(ref, ticket(LINE), maybe_shown_since=queued)
    assert [m["content"] for m in fake.in_channel(ref.message_id)] == [SHOWN]


async def test_a_line_shown_is_found_under_the_messages_people_posted_after_it(
        fake: FakeDiscord, ws: DiscordWorkspace, clock: FakeClock) -> None:
    """People wrote 150 messages in the card's thread after the line was shown (the answer
    lost): the next attempt reads back, a page at a time, to our newest message and does not
    show the line again. (It read the thread's newest 50 before.)"""
    fake.clock = lambda: clock().timestamp()
    ref = await ws.post(fake.channel_id, ticket())
    queued = clock.advance(minutes=5)
    ref = await ws.update(ref, ticket(LINE))
    assert ref.thread_id is not None
    for n in range(150):
        fake.say(ref.thread_id, f"reply {n}")
    await ws.update(ref, ticket(LINE), maybe_shown_since=queued)
    assert [m["content"] for m in fake.in_channel(ref.thread_id)
            if m["author"]["id"] == fake.bot_id] == [SHOWN]
