"""The bot's one HTTP server (DESIGN §6): ``/healthz``, ``/metrics`` (Prometheus), and the
Slack (``/slack/events``, ``/slack/commands``) and Discord (``/discord/interactions``) endpoints
when those workspaces run in HTTP mode. Port from the config or ``PORT``."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.app.compose import App
from bot.core.errors import SocialopsError

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def build_http_app(app: App, *, routes: Mapping[str, Handler] | None = None,
                   paused: Mapping[str, str] | Callable[[], Mapping[str, str]] | None = None
                   ) -> web.Application:
    """``paused``: the loops that are not healthy now (``Runtime.paused``), with why."""
    web_app = web.Application(client_max_size=1024 * 1024)

    def unhealthy() -> dict[str, str]:
        return dict((paused() if callable(paused) else paused) or {})

    async def healthz(_: web.Request) -> web.Response:
        try:
            counts = await app.store.outbox_counts()
        except SocialopsError as exc:
            return web.json_response({"ok": False, "store": str(exc)}, status=503)
        for status, n in counts.items():
            app.metrics.set("outbox_depth", n, status=status)
        problems = unhealthy()
        # a dead or stuck loop is a process that no longer works: say so to the platform
        broken = {k: v for k, v in problems.items() if v.startswith(("dead", "ended", "stuck"))}
        return web.json_response({"ok": not broken, "outbox": counts, "tasks": broken,
                                  "paused_sources": problems},
                                 status=503 if broken else 200)

    async def metrics(_: web.Request) -> web.Response:
        try:
            for status, n in (await app.store.outbox_counts()).items():
                app.metrics.set("outbox_depth", n, status=status)
        except SocialopsError:
            log.warning("store unavailable while rendering metrics")
        return web.Response(body=app.metrics.render(),
                            headers={"Content-Type": CONTENT_TYPE_LATEST})

    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/metrics", metrics)
    for path, handler in (routes or {}).items():
        web_app.router.add_post(path, handler)
    return web_app


async def start_http(web_app: web.Application, *, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    log.info("HTTP server on %s:%d", host, port)
    return runner
