"""A real process that delivers the outbox's due cards once and stops, for
``test_review_take_in_races.py``: ``python -m tests.chaos.takein_proc BACKEND WHERE OWNER ISO
HOLD AT``, workspace ``ws``'s record path in ``TAKEIN_RECORD``. ``BACKEND`` ``sqlite``
(``WHERE``: the file) or ``redis`` (``WHERE``: its URL); ``OWNER`` its lease owner; ``ISO`` its
clock. ``HOLD`` (``-``: none): its first post is begun (the chat has the request) and held
there, ``HOLD.read`` written, until ``HOLD`` exists; ``AT`` (``none``: none): ``os._exit``
right after the chat showed its first post, before the outbox recorded it (``post/1``)."""

from __future__ import annotations

import asyncio
import io
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.core.config import OutboxConfig, StoreConfig
from bot.core.models import MessageRef
from bot.engine.outbox import Outbox
from bot.store import open_store
from integrations.console.workspace import ConsoleWorkspace
from tests.support.clock import FakeClock

DIED = 137


class _Chat(ConsoleWorkspace):
    def __init__(self, *args: Any, hold: str, at: str, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.hold, self.at, self.n = hold, at, 0

    async def post(self, channel: str, card: Any) -> MessageRef:
        if self.hold != "-":
            hold, self.hold = Path(self.hold), "-"
            Path(f"{hold}.read").touch()
            for _ in range(1200):
                if hold.exists():
                    break
                await asyncio.sleep(0.05)
        ref = await super().post(channel, card)
        self.n += 1
        if self.at == f"post/{self.n}":
            os._exit(DIED)
        return ref


async def deliver(backend: str, where: str, owner: str, iso: str, hold: str, at: str, *,
                  record: Path) -> None:
    """What the process does; a run that neither holds nor dies is the same run in the test's
    own process (``test_review_take_in_races._ran``), with a lease owner of its own."""
    clock = FakeClock(datetime.fromisoformat(iso))
    if backend == "sqlite":
        store = await open_store(StoreConfig(backend="sqlite", path=where), redis_url=None,
                                 clock=clock)
    else:
        store = await open_store(StoreConfig(backend="redis"), redis_url=where, clock=clock)
    chat = _Chat("ws", out=io.StringIO(), record_path=record, hold=hold, at=at)
    try:
        box = Outbox(store, {"ws": chat}, clock=clock, config=OutboxConfig(), owner=owner,
                     lease_seconds=30)
        await box.drain()
    finally:
        await store.close()


async def main(backend: str, where: str, owner: str, iso: str, hold: str, at: str) -> int:
    await deliver(backend, where, owner, iso, hold, at,
                  record=Path(os.environ["TAKEIN_RECORD"]))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(*sys.argv[1:7])))
