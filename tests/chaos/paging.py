"""A real process that polls one source and dies by SIGKILL right before the write that would
move its cursor, for ``test_paging_crashes.py``.

``python -m tests.chaos.paging CONFIG RECORD SOURCE POLLS DIE`` opens the app of ``CONFIG`` (its
store, the console workspace recording to ``RECORD``), then ``POLLS`` times polls ``SOURCE``,
processes the batch (or, on Redis, hands it to the shared stream and consumes it) and delivers
the cards. ``DIE`` = ``N``: the process kills itself with SIGKILL once its N-th poll of
``SOURCE`` has read its pages, right before the next write to the store or the shared stream
(the walk read, nothing of it written); ``-``: it never does."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import sys
from pathlib import Path
from typing import Any

from bot.app.compose import open_app, utc_now
from bot.core.config import load_config
from bot.core.ports import Store
from bot.store import open_store
from bot.store.queue import MentionQueue
from tests.engine.crash_world import MUTATING


class Dying:
    """Armed when the ``die``-th poll of a source returned; SIGKILL at the next write."""

    def __init__(self, die: int | None) -> None:
        self.die = die
        self.polls = 0
        self.armed = False

    def polled(self) -> None:
        self.polls += 1
        self.armed = self.polls == self.die

    def before_write(self) -> None:
        if self.armed:
            sys.stderr.write(f"killed after poll {self.polls}, before its write\n")
            sys.stderr.flush()
            os.kill(os.getpid(), signal.SIGKILL)


class DyingStore:
    """The real store; each write (``MUTATING``) made after ``dying`` is armed kills first."""

    def __init__(self, inner: Store, dying: Dying) -> None:
        self._inner = inner
        self._dying = dying

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name not in MUTATING:
            return attr

        async def call(*args: Any, **kwargs: Any) -> Any:
            self._dying.before_write()
            return await attr(*args, **kwargs)

        return call


async def main(config: Path, record: Path, source_id: str, polls: int, die: int | None) -> None:
    loaded = load_config(config)
    dying = Dying(die)
    store = DyingStore(await open_store(loaded.config.store, redis_url=None, clock=utc_now), dying)
    # ``PAGING_OWNER``: the leases' owner, for a process run beside another on one SQLite
    # file (``process_owner`` gives every process on a file one owner, since a second
    # ``socialops run`` on it is refused: two alike would share the outbox's lanes)
    async with open_app(loaded, out=io.StringIO(), record_path=record, store=store,
                        owner=os.environ.get("PAGING_OWNER")) as app:  # type: ignore[arg-type]
        runtime = app.runtime()
        if runtime.queue is not None:
            add = MentionQueue.add

            async def watched(queue: MentionQueue, mentions: Any, *,
                              cursors: Any = None) -> None:
                dying.before_write()
                await add(queue, mentions, cursors=cursors)

            runtime.queue.add = watched.__get__(runtime.queue)  # type: ignore[method-assign]
        source = runtime.sources[source_id]
        poll = source.poll

        async def polled() -> Any:
            got = await poll()
            dying.polled()
            return got

        source.poll = polled  # type: ignore[method-assign]
        for _ in range(polls):
            await runtime.poll_once(source)
            if runtime.queue is not None:
                while await runtime.consume_once(block_ms=50):
                    pass
            await app.outbox.drain()


if __name__ == "__main__":
    cfg, rec, sid, n, at = sys.argv[1:6]
    asyncio.run(main(Path(cfg), Path(rec), sid, int(n), None if at == "-" else int(at)))
