"""The shared mention stream's errors said as the store's are (a Redis failover seen by a
running `--role worker`, real redis-servers): a primary demoted to a replica (`REPLICAOF`, what
a failover does to the old primary) made every other loop say `Redis at ... is a read-only
replica, where socialops cannot write; point REDIS_URL (or store.redis_url) at its primary`,
while the mentions loop, `/healthz` and `/readyz` said `mention queue: You can't write against
a read only replica.`, naming neither the Redis nor what to do; a stopped Redis was `mention
queue: Connection closed by server.`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app.compose import build_queue
from bot.core.config import StoreConfig
from bot.core.errors import StoreUnavailable
from bot.store.redis import RedisStore
from tests.support.redis_server import RedisServer


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[RedisServer, RedisServer]]:
    primary = RedisServer(tmp_path / "a").start()
    other = RedisServer(tmp_path / "b").start()
    try:
        yield primary, other
    finally:
        primary.stop()
        other.stop()


async def test_a_demoted_primary_is_said_with_what_to_do(
        servers: tuple[RedisServer, RedisServer]) -> None:
    old, new = servers
    store = await RedisStore.connect(old.url, clock=lambda: datetime.now(UTC))
    queue = build_queue(store, StoreConfig(backend="redis"), owner="w1")
    assert queue is not None
    try:
        await store.r.execute_command("REPLICAOF", "127.0.0.1", str(new.port))
        with pytest.raises(StoreUnavailable) as said:
            await queue.add([], cursors={"feeds": "1"})
        assert str(said.value) == (
            f"Redis at {old.url} is a read-only replica, where socialops cannot write; point "
            "REDIS_URL (or store.redis_url) at its primary")
    finally:
        await store.r.execute_command("REPLICAOF", "NO", "ONE")
        await store.close()


async def test_a_stopped_redis_is_named(servers: tuple[RedisServer, RedisServer]) -> None:
    server, _ = servers
    store = await RedisStore.connect(server.url, clock=lambda: datetime.now(UTC))
    queue = build_queue(store, StoreConfig(backend="redis"), owner="w1")
    assert queue is not None
    try:
        server.stop()
        with pytest.raises(StoreUnavailable) as said:
            await queue.read(block_ms=10)
        assert str(said.value).startswith(f"Redis at {server.url}: mention queue: "), said.value
    finally:
        await store.close()
