"""The mention stream that lets several ``socialops run`` processes share the work (Redis only).

The process polling a source (under that source's lease) appends each normalised mention to a
Redis Stream and only then commits the source's cursor; every process reads the stream through
one consumer group (``XREADGROUP``), runs the pipeline, then acknowledges (``XACK``). An entry
whose consumer died stays pending; after ``visibility_seconds`` without an ack any live
consumer takes it over with ``XAUTOCLAIM``. An entry delivered ``max_deliveries`` times without
an ack (a poison mention that crashes the pipeline) goes to a dead-letter stream and is counted,
so it cannot block the queue. An entry holding no post this release can read (one a later
release queued with a field this one does not know, while processes are upgraded one by one) is
set aside there at once, whole, for that release's ``socialops dead retry``: acknowledged and
dropped, as releases before 2026-12-06 did, the post was lost for good. Redelivery is
harmless: the pipeline's dedup marks a mention done only after its side effects, and every side
effect is idempotent (outbox keys, ticket compare-and-set), so a mention delivered twice is
processed once.

The stream is trimmed approximately to ``max_length`` entries (``MAXLEN ~``): acknowledged
entries are history, and a backlog that long means the consumers are far behind (the
``socialops_queue_lag_seconds`` metric says so first).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from redis import asyncio as aioredis
from redis.exceptions import RedisError, ResponseError

from bot.core.errors import StoreUnavailable
from bot.core.models import Mention
from bot.core.redact import redact_url
from bot.store.layout import RedisKeys

log = logging.getLogger(__name__)
GROUP = "socialops"
MAX_LENGTH = 1_000_000
DEAD_MAX_LENGTH = 100_000


@dataclass(frozen=True)
class Entry:
    id: str
    mention: Mention | None  # None: trimmed away, or unreadable (``unread``)
    deliveries: int = 1
    # why the entry holds no post this release can read, and what it holds (set aside whole)
    unread: str = ""
    data: str = ""


def _unread(exc: ValueError) -> str:
    """What keeps an entry's post from being read, in a few words (pydantic's first error)."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[:1]
        if first:
            where = ".".join(str(p) for p in first[0].get("loc", ())) or "post"
            return f"{where}: {first[0].get('msg', 'unreadable')}"[:200]
    return str(exc).splitlines()[0][:200] if str(exc) else "unreadable"


