"""socialops against a real redis-server that cannot save to its own disk: a snapshot that
failed (its folder gone, its disk full) makes Redis refuse every write with ``MISCONF``
(``stop-writes-on-bgsave-error``, the default) until a save succeeds again.

``run`` and ``check --online`` said "cannot reach Redis ... check REDIS_URL (or
store.redis_url): its password and database number", and a running bot's loops warned with
Redis's own paragraph; they now say that Redis cannot save to its disk and what to look at, and
a running store takes writes again by itself once Redis can save."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.errors import StoreError
from bot.store.redis import RedisStore
from tests.app.cli_support import Cli, assert_one_line_error, clean_env, init_redis
from tests.support.redis_server import OwnRedis

SAID = "refuses writes: it cannot save to its own disk (MISCONF"


class Server(OwnRedis):
    def __init__(self, folder: Path) -> None:
        super().__init__(folder, "--save", "3600 1", "--appendonly", "yes",
                         "--enable-protected-configs", "yes")  # so that can_save names it


    def cannot_save(self) -> None:
        """Its folder gone: the next snapshot fails, and Redis refuses writes."""
        shutil.rmtree(self.folder)
        self.cli("BGSAVE")
        self.until("INFO persistence", "rdb_last_bgsave_status:err")

    def can_save(self) -> None:
        """Its folder back (Redis works in the folder it started in: told the new one)."""
        self.folder.mkdir()
        self.cli("CONFIG", "SET", "dir", str(self.folder))
        self.until("BGSAVE", "started")
        self.until("INFO persistence", "rdb_last_bgsave_status:ok")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    started = Server(tmp_path / "redis")
    yield started
    started.stop(kill=True)  # a Redis that cannot save refuses SIGTERM's shutdown save


def test_run_and_check_say_redis_cannot_save_not_to_check_the_password(
        tmp_path: Path, server: Server, cli: Cli) -> None:
    init_redis(tmp_path)
    server.cannot_save()
    env = clean_env(REDIS_URL=server.url)
    run = cli("run", "--no-stdin", cwd=tmp_path, env=env)
    assert_one_line_error(run, SAID, "see the Redis server's log")
    check = cli("check", "--online", cwd=tmp_path, env=env)
    assert check.returncode == 1 and SAID in check.stderr, check.stderr
    for said in (run.stderr, check.stderr):
        assert "password and database number" not in said


async def test_a_running_store_says_so_and_writes_again_once_redis_can_save(
        server: Server) -> None:
    store = await RedisStore.connect(server.url, clock=lambda: datetime.now(UTC))
    try:
        server.cannot_save()
        with pytest.raises(StoreError, match=r"refuses writes: it cannot save to its own disk"):
            await store.set_cursor("feeds", "1")
        server.can_save()
        await store.set_cursor("feeds", "2")
        assert await store.get_cursor("feeds") == "2"
    finally:
        await store.close()
