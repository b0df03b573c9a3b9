"""The timer loop's beat while the store hangs (a Redis stalled, a partition that drops packets):
the beat in hand waits on the store, and APScheduler skips each next one with a WARNING, "Execution
of job ... skipped: maximum number of running instances reached (1)", one a second, between the
supervisor's own lines that say what is wrong (seen in a newcomer's `socialops run` while its
redis-server was stopped with SIGSTOP). That is scheduler chatter, which operations.md keeps for
`--log-level DEBUG`: at INFO it is not logged, at DEBUG it is, as a DEBUG line."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from bot.app.compose import open_app
from bot.app.logs import setup_logging
from bot.core.config import load_config

SKIPPED = "maximum number of running instances reached"


async def beats_while_the_store_hangs(tmp_path: Path, level: str) -> list[str]:
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    stream = io.StringIO()
    async with open_app(load_config(cfg), out=io.StringIO()) as app:
        runtime = app.runtime()
        answered = asyncio.Event()
        beats = 0

        async def hung(**_: object) -> int:
            nonlocal beats
            beats += 1
            await answered.wait()  # the store does not answer
            return 0

        runtime.timers.fire_due = hung  # type: ignore[method-assign]
        setup_logging(level=level, stream=stream)
        try:
            loop = asyncio.create_task(runtime._timer_loop(every=0.02))
            # APScheduler keeps wall-clock time: a few of its beats go by
            await asyncio.sleep(0.3)
            runtime.stop.set()
            answered.set()  # the stop finishes the beat in hand, once the store answers
            await loop
        finally:
            setup_logging(level="WARNING")
        assert beats == 1  # one beat in hand, the others skipped
    return [line for line in stream.getvalue().splitlines() if SKIPPED in line]


async def test_skipped_beats_are_not_logged_at_info(tmp_path: Path) -> None:
    assert await beats_while_the_store_hangs(tmp_path, "INFO") == []


async def test_skipped_beats_are_debug_lines_at_debug(tmp_path: Path) -> None:
    lines = await beats_while_the_store_hangs(tmp_path, "DEBUG")
    assert lines and all(" DEBUG " in line for line in lines), lines
