"""A `web` process holds the digests' schedule it recorded (handlers/digest_schedule.py): each
process records its schedule in the store as it starts, and says it still runs at each timer
beat (``held``, once a minute), so a process of a schedule it replaced (a rolling deploy's old
worker) yields to it while it is held. A `web` process fires no timer, so it recorded its
schedule at its start and never held it (a community manager's review, 2026-12-07): a deploy
that restarted the web processes first had the old workers take their old `digests.at` back
5 minutes later (``OWNER_GONE``), and the new release's workers then yielded to it while the
old ones ran. Its periodic tasks (``web_loops``) hold it now, at the timer beat's pace, on the
app's clock; no `_alive` beat is written (a web process runs no timer: not an outage's end).
Failed before: no ``web_loops`` (the web role refreshed the router alone)."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime
from pathlib import Path

from bot.app.compose import open_app
from bot.core import keys as K
from bot.core.config import load_config
from handlers.digest_schedule import parse_schedule
from tests.conftest import FakeClock

START = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


async def test_a_web_process_holds_the_schedule_it_recorded(tmp_path: Path) -> None:
    from bot.app.serve import web_loops

    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n"
                   'digests: {at: "17:00"}\n')
    clock = FakeClock(START)
    async with open_app(load_config(cfg, env={}), clock=clock, out=io.StringIO(), env={},
                        owner="web") as app:
        await app.actions.record_schedule()  # as its start does (not the models' warming)
        runtime = app.runtime()

        async def held() -> datetime | None:
            found = parse_schedule(await app.store.get_cursor(K.DIGEST_SCHEDULE))
            assert found is not None and found.at == "17:00"
            return found.held

        assert await held() == START  # recorded at its start
        loops = [asyncio.ensure_future(loop) for loop in web_loops(app, runtime, every=0.01)]
        try:
            clock.advance(minutes=2)
            for _ in range(500):
                if await held() == clock():
                    break
                await asyncio.sleep(0.01)
            assert await held() == clock()
            assert await app.store.get_cursor(K.ALIVE) is None  # it fires no timer
        finally:
            runtime.stop.set()
            await asyncio.gather(*loops)
