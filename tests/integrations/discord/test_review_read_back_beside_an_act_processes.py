"""``test_review_read_back_beside_an_act`` with two real processes of one deployment (the app
``socialops run`` builds, its dispatcher and its store, ``app_process.py``): the first takes a
✅ the gateway delivered and reads its card, slowly (the local Discord holds the answer); the
second starts its session half a minute later and reads the ✅ back off the card. It leaves
it to the first, whose act resolves the ticket once (failed before: the second resolved it
beside the first's act, still running)."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from tests.e2e.world import World
from tests.integrations.discord.test_bot import ALICE, REACTION
from tests.integrations.discord.test_review_gap_act_killed import ROOT, ticket_on_discord, world
from tests.integrations.discord.test_review_removal_order_processes import gets
from tests.support.clock import FakeClock
from tests.support.fake_discord import FakeDiscord
from tests.support.processes import die_with_parent

__all__ = ["world"]  # the fixture, shared


async def status(world: World) -> str:
    ticket = await world.a.store.get_ticket("T-1")
    assert ticket is not None
    return ticket.status


async def test_a_real_process_reading_back_leaves_a_check_mark_another_is_acting_on(
        world: World, fake: FakeDiscord, clock: FakeClock, tmp_path: Path) -> None:
    mid = await ticket_on_discord(world, fake, clock)
    procs = []

    async def start(owner: str) -> None:
        procs.append(await asyncio.create_subprocess_exec(
            *die_with_parent([sys.executable, "-m", "tests.integrations.discord.app_process",
                              str(tmp_path / "socialops.yaml"), clock().isoformat(), owner],
                             "SIGKILL"),
            cwd=ROOT, stderr=asyncio.subprocess.PIPE))

    try:
        await start("first")
        await gets(fake, mid, 1)  # its READY's read-back: nothing on the card yet
        held = fake.hold("GET", f"/messages/{mid}$")
        fake.give(mid, ALICE, "✅")
        await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
            REACTION, user_id=ALICE, message_id=mid, emoji={"name": "✅", "id": None}))
        await asyncio.wait_for(held.reached.wait(), 60)  # taken; its card being read
        clock.advance(seconds=30)
        await start("second")
        await fake.wait_for("GET", f"/messages/{mid}/reactions/",
                            timeout=60)  # the second's read-back read the card, and who gave
        await asyncio.sleep(2.0)  # a resolve of its own would show now
        assert await status(world) == "open"
        held.go.set()
        for _ in range(600):
            if await status(world) == "resolved":
                break
            await asyncio.sleep(0.05)
        assert await status(world) == "resolved"
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGKILL)
            await proc.communicate()
