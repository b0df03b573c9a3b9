"""`socialops check --online` asks the Redis store what `run` asks it at start, read-only: real
redis-server processes set up wrong (no AOF, eviction, a password, a later release's data, no
server at all) are each one line, as check's other problems; a right one passes and holds no
key afterwards. Before, `check --online` asked Slack and Discord only and passed every one of
these, which `run` then refused."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from bot.app.check import run_check
from tests.support.redis_server import RedisServer, free_port


def write(tmp_path: Path, url: str | None, *, extra: str = "") -> Path:
    path = tmp_path / "socialops.yaml"
    store = f"store: {{backend: redis, redis_url: '{url}'{extra}}}" if url else (
        "store: {backend: redis}")
    path.write_text(f"workspaces: [{{name: console, type: console}}]\n{store}\n",
                    encoding="utf-8")
    return path


async def check(path: Path, *, online: bool = True, env: dict[str, str] | None = None
                ) -> tuple[int, list[str], str]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=online, out=out, err=err, env=env or {})
    return code, err.getvalue().splitlines(), out.getvalue()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    s = RedisServer(tmp_path / "redis").start()
    yield s
    s.stop()


@pytest.fixture
def no_aof(tmp_path: Path) -> Iterator[RedisServer]:
    s = RedisServer(tmp_path / "redis-no-aof", appendonly=False).start()
    yield s
    s.stop()


def keys(url: str) -> int:
    with redis.Redis.from_url(url) as r:
        return int(r.dbsize())


async def test_a_redis_without_aof_is_one_line_at_store_redis_url(
        tmp_path: Path, no_aof: RedisServer) -> None:
    path = write(tmp_path, no_aof.url)
    code, lines, _ = await check(path)
    assert code == 1
    assert lines == [
        f"{path}:2: store.redis_url: Redis at {no_aof.url} does not persist writes (appendonly "
        "no): a restart would lose cursors, tickets and queued alerts. Turn AOF on (`redis-cli "
        "CONFIG SET appendonly yes` and `appendonly yes` in redis.conf), or set "
        "store.accept_data_loss: true to run anyway",
        "1 problem(s) found; fix them and run socialops check again"]
    assert keys(no_aof.url) == 0  # read-only: not even the epoch run writes
    # accept_data_loss: run takes it, so check passes it, and says whom it asked
    code, lines, out = await check(write(tmp_path, no_aof.url, extra=", accept_data_loss: true"))
    assert (code, lines) == (0, [])
    assert "; Redis answered" in out, out


async def test_eviction_and_no_aof_are_a_line_each(tmp_path: Path, no_aof: RedisServer) -> None:
    with redis.Redis.from_url(no_aof.url) as r:
        r.config_set("maxmemory", "100mb")
        r.config_set("maxmemory-policy", "allkeys-lru")
    code, lines, _ = await check(write(tmp_path, no_aof.url))
    assert code == 1
    assert [line.split(": ", 2)[1] for line in lines[:-1]] == ["store.redis_url"] * 2
    assert "does not persist writes (appendonly no)" in lines[0]
    assert ("may evict keys when full (maxmemory 104,857,600 bytes, maxmemory-policy "
            "allkeys-lru)") in lines[1]
    assert lines[-1].startswith("2 problem(s) found")


async def test_a_wrong_password_is_named_with_its_fix(tmp_path: Path) -> None:
    s = RedisServer(tmp_path / "redis-pw", password="right-one").start()
    try:
        wrong = f"redis://:wrong-one@127.0.0.1:{s.port}/0"
        path = write(tmp_path, wrong)
        code, lines, _ = await check(path)
        assert code == 1 and len(lines) == 2, lines
        assert lines[0].startswith(
            f"{path}:2: store.redis_url: cannot reach Redis at redis://:***@127.0.0.1:{s.port}/0: ")
        assert lines[0].endswith(  # the setting that named the URL, not both
            "; check store.redis_url: its password and database number"), lines[0]
        assert "wrong-one" not in "\n".join(lines)
        code, lines, _ = await check(write(tmp_path, f"redis://:right-one@127.0.0.1:{s.port}/0"))
        assert (code, lines) == (0, [])
    finally:
        s.stop()


async def test_a_database_out_of_range_is_named(tmp_path: Path, server: RedisServer) -> None:
    code, lines, _ = await check(write(tmp_path, f"redis://127.0.0.1:{server.port}/99"))
    assert code == 1 and len(lines) == 2, lines
    assert "cannot reach Redis at" in lines[0] and "its password and database number" in lines[0]


async def test_a_later_releases_data_is_named(tmp_path: Path, server: RedisServer) -> None:
    with redis.Redis.from_url(server.url) as r:
        r.set("socialops:layout", "99")
    code, lines, _ = await check(write(tmp_path, server.url))
    assert code == 1 and len(lines) == 2, lines
    assert "holds data of a later socialops (layout 99;" in lines[0]
    with redis.Redis.from_url(server.url) as r:
        assert r.get("socialops:layout") == b"99" and r.dbsize() == 1


async def test_redis_url_from_the_environment_no_server_there(tmp_path: Path) -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    path = write(tmp_path, None)
    code, lines, _ = await check(path, env={"REDIS_URL": url})
    assert code == 1 and len(lines) == 2, lines
    assert lines[0].startswith(f"{path}: REDIS_URL in the environment: cannot reach Redis at "
                               f"{url}: ")
    assert lines[0].endswith("; start redis-server there, or point REDIS_URL at the one you "
                             "run"), lines[0]
    # offline, check does not ask the store: the same config passes
    code, lines, _ = await check(path, online=False, env={"REDIS_URL": url})
    assert (code, lines) == (0, [])


async def test_a_right_redis_passes_and_is_left_as_it_was(tmp_path: Path,
                                                          server: RedisServer) -> None:
    code, lines, out = await check(write(tmp_path, server.url))
    assert (code, lines) == (0, [])
    assert "; Redis answered" in out, out
    assert keys(server.url) == 0
