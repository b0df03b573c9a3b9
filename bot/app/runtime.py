"""The long-running bot (`socialops run`): source loops, the timer loop, the outbox worker,
rule reloads, the HTTP server, and a graceful stop.

- Each source is polled under a lease (``source:<id>``), so with several processes on Redis
  exactly one polls it at a time; a dead holder's lease expires and another takes over.
- A batch's cursor is committed only after every mention in it was processed.
- ``RateLimited`` pauses the source until the reset; ``SourceAuthError`` pauses it for
  ``AUTH_PAUSE`` and reports it (log, metric, a notice to the ops channel); other errors back
  off with jitter. One failing source never stops the others.
- Timers (escalations, approval expiry, group_wait, digests) come from the store's
  ``take_due``, which hands each one to exactly one process.
- SIGTERM/SIGINT set the stop event: loops finish the batch in hand, the outbox delivers what is
  due, and state stays in the store for the next start.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from bot.app.compose import App
from bot.app.health import HealthTracker, poll_started, record_poll
from bot.core.errors import RateLimited, SocialopsError, SourceAuthError
from bot.core.ports import Source
from handlers.cards import notice_card

log = logging.getLogger(__name__)

AUTH_PAUSE = 15 * 60.0
LEASE_TTL = 30.0  # default; `store.lease_seconds` in the config
MAX_BACKOFF = 300.0


class Runtime:
    def __init__(self, app: App, *, rng: random.Random | None = None,
                 on_batch: Callable[[], Awaitable[None]] | None = None) -> None:
        self.app = app
        self.stop = asyncio.Event()
        self.rng = rng or random.Random()
        self.on_batch = on_batch
        self.paused: dict[str, str] = {}
        self.lease_ttl = float(getattr(app.config.store, "lease_seconds", LEASE_TTL))
        self.health = HealthTracker()  # issue 16: /readyz reads health.snapshot()

    # -- timers ------------------------------------------------------------------------------

    async def fire_due_timers(self) -> int:
        app = self.app
        fired = 0
        for job_id, payload in await app.store.take_due(app.clock(), 100):
            fired += 1
            try:
                if job_id.startswith("esc:"):
                    await app.tickets.fire_escalation(payload)
                elif job_id.startswith("expire:"):
                    await app.approvals.expire(json.loads(payload)["approval"])
                elif job_id.startswith(("group:", "digest:")):
                    await app.actions.flush(payload)
                else:
                    log.warning("unknown timer %s", job_id)
            except Exception:
                log.exception("timer %s failed", job_id)
        return fired

    async def _tick_timers(self) -> None:
        try:
            await self.fire_due_timers()
        except SocialopsError as exc:
            log.error("timers: %s", exc)

    async def _timer_loop(self, every: float = 1.0) -> None:
        """APScheduler keeps the beat (one job, never overlapping itself, missed runs
        coalesced); the timers themselves live in the store, keyed by id and due time and taken
        atomically, because APScheduler 3's job stores cannot be shared by several processes
        and would fire a job once per process."""
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        scheduler = AsyncIOScheduler(timezone="UTC")
        scheduler.add_job(self._tick_timers, "interval", seconds=every, id="timers",
                          max_instances=1, coalesce=True, next_run_time=datetime.now(UTC))
        scheduler.start()
        try:
            await self.stop.wait()
        finally:
            scheduler.shutdown(wait=False)

    # -- sources -----------------------------------------------------------------------------

    async def poll_once(self, source: Source) -> int:
        """Poll one source once and process the batch; returns how many mentions came in."""
        cursors = self.app.cursors.get(source.id)
        started = poll_started(source, self.app.pipeline.tally)  # issue 16: per-poll log line
        try:
            batch = await source.poll()
            if self.app.queue is not None:
                # several processes: hand the batch to the shared stream; the cursor moves
                # only once it is there, and any process's consumer processes it
                await self.app.queue.add(batch)
            else:
                for mention in batch:
                    await self.app.pipeline.process(mention)
        except BaseException:
            if cursors is not None:
                cursors.rollback()
            raise
        if cursors is not None:
            await cursors.commit()
        # issue 16: one INFO line per poll, source_lag_seconds, mentions_skipped_total, readiness
        record_poll(started, source, batch, self.app.pipeline.tally, metrics=self.app.metrics,
                    now=self.app.clock(), tracker=self.health, queued=self.app.queue is not None)
        if self.on_batch is not None:
            await self.on_batch()
        return len(batch)

    async def _source_loop(self, source: Source, interval: float) -> None:
        app = self.app
        failures = 0
        lease = f"source:{source.id}"
        while not self.stop.is_set():
            if not await app.store.acquire_lease(lease, app.owner, self.lease_ttl):
                await self._sleep(self.lease_ttl / 3)
                continue
            delay = interval
            try:
                await self.poll_once(source)
                failures = 0
                if source.id in self.paused:
                    log.info("source %s resumed", source.id)
                    self.paused.pop(source.id)
                    app.metrics.set("source_paused", 0, source=source.id)
            except RateLimited as exc:
                delay = max(exc.retry_after, 1.0)
                app.metrics.inc("source_errors_total", source=source.id, kind="rate_limited")
                log.warning("source %s rate limited; pausing %.0fs", source.id, delay)
            except SourceAuthError as exc:
                delay = AUTH_PAUSE
                app.metrics.inc("source_errors_total", source=source.id, kind="auth")
                app.metrics.set("source_paused", 1, source=source.id)
                await self._report(source.id, f"credentials refused: {exc}")
            except SocialopsError as exc:
                failures += 1
                delay = self.rng.uniform(0, min(MAX_BACKOFF, interval * 2 ** failures))
                app.metrics.inc("source_errors_total", source=source.id, kind="error")
                log.warning("source %s failed (%s); retrying in %.0fs", source.id, exc, delay)
            except Exception:
                failures += 1
                delay = self.rng.uniform(0, min(MAX_BACKOFF, interval * 2 ** failures))
                app.metrics.inc("source_errors_total", source=source.id, kind="bug")
                log.exception("source %s crashed; retrying in %.0fs", source.id, delay)
            await self._sleep_holding(lease, delay)
        await app.store.release_lease(lease, app.owner)

    async def _stream_loop(self, source: Source) -> None:
        """Real time: consume the source's stream (it reconnects and resumes by itself) under
        the stream's own lease, processing and committing each mention as it comes."""
        app = self.app
        lease = f"stream:{source.id}"
        cursors = app.cursors.get(source.id)
        stream = getattr(source, "stream", None)
        if stream is None:
            return
        while not self.stop.is_set():
            if not await app.store.acquire_lease(lease, app.owner, self.lease_ttl):
                await self._sleep(self.lease_ttl / 3)
                continue
            iterator = stream()
            pending: asyncio.Future[Any] | None = None
            try:
                while not self.stop.is_set():
                    if pending is None:
                        pending = asyncio.ensure_future(anext(iterator))
                    stopper = asyncio.ensure_future(self.stop.wait())
                    # wake at least every LEASE_TTL/3 to renew the lease; the read stays pending
                    done, _ = await asyncio.wait({pending, stopper}, timeout=self.lease_ttl / 3,
                                                 return_when=asyncio.FIRST_COMPLETED)
                    stopper.cancel()
                    await app.store.acquire_lease(lease, app.owner, self.lease_ttl)
                    if pending in done:
                        mention, pending = pending.result(), None
                        if app.queue is not None:
                            await app.queue.add([mention])
                        else:
                            await app.pipeline.process(mention)
                        if cursors is not None:
                            await cursors.commit()
            except StopAsyncIteration:
                log.warning("stream of %s ended; reconnecting", source.id)
            except SocialopsError as exc:
                app.metrics.inc("source_errors_total", source=source.id, kind="stream")
                log.warning("stream of %s failed (%s); reconnecting", source.id, exc)
                await self._sleep(self.rng.uniform(1, 10))
            finally:
                if pending is not None and not pending.done():
                    pending.cancel()
                await iterator.aclose()
        await app.store.release_lease(lease, app.owner)

    async def consume_once(self, *, block_ms: int = 1000) -> int:
        """Process what the shared mention stream holds for this process: entries a dead
        consumer left pending first, then new ones. Returns how many were handled."""
        queue = self.app.queue
        assert queue is not None
        entries = await queue.reclaim()
        if not entries:
            entries = await queue.read(block_ms=block_ms)
        done = []
        for entry in entries:
            if entry.mention is not None:
                await self.app.pipeline.process(entry.mention)
            done.append(entry.id)
            await queue.ack([entry.id])  # one at a time: a crash loses at most the current one
        if entries and self.on_batch is not None:
            await self.on_batch()
        return len(done)

    async def _consume_loop(self) -> None:
        app = self.app
        failures = 0
        last_metrics = 0.0
        while not self.stop.is_set():
            try:
                await self.consume_once()
                failures = 0
            except SocialopsError as exc:
                failures += 1
                log.warning("mention queue: %s; retrying", exc)
                await self._sleep(self.rng.uniform(0, min(MAX_BACKOFF, 2.0 ** failures)))
            except Exception:
                failures += 1
                log.exception("mention queue consumer failed; retrying")
                await self._sleep(self.rng.uniform(0, min(MAX_BACKOFF, 2.0 ** failures)))
            now = asyncio.get_running_loop().time()
            if app.queue is not None and now - last_metrics >= 5.0:
                last_metrics = now
                depth, lag = await app.queue.depth_and_lag()
                app.metrics.set("queue_depth", depth)
                app.metrics.set("queue_lag_seconds", lag)
                app.metrics.set("queue_reclaimed", app.queue.reclaimed)
                app.metrics.set("queue_dead_lettered", app.queue.dead_lettered)

    async def _sleep_holding(self, lease: str, seconds: float) -> None:
        """Sleep, renewing the lease so it cannot lapse while this process is alive."""
        remaining = seconds
        while remaining > 0 and not self.stop.is_set():
            step = min(remaining, self.lease_ttl / 3)
            await self._sleep(step)
            remaining -= step
            if remaining > 0:
                await self.app.store.acquire_lease(lease, self.app.owner, self.lease_ttl)

    async def _report(self, source_id: str, problem: str) -> None:
        first = source_id not in self.paused
        self.paused[source_id] = problem
        log.error("source %s paused: %s", source_id, problem)
        ops = self.app.config.ops_channel
        if first and ops:
            ws, ch = self.app.channel_ref(ops)
            stamp = self.app.clock().strftime("%Y%m%d%H%M")
            await self.app.outbox.send(
                key=f"ops:{source_id}:{stamp}@{ch}", workspace=ws, channel=ch,
                card=notice_card(f"ops:{source_id}:{stamp}", f"Source {source_id} paused",
                                 f"{problem}\nOther sources keep running. It retries in "
                                 f"{AUTH_PAUSE / 60:.0f} minutes."))

    async def _sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self.stop.wait(), timeout=max(seconds, 0.0))
        except TimeoutError:
            pass

    # -- whole process -----------------------------------------------------------------------

    async def run(self, *, extra: list[Awaitable[None]] | None = None) -> None:
        app = self.app
        await app.approvals.recover()
        tasks = [asyncio.create_task(self._timer_loop(), name="timers"),
                 asyncio.create_task(app.outbox.run(self.stop), name="outbox")]
        if app.queue is not None:
            tasks.append(asyncio.create_task(self._consume_loop(), name="mentions"))
        for sc in app.config.sources:
            source = app.sources.get(sc.id)
            if source is not None:
                tasks.append(asyncio.create_task(self._source_loop(source, sc.interval),
                                                 name=f"source:{sc.id}"))
                if getattr(sc, "stream", False) and hasattr(source, "stream"):
                    tasks.append(asyncio.create_task(self._stream_loop(source),
                                                     name=f"stream:{sc.id}"))
        for coro in extra or []:
            tasks.append(asyncio.ensure_future(coro))
        log.info("socialops running: %d source(s), workspaces %s", len(app.sources),
                 ", ".join(app.workspaces))
        await self.stop.wait()
        log.info("stopping: finishing work in hand")
        done, pending = await asyncio.wait(tasks, timeout=20)
        for t in pending:
            t.cancel()
        for t in done:
            if not t.cancelled() and t.exception() is not None:
                log.error("task %s ended with %r", t.get_name(), t.exception())
        log.info("stopped")

