"""A running store on a real redis-server that becomes full of clients (other applications
took the connections its ``maxclients`` allows): the store's next connection is refused with
"max number of clients reached", and its errors say the Redis is full and how to make room,
as ``run`` says at start (tests/app/test_redis_maxclients.py), not "cannot reach Redis"."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest

from bot.core.config import StoreConfig
from bot.core.errors import StoreError
from bot.store import open_store
from tests.support.clock import FakeClock
from tests.support.redis_server import OwnRedis


async def test_a_running_store_on_a_redis_become_full_says_it_is_full(tmp_path: Path) -> None:
    server = OwnRedis(tmp_path / "redis", "--save", "", "--appendonly", "yes",
                      "--maxclients", "4")
    held: list[socket.socket] = []
    try:
        url = f"redis://127.0.0.1:{server.port}/0"
        store = await open_store(StoreConfig(backend="redis", accept_data_loss=True),
                                 redis_url=url, clock=FakeClock())
        try:
            assert await store.get_cursor("feed") is None  # a connection in its pool
            while True:  # other clients take every connection left
                s = socket.create_connection(("127.0.0.1", server.port), 5)
                s.sendall(b"PING\r\n")
                answer = s.recv(128)
                held.append(s)
                if not answer.startswith(b"+PONG"):
                    break  # refused: it is full
            with pytest.raises(StoreError) as refused:
                # more at once than the connection it holds: the store opens another
                await asyncio.gather(*(store.get_cursor(f"feed{i}") for i in range(3)))
            said = str(refused.value)
            assert "has as many clients as its maxclients allows, and refused one more; " \
                   "raise it (CONFIG SET maxclients N" in said, said
            assert "cannot reach" not in said
        finally:
            for s in held:
                s.close()
            await store.close()
    finally:
        server.stop()
