"""Applying decisions: read, decide, write in one transaction, and decide again on a conflict.

``Applier.run(decide)`` calls ``decide()`` (which reads fresh state and returns its Effects and
its answer), hands the effects to ``Store.apply``, and repeats while another process changed a
record in between (optimistic concurrency). After a commit it wakes the outbox when cards were
queued, so delivery starts at once.

A decision that completes a timer was made under that timer's lease, and the store writes it
only while the timer still carries the lease's token. A conflict on that token is not decided
again: the lease lapsed and another process took the timer (or the timer was re-scheduled or
cancelled meanwhile), so this run raises ``TimerLost`` and leaves the work to the timer's
current holder. Without it a handler slower than its lease (a digest waiting on its summary
endpoint, a stalled process) wrote its card beside the card of the process that took over.
Likewise a decision whose ``once`` riding mark (``bot.core.acting``) another process wrote
meanwhile raises ``ActedElsewhere``: that process did the same act.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.core.acting import ActedElsewhere, board, once_mark
from bot.core.effects import Effects
from bot.core.errors import SocialopsError
from bot.core.metrics import Metrics
from bot.core.ports import Store

log = logging.getLogger(__name__)
T = TypeVar("T")
ATTEMPTS = 20

Decide = Callable[[], Awaitable[tuple[Effects, T]]]


class Busy(SocialopsError):
    """The same records changed under every attempt (a storm of concurrent edits)."""


class TimerLost(SocialopsError):
    """The timer this decision completes is no longer held under the token it was taken
    with: nothing of the decision was written."""


class Applier:
    def __init__(self, store: Store, *, metrics: Metrics | None = None) -> None:
        self.store = store
        self.metrics = metrics or Metrics()
        self.on_commit: list[Callable[[Effects], None]] = []

    async def run(self, decide: Decide[T], *, what: str = "decision") -> T:
        for _ in range(ATTEMPTS):
            effects, answer = await decide()
            if not effects or await self._write(effects):
                if effects:
                    self.committed(effects)
                return answer
            if (lost := await self._lost_timer(effects)) is not None:
                raise TimerLost(f"{what}: timer {lost} was taken over by another process or "
                                "changed while this one decided; nothing was written")
            if (once := once_mark(effects)) is not None and await self.store.is_seen(once):
                raise ActedElsewhere(f"{what}: {once} was acted on by another process while "
                                     "this one decided; nothing was written")
            self.metrics.inc("store_conflicts_total", what=what)
        raise Busy(f"{what}: the records kept changing; try again")

    async def _lost_timer(self, effects: Effects) -> str | None:
        """The id of a timer ``effects`` completes that no longer carries its token."""
        for op in effects.timers:
            if op.op == "complete" and op.token is not None:
                due = await self.store.timer_due(op.id)
                if due is None or abs(due.timestamp() - op.token) > 1e-3:
                    return op.id
        return None

    async def apply(self, effects: Effects) -> bool:
        """Write prepared effects once (no re-decision); True if they were written."""
        if not effects:
            return True
        ok = await self._write(effects)
        if ok:
            self.committed(effects)
        return ok

    async def _write(self, effects: Effects) -> bool:
        """``Store.apply``, with the mark waiting to ride on the act (``bot.core.acting``, a
        reaction's acted-on mark) written in the same transaction."""
        mark = board(effects)
        ok = await self.store.apply(effects)
        if ok and mark is not None:
            mark.written = True
        return ok

    def committed(self, effects: Effects) -> None:
        if effects.outbox:
            self.metrics.inc("outbox_enqueued_total", len(effects.outbox))
        for hook in self.on_commit:
            hook(effects)
