"""socialops against a real redis-server that is full: a ``maxmemory`` with
``maxmemory-policy noeviction`` (what docs/operations.md and docs/scaling.md ask for, since any
other policy is refused) answers every write with ``OOM command not allowed when used memory >
'maxmemory'`` once its data reaches the limit.

``run`` (and ``replay``, ``draft``) said "cannot reach Redis at ...: command not allowed when
used memory > 'maxmemory'; check REDIS_URL: its password and database number", neither of
which is the cause, and ``check --online``, which the README says asks Redis what ``run`` asks
it at start, said nothing and exited 0. They now say that Redis is full and what to do, and a
running store says the same in its errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.errors import StoreError
from bot.store.redis import RedisStore
from tests.app.cli_support import Cli, assert_one_line_error, clean_env, init_redis
from tests.support.redis_server import OwnRedis

SAID = "is full: its used memory is over its maxmemory"


class Server(OwnRedis):
    def __init__(self, folder: Path) -> None:
        super().__init__(folder, "--save", "", "--appendonly", "yes",
                         "--maxmemory-policy", "noeviction")

    def fill(self) -> None:
        """A maxmemory below what it holds already: every write refused (OOM)."""
        self.cli("CONFIG", "SET", "maxmemory", "100kb")
        self.until("SET probe 1", "OOM")

    def room(self) -> None:
        self.cli("CONFIG", "SET", "maxmemory", "0")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    started = Server(tmp_path / "redis")
    yield started
    started.stop(kill=True)


def test_run_and_check_say_redis_is_full_not_to_check_the_password(
        tmp_path: Path, server: Server, cli: Cli) -> None:
    init_redis(tmp_path)
    server.fill()
    env = clean_env(REDIS_URL=server.url)
    run = cli("run", "--no-stdin", cwd=tmp_path, env=env)
    assert_one_line_error(run, SAID, "maxmemory")
    assert "password and database number" not in run.stderr
    check = cli("check", "--online", cwd=tmp_path, env=env)
    assert check.returncode == 1 and SAID in check.stderr, check.stderr


async def test_a_running_store_says_redis_is_full_and_writes_again_once_there_is_room(
        server: Server) -> None:
    store = await RedisStore.connect(server.url, clock=lambda: datetime.now(UTC))
    try:
        server.fill()
        with pytest.raises(StoreError, match=SAID):
            await store.set_cursor("feeds", "1")
        server.room()
        await store.set_cursor("feeds", "2")
        assert await store.get_cursor("feeds") == "2"
    finally:
        await store.close()
