"""The store's Redis client tries a command once: a failure reaches the store's errors at once,
which say why in one line, and the supervisor retries the task.

redis-py 8.2 turns the synchronous ``Retry`` the store passed until then (which never retried
with the asyncio client) into an asyncio one that does: every failed command was tried 7
times over 5 seconds, and what the tests of a loading Redis, a refused client certificate and a
stopped server expect was said late or not at all. Counted here on a server that takes each
connection and closes it at once, as a Redis going down does."""

from __future__ import annotations

import asyncio

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from bot.store.redis import _client


async def test_a_command_whose_connection_drops_is_tried_once() -> None:
    connections = 0

    async def drop(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        writer.close()

    server = await asyncio.start_server(drop, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = _client(f"redis://127.0.0.1:{port}/0", 2.0)
    try:
        with pytest.raises(RedisConnectionError):
            await client.ping()
    finally:
        await client.aclose()
        server.close()
        await server.wait_closed()
    assert connections == 1
