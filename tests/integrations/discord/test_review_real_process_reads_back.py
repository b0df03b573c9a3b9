"""The real-process tests ran a bot ``tests/integrations/discord/app_process.py`` built itself,
without what ``socialops run`` passes it for the read-back (the cards to read, the acted-on
marks, the store's order, the clock): a ✅ given while no session was connected was never
read by it, and no real-process test could run the read-back (a Discord developer's third
pass; failed before: the ticket stayed open). It runs the app's own chat connection now
(``bot.app.chat.discord_bot``, which the tests' bots are built by too). A real process on
the local Discord, on a SQLite file and a real redis-server."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from tests.e2e.world import World
from tests.integrations.discord.test_bot import ALICE
from tests.integrations.discord.test_review_gap_act_killed import ROOT, ticket_on_discord, world
from tests.support.clock import FakeClock
from tests.support.fake_discord import FakeDiscord
from tests.support.processes import die_with_parent

__all__ = ["world"]  # the fixture, shared


async def test_a_real_process_reads_back_a_check_mark_given_while_it_was_down(
        world: World, fake: FakeDiscord, clock: FakeClock, tmp_path: Path) -> None:
    mid = await ticket_on_discord(world, fake, clock)
    fake.give(mid, ALICE, "✅")  # no session heard it
    proc = await asyncio.create_subprocess_exec(
        *die_with_parent([sys.executable, "-m", "tests.integrations.discord.app_process",
                          str(tmp_path / "socialops.yaml"), clock().isoformat(), "web"],
                         "SIGKILL"),
        cwd=ROOT, stderr=asyncio.subprocess.PIPE)
    try:
        await asyncio.wait_for(fake.connected.wait(), 60)
        for _ in range(300):
            ticket = await world.a.store.get_ticket("T-1")
            if ticket is not None and ticket.status == "resolved":
                break
            await asyncio.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGKILL)
        _, err = await proc.communicate()
    assert ticket is not None and ticket.status == "resolved", err.decode()[-2000:]
