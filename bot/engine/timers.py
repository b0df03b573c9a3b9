"""Timers: escalations, approval expiry and publishing, group and digest flushes, spike checks,
all kept in the store keyed by id and due time (so they survive restarts and fire in one
process at a time).

Each timer kind registers its handler once (``register``); a timer id is ``<kind>:<subject>``
(``bot.core.keys``). ``fire_due`` leases due timers from the store and runs their handlers; a
handler completes its timer in the same transaction as its effects. A handler that raises (or
a process that dies) leaves the timer leased: it fires again when the lease ends. A timer that
has failed ``max_attempts`` times is set aside as a dead letter with its reason, until
``retry`` (``socialops dead retry``) schedules it again. A handler
still running when its lease ends loses the timer: what it decides then is not written
(``bot.engine.effects.TimerLost``), since the process that took the timer over does the work;
this process stops waiting for it then (cancelled, logged, ``timers_abandoned_total``), so a
handler that never ends holds neither the loop nor the timer beyond its lease. A process
stopping with a handler unfinished hands its timer back, due at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.core import keys as K
from bot.core.effects import DeadLetter, Effects
from bot.core.errors import StoreError
from bot.core.metrics import Metrics
from bot.core.ports import Clock, DeadItem, DueTimer, Store
from bot.core.text import one_line
from bot.engine.effects import TimerLost

log = logging.getLogger(__name__)

# seconds between beats while one handler runs: under ``bot.engine.uptime.BEAT`` (a minute), so
# a handler running for hours keeps ``_alive`` as fresh as a process between timers does
BEAT_EVERY = 20.0
# seconds an abandoned handler (past its lease) is given to stop once cancelled
HUNG_GRACE = 5.0

TimerHandler = Callable[[DueTimer], Awaitable[None]]


class Timers:
    def __init__(self, store: Store, *, clock: Clock, metrics: Metrics | None = None,
                 lease_seconds: float = 60.0, max_attempts: int = 5,
                 beat: Callable[[], Awaitable[None]] | None = None,
                 beat_every: float = BEAT_EVERY) -> None:
        """``beat``: called before each timer ``fire_due`` takes, and every ``beat_every``
        seconds while a handler runs (``bot.engine.uptime``: this process runs)."""
        self.beat = beat
        self.beat_every = beat_every
        self.store = store
        self.clock = clock
        self.metrics = metrics or Metrics()
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self.handlers: dict[str, TimerHandler] = {}

    def register(self, kind: str, handler: TimerHandler) -> None:
        if kind in self.handlers:
            raise ValueError(f"timer kind {kind!r} is registered already")
        self.handlers[kind] = handler

    async def fire_due(self, limit: int = 100, *, stop: asyncio.Event | None = None) -> int:
        """Fire up to ``limit`` due timers, taking them one at a time (none once ``stop`` is
        set: the process is stopping, and finishes the one in hand). A timer's lease then
        starts when its handler starts: taken in a batch, the last ones of a long batch would
        wait with their lease running out (another process then fires them too), and a process
        that dies would strand every timer it had taken for a whole lease, not just the one it
        was running. Several processes share a burst of due timers instead of the first taker
        running them all in turn."""
        fired = 0
        for _ in range(limit):
            if stop is not None and stop.is_set():
                break
            # before each timer, not only the first: a long run of them (late digests each
            # summarised by a model) is a process running, never an outage (at most one
            # write a minute: ``Uptime.beat``)
            if self.beat is not None:
                await self.beat()
            taken = await self.store.take_due(self.clock(), lease_seconds=self.lease_seconds,
                                              limit=1)
            if not taken:
                break
            timer = taken[0]
            kind = K.timer_kind(timer.id)
            handler = self.handlers.get(kind)
            if handler is None:
                await self._set_aside(timer, f"no handler for timer kind {kind!r}")
                continue
            if timer.attempts > self.max_attempts:
                await self._set_aside(timer, f"failed {timer.attempts - 1} times")
                continue
            fired += 1
            try:
                await self._run(handler, timer)
            except TimerLost as exc:  # its lease lapsed: the process that took it over runs it
                log.warning("%s", exc, extra={"timer": timer.id})
                self.metrics.inc("timers_lost_total", kind=kind)
            except StoreError as exc:  # the store down, or a damaged record: an operator's to
                # mend, said in one line (no trace); left leased, it fires again as below
                log.warning("timer %s failed (attempt %d of %d): %s", timer.id, timer.attempts,
                            self.max_attempts, exc, extra={"timer": timer.id})
            except Exception:
                # left leased: it fires again once the lease ends, and is set aside after
                # max_attempts
                log.exception("timer %s failed (attempt %d of %d)", timer.id, timer.attempts,
                              self.max_attempts, extra={"timer": timer.id})
        return fired

    async def _run(self, handler: TimerHandler, timer: DueTimer) -> None:
        """``handler(timer)``, beating while it runs: a handler longer than the outage span
        (a late digest summarised by a model, a send a platform holds) was an outage of the
        whole bot, said by the next digest card and escalation notice, while this process ran.
        A process whose event loop stops (suspended, ``kill -STOP``) beats no more, as before.

        Still running when the timer's lease ends, the handler is abandoned: from then another
        process may take the timer, and this one's write would be refused, so waiting on (and
        beating) only held this process's timer loop, every timer behind it, for as long as
        the handler hung. Cancelled (the process stopping), it hands its timer back, due now."""
        task = asyncio.ensure_future(handler(timer))
        abandoned = False
        try:
            while not task.done():
                if self.clock().timestamp() >= timer.token:
                    abandoned = True
                    await self._abandon(task, timer)
                    return
                await asyncio.wait({task}, timeout=self.beat_every)
                if not task.done() and self.beat is not None:
                    try:
                        await self.beat()
                    except StoreError:  # the handler meets the store too, and says so
                        pass
        finally:
            if not task.done() and not abandoned:  # the process is stopping
                task.cancel()
                # and its clean-up done before the caller goes on (closes the store), as when
                # the handler was awaited here; what it raises then is the stop's
                await asyncio.wait({task})
                if not task.cancelled():
                    task.exception()
                await self._hand_back(timer)
        task.result()

    async def _abandon(self, task: asyncio.Future[None], timer: DueTimer) -> None:
        """The handler cancelled at its lease's end, and said: the timer fires again (in any
        process) as a failed one does, and is set aside after ``max_attempts`` runs."""
        task.cancel()
        # a handler that swallows the cancellation is left behind: its write is refused
        await asyncio.wait({task}, timeout=HUNG_GRACE)
        if task.done() and not task.cancelled():
            task.exception()  # its own failure, as it stopped: the abandonment says it
        kind = K.timer_kind(timer.id)
        self.metrics.inc("timers_abandoned_total", kind=kind)
        log.error("timer %s abandoned: its handler still ran when its lease of %g s ended "
                  "(attempt %d of %d); it fires again, and is set aside after %d attempts",
                  timer.id, self.lease_seconds, timer.attempts, self.max_attempts,
                  self.max_attempts, extra={"timer": timer.id})

    async def _hand_back(self, timer: DueTimer) -> None:
        """A stopped run's timer due again now, its take no attempt, while still this lease's:
        another process fires it at once, not once the lease has lapsed."""
        fx = Effects()
        fx.release(timer.id, timer.token, self.clock())
        try:
            await self.store.apply(fx)
        except Exception as exc:  # the store down too: the lease lapses by itself
            log.warning("timer %s not handed back (%s): it fires again when its lease ends",
                        timer.id, one_line(str(exc), 200) or type(exc).__name__,
                        extra={"timer": timer.id})

    async def retry(self, dead: DeadItem, *, extra: Effects | None = None) -> bool:
        """A dead letter's timer scheduled again, due now with its payload and its attempts
        counted afresh, and the dead letter deleted (``Effects.revive``), in one transaction
        with ``extra`` (its audit event) (``socialops dead retry``): fired once, by whichever
        process takes it. If that timer is pending again already (its subject scheduled it
        anew), that one stays. False when another retry took the dead letter first."""
        fx = Effects()
        if extra is not None:
            fx.merge(extra)
        fx.revive(dead.kind, dead.id, dead.at)
        fx.schedule(dead.id, self.clock(), dead.data, once=True)
        return await self.store.apply(fx)

    async def _set_aside(self, timer: DueTimer, reason: str) -> None:
        log.error("timer %s set aside: %s", timer.id, reason, extra={"timer": timer.id})
        self.metrics.inc("timers_dead_total", kind=K.timer_kind(timer.id))
        fx = Effects()
        fx.complete(timer.id, timer.token)
        fx.dead.append(DeadLetter("timer", timer.id, reason, self.clock(), timer.payload))
        await self.store.apply(fx)
