"""Taking a buffer its timer fires for: a route's group_wait and digest buffers
(``handlers.routing``), a channel's escalation notices (``handlers.tickets``). Whatever adds to
a buffer arms its timer once; the flush that fires takes what it holds in its decision."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from bot.core.effects import Effects
from bot.core.ports import DueTimer


class BufferReads(Protocol):
    async def group_items(self, group: str) -> list[str]: ...


async def take_buffer(fx: Effects, timer: DueTimer, *, reads: BufferReads, buffer: str,
                      again: Callable[[], datetime],
                      payload: Callable[[datetime], str] | None = None) -> list[str]:
    """``buffer``'s items, oldest first, taken in ``fx`` with ``timer`` completed. The timer
    is armed again at ``again()``, asked once there is something to take (it fires once more
    and finds nothing), so an item added while this flush ran is never left without one. An
    empty buffer: the timer completed, nothing taken or armed. ``payload``: the timer's payload
    armed again for its new due time (default: the one it fired with)."""
    fx.complete(timer.id, timer.token)
    ids = await reads.group_items(buffer)
    if ids:
        fx.group_take.append((buffer, tuple(ids)))
        due = again()
        fx.schedule(timer.id, due, payload(due) if payload is not None else timer.payload,
                    once=True)
    return ids


def leave(fx: Effects, buffer: str, ids: set[str]) -> None:
    """``ids`` taken from ``buffer`` in ``fx`` are left in it after all (the next flush's)."""
    fx.group_take[:] = [(name, tuple(i for i in items if i not in ids) if name == buffer
                         else items) for name, items in fx.group_take]


def rearm(fx: Effects, timer_id: str, due: datetime, payload: str) -> None:
    """The timer ``take_buffer`` armed again in ``fx`` armed at ``due`` instead (with
    ``payload``): the flush found what it leaves is due earlier (or later) than it asked."""
    fx.timers[:] = [op for op in fx.timers if not (op.id == timer_id and op.op == "once")]
    fx.schedule(timer_id, due, payload, once=True)
