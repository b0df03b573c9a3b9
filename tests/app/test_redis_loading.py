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

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.errors import StoreUnavailable
from bot.store.redis import RedisStore
from tests.app.cli_support import clean_env, socialops
from tests.support.redis_server import free_port

BIN = Path(sys.executable).with_name("socialops")
KEYS = 3_000  # loaded at 2 ms a key: about 6 s


class Loading:
    """A redis-server holding ``KEYS`` keys, restarted to load them slowly."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.proc = self._start()
        self.until_ping("PONG")
        self.cli("EVAL", "for i = 1, tonumber(ARGV[1]) do redis.call('SET', 'filler:' .. i, "
                 "string.rep('x', 64)) end", "0", str(KEYS))
        self.cli("BGREWRITEAOF")  # the keys in the AOF's RDB part, which the delay slows
        self.until_info("aof_rewrite_in_progress:0")
        self.cli("SHUTDOWN")
        self.proc.wait(timeout=20)

    def _start(self, *extra: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes", "--dir", str(self.folder), *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def restart_loading(self) -> None:
        self.proc = self._start("--key-load-delay", "2000",
                                "--loading-process-events-interval-bytes", "1024")
        self.until_ping("LOADING")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def cli(self, *args: str) -> str:
        return subprocess.run(["redis-cli", "-p", str(self.port), *args], check=False,
                              capture_output=True, text=True).stdout

    def until_ping(self, seen: str) -> None:
        deadline = time.monotonic() + 20
        while seen not in self.cli("PING"):
            assert time.monotonic() < deadline, f"PING never answered {seen}"
            time.sleep(0.02)

    def until_info(self, seen: str) -> None:
        deadline = time.monotonic() + 20
        while seen not in self.cli("INFO", "persistence"):
            assert time.monotonic() < deadline, f"INFO never said {seen}"
            time.sleep(0.05)


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[Loading]:
    (tmp_path / "redis").mkdir()
    server = Loading(tmp_path / "redis")
    yield server
    server.proc.kill()
    server.proc.wait(timeout=10)


def test_run_waits_for_a_loading_redis_and_check_says_it_loads(
        tmp_path: Path, redis: Loading) -> None:
    assert socialops("init", "--yes", cwd=tmp_path).returncode == 0
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
    env = clean_env(REDIS_URL=redis.url)
    redis.restart_loading()
    check = socialops("check", "--online", cwd=tmp_path, env=env)
    assert check.returncode == 1, check.stderr
    assert (f"Redis at {redis.url} is loading its data set into memory (" in check.stderr
            and "`run` waits for it (up to 600 s): ask again once it has" in check.stderr), \
        check.stderr
    run = subprocess.Popen([str(BIN), "run", "--no-stdin"], cwd=tmp_path, env=env,
                           stderr=subprocess.PIPE, text=True)
    try:
        assert run.stderr is not None
        lines = []
        for line in run.stderr:  # until its first poll: the store opened once loaded
            lines.append(line)
            if "polled " in line or "error:" in line or "Traceback" in line:
                break
        run.send_signal(signal.SIGTERM)
        _, rest = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
    said = "".join(lines) + rest
    assert run.returncode == 0 and "polled " in said, said
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
