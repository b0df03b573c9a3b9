"""A reaction taken away, the bot restarted (a deploy), the reaction given again: it acts again,
as it does without the restart (docs/discord.md, Reactions). Each process counted the removals
it saw into the reaction's key in the store (``REACTION_ONCE_TTL``, an hour); a process started
after the removal counted none, took the key of the first reaction, found it taken and dropped
the reaction as "taken by another process": a 👍 given again to approve an edited draft did
nothing for an hour, with no answer. Now a key taken before the process's session began is
an earlier reaction's, and the count moves past it. Real discord.py clients on the local
Discord, a real SQLite file shared by the processes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

import pytest

from bot.app.chat import discord_bot
from bot.core.config import DiscordWorkspaceConfig
from bot.core.ports import Store
from integrations.discord.bot import SocialopsBot
from tests.conftest import FakeClock
from tests.integrations.discord.test_bot import ALICE, REACTION, Recorder, identity, post_card
from tests.support.fake_discord import FakeDiscord

REMOVE = "gateway_MESSAGE_REACTION_REMOVE_d.json"
EYES = {"name": "👀", "id": None}


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


@pytest.fixture
async def process(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, store: Store,
                  clock: FakeClock) -> AsyncIterator[Callable[[Recorder], Awaitable[SocialopsBot]]]:
    """Starts a process's bot on the shared store (stop one with ``close``)."""
    running: list[tuple[SocialopsBot, asyncio.Task[None]]] = []

    async def start(recorder: Recorder) -> SocialopsBot:
        bot = discord_bot(ws_config, handler=recorder, identity=identity, marks=store,
                          clock=clock, guild_ready_timeout=0.05)
        running.append((bot, asyncio.create_task(bot.start(ws_config.token))))
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        return bot

    yield start
    for bot, task in running:
        await bot.close()
        await asyncio.wait_for(task, 5)


async def react(fake: FakeDiscord, event: str, mid: str) -> None:
    await fake.dispatch(event, fake.reaction(REACTION if event.endswith("ADD") else REMOVE,
                                             user_id=ALICE, message_id=mid, emoji=EYES))


async def marker(fake: FakeDiscord, ws_config: DiscordWorkspaceConfig, *,
                 sessions: int = 1) -> None:
    """A ✅ on another card for each session, handled after every reaction sent before it."""
    for n in range(sessions):
        mid = await post_card(fake, ws_config)
        await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
            REACTION, user_id=ALICE, message_id=mid, emoji={"name": "✅", "id": None}),
            only=n)


def claims(recorder: Recorder, mid: str) -> int:
    return [(i.action, i.message and i.message.message_id) for i in recorder.seen].count(
        ("claim", mid))


async def test_a_reaction_taken_away_before_a_restart_acts_when_given_again(
        process: Callable[[Recorder], Awaitable[SocialopsBot]], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig, clock: FakeClock) -> None:
    before = Recorder(fake)
    old = await process(before)
    mid = await post_card(fake, ws_config)
    await react(fake, "MESSAGE_REACTION_ADD", mid)
    await react(fake, "MESSAGE_REACTION_REMOVE", mid)
    await marker(fake, ws_config)
    await before.wait(2)
    await old.close()  # the deploy, a minute
    clock.advance(minutes=1)

    after = Recorder(fake)
    await process(after)
    await react(fake, "MESSAGE_REACTION_ADD", mid)
    await marker(fake, ws_config)
    await after.wait(2)
    assert claims(before, mid) == 1
    assert claims(after, mid) == 1


async def test_a_process_started_later_takes_the_same_reaction_once_with_the_first(
        process: Callable[[Recorder], Awaitable[SocialopsBot]], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig, clock: FakeClock) -> None:
    """The first process saw the removal, the second started after it: both get the reaction
    given again, and it acts once in the deployment; then again once after each removal."""
    recorder = Recorder(fake)
    await process(recorder)
    mid = await post_card(fake, ws_config)
    await react(fake, "MESSAGE_REACTION_ADD", mid)
    await react(fake, "MESSAGE_REACTION_REMOVE", mid)
    await marker(fake, ws_config)
    await recorder.wait(2)
    clock.advance(minutes=1)
    await process(recorder)  # a second web process, started after the removal
    await react(fake, "MESSAGE_REACTION_ADD", mid)  # to both sessions
    await marker(fake, ws_config, sessions=2)
    await recorder.wait(5)
    assert claims(recorder, mid) == 2
    await react(fake, "MESSAGE_REACTION_REMOVE", mid)
    await react(fake, "MESSAGE_REACTION_ADD", mid)
    await marker(fake, ws_config, sessions=2)
    await recorder.wait(8)
    assert claims(recorder, mid) == 3
    assert len(recorder.seen) == 8


