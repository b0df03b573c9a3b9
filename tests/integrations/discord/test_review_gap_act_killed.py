"""A ✅ given on an open ticket's card while no gateway session was connected, read back by a
new session (``integrations.discord.gap``) and acted on: the ticket resolved, and the process
killed right after the store wrote the resolve, before it wrote the reaction's 90-day acted-on
mark, a second write. The ticket is reopened (the customer wrote again); the next session
read the ✅ back, found no mark, and resolved the reopened ticket again, for the person whose
✅ was the first resolve (a Discord developer's second pass, 2026-12-07; failed before: the
ticket resolved again). The mark rides in the act's own write (``bot.core.acting``), so the
two land together or not at all. A real process (the app ``socialops run`` builds, its bot on
the local Discord, the app's dispatcher), on a SQLite file and a real redis-server; the next
session this one's, on the same store."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.chat import discord_bot
from bot.core.cards import OutboxItem
from bot.core.config import DiscordWorkspaceConfig
from bot.core.effects import Effects
from bot.core.models import ChannelRef, Ticket
from handlers.cards import ticket_card
from tests.e2e import world as world_module
from tests.e2e.world import UNPACED, World, redis_url_if, running_world
from tests.integrations.discord.act_dying_process import DIED
from tests.integrations.discord.asking import with_discord_on_kolkatas_clock
from tests.integrations.discord.test_bot import ALICE
from tests.integrations.discord.test_review_reactions_in_a_gap import read_back
from tests.support.clock import FakeClock
from tests.support.fake_discord import FakeDiscord
from tests.support.processes import die_with_parent

ROOT = Path(__file__).parents[3]
CHECK = "✅"


@pytest.fixture(params=["sqlite", "redis"])
async def world(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock,
                fake: FakeDiscord) -> AsyncIterator[World]:
    """The e2e world with the local Discord as workspace ``discord``, alice on it as ALICE."""
    config = with_discord_on_kolkatas_clock(world_module.CONFIG, fake)
    before = "groups: [support], identities: {{slack: {alice}}}"
    assert before in config
    config = config.replace(
        before, f'groups: [support], identities: {{{{slack: {{alice}}, discord: "{ALICE}"}}}}')
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(world_module, "CONFIG", config)
        async with running_world(tmp_path, clock, extra=UNPACED, store=request.param,
                                 redis_url=redis_url_if(request)) as w:
            yield w


async def ticket_on_discord(world: World, fake: FakeDiscord, clock: FakeClock) -> str:
    """An open ticket T-1 whose card the app's outbox posted to the local Discord: its
    message id."""
    app = world.a
    t = Ticket(id="T-1", status="open", signal_id="mastodon:1", route="support",
               customer_key="mastodon:c1", conversation_key="mastodon:1", created_at=clock(),
               channels=(ChannelRef(workspace="discord", channel=fake.channel_id),))
    fx = Effects()
    fx.create(t)
    fx.send(OutboxItem.new(key=f"{t.id}@{fake.channel_id}", workspace="discord",
                           channel=fake.channel_id, now=clock(), card=ticket_card(t, None)))
    assert await app.store.apply(fx)
    await app.outbox.drain()
    ref = await app.store.message_ref(t.id, "discord", fake.channel_id)
    assert ref is not None
    return ref.message_id


async def dies_resolving(tmp_path: Path, clock: FakeClock) -> None:
    proc = await asyncio.create_subprocess_exec(
        *die_with_parent([sys.executable, "-m",
                          "tests.integrations.discord.act_dying_process",
                          str(tmp_path / "socialops.yaml"), clock().isoformat()], "SIGKILL"),
        cwd=ROOT, stderr=asyncio.subprocess.PIPE)
    try:
        _, err = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGKILL)
            await proc.wait()
    assert proc.returncode == DIED, err.decode()[-2000:]
    assert "dying after resolving T-1" in err.decode()


async def test_a_resolve_read_back_killed_before_its_mark_does_not_resolve_the_reopened_ticket(
        world: World, ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, clock: FakeClock,
        tmp_path: Path) -> None:
    app = world.a
    mid = await ticket_on_discord(world, fake, clock)
    fake.give(mid, ALICE, CHECK)  # no session heard it
    await dies_resolving(tmp_path, clock)
    resolved = await app.store.get_ticket("T-1")
    assert resolved is not None and resolved.status == "resolved"
    clock.advance(minutes=5)  # the customer wrote again: reopened
    assert (await app.tickets.reopen("T-1", "bob")).ok
    clock.advance(minutes=1)  # the restart

    def person_of(workspace: str, user: str) -> str | None:
        person = app.directory.person_for(workspace, user)
        return person.id if person else None

    fake.connected.clear()
    bot = discord_bot(ws_config, handler=app.dispatcher, identity=person_of,
                      marks=app.store, clock=clock, guild_ready_timeout=0.05)
    task = asyncio.create_task(bot.start(ws_config.token))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        await read_back(bot)
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)
    reopened = await app.store.get_ticket("T-1")
    assert reopened is not None
    assert reopened.status == "open", reopened.status
