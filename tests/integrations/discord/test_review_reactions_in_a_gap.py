"""A 👍 given on a pending approval card while no gateway session of the bot was connected
(the bot down, or a new session after INVALID_SESSION: Discord sends a new session nothing of
the gap, topics/gateway, Resuming) did nothing, and the draft waited until it expired (an SRE's
review, 2026-12-07; failed before: no approve reached the handler). After each READY (not a
RESUMED) the bot reads the pending cards' reactions over REST (resources/message, Get Channel
Message ``reactions``, then Get Reactions for the users) and acts on them as on the gateway's:
once in the deployment, never on a reaction taken away since. Real discord.py clients on the
local Discord, the cards posted by the outbox, on a SQLite file and a real redis-server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from bot.app.chat import discord_bot
from bot.core.cards import OutboxItem
from bot.core.config import DiscordWorkspaceConfig
from bot.core.effects import Effects
from bot.core.models import Approval, ChannelRef
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from handlers.approvals import content_hash
from handlers.cards import approval_card
from integrations.discord.bot import SocialopsBot
from tests.conftest import FakeClock
from tests.integrations.discord.test_bot import ALICE, REACTION, Recorder, identity
from tests.support.fake_discord import FakeDiscord

Start = Callable[[Recorder], Awaitable[SocialopsBot]]


@pytest.fixture
async def process(ws_config: DiscordWorkspaceConfig, store: Store,
                  clock: FakeClock) -> AsyncIterator[Start]:
    """Starts a process's bot on the store, its pending cards read from it."""
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


async def pending(store: Store, outbox: Outbox, fake: FakeDiscord, clock: FakeClock,
                  approval_id: str = "A-1") -> str:
    """A pending draft whose card the outbox posted to the local Discord: its message id."""
    text = f"Sorry about that, {approval_id}"
    a = Approval(id=approval_id, text=text, network="mastodon", account="m", author="bob",
                 content_hash=content_hash(text), created_at=clock(),
                 channels=(ChannelRef(workspace="discord", channel=fake.channel_id),))
    fx = Effects()
    fx.create(a)
    fx.send(OutboxItem.new(key=f"{a.id}@{fake.channel_id}", workspace="discord",
                           channel=fake.channel_id, now=clock(), card=approval_card(a)))
    assert await store.apply(fx)
    await outbox.drain()
    ref = await store.message_ref(a.id, "discord", fake.channel_id)
    assert ref is not None
    return ref.message_id


async def read_back(bot: SocialopsBot, scans: int = 1) -> None:
    for _ in range(500):  # its READY's read of the pending cards finished
        if bot.gap_reads >= scans:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{bot.gap_reads} reads of the pending cards")


def approves(recorder: Recorder, mid: str) -> list[str]:
    return [i.user for i in recorder.seen if i.action == "approve" and i.message
            and i.message.message_id == mid]


async def test_a_thumbs_up_given_while_the_bot_was_down_approves_once(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        clock: FakeClock) -> None:
    mid = await pending(store, outbox, fake, clock)
    fake.give(mid, ALICE)  # no session heard it
    fake.give(mid, fake.bot_id)  # the bot's own reaction is none
    recorder = Recorder(fake)
    first = await process(recorder)
    await recorder.wait(1)
    [approve] = [i for i in recorder.seen if i.action == "approve"]
    assert (approve.user, approve.via, approve.target) == (ALICE, "reaction", "A-1")
    second = await process(recorder)  # another web process's READY: taken once
    await read_back(first)
    await read_back(second)
    assert approves(recorder, mid) == [ALICE]


async def test_a_reaction_taken_away_before_the_session_began_does_nothing(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        clock: FakeClock) -> None:
    taken, kept = (await pending(store, outbox, fake, clock, "A-1"),
                   await pending(store, outbox, fake, clock, "A-2"))
    fake.give(taken, ALICE)
    fake.take_away(taken, ALICE)
    fake.give(kept, ALICE)
    recorder = Recorder(fake)
    bot = await process(recorder)
    await read_back(bot)
    assert approves(recorder, taken) == []
    assert approves(recorder, kept) == [ALICE]


async def test_a_new_session_after_invalid_session_reads_what_its_gap_missed(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        clock: FakeClock) -> None:
    recorder = Recorder(fake)
    bot = await process(recorder)
    await read_back(bot)
    mid = await pending(store, outbox, fake, clock)

    async def at_once(shard_id: int | None, *, initial: bool = False) -> None:
        pass  # discord.py waits 5 s before identifying again

    bot.before_identify_hook = at_once  # type: ignore[method-assign]
    fake.connected.clear()
    await fake.invalidate_sessions()
    fake.give(mid, ALICE)  # in the gap
    await asyncio.wait_for(fake.connected.wait(), 5)
    await read_back(bot, 2)
    assert approves(recorder, mid) == [ALICE]


async def test_a_429_on_the_reactions_stops_the_read_and_the_next_session_reads_them(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        clock: FakeClock) -> None:
    """A 429 longer than discord.py waits: the read stops (one line), nothing is claimed,
    and the next READY reads the card again."""
    mid = await pending(store, outbox, fake, clock)
    fake.give(mid, ALICE)
    fake.script_429("GET", r"/reactions/", retry_after=600)
    recorder = Recorder(fake)
    bot = await process(recorder)
    await read_back(bot)
    assert approves(recorder, mid) == []

    async def at_once(shard_id: int | None, *, initial: bool = False) -> None:
        pass

    bot.before_identify_hook = at_once  # type: ignore[method-assign]
    await fake.invalidate_sessions()
    await read_back(bot, 2)
    assert approves(recorder, mid) == [ALICE]


async def test_a_thumbs_up_the_gateway_delivered_before_a_restart_is_not_read_again(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        clock: FakeClock) -> None:
    """Acted on by the session before (a deploy within the hour its claim is kept): the
    read after the restart finds it on the card and leaves it."""
    mid = await pending(store, outbox, fake, clock)
    recorder = Recorder(fake)
    before = await process(recorder)
    fake.give(mid, ALICE)
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
        REACTION, user_id=ALICE, message_id=mid, emoji={"name": "👍", "id": None}))
    await recorder.wait(1)
    await before.close()
    clock.advance(minutes=1)
    after = await process(recorder)
    await read_back(after)
    assert approves(recorder, mid) == [ALICE]


async def test_a_super_reaction_given_while_the_bot_was_down_approves(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        clock: FakeClock) -> None:
    """A super reaction (a burst 👍, Nitro's) is the same 👍 to the gateway, but Get Reactions
    lists it only under ``type=1`` (resources/message, Get Reactions; 0, normal, is the
    default): read back with the default alone, it approved nothing (a Discord developer's
    third pass; failed before: no approve)."""
    mid = await pending(store, outbox, fake, clock)
    fake.give(mid, ALICE, burst=True)
    recorder = Recorder(fake)
    bot = await process(recorder)
    await read_back(bot)
    assert approves(recorder, mid) == [ALICE]
