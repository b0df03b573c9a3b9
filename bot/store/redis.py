"""The Redis store: several bot processes share one state (DESIGN §5).

Every read-modify-write is one Lua script, so it is atomic across processes: compare-and-set of
records, outbox enqueue / claim / finish, channel leases, named leases and timer take-over.
Logical expiry times come from the injected clock (tests advance it); each key also carries a
real Redis TTL a little longer than its logical one, so memory stays bounded in production.
Redis errors become ``StoreError``; a server that cannot be reached at start-up is
``StoreUnavailable``. The client retries a dropped connection, so a Redis restart is ridden out.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import redis.asyncio as aioredis
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from bot.core.errors import StoreError, StoreUnavailable
from bot.core.models import Approval, AuditEvent, MessageRef, Signal, Subscription, Ticket
from bot.core.ports import Clock, OutboxItem
from bot.store import keys as K
from bot.store import redact_url

SLACK = 60  # seconds of real TTL beyond the logical one
CUSTOMER_HISTORY = 200

_MARK = """
local v = redis.call('GET', KEYS[1])
if v then
  local sep = string.find(v, '|', 1, true)
  if tonumber(string.sub(v, 1, sep - 1)) > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2] .. '|1', 'EX', ARGV[3])
return 1
"""
_CLAIM_VALUE = """
local v = redis.call('GET', KEYS[1])
if v then
  local sep = string.find(v, '|', 1, true)
  if tonumber(string.sub(v, 1, sep - 1)) > tonumber(ARGV[1]) then
    return string.sub(v, sep + 1)
  end
end
redis.call('SET', KEYS[1], ARGV[2] .. '|' .. ARGV[4], 'EX', ARGV[3])
return ARGV[4]
"""
# KEYS: record, index, [open-ticket]; ARGV: expected version, json, id, open(1/0)
_CAS = """
local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
if cjson.decode(cur)['version'] ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
if KEYS[3] then
  if ARGV[4] == '1' then redis.call('SET', KEYS[3], ARGV[3])
  elseif redis.call('GET', KEYS[3]) == ARGV[3] then redis.call('DEL', KEYS[3]) end