async def test_a_reaction_taken_away_while_no_process_ran_acts_when_given_again(
        process: Callable[[Recorder], Awaitable[SocialopsBot]], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig, clock: FakeClock) -> None:
    """No session got the removal (every process down, or a new session after INVALID_SESSION:
    Discord sends nothing of the gap): the reaction given again still acts."""
    before = Recorder(fake)
    old = await process(before)
    mid = await post_card(fake, ws_config)
    await react(fake, "MESSAGE_REACTION_ADD", mid)
    await before.wait(1)
    await old.close()
    await react(fake, "MESSAGE_REACTION_REMOVE", mid)  # to no one
    clock.advance(minutes=5)
    after = Recorder(fake)
    await process(after)
    await react(fake, "MESSAGE_REACTION_ADD", mid)
    await marker(fake, ws_config)
    await after.wait(2)
    assert claims(after, mid) == 1


async def test_a_reaction_taken_away_during_a_new_sessions_gap_acts_when_given_again(
        process: Callable[[Recorder], Awaitable[SocialopsBot]], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig, clock: FakeClock) -> None:
    """The same process, its session invalidated (INVALID_SESSION, not resumable): the
    removal came while it identified anew, and Discord sends a new session nothing of that."""
    recorder = Recorder(fake)
    bot = await process(recorder)
    mid = await post_card(fake, ws_config)
    await react(fake, "MESSAGE_REACTION_ADD", mid)
    await recorder.wait(1)
    clock.advance(minutes=2)

    async def at_once(shard_id: int | None, *, initial: bool = False) -> None:
        pass  # discord.py waits 5 s before identifying again

    bot.before_identify_hook = at_once  # type: ignore[method-assign]
    await fake.invalidate_sessions()  # the removal is never sent: it fell in the gap
    await asyncio.wait_for(fake.connected.wait(), 5)
    for _ in range(500):  # its new READY handled (on_ready)
        if bot._sessions == 2:
            break
        await asyncio.sleep(0.01)
    await react(fake, "MESSAGE_REACTION_ADD", mid)
    await marker(fake, ws_config)
    await recorder.wait(3)
    assert claims(recorder, mid) == 2


async def test_a_process_whose_clock_is_behind_takes_no_reaction_twice(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord,
        two_stores: tuple[Store, Store], clock: FakeClock) -> None:
    """Two processes whose clocks differ by a minute (two hosts on one redis-server, one of
    them without NTP): the one behind took a reaction first and stamped its key a minute
    early; the other, whose session began less than a minute before, read the key as taken
    before its session (an earlier reaction's), moved past it and ran the reaction too: two
    claims of one 👀 (a review, 2026-12-07; failed before). Whether a key was taken before a
    session began is now read off the store's own order, not off two processes' clocks."""
    behind = FakeClock(clock() - timedelta(minutes=1))
    recorder = Recorder(fake)
    running: list[tuple[SocialopsBot, asyncio.Task[None]]] = []
    try:
        for own, store in zip((behind, clock), two_stores, strict=True):  # a SQLite file,
            # a real redis-server: each process its own connection
            bot = SocialopsBot(ws_config, handler=recorder, identity=identity,
                               guild_ready_timeout=0.05, mark_seen=store.mark_seen,
                               forget_seen=store.forget_seen, claim_value=store.claim_value,
                               next_number=store.next_number, clock=own)
            running.append((bot, asyncio.create_task(bot.start(ws_config.token))))
            await asyncio.wait_for(bot.wait_until_ready(), 5)
        mid = await post_card(fake, ws_config)
        eyes = fake.reaction(REACTION, user_id=ALICE, message_id=mid, emoji=EYES)
        await fake.dispatch("MESSAGE_REACTION_ADD", eyes, only=0)  # the one behind first
        await recorder.wait(1)
        await fake.dispatch("MESSAGE_REACTION_ADD", eyes, only=1)
        await marker(fake, ws_config, sessions=2)
        await recorder.wait(3)
        assert claims(recorder, mid) == 1
    finally:
        for bot, task in running:
            await bot.close()
            await asyncio.wait_for(task, 5)
