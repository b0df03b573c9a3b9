"""``test_review_removal_order``'s late removal with two real processes of one deployment (the
app ``socialops run`` builds, each with its own gateway session, on one SQLite file or
redis-server): one hears a 👀 taken away and given again, and its dispatcher acts on it; the
other hears the removal after that act. The 👀's acted-on mark stays, the newer reaction's
(failed before: the late removal deleted it, and the next session's read-back acted on the
👀 again)."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from bot.core.config import DiscordWorkspaceConfig
from tests.e2e.world import World
from tests.integrations.discord.test_bot import ALICE, REACTION, post_card
from tests.integrations.discord.test_review_gap_act_killed import ROOT, ticket_on_discord, world
from tests.integrations.discord.test_review_reaction_after_restart import REMOVE
from tests.support.clock import FakeClock
from tests.support.fake_discord import FakeDiscord
from tests.support.processes import die_with_parent

__all__ = ["world"]  # the fixture, shared
EYES = {"name": "👀", "id": None}


async def gets(fake: FakeDiscord, mid: str, count: int) -> None:
    """``count`` reads of the message ``mid`` (each a session's act on a reaction there)."""
    await fake.wait_for("GET", f"/messages/{mid}", count=count, timeout=60)


async def marked(world: World, mark: str, marked: bool) -> None:
    for _ in range(600):
        if await world.a.store.is_seen(mark) is marked:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{mark} {'not ' if marked else ''}marked")


async def test_a_late_removal_in_another_process_leaves_the_newer_reactions_mark(
        world: World, fake: FakeDiscord, clock: FakeClock, tmp_path: Path) -> None:
    mid = await ticket_on_discord(world, fake, clock)
    ws = world.a.config.workspace("discord")
    assert isinstance(ws, DiscordWorkspaceConfig)
    procs = []
    try:
        for n in (1, 2):
            procs.append(await asyncio.create_subprocess_exec(
                *die_with_parent([sys.executable, "-m",
                                  "tests.integrations.discord.app_process",
                                  str(tmp_path / "socialops.yaml"), clock().isoformat(),
                                  f"web-{n}"], "SIGKILL"),
                cwd=ROOT, stderr=asyncio.subprocess.PIPE))
            await gets(fake, mid, n)  # its READY's read-back: connected, in this order
        mark = f"replay:discord-reaction-acted:{mid}:{ALICE}:claim"

        async def event(kind: str, only: int | None, message: str = mid,
                        emoji: dict[str, object] = EYES) -> None:
            await fake.dispatch(f"MESSAGE_REACTION_{kind}", fake.reaction(
                REACTION if kind == "ADD" else REMOVE, user_id=ALICE, message_id=message,
                emoji=emoji), only=only)

        async def handled(only: int) -> None:
            """A ✅ on another card for session ``only``, acted on after what it heard before
            (a slow process must not hear the first 👀 only after the removal below)."""
            other = await post_card(fake, ws)
            await event("ADD", only, other, {"name": "✅", "id": None})
            await gets(fake, other, 1)

        fake.give(mid, ALICE, "👀")
        await event("ADD", None)  # both: one claims T-1
        await gets(fake, mid, 3)
        for n in (0, 1):
            await handled(n)
        await marked(world, mark, True)
        await event("REMOVE", 0)  # the first process hears both and acts again
        await marked(world, mark, False)  # its removal deleted the mark
        await event("ADD", 0)
        await gets(fake, mid, 4)
        await marked(world, mark, True)  # its act marked the 👀 given again
        await event("REMOVE", 1)  # the second hears the removal late, and the 👀 again
        await event("ADD", 1)
        await handled(1)
        await asyncio.sleep(1.0)  # a delete after it would show now
        assert await world.a.store.is_seen(mark)
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGKILL)
            await proc.communicate()