class MentionQueue:
    def __init__(self, client: aioredis.Redis, *, prefix: str, consumer: str,
                 visibility_seconds: float = 60.0, max_deliveries: int = 5,
                 max_length: int = MAX_LENGTH, url: str | None = None) -> None:
        self.r = client
        # the Redis's URL, named in the errors as the store names it (None: not named)
        self.url = url
        self.keys = RedisKeys(prefix)
        self.stream = self.keys.mentions
        self.dead = self.keys.mentions_dead
        self.consumer = consumer
        self.visibility_ms = int(visibility_seconds * 1000)
        self.max_deliveries = max_deliveries
        self.max_length = max_length
        self._group_ready = False
        self.reclaimed = 0
        self.dead_lettered = 0
        self.groups_recreated = 0

    async def _ensure_group(self) -> None:
        if self._group_ready:
            return
        try:
            await self.r.xgroup_create(self.stream, GROUP, id="0", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        self._group_ready = True

    async def add(self, mentions: Sequence[Mention], *,
                  cursors: Mapping[str, str] | None = None) -> None:
        """Append mentions and move the source's cursors in one transaction (MULTI/EXEC);
        raises StoreUnavailable if Redis is gone, so the batch is read again."""
        if not mentions and not cursors:
            return
        try:
            await self._ensure_group()
            async with self.r.pipeline(transaction=True) as pipe:
                for m in mentions:
                    pipe.xadd(self.stream, {"m": m.model_dump_json()},
                              maxlen=self.max_length, approximate=True)
                for source, value in (cursors or {}).items():
                    pipe.set(self.keys.cursor(source), value)
                await pipe.execute()
        except RedisError as exc:
            raise self._unavailable(exc) from exc

    def _unavailable(self, exc: RedisError) -> StoreUnavailable:
        """One line for a failed call, as the store says its own: a Redis that refuses the
        work for a cause of its own (a replica, a full disk or memory) with what to do, any
        other failure with the Redis it was."""
        if self.url is None:
            return StoreUnavailable(f"mention queue: {exc}")
        from bot.store.redis import redis_refusal

        return StoreUnavailable(redis_refusal(exc, self.url)
                                or f"Redis at {redact_url(self.url)}: mention queue: {exc}")

    def _entries(self, raw: Sequence[tuple[str, dict[str, str]]],
                 deliveries: dict[str, int] | None = None) -> list[Entry]:
        out = []
        for entry_id, fields in raw:
            if fields is None:  # trimmed away while pending
                out.append(Entry(entry_id, None))
                continue
            data = fields.get("m", "")
            times = (deliveries or {}).get(entry_id, 1)
            try:
                mention = Mention.model_validate_json(data)
            except ValueError as exc:
                out.append(Entry(entry_id, None, times, unread=_unread(exc), data=data))
                continue
            out.append(Entry(entry_id, mention, times))
        return out

    async def _readable(self, entries: list[Entry]) -> list[Entry]:
        """``entries`` but those holding no post this release can read, each set aside."""
        for e in entries:
            if e.unread:
                await self._dead_letter(e)
        return [e for e in entries if not e.unread]

    def _lost_group(self, exc: RedisError) -> bool:
        """Redis lost the stream or its group (a restart without persistence): make it again
        on the next call instead of failing on NOGROUP forever."""
        if "NOGROUP" in str(exc):
            log.error("the mention stream's consumer group is gone; creating it again")
            self._group_ready = False
            self.groups_recreated += 1
            return True
        return False

    async def read(self, *, count: int = 50, block_ms: int = 1000) -> list[Entry]:
        """New entries for this consumer, waiting up to ``block_ms``."""
        try:
            await self._ensure_group()
            got: Any = await self.r.xreadgroup(GROUP, self.consumer, {self.stream: ">"},
                                               count=count, block=block_ms)
        except RedisError as exc:
            if self._lost_group(exc):
                return []
            raise self._unavailable(exc) from exc
        return await self._readable(self._entries(got[0][1])) if got else []

    async def reclaim(self, *, count: int = 50) -> list[Entry]:
        """Entries a dead (or stuck) consumer left pending longer than the visibility timeout;
        poison entries go to the dead-letter stream instead."""
        try:
            await self._ensure_group()
            answer: Any = await self.r.xautoclaim(self.stream, GROUP, self.consumer,
                                             min_idle_time=self.visibility_ms, start_id="0-0",
                                             count=count)
            claimed = answer[1] if len(answer) > 1 else []
            if not claimed:
                return []
            ids = [entry_id for entry_id, _ in claimed]
            pending = await self.r.xpending_range(self.stream, GROUP, min=ids[0], max=ids[-1],
                                                  count=len(ids) * 2)
        except RedisError as exc:
            if self._lost_group(exc):
                return []
            raise self._unavailable(exc) from exc
        deliveries = {str(p["message_id"]): int(p["times_delivered"]) for p in pending}
        entries = await self._readable(self._entries(claimed, deliveries))
        keep = []
        for e in entries:
            if e.deliveries > self.max_deliveries:
                await self._dead_letter(e)
            else:
                keep.append(e)
        self.reclaimed += len(keep)
        if keep:
            log.warning("took over %d mention(s) left pending by a dead consumer", len(keep))
        return keep

    async def _dead_letter(self, e: Entry) -> None:
        """Moved and acknowledged in one transaction: a process dying between the two left
        the entry pending, to be dead-lettered again (and listed twice)."""
        self.dead_lettered += 1
        if e.unread:
            log.error("mention queue entry %s holds no post this release can read (%s; a "
                      "later release's?); set aside in %s, whole: `socialops dead retry` of "
                      "the release that wrote it takes it back", e.id, e.unread, self.dead)
        else:
            log.error("mention queue entry %s failed %d times; moved to %s", e.id,
                      e.deliveries, self.dead)
        # taken: the deliveries before this one, which found it over the limit (an unreadable
        # entry: this one's, none of which could process it)
        fields = ({"id": e.id, "m": e.data, "taken": str(e.deliveries), "unread": e.unread}
                  if e.unread else
                  {"id": e.id, "m": e.mention.model_dump_json() if e.mention else "",
                   "taken": str(e.deliveries - 1)})
        try:
            async with self.r.pipeline(transaction=True) as pipe:
                pipe.xadd(self.dead, fields,  # type: ignore[arg-type]
                          maxlen=DEAD_MAX_LENGTH, approximate=True)
                pipe.xack(self.stream, GROUP, e.id)
                await pipe.execute()
        except RedisError as exc:
            if self._lost_group(exc):
                return
            raise self._unavailable(exc) from exc

    async def ack(self, ids: Sequence[str]) -> None:
        if ids:
            try:
                await self.r.xack(self.stream, GROUP, *ids)
            except RedisError as exc:
                if self._lost_group(exc):
                    return
                raise self._unavailable(exc) from exc

    async def depth_and_lag(self) -> tuple[int, float]:
        """(entries not yet acknowledged or not yet read, age in seconds of the oldest of
        them), for the metrics."""
        try:
            await self._ensure_group()
            groups = await self.r.xinfo_groups(self.stream)
            info = next((g for g in groups if g.get("name") == GROUP), None)
            if info is None:
                return 0, 0.0
            pending = int(info.get("pending") or 0)
            lag = int(info.get("lag") or 0)
            oldest = await self.r.xpending(self.stream, GROUP)
            first = (oldest or {}).get("min") if pending else None
            if first is None and lag:
                after = await self.r.xrange(self.stream, min=f"({info['last-delivered-id']}",
                                            count=1)
                first = after[0][0] if after else None
        except RedisError:
            return 0, 0.0
        age = 0.0
        if first:  # entry ids are the Redis server's milliseconds: lag against wall time
            age = max(0.0, time.time() - int(str(first).split("-")[0]) / 1000)
        return pending + lag, age
