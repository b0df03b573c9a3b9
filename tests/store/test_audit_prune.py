"""Audit retention (``store.retention.audit_days``) on both real backends, with the same data:
Redis prunes exactly the events SQLite prunes, and in a few script calls rather than two
commands an event."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from bot.core.config import StoreConfig
from bot.core.effects import Effects
from bot.core.models import AuditEvent
from bot.core.ports import Store
from bot.store import open_store
from tests.conftest import FakeClock

DAYS = 90
# the zones pydantic writes as 'Z', '+05:30', '-08:00' and '+14:00' (one past midnight)
ZONES = (UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8)),
         timezone(timedelta(hours=14)))


@pytest.fixture
async def stores(tmp_path: Path, redis_url: str,
                 clock: FakeClock) -> AsyncIterator[tuple[Store, Store]]:
    sqlite = await open_store(StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")),
                              redis_url=None, clock=clock)
    redis = await open_store(StoreConfig(backend="redis"), redis_url=redis_url, clock=clock)
    yield sqlite, redis
    await sqlite.close()
    await redis.close()


def events(start: datetime) -> list[AuditEvent]:
    """1,300 events in the order one clock writes them, 47 hours and some seconds and
    microseconds apart, over seven years (leap days, ends of months and years), a third on a
    whole second (which pydantic writes without a fraction), in four zones; and three more at
    the instant of event 1,250 (ties with the cutoff)."""
    out = []
    for i in range(1300):
        micros = (i * 7919) % 1_000_000 if i % 3 else 0
        at = start + timedelta(hours=47 * i, seconds=37 * i, microseconds=micros)
        out.append(AuditEvent(id=f"E{i:04}", at=at.astimezone(ZONES[i % len(ZONES)]),
                              actor="alice", action="ticket.claim", object_type="ticket",
                              object_id=f"T-{i}", after={"status": "claimed", "at": "x"}))
        if i == 1250:
            out += [e.model_copy(update={"id": f"{e.id}-tie{t}", "at": at.astimezone(ZONES[t])})
                    for t, e in enumerate([out[-1]] * 3)]
    return out


async def test_redis_prunes_the_audit_events_sqlite_prunes(
        stores: tuple[Store, Store], redis_url: str, clock: FakeClock) -> None:
    written = events(clock())
    for store in stores:
        for i in range(0, len(written), 100):
            fx = Effects()
            fx.audit += written[i:i + 100]
            assert await store.apply(fx)
    cutoff = written[1250].at
    assert cutoff.microsecond  # the cutoff has a fraction: the comparison is to the microsecond
    now = cutoff + timedelta(days=DAYS)
    client = aioredis.Redis.from_url(redis_url)
    try:
        before = int((await client.info("stats"))["total_commands_processed"])
        done = [await s.prune(now, sent_seconds=3600, refs_seconds=86400,
                              audit_seconds=DAYS * 86400) for s in stores]
        commands = int((await client.info("stats"))["total_commands_processed"]) - before
    finally:
        await client.aclose()
    assert done[0]["audit"] == done[1]["audit"] == 1250
    kept = [[e.id for e in await s.audit_since()] for s in stores]
    assert kept[0] == kept[1]
    assert kept[1][:4] == ["E1250", "E1250-tie0", "E1250-tie1", "E1250-tie2"]
    assert len(kept[1]) == len(written) - 1250
    # 1,250 events in seven script calls of at most 200, each running an LRANGE and an LTRIM
    # (29 commands in all, with the prune's others and the scripts' first loading); one
    # LINDEX and one LPOP an event made 2,507
    assert commands < 40, commands
