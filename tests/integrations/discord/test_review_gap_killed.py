"""A 👍 given on a pending draft's card while no session of the bot was connected, read back
by a new session (``integrations.discord.gap``) whose process is killed as the reaction reaches
the handler, before the approve is written: the next session reads it back and approves the
draft. Before (a chaos review, 2026-12-07), the read-back marked the reaction acted on for 90
days before acting on it: the next session found the mark and left the 👍, and the draft waited
until it expired, the 👍 on its card for everyone to read as an approval. A real process on the
local Discord, on a SQLite file and a real redis-server; the next session this one's."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.core.config import DiscordWorkspaceConfig
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from tests.conftest import FakeClock
from tests.integrations.discord.gap_dying_process import DIED
from tests.integrations.discord.test_bot import ALICE, REACTION, Recorder
from tests.integrations.discord.test_review_reactions_in_a_gap import (
    Start,
    approves,
    pending,
    process,
    read_back,
)
from tests.support.fake_discord import FakeDiscord
from tests.support.processes import die_with_parent

__all__ = ["process"]  # the fixture, shared
ROOT = Path(__file__).parents[3]


@pytest.fixture
async def where(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The ``store`` fixture's store, as another process opens it."""
    backend = request.node.callspec.params["store"]
    yield (str(tmp_path / "s.db") if backend == "sqlite"
           else request.getfixturevalue("redis_url"))


async def test_a_read_back_killed_before_it_acted_is_acted_on_by_the_next_session(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig, clock: FakeClock, where: str) -> None:
    mid = await pending(store, outbox, fake, clock)
    fake.give(mid, ALICE)  # no session heard it
    await dies_acting(where, fake, clock)
    await next_sessions_approve_once(process, fake, clock, mid)


async def test_a_gateway_reaction_killed_before_it_acted_is_acted_on_by_the_next_session(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig, clock: FakeClock, where: str) -> None:
    """The 👍 delivered by the gateway to a connected session, whose process dies as it
    reaches the handler: the next session reads it back off the card. (Failed before too:
    the mark was written between taking the reaction and acting on it.)"""
    mid = await pending(store, outbox, fake, clock)

    async def given() -> None:
        await fake.wait_for("GET", f"/messages/{mid}", timeout=60)  # its READY's read-back
        fake.give(mid, ALICE)
        await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
            REACTION, user_id=ALICE, message_id=mid, emoji={"name": "👍", "id": None}))

    await dies_acting(where, fake, clock, given)
    await next_sessions_approve_once(process, fake, clock, mid)


async def dies_acting(where: str, fake: FakeDiscord, clock: FakeClock,
                      meanwhile: Callable[[], Awaitable[None]] | None = None) -> None:
    """A real process on the local Discord that dies as a reaction reaches its handler."""
    proc = await asyncio.create_subprocess_exec(
        *die_with_parent([sys.executable, "-m", "tests.integrations.discord.gap_dying_process",
                          where, fake.api_url, fake.gateway_url, fake.application_id,
                          fake.guild_id, clock().isoformat()], "SIGKILL"),
        cwd=ROOT, stderr=asyncio.subprocess.PIPE)
    try:
        if meanwhile is not None:
            await meanwhile()
        _, err = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGKILL)
            await proc.wait()
    assert proc.returncode == DIED, err.decode()[-2000:]
    assert "dying at approve A-1" in err.decode()


async def next_sessions_approve_once(process: Start, fake: FakeDiscord, clock: FakeClock,
                                     mid: str) -> None:
    clock.advance(minutes=1)  # the restart
    fake.connected.clear()
    recorder = Recorder(fake)
    bot = await process(recorder)
    await read_back(bot)
    assert approves(recorder, mid) == [ALICE]
    again = await process(recorder)  # another session after it: acted on once
    await read_back(again)
    assert approves(recorder, mid) == [ALICE]
