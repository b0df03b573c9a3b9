"""``socialops`` as a real process that stops at the write of a dead letter's retry, for
``test_dead_retry_races.py``: ``python -m tests.chaos.dead_retry MODE READY GO ARGS...`` runs
``socialops ARGS...`` (``bot.app.cli.main``) and, at the first store write that takes a dead
letter back (``Effects.revived``; a dead letter of the Redis mention stream: its script,
``DeadStream.take``), with ``MODE``

- ``hold``: writes the file ``READY`` and waits for ``GO`` before writing (two such processes,
  let go together, race their writes: ``tests.chaos.procs.let_go_together``);
- ``before``: dies right before that write (``os._exit``, as SIGKILL would leave it);
- ``after``: dies right after it returned.

Its exit status is the command's, or ``DIED`` where it died.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from bot.app.cli import main
from bot.core.effects import Effects
from bot.store.dead_stream import DeadStream
from bot.store.redis import RedisStore
from bot.store.sqlite import SqliteStore
from tests.chaos.boundary import DIED

_PASSED: list[bool] = []  # the retry's write met (once: a conflict's second goes by)


async def _at_the_write(mode: str, ready: Path, go: Path, write: Any) -> Any:
    _PASSED.append(True)
    if mode == "before":
        os._exit(DIED)
    if mode == "hold":
        ready.touch()
        while not go.exists():
            await asyncio.sleep(0.002)
    done = await write()
    if mode == "after":
        os._exit(DIED)
    return done


def stop_at_the_retry(mode: str, ready: Path, go: Path) -> None:
    real_take = DeadStream.take

    async def take(self: DeadStream, entry_id: str, *, audit: str, requeue: bool
                   ) -> str | None:
        async def write() -> str | None:
            return await real_take(self, entry_id, audit=audit, requeue=requeue)

        return await (write() if _PASSED else _at_the_write(mode, ready, go, write))

    DeadStream.take = take  # type: ignore[method-assign]
    for cls in (SqliteStore, RedisStore):
        def wrap(real: Any) -> Any:
            async def apply(self: Any, effects: Effects) -> bool:
                if not effects.revived or _PASSED:
                    return bool(await real(self, effects))

                async def write() -> bool:
                    return bool(await real(self, effects))

                return bool(await _at_the_write(mode, ready, go, write))

            return apply

        cls.apply = wrap(cls.apply)  # type: ignore[method-assign]


if __name__ == "__main__":
    mode, ready, go, *args = sys.argv[1:]
    stop_at_the_retry(mode, Path(ready), Path(go))
    sys.exit(main(args))
