"""A real process that delivers a channel's due cards once and stops, for
``test_review_incident_kills.py``: ``python -m tests.chaos.incident_proc BACKEND WHERE OWNER
ISO HOLD AT``, its workspaces' record paths in ``INCIDENT_BROKEN`` (a directory: every card
of workspace ``ws`` fails, given up once past ``give_up_after_minutes``) and ``INCIDENT_OPS``
(workspace ``ops``, the incident notices' channel). ``BACKEND`` ``sqlite`` (``WHERE``: the
file) or ``redis`` (``WHERE``: its URL); ``OWNER`` its lease owner (as ``process_owner`` gives
each Redis process its own); ``ISO`` its clock. ``HOLD`` (``-``: none): right after this
process read ``ws``/``C1``'s incident state the first time, it writes ``HOLD.read`` and waits
for ``HOLD`` before going on (another process runs meanwhile). ``AT`` (``none``: none):
``os._exit`` right after that store write returned (``claim_due``, ``retry_later``,
``finish``; ``retry_later/2``: the second), as SIGKILL would leave it; ``ops post/N``:
right after the ops channel showed its N-th card posted (or ``ops update/N``: edited), before
the outbox recorded it."""

from __future__ import annotations

import asyncio
import io
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.core import keys as K
from bot.core.config import OutboxConfig, StoreConfig
from bot.core.models import ChannelRef
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from bot.store import open_store
from integrations.console.workspace import ConsoleWorkspace
from tests.support.clock import FakeClock

DIED = 137
OPS = ChannelRef(workspace="ops", channel="COPS")


class _Boundaries:
    def __init__(self, store: Store, hold: str, at: str) -> None:
        self.store, self.hold, self.at = store, hold, at
        self.writes: dict[str, int] = {}

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.store, name)
        if name not in ("claim_due", "retry_later", "finish"):
            return attr

        async def write(*args: Any, **kw: Any) -> Any:
            result = await attr(*args, **kw)
            self.writes[name] = self.writes.get(name, 0) + 1
            if self.at in (name, f"{name}/{self.writes[name]}"):
                os._exit(DIED)
            return result
        return write

    async def get_cursor(self, key: str) -> str | None:
        value = await self.store.get_cursor(key)
        if key == K.dead_incidents("ws", "C1") and self.hold != "-":
            hold, self.hold = Path(self.hold), "-"
            Path(f"{hold}.read").touch()
            for _ in range(600):
                if hold.exists():
                    break
                await asyncio.sleep(0.05)
        return value


class _DyingOps(ConsoleWorkspace):
    """The ops channel, dying right after it showed its ``at``-th post or edit (``post/N``,
    ``update/N``), before the outbox heard of it."""

    def __init__(self, *args: Any, at: str, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.at, self.done = at, {"post": 0, "update": 0}

    def _passed(self, op: str) -> None:
        self.done[op] += 1
        if self.at == f"{op}/{self.done[op]}":
            os._exit(DIED)

    async def post(self, channel: str, card: Any) -> Any:
        ref = await super().post(channel, card)
        self._passed("post")
        return ref

    async def update(self, ref: Any, card: Any, **kw: Any) -> Any:
        out = await super().update(ref, card, **kw)
        self._passed("update")
        return out


def outbox(store: Store, clock: FakeClock, *, owner: str, broken: Path, ops: Path,
           ops_at: str = "") -> Outbox:
    chat = (_DyingOps("ops", out=io.StringIO(), record_path=ops, at=ops_at) if ops_at
            else ConsoleWorkspace("ops", out=io.StringIO(), record_path=ops))
    return Outbox(store, {"ws": ConsoleWorkspace("ws", out=io.StringIO(), record_path=broken),
                          "ops": chat},
                  clock=clock, config=OutboxConfig(give_up_after_minutes=1), ops=OPS,
                  owner=owner, lease_seconds=30)


async def deliver(backend: str, where: str, owner: str, iso: str, hold: str, at: str, *,
                  broken: Path, ops: Path) -> None:
    """What the process does; a run that neither holds nor dies is the same run in the test's
    own process (``test_review_incident_kills._ran``), with a lease owner of its own."""
    clock = FakeClock(datetime.fromisoformat(iso))
    if backend == "sqlite":
        store = await open_store(StoreConfig(backend="sqlite", path=where), redis_url=None,
                                 clock=clock)
    else:
        store = await open_store(StoreConfig(backend="redis"), redis_url=where, clock=clock)
    try:
        ops_at = at.removeprefix("ops ") if at.startswith("ops ") else ""
        box = outbox(_Boundaries(store, hold, at), clock,  # type: ignore[arg-type]
                     owner=owner, broken=broken, ops=ops, ops_at=ops_at)
        await box.drain_once()
    finally:
        await store.close()


async def main(backend: str, where: str, owner: str, iso: str, hold: str, at: str) -> int:
    await deliver(backend, where, owner, iso, hold, at,
                  # a directory where the record file should be: every card of ws fails
                  broken=Path(os.environ["INCIDENT_BROKEN"]),
                  ops=Path(os.environ["INCIDENT_OPS"]))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(*sys.argv[1:7])))
