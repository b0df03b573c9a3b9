"""A Redis whose AOF was turned on only at run time, as docs/scaling.md offers ("`appendonly
yes`, or `redis-cli CONFIG SET appendonly yes`"), comes back from a restart with its redis.conf's
`appendonly no` and loads its last RDB snapshot (Debian's redis.conf saves one every few
minutes): the data set is rolled back to the snapshot, the epoch with it. docs/delivery.md says
a Redis that lost its data ("restarted without its files") is noticed before the next batch
and delivery turns careful; a rollback kept the epoch, so it was not noticed: the cursors,
done marks and settled cards written since the snapshot are gone, and the cards delivered since
are posted again without being looked for first."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path

from bot.core.errors import StoreError
from bot.store.redis import RedisStore
from tests.support.redis_server import OwnRedis

ARGS = ("--appendonly", "no", "--save", "")  # as a redis.conf that says appendonly no


async def test_a_redis_rolled_back_to_its_snapshot_is_noticed(tmp_path: Path) -> None:
    server = OwnRedis(tmp_path / "redis", *ARGS)
    try:
        server.cli("CONFIG", "SET", "appendonly", "yes")  # docs/scaling.md's way
        server.until("INFO persistence", "aof_rewrite_in_progress:0")
        store = await RedisStore.connect(server.url, clock=lambda: datetime.now(UTC))
        try:
            await store.set_cursor("feeds", "1")
            server.cli("BGSAVE")  # a save point of Debian's redis.conf
            server.until("INFO persistence", "rdb_bgsave_in_progress:0")
            await store.set_cursor("feeds", "2")  # written after the snapshot
            server.stop(kill=True)  # a crash, an OOM kill, a host reboot
            server.start(*ARGS)
            with contextlib.suppress(StoreError):  # the connection the restart closed
                await store.get_cursor("feeds")
            assert await store.get_cursor("feeds") == "1"  # rolled back
            # the running bot's check before its next batch and outbox round
            assert not await store.epoch_intact(), "a rolled-back data set read as intact"
        finally:
            await store.close()
    finally:
        server.stop(kill=True)
