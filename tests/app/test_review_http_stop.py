"""How the HTTP server ends at a stop (an SRE's review, Kubernetes and Heroku).

aiohttp waits up to 60 s (its ``shutdown_timeout``) for the requests in hand once the listener
is closed, so a request a handler held (a body trickled in, a store that hangs, a platform's
API that answers slowly) could push a stop past Heroku's 30 s and Kubernetes' default
``terminationGracePeriodSeconds``, where the process is killed mid-stop."""

from __future__ import annotations

import asyncio
import contextlib

from aiohttp import web

from bot.app.http import start_http

# a hang's end only, past the 30 s a platform gives a stop: never asserted as a duration
BEYOND_A_STOP = 40.0


async def test_a_request_a_handler_holds_does_not_hold_the_stop_past_its_bound() -> None:
    held = asyncio.Event()

    async def hold(request: web.Request) -> web.Response:
        held.set()
        await asyncio.Event().wait()  # a handler that never answers
        raise AssertionError("unreachable")

    web_app = web.Application()
    web_app.router.add_get("/held", hold)
    runner = await start_http(web_app, host="127.0.0.1", port=0)
    port = runner.addresses[0][1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(b"GET /held HTTP/1.1\r\nHost: x\r\n\r\n")
        await asyncio.wait_for(held.wait(), BEYOND_A_STOP)
        # the stop: ends within its own bound, the request cut off (aiohttp's default: 60 s)
        await asyncio.wait_for(runner.cleanup(), BEYOND_A_STOP)
        answer = await asyncio.wait_for(reader.read(), BEYOND_A_STOP)
        assert not answer.startswith(b"HTTP/1.1 200"), answer  # closed, never answered
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
