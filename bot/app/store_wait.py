"""`socialops run` started while its Redis is down: the process waits for it, not ready, where
it stopped with exit 1 and a platform restarted it in a loop (Kubernetes' CrashLoopBackOff, up
to 5 minutes between tries, long after Redis was back; Heroku's crashed dyno, restarted at
most every 20 minutes after its first tries).

The store is asked again with backoff (``RETRY_FIRST`` doubling to ``RETRY_MOST``), one log
line when it does not answer and one for each change of why, one when it answers. Meanwhile,
where the process serves HTTP, ``/healthz`` answers 200 (a restart fixes nothing), ``/readyz``
503 and every other path 503, so a platform's probe holds and nothing is routed here; the
server is closed as the store answers, and the process starts as ever (its own server binds
the port at once). Only a store that was not there to answer is waited for
(``bot.core.errors.StoreDown``): a mistake (the URL, its password or database, TLS, a Redis
that keeps no append-only file) fails the same way at every try, so it still ends the process
at once in one line, as ``check`` says it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from bot.core.config import LoadedConfig
from bot.core.errors import StoreDown
from bot.core.ports import Clock, Store
from bot.core.settings import Settings, environ

if TYPE_CHECKING:  # aiohttp is imported where the HTTP server starts
    from aiohttp import web

log = logging.getLogger(__name__)
RETRY_FIRST = 1.0  # seconds before the first try again, doubling
RETRY_MOST = 10.0  # between tries at most: the process starts soon after Redis is back
WAITING = "waiting for the store to answer at start (the log says why)"


async def store_answering(loaded: LoadedConfig, *, clock: Clock, host: str, port: int | None,
                          host_at: str | None, port_at: str | None) -> Store:
    """The store, opened once it answers; ``port``: serve the waiting answers there
    meanwhile (None: no HTTP server)."""
    from bot.store import open_store

    redis_url = Settings.read(environ()).redis_url
    try:
        return await open_store(loaded.config.store, redis_url=redis_url, clock=clock)
    except StoreDown as exc:
        said = str(exc)
    log.warning("store: %s; not ready (/readyz 503), trying again every %g s at most until it "
                "answers", said, RETRY_MOST)
    runner = await _serve_waiting(host, port, host_at, port_at) if port is not None else None
    try:
        wait = RETRY_FIRST
        while True:
            await asyncio.sleep(wait)
            wait = min(wait * 2, RETRY_MOST)
            try:
                store = await open_store(loaded.config.store, redis_url=redis_url, clock=clock)
            except StoreDown as exc:
                if str(exc) != said:  # a change of why, not every try
                    said = str(exc)
                    log.warning("store: %s; still trying", said)
                continue
            log.info("store: answers now; starting")
            return store
    finally:
        if runner is not None:
            await runner.cleanup()


async def _serve_waiting(host: str, port: int, host_at: str | None,
                         port_at: str | None) -> web.AppRunner:
    """The waiting answers on the process's port (its bind mistakes said as ever)."""
    from aiohttp import web

    from bot.app.http import start_http

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "store": WAITING})

    async def not_ready(request: web.Request) -> web.Response:
        return web.json_response({"ready": False, "problems": [f"store: {WAITING}"]},
                                 status=503)

    web_app = web.Application()
    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_route("*", "/{path:.*}", not_ready)
    return await start_http(web_app, host=host, port=port, host_at=host_at, port_at=port_at)
