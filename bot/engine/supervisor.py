"""One supervision policy for every loop of a bot process (DESIGN §8): source polls, streams, the
mention queue consumer, the outbox worker, timers, housekeeping.

A loop is a ``step`` run again and again; the step returns how long to wait before the next
one. When a step raises:

- ``RateLimited``: wait what the service asked (at least the floor, at most
  ``bot.core.errors.RATE_WAIT_MAX``);
- ``SourceAuthError``: pause for ``auth_pause`` and report it once (refused credentials do not
  fix themselves in seconds);
- any other error, expected or a bug: back off exponentially with jitter, never below the
  floor (no "retrying in 0s" storms), count it, log the traceback of a bug once, report once.

A loop that recovers is reported once more ("resumed"). Every step and every wait beats a
heartbeat; ``unhealthy()`` names loops whose task died or whose heartbeat is stale, for the
readiness check.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.errors import (
    RateLimited,
    SocialopsError,
    SourceAuthError,
    StoreError,
    rate_wait,
)
from bot.core.metrics import Metrics
from bot.core.ports import Clock
from bot.core.redact import Redaction
from bot.core.text import one_line

log = logging.getLogger(__name__)

Report = Callable[[str, str, str], Awaitable[None]]  # (task, "failing"|"paused"|"resumed", why)
Step = Callable[[], Awaitable[float]]


@dataclass
class TaskHealth:
    name: str
    stale_after: float
    state: str = "starting"  # running, backoff, paused, dead, stopped
    failures: int = 0
    last_error: str = ""
    last_ok: datetime | None = None
    beat: float = field(default_factory=time.monotonic)
    reported: bool = False


class Supervisor:
    def __init__(self, *, stop: asyncio.Event, clock: Clock, metrics: Metrics | None = None,
                 report: Report | None = None, rng: random.Random | None = None,
                 floor: float = 1.0, max_backoff: float = 300.0,
                 auth_pause: float = 15 * 60.0,
                 redact: Callable[[str], str] | None = None) -> None:
        self.stop = stop
        # a failure's text as it is told (the ops channel, /healthz, status): it may name a
        # URL holding a token or a password, or echo a token the server was sent
        self.redact = redact or Redaction()
        self.clock = clock
        self.metrics = metrics or Metrics()
        self.report = report
        self.rng = rng or random.Random()
        self.floor = floor
        self.max_backoff = max_backoff
        self.auth_pause = auth_pause
        self.health: dict[str, TaskHealth] = {}
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self._bugs_logged: set[str] = set()

    # -- starting and watching ---------------------------------------------------------------

    def spawn(self, name: str, coro: Coroutine[Any, Any, None], *,
              stale_after: float = 300.0) -> asyncio.Task[None]:
        self.health.setdefault(name, TaskHealth(name, stale_after))
        task = asyncio.create_task(coro, name=name)
        self.tasks[name] = task
        return task

    def beat(self, name: str) -> None:
        h = self.health.get(name)
        if h is not None:
            h.beat = time.monotonic()

    def unhealthy(self) -> dict[str, str]:
        """Loops that are dead, stuck or failing, with why."""
        out: dict[str, str] = {}
        now = time.monotonic()
        for name, h in self.health.items():
            task = self.tasks.get(name)
            if task is not None and task.done() and not self.stop.is_set():
                exc = task.exception() if not task.cancelled() else None
                out[name] = f"dead: {self.redact(repr(exc))}" if exc else "ended"
            elif h.state in ("backoff", "paused"):
                out[name] = f"{h.state}: {h.last_error}"
            elif now - h.beat > h.stale_after:
                out[name] = f"stuck: no progress for {now - h.beat:.0f}s"
        return out

    # -- the policy --------------------------------------------------------------------------

    def backoff(self, failures: int) -> float:
        ceiling = min(self.max_backoff, self.floor * 2 ** min(failures, 30))
        return max(self.floor, self.rng.uniform(ceiling / 2, ceiling))

    def rate_wait(self, seconds: float) -> float:
        """A rate limit's wait: at least the floor, at most ``RATE_WAIT_MAX`` (NaN: that)."""
        return max(rate_wait(seconds), self.floor)

    async def loop(self, name: str, step: Step, *, stale_after: float = 300.0,
                   hold: Callable[[], Awaitable[None]] | None = None,
                   hold_every: float = 10.0) -> None:
        """Run ``step`` until stop. ``hold`` runs every ``hold_every`` seconds while waiting
        (renewing a lease), its errors logged, never fatal."""
        h = self.health.setdefault(name, TaskHealth(name, stale_after))
        h.stale_after = stale_after
        while not self.stop.is_set():
            delay = await self.run_once(name, step)
            await self._wait(name, delay, hold, hold_every)
        h.state = "stopped"

    async def run_once(self, name: str, step: Step) -> float:
        """One step under the policy; returns the delay before the next."""
        h = self.health.setdefault(name, TaskHealth(name, 300.0))
        h.beat = time.monotonic()
        try:
            delay = await step()
        except asyncio.CancelledError:
            raise
        except RateLimited as exc:
            return await self._failed(h, "rate_limited", exc, self.rate_wait(exc.retry_after))
        except SourceAuthError as exc:
            return await self._failed(h, "auth", exc, self.auth_pause, state="paused")
        except SocialopsError as exc:
            h.failures += 1
            return await self._failed(h, "error", exc, self.backoff(h.failures))
        except Exception as exc:  # a bug: keep the loop alive, say so loudly once
            h.failures += 1
            key = f"{name}:{type(exc).__name__}:{exc}"
            if key not in self._bugs_logged:
                self._bugs_logged.add(key)
                log.exception("%s failed unexpectedly", name, extra={"task": name})
            return await self._failed(h, "bug", exc, self.backoff(h.failures))
        h.beat = time.monotonic()
        h.last_ok = self.clock()
        if h.state in ("backoff", "paused") or h.failures:
            log.info("%s resumed", name, extra={"task": name})
            if h.reported and self.report is not None:
                await self._report(name, "resumed", h.last_error)
            h.reported = False
        h.state, h.failures, h.last_error = "running", 0, ""
        return max(delay, 0.0)

    async def _failed(self, h: TaskHealth, kind: str, exc: BaseException, delay: float, *,
                      state: str = "backoff") -> float:
        h.state = state
        # one line of visible text: an exception not ours may quote what a server sent
        h.last_error = one_line(self.redact(f"{exc}"), 500) or type(exc).__name__
        self.metrics.inc("task_failures_total", task=h.name, kind=kind)
        family, _, subject = h.name.partition(":")
        # task names come from the config: bounded labels. A store outage (Redis down, a full
        # disk) is no failure of the network the source reads: counted as one, an alert on
        # source errors paged for every source at once (an operator's review, 2026-12-06); it
        # is the task's failure and socialops_store_up's
        if family in ("source", "stream") and not isinstance(exc, StoreError):
            self.metrics.inc("source_errors_total", source=subject, kind=kind)
        log.warning("%s: %s; retrying in %.0fs", h.name, h.last_error, delay,
                    extra={"task": h.name, "kind": kind})
        if not h.reported and self.report is not None and kind in ("auth", "bug", "error"):
            h.reported = True
            await self._report(h.name, "paused" if kind == "auth" else "failing", h.last_error)
        return delay

    async def _report(self, name: str, what: str, why: str) -> None:
        assert self.report is not None
        try:
            await self.report(name, what, why)
        except SocialopsError as exc:  # the store down too, say: its own words, one line
            log.warning("could not report %s %s: %s", name, what, exc)
        except Exception:  # reporting must never take the loop down with it
            log.exception("could not report %s %s", name, what)

    async def _wait(self, name: str, seconds: float,
                    hold: Callable[[], Awaitable[None]] | None, hold_every: float) -> None:
        remaining = seconds
        while remaining > 0 and not self.stop.is_set():
            step = min(remaining, hold_every) if hold is not None else remaining
            try:
                await asyncio.wait_for(self.stop.wait(), timeout=step)
            except TimeoutError:
                pass
            remaining -= step
            self.beat(name)
            if hold is not None and remaining > 0 and not self.stop.is_set():
                try:
                    await hold()
                except Exception as exc:  # a store blip while holding a lease
                    log.warning("%s: could not renew its lease: %s", name, exc)
