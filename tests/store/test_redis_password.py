"""A Redis that answers and refuses the URL's password (wrong, or none given) is said as such,
over TCP and over a unix socket, against a real redis-server with ``requirepass``: the line
says to check the URL's password, never to start a redis-server (one runs there). Over a unix
socket redis-py wraps the refusal in a plain ConnectionError, and the advice was to start
redis-server there, or to point REDIS_URL elsewhere."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.config import StoreConfig
from bot.core.errors import StoreUnavailable
from bot.store import open_store
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

PASSWORD_ADVICE = "; check REDIS_URL: its password and database number"  # the URL's setting


@pytest.fixture(scope="module")
def server() -> Iterator[RedisServer]:
    # a unix socket's path has at most 107 bytes: a short folder of its own, not tmp_path
    with tempfile.TemporaryDirectory(prefix="so-redis-") as folder:
        redis = RedisServer(Path(folder), password="s3cret",
                            unix_socket=Path(folder) / "redis.sock").start()
        try:
            yield redis
        finally:
            redis.stop()


@pytest.mark.parametrize("over", ["tcp", "unix"])
@pytest.mark.parametrize("password", ["wrong", None])
async def test_a_refused_password_says_to_check_it(server: RedisServer, clock: FakeClock,
                                                   over: str, password: str | None) -> None:
    auth = f":{password}@" if password else ""
    url = (f"redis://{auth}127.0.0.1:{server.port}/0" if over == "tcp"
           else f"unix://{auth}{server.unix_socket}")
    with pytest.raises(StoreUnavailable) as refused:
        await open_store(StoreConfig(backend="redis"), redis_url=url, clock=clock)
    said = str(refused.value)
    assert said.startswith("cannot reach Redis at "), said
    assert said.endswith(PASSWORD_ADVICE), said
    assert "wrong" not in said  # the password is redacted


async def test_the_fix_names_the_config_key_that_named_the_url(server: RedisServer,
                                                              clock: FakeClock) -> None:
    # it said "check REDIS_URL (or store.redis_url)" whichever of the two named the URL
    url = f"redis://:wrong@127.0.0.1:{server.port}/0"
    with pytest.raises(StoreUnavailable) as refused:
        await open_store(StoreConfig(backend="redis", redis_url=url), redis_url=None,
                         clock=clock)
    assert str(refused.value).endswith(
        "; check store.redis_url: its password and database number"), refused.value


async def test_the_right_password_opens_the_store(server: RedisServer, clock: FakeClock) -> None:
    store = await open_store(StoreConfig(backend="redis"),
                             redis_url=f"unix://:s3cret@{server.unix_socket}", clock=clock)
    await store.close()
