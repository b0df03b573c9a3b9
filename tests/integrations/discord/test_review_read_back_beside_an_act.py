"""A reaction the gateway delivered to one process, its act still running (its card read
behind a rate limit, a publish waiting on a network), when another process's new session reads
the same reaction back off the card (a Discord developer's third pass). The key the first
process took is older than the new session, and no acted-on mark was written yet: the read-back
took it for an earlier reaction's, moved past it and acted too, two resolves of one ✅ (failed
before: two). A key taken within ``ACT_LEASE`` of the read-back and not marked acted on is an
act in progress: the read-back looks at it again once that time is up, and acts then only if
it is still not marked (its process was killed), so a process killed as it acted is still
acted on by a session begun within the minute. Real discord.py clients on the local Discord,
one store shared (a SQLite file, a real redis-server); the killed process a real one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from bot.app.chat import discord_bot
from bot.core.cards import Interaction, Reply
from bot.core.config import DiscordWorkspaceConfig
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from integrations.discord.bot import SocialopsBot
from integrations.discord.reactions_once import ACT_LEASE
from tests.conftest import FakeClock
from tests.integrations.discord.test_bot import ALICE, REACTION, Recorder, identity
from tests.integrations.discord.test_review_gap_killed import dies_acting, where
from tests.integrations.discord.test_review_gap_ticket_cards import acted, open_ticket
from tests.integrations.discord.test_review_reactions_in_a_gap import (
    approves,
    pending,
    read_back,
)
from tests.support.fake_discord import FakeDiscord

__all__ = ["where"]  # the fixture, shared
CHECK = "✅"


class Holds(Recorder):
    """The handler; its first act waits until ``go`` is set (a slow act)."""

    def __init__(self, fake: FakeDiscord) -> None:
        super().__init__(fake)
        self.entered, self.go = asyncio.Event(), asyncio.Event()

    async def handle(self, interaction: Interaction) -> Reply:
        if not self.entered.is_set():
            self.entered.set()
            await self.go.wait()
        return await super().handle(interaction)


class Later:
    """A bot's sleep: returns when the test says, the clock moved on by what it waited."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock, self.now, self.asked = clock, asyncio.Event(), 0

    async def __call__(self, seconds: float) -> None:
        self.asked += 1
        await self.now.wait()
        self.clock.advance(seconds=seconds)


Start = Callable[..., Awaitable[SocialopsBot]]


@pytest.fixture
async def process(ws_config: DiscordWorkspaceConfig, store: Store,
                  clock: FakeClock) -> AsyncIterator[Start]:
    running: list[tuple[SocialopsBot, asyncio.Task[None]]] = []

    async def start(recorder: Recorder, **client: Any) -> SocialopsBot:
        bot = discord_bot(ws_config, handler=recorder, identity=identity, marks=store,
                          clock=clock, guild_ready_timeout=0.05, **client)
        running.append((bot, asyncio.create_task(bot.start(ws_config.token))))
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        return bot

    yield start
    for bot, task in running:
        await bot.close()
        await asyncio.wait_for(task, 5)


async def looked_again(bot: SocialopsBot) -> None:
    for _ in range(500):
        if bot.looked_again:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("not looked at again")


async def marked(store: Store, base: str) -> None:
    for _ in range(500):
        if await store.is_seen(f"replay:discord-reaction-acted:{base}"):
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{base} not marked acted on")


async def test_a_read_back_beside_another_process_acting_leaves_it_to_that_act(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        clock: FakeClock) -> None:
    mid = await open_ticket(store, outbox, fake, clock)
    holds = Holds(fake)
    first = await process(holds)
    await read_back(first)
    fake.give(mid, ALICE, CHECK)
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
        REACTION, user_id=ALICE, message_id=mid, emoji={"name": CHECK, "id": None}))
    await asyncio.wait_for(holds.entered.wait(), 5)  # taken; acting
    clock.advance(seconds=ACT_LEASE / 2)  # past the clocks' leeway, within the act's time
    later = Later(clock)
    second = await process(holds, sleep=later)  # a new session: it reads the card back
    await read_back(second)
    assert acted(holds, "resolve", mid) == []
    holds.go.set()
    await holds.wait(1)
    await marked(store, f"{mid}:{ALICE}:resolve")  # its act over (this handler writes none)
    later.now.set()
    await looked_again(second)
    await asyncio.sleep(0.1)
    assert acted(holds, "resolve", mid) == [ALICE]


async def test_a_process_killed_acting_is_acted_for_by_a_session_begun_within_the_lease(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        clock: FakeClock, where: str) -> None:
    mid = await pending(store, outbox, fake, clock)
    fake.give(mid, ALICE)  # no session heard it
    await dies_acting(where, fake, clock)
    clock.advance(seconds=ACT_LEASE / 2)  # restarted at once
    fake.connected.clear()
    recorder, later = Recorder(fake), Later(clock)
    bot = await process(recorder, sleep=later)
    await read_back(bot)
    assert approves(recorder, mid) == []  # perhaps its act, still running elsewhere
    later.now.set()
    await looked_again(bot)
    await recorder.wait(1)
    assert approves(recorder, mid) == [ALICE]
    again = await process(recorder)  # another session after it: acted on once
    await read_back(again)
    assert approves(recorder, mid) == [ALICE]
