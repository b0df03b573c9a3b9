"""socialops started beside a real redis-server that is still loading its data set into memory
(after a restart, a reboot, a compose file starting both: an AOF of gigabytes loads for
minutes), during which Redis answers ``LOADING`` to nearly every command.

``run`` stopped at once with "cannot reach Redis ...: Redis is loading the dataset in memory;
start redis-server there, or point REDIS_URL (or store.redis_url) at the one you run", and a
platform restarting it met the same until the load ended. It now waits for the load (up to
``LOADING_SECONDS``), saying so in a log line, and starts; ``check --online`` says Redis is
loading; a load longer than the wait ends in one line that says so. The load is slowed with
Redis's own ``key-load-delay`` (microseconds a key) so that it lasts a few seconds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.errors import StoreUnavailable
from bot.store.redis import RedisStore
from tests.app.cli_support import Cli, clean_env, init_redis, run_until_polled
from tests.support.redis_server import OwnRedis

KEYS = 3_000  # loaded at 2 ms a key: about 6 s
AOF = ("--save", "", "--appendonly", "yes")


class Loading(OwnRedis):
    """A redis-server holding ``KEYS`` keys, restarted to load them slowly."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, *AOF)
        self.cli("EVAL", "for i = 1, tonumber(ARGV[1]) do redis.call('SET', 'filler:' .. i, "
                 "string.rep('x', 64)) end", "0", str(KEYS))
        self.cli("BGREWRITEAOF")  # the keys in the AOF's RDB part, which the delay slows
        self.until("INFO persistence", "aof_rewrite_in_progress:0")
        self.cli("SHUTDOWN")
        self.proc.wait(timeout=20)

    def restart_loading(self) -> None:
        self.start(*AOF, "--key-load-delay", "2000",
                   "--loading-process-events-interval-bytes", "1024", ready="LOADING")


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[Loading]:
    server = Loading(tmp_path / "redis")
    yield server
    server.stop(kill=True)


def test_run_waits_for_a_loading_redis_and_check_says_it_loads(
        tmp_path: Path, redis: Loading, cli: Cli) -> None:
    init_redis(tmp_path)
    env = clean_env(REDIS_URL=redis.url)
    redis.restart_loading()
    check = cli("check", "--online", cwd=tmp_path, env=env)
    assert check.returncode == 1, check.stderr
    assert (f"Redis at {redis.url} is loading its data set into memory (" in check.stderr
            and "`run` waits for it (up to 600 s): ask again once it has" in check.stderr), \
        check.stderr
    # loading again from its start: under load `check` alone outlasted the ~6 s load, and
    # `run` then met a Redis already loaded (CI, 2026-12-07, load 12)
    redis.stop(kill=True)
    redis.restart_loading()
    code, said = run_until_polled(cwd=tmp_path, env=env)
    assert code == 0 and "polled " in said, said
    assert f"Redis at {redis.url} is loading its data set into memory (" in said, said
    assert f"Redis at {redis.url} has loaded its data set" in said, said
    assert "cannot reach" not in said
    assert redis.cli("DBSIZE").split()[0].isdigit() and int(redis.cli("DBSIZE")) > KEYS


async def test_a_load_longer_than_the_wait_ends_in_one_line(redis: Loading) -> None:
    redis.restart_loading()
    with pytest.raises(StoreUnavailable, match=r"is still loading its data set into memory "
                       r"\(\d+% done\) after [12] s; start socialops again once it has"):
        await RedisStore.connect(redis.url, clock=lambda: datetime.now(UTC),
                                 loading_seconds=1.0)