end
return 1
"""
_CREATE = """
if redis.call('SETNX', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SADD', KEYS[2], ARGV[2])
if KEYS[3] and ARGV[3] == '1' then redis.call('SET', KEYS[3], ARGV[2]) end
return 1
"""
# KEYS: item, channel zset, channels set, counts; ARGV: json, seq, next, key, channel id
_ENQUEUE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'json', ARGV[1], 'next', ARGV[3], 'status', 'pending')
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4])
redis.call('SADD', KEYS[3], ARGV[5])
redis.call('HINCRBY', KEYS[4], 'pending', 1)
return 1
"""
# KEYS: channels set; ARGV: now, owner, lease expiry, limit, prefix
_CLAIM = """
local out = {}
local now = tonumber(ARGV[1])
for _, chan in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if #out >= tonumber(ARGV[4]) then break end
  local zkey = ARGV[5] .. 'outbox:chan:' .. chan
  local head = redis.call('ZRANGE', zkey, 0, 0)
  if #head == 0 then
    redis.call('SREM', KEYS[1], chan)
  else
    local ikey = ARGV[5] .. 'outbox:item:' .. head[1]
    local nxt = tonumber(redis.call('HGET', ikey, 'next'))
    if nxt and nxt <= now then
      local lkey = ARGV[5] .. 'outbox:lease:' .. chan
      local lease = redis.call('GET', lkey)
      local free = true
      if lease then
        local sep = string.find(lease, '|', 1, true)
        local owner = string.sub(lease, sep + 1)
        if owner ~= ARGV[2] and tonumber(string.sub(lease, 1, sep - 1)) > now then free = false end
      end
      if free then
        redis.call('SET', lkey, ARGV[3] .. '|' .. ARGV[2])
        table.insert(out, redis.call('HGET', ikey, 'json'))
      end
    end
  end
end
return out
"""
# KEYS: item, channel zset, counts, lease, [msgref]; ARGV: json, status, key, owner, ref, next
_SETTLE = """
local old = redis.call('HGET', KEYS[1], 'status')
if not old then return 0 end
redis.call('HSET', KEYS[1], 'json', ARGV[1], 'status', ARGV[2], 'next', ARGV[6])
if ARGV[2] ~= 'pending' then
  redis.call('ZREM', KEYS[2], ARGV[3])
  if old == 'pending' then
    redis.call('HINCRBY', KEYS[3], 'pending', -1)
    redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
  end
end
if KEYS[5] and ARGV[5] ~= '' then
  -- the first message stays the card's; a later ref to that same message replaces it
  local cur = redis.call('GET', KEYS[5])
  if not cur or cjson.decode(cur)['message_id'] == cjson.decode(ARGV[5])['message_id'] then
    redis.call('SET', KEYS[5], ARGV[5])
  end
end
local lease = redis.call('GET', KEYS[4])
if lease then
  local sep = string.find(lease, '|', 1, true)
  if string.sub(lease, sep + 1) == ARGV[4] then redis.call('DEL', KEYS[4]) end
end
return 1
"""
_DRAIN = """
local items = redis.call('LRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
return items
"""
# KEYS: lease; ARGV: now, owner, expiry, real ttl
_LEASE = """
local v = redis.call('GET', KEYS[1])
if v then
  local sep = string.find(v, '|', 1, true)
  local holder, expires = string.sub(v, sep + 1), tonumber(string.sub(v, 1, sep - 1))
  if holder ~= ARGV[2] and expires > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[3] .. '|' .. ARGV[2], 'EX', ARGV[4])
return 1
"""
_RELEASE = """
local v = redis.call('GET', KEYS[1])
if v then
  local sep = string.find(v, '|', 1, true)
  if string.sub(v, sep + 1) == ARGV[1] then redis.call('DEL', KEYS[1]) end
end
return 1
"""
# KEYS: timers zset, payload hash; ARGV: now, limit
_TAKE = """
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local out = {}
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  table.insert(out, id)
  table.insert(out, redis.call('HGET', KEYS[2], id) or '')
  redis.call('HDEL', KEYS[2], id)
end
return out
"""


def _ts(dt: datetime) -> float:
    return dt.timestamp()


def _chan(workspace: str, channel: str) -> str:
    return f"{workspace}\x00{channel}"


class RedisStore:
    def __init__(self, client: aioredis.Redis, *, clock: Clock, url: str,
                 prefix: str = "socialops:") -> None:
        self.r = client
        self.clock = clock
        self.url = url
        self.k = K.RedisKeys(prefix)
        self._scripts = {name: client.register_script(src) for name, src in (
            ("mark", _MARK), ("claim_value", _CLAIM_VALUE), ("cas", _CAS), ("create", _CREATE),
            ("enqueue", _ENQUEUE), ("claim", _CLAIM), ("settle", _SETTLE), ("drain", _DRAIN),
            ("lease", _LEASE), ("release", _RELEASE), ("take", _TAKE))}

    @classmethod
    async def connect(cls, url: str, *, clock: Clock, prefix: str = "socialops:",
                      connect_seconds: float = 2.0) -> RedisStore:
        try:
            client = aioredis.Redis.from_url(
                url, protocol=2, decode_responses=True, socket_connect_timeout=connect_seconds,
                socket_timeout=10.0, health_check_interval=15,
                retry=Retry(ExponentialBackoff(cap=2.0, base=0.05), 6),
                retry_on_error=[RedisConnectionError, RedisTimeoutError])
        except (ValueError, RedisError) as exc:
            raise StoreUnavailable(f"bad Redis URL {redact_url(url)}: {exc}") from exc
        try:
            await client.ping()
        except (RedisError, OSError) as exc:
            await client.aclose()
            raise StoreUnavailable(f"cannot reach Redis at {redact_url(url)}: {exc}") from exc
        return cls(client, clock=clock, url=url, prefix=prefix)

    @asynccontextmanager
    async def _errors(self) -> AsyncIterator[None]:
        try:
            yield
        except RedisError as exc:
            raise StoreError(f"Redis at {redact_url(self.url)}: {exc}") from exc

    async def _script(self, name: str, keys: list[str], args: list[Any]) -> Any:
        async with self._errors():
            return await self._scripts[name](keys=keys, args=args)

    def _now(self) -> float:
        return _ts(self.clock())

    async def close(self) -> None:
        await self.r.aclose()

    # dedup -------------------------------------------------------------------------------------

    async def mark_seen(self, key: str, ttl_seconds: int) -> bool:
        now = self._now()
        return bool(await self._script("mark", [self.k.seen(key)],
                                       [now, now + ttl_seconds, ttl_seconds + SLACK]))

    async def is_seen(self, key: str) -> bool:
        async with self._errors():
            v = await self.r.get(self.k.seen(key))
        return v is not None and float(str(v).split("|", 1)[0]) > self._now()

    async def claim_value(self, key: str, value: str, ttl_seconds: int) -> str:
        now = self._now()
        return str(await self._script("claim_value", [self.k.seen(key)],
                                      [now, now + ttl_seconds, ttl_seconds + SLACK, value]))

    # cursors and counters ----------------------------------------------------------------------

    async def get_cursor(self, source_id: str) -> str | None:
        async with self._errors():
            v = await self.r.get(self.k.cursor(source_id))
        return None if v is None else str(v)

    async def set_cursor(self, source_id: str, value: str) -> None:
        async with self._errors():
            await self.r.set(self.k.cursor(source_id), value)

    async def next_number(self, counter: str) -> int:
        async with self._errors():
            return int(await self.r.incr(self.k.counter(counter)))

    # records -----------------------------------------------------------------------------------

    async def _create(self, kind: str, rid: str, data: str, *, open_key: str | None = None,
                      is_open: bool = False) -> bool:
        keys = [self.k.record(kind, rid), self.k.index(kind)]
        if open_key:
            keys.append(self.k.open_ticket(open_key))
        return bool(await self._script("create", keys, [data, rid, "1" if is_open else "0"]))

    async def _cas(self, kind: str, rid: str, new_version: int, expected: int, data: str, *,
                   open_key: str | None = None, is_open: bool = False) -> bool:
        if new_version != expected + 1:
            raise ValueError(f"new version must be {expected + 1}, got {new_version}")
        keys = [self.k.record(kind, rid), self.k.index(kind)]
        if open_key:
            keys.append(self.k.open_ticket(open_key))
        return bool(await self._script("cas", keys,
                                       [expected, data, rid, "1" if is_open else "0"]))

    async def _get(self, kind: str, rid: str) -> str | None:
        async with self._errors():
            v = await self.r.get(self.k.record(kind, rid))
        return None if v is None else str(v)

    async def _all(self, kind: str) -> list[str]:
        async with self._errors():
            ids = sorted((str(i) for i in await self.r.smembers(self.k.index(kind))),
                         key=_natural)
            if not ids:
                return []
            values = await self.r.mget([self.k.record(kind, i) for i in ids])
        return [str(v) for v in values if v is not None]

    async def create_ticket(self, ticket: Ticket) -> bool:
        return await self._create(K.TICKET, ticket.id, ticket.to_json(),
                                  open_key=ticket.conversation_key,
                                  is_open=ticket.status != "resolved")

    async def get_ticket(self, ticket_id: str) -> Ticket | None:
        data = await self._get(K.TICKET, ticket_id)
        return Ticket.model_validate_json(data) if data else None

    async def update_ticket(self, new: Ticket, *, expected_version: int) -> bool:
        return await self._cas(K.TICKET, new.id, new.version, expected_version, new.to_json(),
                               open_key=new.conversation_key, is_open=new.status != "resolved")

    async def list_tickets(self, *, status: str | None = None) -> list[Ticket]:
        tickets = [Ticket.model_validate_json(d) for d in await self._all(K.TICKET)]
        return [t for t in tickets if status is None or t.status == status]

    async def find_open_ticket(self, conversation_key: str) -> Ticket | None:
        async with self._errors():
            rid = await self.r.get(self.k.open_ticket(conversation_key))
        if rid is None:
            return None
        ticket = await self.get_ticket(str(rid))
        return ticket if ticket is not None and ticket.status != "resolved" else None

    async def create_approval(self, approval: Approval) -> bool:
        return await self._create(K.APPROVAL, approval.id, approval.to_json())

    async def get_approval(self, approval_id: str) -> Approval | None:
        data = await self._get(K.APPROVAL, approval_id)
        return Approval.model_validate_json(data) if data else None

    async def update_approval(self, new: Approval, *, expected_version: int) -> bool:
        return await self._cas(K.APPROVAL, new.id, new.version, expected_version, new.to_json())

    async def list_approvals(self, *, status: str | None = None) -> list[Approval]:
        approvals = [Approval.model_validate_json(d) for d in await self._all(K.APPROVAL)]
        return [a for a in approvals if status is None or a.status == status]

    async def create_subscription(self, sub: Subscription) -> bool:
        return await self._create(K.SUBSCRIPTION, sub.id, sub.to_json())

    async def get_subscription(self, sub_id: str) -> Subscription | None:
        data = await self._get(K.SUBSCRIPTION, sub_id)
        return Subscription.model_validate_json(data) if data else None

    async def update_subscription(self, new: Subscription, *, expected_version: int) -> bool:
        return await self._cas(K.SUBSCRIPTION, new.id, new.version, expected_version,
                               new.to_json())

    async def delete_subscription(self, sub_id: str) -> bool:
        async with self._errors():
            pipe = self.r.pipeline(transaction=True)
            pipe.delete(self.k.record(K.SUBSCRIPTION, sub_id))
            pipe.srem(self.k.index(K.SUBSCRIPTION), sub_id)
            deleted, _ = await pipe.execute()
        return bool(deleted)

    async def list_subscriptions(self, *, workspace: str | None = None,
                                 channel: str | None = None) -> list[Subscription]:
        subs = [Subscription.model_validate_json(d) for d in await self._all(K.SUBSCRIPTION)]
        return [s for s in subs if (workspace is None or s.workspace == workspace)
                and (channel is None or s.channel == channel)]

    # outbox ------------------------------------------------------------------------------------

    async def enqueue(self, item: OutboxItem) -> bool:
        async with self._errors():
            if await self.r.exists(self.k.outbox_item(item.key)):
                return False
            seq = int(await self.r.incr(self.k.outbox_seq))
        stored = item.model_copy(update={"seq": seq})
        chan = _chan(item.workspace, item.channel)
        return bool(await self._script(
            "enqueue",
            [self.k.outbox_item(item.key), self.k.outbox_channel(item.workspace, item.channel),
             self.k.outbox_channels, self.k.outbox_counts],
            [stored.to_json(), seq, _ts(item.next_attempt_at), item.key, chan]))

    async def claim_due(self, *, now: datetime, owner: str, lease_seconds: float,
                        limit: int) -> list[OutboxItem]:
        t = _ts(now)
        rows = await self._script("claim", [self.k.outbox_channels],
                                  [t, owner, t + lease_seconds, limit, self.k.prefix])
        return sorted((OutboxItem.model_validate_json(r) for r in rows), key=lambda i: i.seq)

    async def get_outbox(self, key: str) -> OutboxItem | None:
        async with self._errors():
            data = await self.r.hget(self.k.outbox_item(key), "json")
        return OutboxItem.model_validate_json(data) if data else None

    async def _settle(self, new: OutboxItem, *, owner: str, ref: MessageRef | None) -> None:
        keys = [self.k.outbox_item(new.key),
                self.k.outbox_channel(new.workspace, new.channel), self.k.outbox_counts,
                self.k.outbox_lease(new.workspace, new.channel)]
        if ref is not None:
            keys.append(self.k.message_ref(new.card.key, new.workspace, new.channel))
        await self._script("settle", keys, [new.to_json(), new.status, new.key, owner,
                                            ref.to_json() if ref else "",
                                            _ts(new.next_attempt_at)])

    async def finish(self, key: str, *, owner: str, ref: MessageRef | None) -> None:
        item = await self.get_outbox(key)
        if item is not None:
            await self._settle(item.model_copy(update={"status": "sent", "ref": ref}),
                               owner=owner, ref=ref)

    async def retry_later(self, key: str, *, owner: str, at: datetime, error: str,
                          dead: bool = False) -> None:
        item = await self.get_outbox(key)
        if item is not None:
            await self._settle(item.model_copy(update={
                "attempts": item.attempts + 1, "next_attempt_at": at,
                "last_error": error[:2000], "status": "dead" if dead else "pending"}),
                owner=owner, ref=None)

    async def outbox_counts(self) -> dict[str, int]:
        async with self._errors():
            raw = await self.r.hgetall(self.k.outbox_counts)
        counts = {"pending": 0, "sent": 0, "dead": 0}
        counts.update({str(k): int(v) for k, v in raw.items()})
        return counts

    async def message_ref(self, card_key: str, workspace: str,
                          channel: str) -> MessageRef | None:
        async with self._errors():
            data = await self.r.get(self.k.message_ref(card_key, workspace, channel))
        return MessageRef.model_validate_json(data) if data else None

    # signals and groups ------------------------------------------------------------------------

    async def put_signal(self, signal: Signal, ttl_seconds: int) -> None:
        ckey = self.k.customer(signal.mention.customer_key)
        async with self._errors():
            pipe = self.r.pipeline(transaction=True)
            pipe.set(self.k.signal(signal.id), signal.to_json(), ex=ttl_seconds + SLACK)
            pipe.zadd(ckey, {signal.id: _ts(signal.mention.created_at)})
            pipe.zremrangebyrank(ckey, 0, -CUSTOMER_HISTORY - 1)
            pipe.expire(ckey, ttl_seconds + SLACK)
            await pipe.execute()

    async def get_signal(self, signal_id: str) -> Signal | None:
        async with self._errors():
            data = await self.r.get(self.k.signal(signal_id))
        return Signal.model_validate_json(data) if data else None

    async def customer_signals(self, customer_key: str, limit: int = 20) -> list[Signal]:
        async with self._errors():
            ids = await self.r.zrevrange(self.k.customer(customer_key), 0, limit - 1)
            if not ids:
                return []
            values = await self.r.mget([self.k.signal(str(i)) for i in ids])
        return [Signal.model_validate_json(v) for v in values if v is not None]

    async def append_group(self, group: str, item: str) -> int:
        async with self._errors():
            return int(await self.r.rpush(self.k.group(group), item))

    async def drain_group(self, group: str) -> list[str]:
        return [str(x) for x in await self._script("drain", [self.k.group(group)], [])]

    # audit -------------------------------------------------------------------------------------

    async def append_audit(self, event: AuditEvent) -> None:
        async with self._errors():
            await self.r.rpush(self.k.audit, event.to_json())

    async def audit_since(self, since: datetime | None = None) -> list[AuditEvent]:
        async with self._errors():
            rows = await self.r.lrange(self.k.audit, 0, -1)
        events = [AuditEvent.model_validate_json(r) for r in rows]
        if since is not None:
            events = [e for e in events if e.at >= since]
        return sorted(events, key=lambda e: e.at)  # stable: insertion order within one instant

    # leases and timers -------------------------------------------------------------------------

    async def acquire_lease(self, name: str, owner: str, ttl_seconds: float) -> bool:
        now = self._now()
        return bool(await self._script("lease", [self.k.lease(name)],
                                       [now, owner, now + ttl_seconds,
                                        int(ttl_seconds) + SLACK]))

    async def release_lease(self, name: str, owner: str) -> None:
        await self._script("release", [self.k.lease(name)], [owner])

    async def schedule(self, job_id: str, due_at: datetime, payload: str) -> None:
        async with self._errors():
            pipe = self.r.pipeline(transaction=True)
            pipe.hset(self.k.timer_payloads, job_id, payload)
            pipe.zadd(self.k.timers, {job_id: _ts(due_at)})
            await pipe.execute()

    async def cancel(self, job_id: str) -> None:
        async with self._errors():
            pipe = self.r.pipeline(transaction=True)
            pipe.zrem(self.k.timers, job_id)
            pipe.hdel(self.k.timer_payloads, job_id)
            await pipe.execute()

    async def take_due(self, now: datetime, limit: int = 100) -> list[tuple[str, str]]:
        flat = await self._script("take", [self.k.timers, self.k.timer_payloads],
                                  [_ts(now), limit])
        return [(str(flat[i]), str(flat[i + 1])) for i in range(0, len(flat), 2)]


def _natural(record_id: str) -> tuple[str, int, str]:
    """Sort T-2 before T-10."""
    prefix, _, number = record_id.partition("-")
    return (prefix, int(number), "") if number.isdigit() else (prefix, 0, record_id)

