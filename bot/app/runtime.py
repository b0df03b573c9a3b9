"""The long-running bot (`socialops run`): source polls and streams, the mention-queue consumer
(Redis), the outbox worker, timers and housekeeping, every one a loop under the one supervision
policy (``bot.engine.supervisor``), and a graceful stop.

- Each source is polled under a lease (``source:<id>``), so with several processes on Redis
  exactly one polls it at a time; a dead holder's lease expires and another takes over. The
  lease is renewed inside the supervised step, so a store blip is a retried failure, never a
  dead task.
- Each read owns its cursor transaction (``bot.engine.cursors``); the cursor moves in the same
  transaction as the batch it read (SQLite) or as the batch's append to the shared stream
  (Redis).
- Timers come from the store's ``take_due`` (each to one process at a time) and dispatch
  through the timer registry (``bot.engine.timers``).
- SIGTERM/SIGINT set the stop event: loops finish the batch (and the timer) in hand, the outbox
  delivers what is due, and state stays in the store for the next start.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Mapping,
    Sequence,
)
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.app.logs import config_secrets
from bot.core.config import Config, RetentionConfig
from bot.core.effects import Effects
from bot.core.errors import (
    RateLimited,
    SocialopsError,
    SourceAuthError,
    SourceError,
    rate_wait,
)
from bot.core.metrics import Metrics
from bot.core.models import ChannelRef
from bot.core.ports import Clock, Source, Store
from bot.core.redact import Redaction
from bot.engine.cursors import DeferredCursors
from bot.engine.effects import Applier
from bot.engine.outbox import Outbox
from bot.engine.pipeline import Pipeline
from bot.engine.supervisor import Supervisor
from bot.engine.timers import Timers
from handlers.cards import notice_card
from handlers.source_health import record_poll, record_polled

if TYPE_CHECKING:  # redis is imported where a Redis store is opened, not by every process
    from bot.store.queue import MentionQueue

log = logging.getLogger(__name__)

AUTH_PAUSE = 15 * 60.0
LEASE_TTL = 30.0  # default; `store.lease_seconds` in the config
QUIET_POLL_SECONDS = 60.0  # an empty poll is logged at most this often per source
# a stop waits this long for the work in hand (a poll, a batch's write, a delivery); past
# STOP_SAY it says what it is waiting for, so a stop held by a server that does not answer is
# not a silent wait
STOP_WAIT = 20.0
STOP_SAY = 2.0
# then the last outbox drain and the release of the leases share this much, so a store that does
# not answer (a stalled Redis: 10 s a read, retried) cannot hold the stop past a supervisor's
# grace period (Kubernetes' 30 s): what they leave stays in the store, or lapses by itself
STOP_TAIL = 5.0


async def _within(work: Awaitable[object], seconds: float) -> bool:
    """True when ``work`` ended within ``seconds`` (its error raised); else it is cancelled and
    left to unwind by itself. Not ``wait_for``, which waits out the unwinding too: a drain
    cancelled while a chain's settle is in flight awaits that settle (``_deliver_chain``'s
    ``finally``), which a Redis that does not answer holds for its client's timeouts (10 s a
    read, retried). What is left is cancelled again when the process's event loop closes."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if task in done:
        task.result()
        return True
    task.cancel()
    return False


class _CancelledBeat(logging.Filter):
    """APScheduler's shutdown cancels a beat it has just started (its task created, not yet
    run), and logs that as "Error running job timers" with a traceback. Stopping is not an
    error: a timer the beat would have fired is still due, and fires at the next start."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, asyncio.CancelledError)


_CANCELLED_BEAT = _CancelledBeat()


class _SkippedBeat(logging.Filter):
    """While a beat waits on a store that stopped answering, APScheduler skips each next one
    (``max_instances=1``) with a WARNING, one a second, between the supervisor's own lines that
    say what is wrong. Scheduler chatter: a DEBUG line, logged only at ``--log-level DEBUG``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "maximum number of running instances reached" not in record.getMessage():
            return True
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        # the root's level is --log-level's (APScheduler's own logger stays at WARNING)
        return logging.getLogger().isEnabledFor(logging.DEBUG)


_SKIPPED_BEAT = _SkippedBeat()


