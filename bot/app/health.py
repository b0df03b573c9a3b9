"""What readiness (``/readyz``) is decided on, and the per-poll bookkeeping that feeds it.

The runtime reports what happens (``HealthTracker.poll_ok`` / ``poll_failed`` / ``delivered``
/ ``delivery_dead`` / ``loop_died``); ``/readyz`` asks ``snapshot()``. Liveness (``/healthz``)
stays as it was: the process answers and the store is reachable.

Not ready while:
- a source has failed ``SOURCE_FAILURES`` polls in a row, or is paused (credentials refused);
- the last ``DEAD_DELIVERIES`` deliveries that finished were all given up (dead), none
  delivered since: every card is failing, not one bad channel;
- a supervised loop has died.

``record_poll`` is the runtime's one call per poll: the log line, ``source_lag_seconds``,
``mentions_skipped_total``, ``source_polls_total`` and the tracker, from the pipeline's tally.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from bot.app.logs import log_poll
from bot.core.metrics import Metrics
from bot.core.models import Mention

SOURCE_FAILURES = 3
DEAD_DELIVERIES = 3


@dataclass(frozen=True)
class SourceHealth:
    consecutive_failures: int = 0
    paused: str | None = None  # why, while paused
    last_error: str | None = None
    last_success: datetime | None = None

    @property
    def failing(self) -> bool:
        return self.paused is not None or self.consecutive_failures >= SOURCE_FAILURES


@dataclass(frozen=True)
class HealthSnapshot:
    """Everything ``/readyz`` decides on; built by the runtime (``HealthTracker.snapshot``)."""

    sources: Mapping[str, SourceHealth] = field(default_factory=dict)
    deliveries_dead: bool = False  # the last few deliveries were all given up
    dead_loops: tuple[str, ...] = ()

    @property
    def problems(self) -> list[str]:
        out = [f"source {sid} {'paused: ' + h.paused if h.paused else 'failing'}"
               + (f" ({h.last_error})" if h.last_error and not h.paused else "")
               for sid, h in sorted(self.sources.items()) if h.failing]
        if self.deliveries_dead:
            out.append(f"deliveries failing: the last {DEAD_DELIVERIES} were given up")
        out += [f"loop {name} died" for name in self.dead_loops]
        return out

    @property
    def ready(self) -> bool:
        return not self.problems


class HealthProvider(Protocol):
    def snapshot(self) -> HealthSnapshot: ...


class HealthTracker:
    """In-memory, per process: readiness is about this process's own loops."""

    def __init__(self) -> None:
        self._sources: dict[str, SourceHealth] = {}
        self._recent_dead = 0
        self._dead_loops: list[str] = []

    def poll_ok(self, source_id: str, at: datetime) -> None:
        self._sources[source_id] = SourceHealth(last_success=at)

    def poll_failed(self, source_id: str, error: str, *, paused: bool = False) -> None:
        old = self._sources.get(source_id, SourceHealth())
        self._sources[source_id] = SourceHealth(
            consecutive_failures=old.consecutive_failures + 1,
            paused=error if paused else None, last_error=error,
            last_success=old.last_success)

    def resumed(self, source_id: str) -> None:
        old = self._sources.get(source_id, SourceHealth())
        self._sources[source_id] = SourceHealth(last_success=old.last_success)

    def delivered(self) -> None:
        self._recent_dead = 0

    def delivery_dead(self) -> None:
        self._recent_dead += 1

    def loop_died(self, name: str) -> None:
        if name not in self._dead_loops:
            self._dead_loops.append(name)

    def snapshot(self) -> HealthSnapshot:
        return HealthSnapshot(sources=dict(self._sources),
                              deliveries_dead=self._recent_dead >= DEAD_DELIVERIES,
                              dead_loops=tuple(self._dead_loops))


@dataclass(frozen=True)
class TallyCounts:
    received: int
    duplicates: int
    routed: int

    @classmethod
    def of(cls, tally: Any) -> TallyCounts:
        """From the pipeline's ``Tally`` (received, duplicates, crossposts, routed)."""
        return cls(received=int(getattr(tally, "received", 0)),
                   duplicates=int(getattr(tally, "duplicates", 0))
                   + int(getattr(tally, "crossposts", 0)),
                   routed=int(getattr(tally, "routed", 0)))


@dataclass
class PollStart:
    source_id: str
    tally: TallyCounts
    skipped: frozenset[int]


def poll_started(source: Any, tally: Any) -> PollStart:
    """Call before ``source.poll()``; hand the result to ``record_poll`` after the batch."""
    return PollStart(str(source.id), TallyCounts.of(tally),
                     frozenset(id(x) for x in _skip_log(source)))


def record_poll(start: PollStart, source: Any, batch: Sequence[Mention], tally: Any, *,
                metrics: Metrics, now: datetime, tracker: HealthTracker | None = None,
                queued: bool = False) -> None:
    """After a successful poll and its batch (processed, or queued to the shared stream when
    ``queued``): the log line, the metrics and the tracker."""
    after = TallyCounts.of(tally)
    new_skips = sum(1 for x in _skip_log(source) if id(x) not in start.skipped)
    if new_skips:
        metrics.inc("mentions_skipped_total", new_skips, source=start.source_id)
    if batch:
        newest = max(m.created_at for m in batch)
        metrics.set("source_lag_seconds", max(0.0, (now - newest).total_seconds()),
                    source=start.source_id)
    metrics.set("source_last_success_timestamp_seconds", now.timestamp(),
                source=start.source_id)
    metrics.inc("source_polls_total", source=start.source_id, outcome="ok")
    if tracker is not None:
        tracker.poll_ok(start.source_id, now)
    if queued:
        # the routing happens in whichever process reads the stream
        log_poll(start.source_id, new=len(batch), errors=new_skips)
        return
    duplicates = after.duplicates - start.tally.duplicates
    log_poll(start.source_id, new=after.received - start.tally.received - duplicates,
             duplicates=duplicates, routed=after.routed - start.tally.routed, errors=new_skips)


def record_poll_failure(source_id: str, error: str, *, metrics: Metrics,
                        tracker: HealthTracker | None = None, paused: bool = False) -> None:
    """After a failed poll: the same one line (``errors=1`` and why) and the tracker."""
    metrics.inc("source_polls_total", source=source_id, outcome="error")
    if tracker is not None:
        tracker.poll_failed(source_id, error, paused=paused)
    log_poll(source_id, new=0, errors=1, error=error)


def _skip_log(source: Any) -> list[object]:
    skipped = getattr(source, "skipped", None)
    return list(skipped) if isinstance(skipped, list) else []


HealthFn = Callable[[], HealthSnapshot]