async def prune(store: Store, retention: RetentionConfig, now: datetime) -> dict[str, int]:
    """One run of the prune job (every ``retention.prune_minutes``): everything past the
    deployment's retention goes, each setting read here only, so what measures the store over
    time (``benchmarks/month.py``, ``benchmarks/storage.py``) prunes what a deployment
    prunes."""
    r = retention
    return await store.prune(
        now, sent_seconds=r.sent_hours * 3600, refs_seconds=r.message_refs_days * 86400,
        audit_seconds=r.audit_days * 86400 if r.audit_days else None,
        traces_seconds=r.traces_days * 86400,
        dead_seconds=r.dead_days * 86400 if r.dead_days else None)


class Runtime:
    """Built by the composition root (``App.runtime()``) from the parts the loops use.
    ``sources`` and ``cursors`` are read when the loops start; ``ops`` is where failures are
    reported; ``start`` readies the app before the loops start (``App.start``)."""

    def __init__(self, *, config: Config, store: Store, clock: Clock, metrics: Metrics,
                 owner: str, timers: Timers, pipeline: Pipeline, applier: Applier,
                 outbox: Outbox, sources: Mapping[str, Source],
                 cursors: Mapping[str, DeferredCursors], queue: MentionQueue | None,
                 ops: ChannelRef | None, start: Callable[[], Awaitable[None]],
                 rng: random.Random | None = None,
                 on_batch: Callable[[], Awaitable[None]] | None = None,
                 advice: Mapping[str, Sequence[str]] | None = None) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.metrics = metrics
        self.owner = owner
        self.timers = timers
        self.pipeline = pipeline
        self.applier = applier
        self.outbox = outbox
        self.sources = sources
        self.cursors = cursors
        self.queue = queue
        self.ops = ops
        self._start = start
        self.stop = asyncio.Event()
        self.rng = rng or random.Random()
        self.on_batch = on_batch
        self.lease_ttl = float(config.store.lease_seconds)
        self._health_last: dict[str, str] = {}
        self._polled_last: dict[str, datetime] = {}  # when this process last wrote it polled
        # source -> when an empty poll of it was last logged, and empty polls unlogged since
        self._empty_polls: dict[str, tuple[datetime | None, int]] = {}
        self._said: set[str] = set()  # tasks whose failure was reported (to say "resumed")
        # what each source does worse than meant (a Reddit User-Agent naming no account),
        # said once by the process holding its lease, not by each worker of a deployment
        self._advice = {sid: list(lines) for sid, lines in (advice or {}).items()}
        # what a failed poll says as it is recorded and told: a feed's URL may hold a token,
        # a server's a password, an answer the token it was sent (the config's secrets)
        self.redact = Redaction(config_secrets(config))
        self.supervisor = Supervisor(stop=self.stop, clock=clock, metrics=metrics,
                                     report=self._report, rng=self.rng, auth_pause=AUTH_PAUSE,
                                     redact=self.redact)

    @property
    def paused(self) -> dict[str, str]:
        """Loops paused or failing now, with why (for /healthz and status)."""
        return self.supervisor.unhealthy()

    # -- timers ------------------------------------------------------------------------------

    async def fire_due_timers(self) -> int:
        return await self.timers.fire_due()

    async def _timer_loop(self, every: float = 1.0) -> None:
        """APScheduler keeps the beat (one job, never overlapping itself, missed runs
        coalesced); each beat runs under the supervision policy. The timers themselves live in
        the store, keyed by id and due time and leased atomically, because APScheduler 3's job
        stores cannot be shared by several processes and would fire a job once per process."""
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        resume_at = 0.0
        loop = asyncio.get_running_loop()
        beat: asyncio.Future[float] | None = None

        async def tick() -> None:
            nonlocal resume_at, beat
            if loop.time() < resume_at or self.stop.is_set():
                return  # backing off after a failure, or stopping
            # a task of its own: APScheduler's shutdown cancels the job, and a SIGTERM would
            # cancel the timer in hand with it, left leased until its lease lapses (a digest
            # being summarised: twice the endpoint's timeout); the stop finishes it below
            beat = asyncio.ensure_future(self.supervisor.run_once("timers", self._fire))
            try:
                delay = await asyncio.shield(beat)
            except asyncio.CancelledError:
                return  # the process is stopping: the beat in hand is finished below
            resume_at = loop.time() + delay

        # the executor "default" logs as apscheduler.executors.default
        logging.getLogger("apscheduler.executors.default").addFilter(_CANCELLED_BEAT)
        logging.getLogger("apscheduler.scheduler").addFilter(_SKIPPED_BEAT)
        scheduler = AsyncIOScheduler(timezone="UTC")
        scheduler.add_job(tick, "interval", seconds=every, id="timers", max_instances=1,
                          coalesce=True, next_run_time=datetime.now(UTC))
        scheduler.start()
        try:
            await self.stop.wait()
        finally:
            scheduler.shutdown(wait=False)
        if beat is not None and not beat.done():
            # the timer in hand finishes, within the stop's wait (STOP_WAIT), and no other is
            # taken (``_fire``); one still running then is cancelled with this loop, and hands
            # its timer back (``Timers._run``), due at once for another process or the next
            # start: that write done before the store closes
            try:
                await asyncio.wait({beat})
            finally:
                beat.cancel()
                await asyncio.wait({beat}, timeout=STOP_TAIL)

    async def _fire(self) -> float:
        await self.timers.fire_due(stop=self.stop)
        return 0.0

    # -- sources -----------------------------------------------------------------------------

    async def _failed(self, source: Source, exc: Exception) -> Exception:
        """A failed poll, recorded for source health; returns what to raise: a source that
        could not reach its server said with the URL and the config key naming it
        (``bot.app.reach``), as ``fetch`` says it, and refused credentials with the keys that
        hold them; any other failure as it is."""
        named = self._where(source.id, exc)
        # the supervisor waits before the next poll: at most this (source health allows it)
        waits = AUTH_PAUSE if isinstance(exc, SourceAuthError) else self.supervisor.max_backoff
        await self.record_poll(source, fetched=0,
                               error=self.redact(str(named)) or type(exc).__name__, waits=waits)
        return named

    async def _rate_limited(self, source: Source, exc: RateLimited) -> None:
        """Not a failed poll, but a wait the source health check must not take for no process
        polling it."""
        fx = Effects()
        record_polled(fx, source.id, self.clock(), last=None, waits=rate_wait(exc.retry_after))
        self._polled_last.pop(source.id, None)
        try:
            await self.applier.apply(fx)
        except Exception as err:  # must not hide the rate limit it records
            log.warning("could not record the rate limit of %s: %s", source.id, err)

    def _where(self, source_id: str, exc: Exception) -> Exception:
        from bot.app.reach import cannot_reach, credential_keys, said, unreachable

        config = next((c for c in self.config.sources if c.id == source_id), None)
        if type(exc) is SourceAuthError and config is not None and credential_keys(config):
            # still an auth error (the supervisor pauses the source), with the keys to change
            return SourceAuthError(f"{exc}; check the source's {said(credential_keys(config))}")
        if type(exc) is not SourceError:  # rate limits, malformed pages: their own words
            return exc
        found = unreachable(config, exc) if config is not None else None
        if found is None:
            return exc
        key, url, why = found
        return SourceError(cannot_reach(url, why, f"the source's {key or 'URLs'}"))

    async def poll_once(self, source: Source, *, here: bool = False) -> int:
        """Poll one source once and process the batch; returns how many mentions came in.
        ``here``: process in this process even with a shared stream (``socialops replay``)."""
        cursors = self.cursors.get(source.id)
        tx = cursors.begin() if cursors is not None else None
        try:
            try:
                batch = await source.poll()
            except RateLimited as exc:
                await self._rate_limited(source, exc)
                raise  # not a failure: the network asked us to wait
            except Exception as exc:
                if (named := await self._failed(source, exc)) is exc:
                    raise
                raise named from exc
            pending = dict(tx.pending) if tx is not None else {}
            if self.queue is not None and not here:
                # several processes: hand the batch to the shared stream; the cursor moves in
                # the same transaction, and any process's consumer processes it
                await self.queue.add(batch, cursors=pending)
                result = None
            else:
                result = await self.pipeline.process_batch(batch, cursors=pending)
        finally:
            if cursors is not None:
                cursors.end()
        await self.record_poll(source, fetched=len(batch), error=None)
        if batch:  # the age of the newest post of the last poll that returned any
            self.metrics.set("source_lag_seconds", _lag(batch, self.clock()),
                             source=source.id)
        quiet = self._quiet_polls(source.id, empty=not batch)
        if quiet is None:
            pass  # an empty poll soon after another one was logged: counted, said later
        elif result is not None:
            log.info("polled %s: %d new, %d duplicates, %d routed%s", source.id, result.new,
                     result.duplicates, result.routed, _unlogged(quiet),
                     extra={"source": source.id, "new": result.new,
                            "duplicates": result.duplicates, "routed": result.routed,
                            "unlogged_empty_polls": quiet})
        else:
            log.info("polled %s: %d fetched%s%s", source.id, len(batch),
                     ", queued for the shared stream" if batch else "", _unlogged(quiet),
                     extra={"source": source.id, "queued": len(batch),
                            "unlogged_empty_polls": quiet})
        if self.on_batch is not None:
            await self.on_batch()
        return len(batch)

    def _quiet_polls(self, source_id: str, *, empty: bool) -> int | None:
        """Whether this poll gets its log line: every poll that fetched something does, and an
        empty one when no empty poll of the source was logged in the last
        ``QUIET_POLL_SECONDS`` (a replay source polled every 10 ms would write 100 lines a
        second). Returns how many empty polls went unlogged before it, or None for no line."""
        now = self.clock()
        last, unlogged = self._empty_polls.get(source_id, (None, 0))
        if empty and last is not None and (now - last).total_seconds() < QUIET_POLL_SECONDS:
            self._empty_polls[source_id] = (last, unlogged + 1)
            return None
        self._empty_polls[source_id] = (now if empty else last, 0)
        return unlogged

    async def record_poll(self, source: Source, *, fetched: int, error: str | None,
                          waits: float = 0.0) -> None:
        """What the source health check learns from (``handlers.source_health``): this poll's
        yield, whether it failed, and which of its feeds failed."""
        metrics = self.metrics
        metrics.inc("source_polls_total", source=source.id,
                    outcome="ok" if error is None else "error")
        if error is None:
            metrics.set("source_last_success_timestamp_seconds", self.clock().timestamp(),
                        source=source.id)
        failing = getattr(source, "failing_parts", None)
        parts = ({self.redact(url): self.redact(why) for url, why in failing().items()}
                 if callable(failing) else {})
        # a feed moved for good: ``status`` says what to put in the config (RssSource)
        moved_feeds = getattr(source, "moved_feeds", None)
        moved = ({self.redact(url): self.redact(fix) for url, fix in moved_feeds().items()}
                 if callable(moved_feeds) else {})
        fx = Effects()
        last = self._health_last.get(source.id)
        self._health_last[source.id] = record_poll(fx, source.id, self.clock(),
                                                   fetched=fetched, error=error, parts=parts,
                                                   last=last, moved=moved)
        polled = record_polled(fx, source.id, self.clock(),
                               last=self._polled_last.get(source.id), waits=waits,
                               failed=error is not None)
        if polled is None:
            self._polled_last.pop(source.id, None)
        else:
            self._polled_last[source.id] = polled
        try:
            await self.applier.apply(fx)
        except Exception as exc:  # counting must not fail the poll it counts
            self._health_last.pop(source.id, None)
            self._polled_last.pop(source.id, None)
            log.warning("could not record the poll of %s: %s", source.id, exc)

    def _source_step(self, source: Source, interval: float) -> Callable[[], Awaitable[float]]:
        lease = f"source:{source.id}"

        async def step() -> float:
            await self._check_epoch()
            if not await self.store.acquire_lease(lease, self.owner, self.lease_ttl):
                return self.lease_ttl / 3  # another process polls it
            self._advise(source.id)
            await self.poll_once(source)
            return interval

        return step

    def _advise(self, source: str) -> None:
        """The source's advice, once in this process: the first time it holds its lease."""
        for line in self._advice.pop(source, ()):
            log.warning("%s", line)

    def _hold(self, lease: str) -> Callable[[], Awaitable[None]]:
        async def hold() -> None:
            await self.store.acquire_lease(lease, self.owner, self.lease_ttl)

        return hold

    def _stream_step(self, source: Source) -> Callable[[], Awaitable[float]]:
        """Real time: consume the source's stream under the stream's own lease, processing and
        committing each mention as it comes; when the stream ends, the step ends and the
        supervisor starts it again (backing off when it failed)."""
        lease = f"stream:{source.id}"
        name = f"stream:{source.id}"
        stream = getattr(source, "stream", None)
        cursors = self.cursors.get(source.id)

        async def step() -> float:
            if stream is None:
                return 3600.0
            if not await self.store.acquire_lease(lease, self.owner, self.lease_ttl):
                return self.lease_ttl / 3
            self._advise(source.id)
            iterator: AsyncGenerator[Any, None] = stream()
            try:
                await self._consume_stream(iterator, lease, name, cursors, source)
            except RateLimited as exc:
                await self._rate_limited(source, exc)
                raise
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if (named := await self._failed(source, exc)) is exc:
                    raise
                raise named from exc
            finally:
                await iterator.aclose()
            if not self.stop.is_set():  # a stop ends it too, and nothing reconnects then
                log.warning("stream of %s ended; reconnecting", source.id)
            return 1.0

        return step

    async def _consume_stream(self, iterator: AsyncIterator[Any], lease: str, name: str,
                              cursors: DeferredCursors | None, source: Source) -> None:
        """While connected, the stream counts as one successful poll a minute, with the
        mentions that minute brought (for source health)."""
        pending: asyncio.Future[Any] | None = None
        tx = None
        minute, came = int(self.clock().timestamp() // 60), 0
        try:
            while not self.stop.is_set():
                now_minute = int(self.clock().timestamp() // 60)
                if now_minute != minute:
                    await self.record_poll(source, fetched=came, error=None)
                    minute, came = now_minute, 0
                if pending is None:
                    tx = cursors.begin() if cursors is not None else None  # one read, one tx
                    pending = asyncio.ensure_future(anext(iterator))
                stopper = asyncio.ensure_future(self.stop.wait())
                # wake at least every lease/3 to renew the lease; the read stays pending
                done, _ = await asyncio.wait({pending, stopper}, timeout=self.lease_ttl / 3,
                                             return_when=asyncio.FIRST_COMPLETED)
                stopper.cancel()
                self.supervisor.beat(name)
                await self.store.acquire_lease(lease, self.owner, self.lease_ttl)
                if pending not in done:
                    continue
                try:
                    mention = pending.result()
                except StopAsyncIteration:
                    return
                finally:
                    pending = None
                came += 1
                updates = dict(tx.pending) if tx is not None else {}
                if self.queue is not None:
                    await self.queue.add([mention], cursors=updates)
                else:
                    await self.pipeline.process_batch([mention], cursors=updates)
        finally:
            if pending is not None and not pending.done():
                pending.cancel()
                # the generator must have stopped running before it can be closed
                await asyncio.gather(pending, return_exceptions=True)
            if cursors is not None:
                cursors.end()

    # -- the shared mention stream (Redis) ------------------------------------------------------

    async def consume_once(self, *, block_ms: int = 1000) -> int:
        """Process what the shared mention stream holds for this process: entries a dead
        consumer left pending first, then new ones. Returns how many were handled."""
        queue = self.queue
        assert queue is not None
        entries = await queue.reclaim()
        if not entries:
            entries = await queue.read(block_ms=block_ms)
        mentions = [e.mention for e in entries if e.mention is not None]
        if mentions:
            result = await self.pipeline.process_batch(mentions)
            log.info("processed %d from the shared stream: %d new, %d duplicates, %d routed",
                     len(mentions), result.new, result.duplicates, result.routed,
                     extra={"new": result.new, "duplicates": result.duplicates,
                            "routed": result.routed})
        await queue.ack([e.id for e in entries])
        if entries and self.on_batch is not None:
            await self.on_batch()
        return len(entries)

    async def _consume_step(self) -> float:
        await self._check_epoch()
        await self.consume_once()
        assert self.queue is not None
        now = asyncio.get_running_loop().time()
        if now - self._metrics_at >= 5.0:
            self._metrics_at = now
            depth, lag = await self.queue.depth_and_lag()
            self.metrics.set("queue_depth", depth)
            self.metrics.set("queue_lag_seconds", lag)
            self.metrics.set("queue_reclaimed", self.queue.reclaimed)
            self.metrics.set("queue_dead_lettered", self.queue.dead_lettered)
        return 0.0

    _metrics_at = 0.0

    async def _check_epoch(self) -> None:
        """A Redis that lost its data (restarted without persistence) is noticed before the
        next batch and the next outbox round, reported once, and delivery turns careful: every
        card is looked for in its channel before it is posted, so what was delivered before the
        loss is not posted again when sources re-read their backfill window."""
        check = getattr(self.store, "epoch_intact", None)
        if check is None or await check():
            return
        log.error("Redis lost its data: cursors, dedup marks and queued work are gone")
        self.outbox.careful_until = self.clock() + timedelta(
            hours=self.config.store.dedup_ttl_hours)
        await self._notice("redis-lost", "Redis lost its data",
                           "Redis came back without its data (no persistence?). Sources read "
                           "their backfill window again; cards already in a channel are looked "
                           "up before posting, so nothing delivered is posted twice. Turn AOF "
                           "on: appendonly yes.")

    # -- outbox and housekeeping -----------------------------------------------------------------

    async def _outbox_step(self) -> float:
        outbox = self.outbox
        # Not only before a batch: after a loss of data another process may queue delivered
        # cards again before this one runs a batch of its own. Checked after the claim, so the
        # items claimed come from the data set checked, and before posting any of them.
        # each lane's chain runs on its own: a channel whose call is slow holds no other's
        if await outbox.pump(before_delivery=self._check_epoch) == 0:
            await outbox.wait_for_work(self.stop)
        return 0.0

    async def _prune_step(self) -> float:
        r = self.config.store.retention
        done = await prune(self.store, r, self.clock())
        if any(done.values()):
            log.info("pruned %s", ", ".join(f"{k} {v}" for k, v in done.items() if v))
        return float(r.prune_minutes * 60)

    # -- reporting ---------------------------------------------------------------------------

    async def _report(self, task: str, what: str, why: str) -> None:
        if task.startswith(("source:", "stream:")) and what in ("paused", "resumed"):
            self.metrics.set("source_paused", 1.0 if what == "paused" else 0.0,
                                 source=task.split(":", 1)[1])
        if what == "failing" and task.startswith(("source:", "stream:")):
            # a source's failures are judged by the health check against its usual error
            # rate (handlers.source_health), so one bad poll is not an alert; nor a second log
            # line: the supervisor's retry line says it all (the URL, the key, the retry)
            return
        if what == "resumed" and task not in self._said:
            return
        if what == "resumed":
            self._said.discard(task)
        else:
            self._said.add(task)
        if what == "resumed":
            title, text = f"{task} resumed", f"It had been failing: {why}"
        elif what == "paused":
            title = f"{task} paused"
            text = (f"{why}\nOther sources keep running. It retries in "
                    f"{AUTH_PAUSE / 60:.0f} minutes.")
        else:
            title, text = f"{task} is failing", f"{why}\nIt retries with backoff."
        if what != "resumed":  # the supervisor's INFO line says it; an ERROR here alerted
            log.error("%s: %s", title, why, extra={"task": task})
        await self._notice(f"{task}:{what}", title, text)

    async def _notice(self, key: str, title: str, text: str) -> None:
        if self.ops is None:
            return
        ch = self.ops.channel
        stamp = self.clock().strftime("%Y%m%d%H%M")
        await self.outbox.send(key=f"ops:{key}:{stamp}@{ch}", workspace=self.ops.workspace,
                               channel=ch, card=notice_card(f"ops:{key}:{stamp}", title, text))

    # -- whole process -----------------------------------------------------------------------

    async def run(self, *, extra: list[Awaitable[None]] | None = None) -> None:
        sup = self.supervisor
        await self._start()
        sup.spawn("timers", self._timer_loop(), stale_after=120)
        sup.spawn("outbox", sup.loop("outbox", self._outbox_step, stale_after=120),
                  stale_after=120)
        sup.spawn("prune", sup.loop("prune", self._prune_step, stale_after=86400),
                  stale_after=86400)
        if self.queue is not None:
            sup.spawn("mentions", sup.loop("mentions", self._consume_step, stale_after=120),
                      stale_after=120)
        for sc in self.config.sources:
            source = self.sources.get(sc.id)
            if source is None:
                continue
            name = f"source:{sc.id}"
            stale = max(sc.interval * 3, 300.0)
            sup.spawn(name, sup.loop(name, self._source_step(source, sc.interval),
                                     stale_after=stale, hold=self._hold(name),
                                     hold_every=self.lease_ttl / 3), stale_after=stale)
            if getattr(sc, "stream", False) and hasattr(source, "stream"):
                sname = f"stream:{sc.id}"
                sup.spawn(sname, sup.loop(sname, self._stream_step(source),
                                          stale_after=self.lease_ttl * 3),
                          stale_after=self.lease_ttl * 3)
        tasks = list(sup.tasks.values())
        for coro in extra or []:
            tasks.append(asyncio.ensure_future(coro))
        log.info("socialops running: %d source(s), workspaces %s", len(self.sources),
                 ", ".join(w.name for w in self.config.workspaces))
        await self.stop.wait()
        log.info("stopping: finishing work in hand")
        done, pending = await asyncio.wait(tasks, timeout=STOP_SAY)
        if pending:
            log.info("stopping: waiting for %s (up to %.0f s more)", _names(pending),
                     STOP_WAIT - STOP_SAY)
            more, pending = await asyncio.wait(pending, timeout=STOP_WAIT - STOP_SAY)
            done |= more
        if pending:
            log.warning("stopping: %s did not finish in %.0f s and was cancelled; what it had "
                        "not written is read again at the next start", _names(pending),
                        STOP_WAIT)
        for t in pending:
            t.cancel()
        if pending:  # their clean-up (a timer handed back) written before the store closes
            await asyncio.wait(pending, timeout=STOP_TAIL)
        for t in done:
            if not t.cancelled() and t.exception() is not None:
                log.error("task %s ended with %r", t.get_name(), t.exception())
        await self._stop_tail()
        log.info("stopped")

    async def _stop_tail(self) -> None:
        """The last outbox drain, then the release of the source and stream leases, within
        ``STOP_TAIL`` between them."""
        tail = asyncio.get_running_loop().time() + STOP_TAIL
        try:  # what is due, so a graceful stop leaves less behind
            if not await _within(self.outbox.drain_once(), STOP_TAIL):
                log.warning("last outbox drain did not finish in %g s; the cards it had "
                            "claimed are taken over when store.lease_seconds lapse (each looked "
                            "for before it is posted), the others stay queued", STOP_TAIL)
        except SocialopsError as exc:  # the store down, say: one line; the cards stay queued
            log.warning("last outbox drain failed: %s", exc)
        except Exception:
            log.exception("last outbox drain failed")
        leases = [f"{kind}:{sc.id}" for sc in self.config.sources for kind in ("source", "stream")]
        kept: list[str] = []
        why = ""
        for i, lease in enumerate(leases):
            left = tail - asyncio.get_running_loop().time()
            try:
                if left <= 0:
                    raise TimeoutError
                await asyncio.wait_for(self.store.release_lease(lease, self.owner), timeout=left)
            except TimeoutError:  # the store does not answer: these lapse by themselves
                kept += leases[i:]
                why = f"no answer in {STOP_TAIL:g} s"
                break
            except Exception as exc:  # the store down, say: each lapses by itself
                kept.append(lease)
                why = f"{type(exc).__name__}: {exc}"
        if kept:  # one line, not one a lease
            log.warning("could not release %s (%s); other processes take them over when "
                        "they lapse", ", ".join(kept), why)


def _names(tasks: Iterable[asyncio.Future[Any]]) -> str:
    """The loops a stop waits for (``source:feeds, stream:bsky``), by their task names."""
    return ", ".join(sorted(t.get_name() if isinstance(t, asyncio.Task) else repr(t)
                            for t in tasks))


def _unlogged(quiet: int) -> str:
    return f" ({quiet:,} empty polls before it not logged)" if quiet else ""


def _lag(batch: Any, now: datetime) -> float:
    newest = max((m.created_at for m in batch), default=None)
    return max(0.0, (now - newest).total_seconds()) if newest is not None else 0.0
