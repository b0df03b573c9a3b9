"""The bot's one HTTP server (DESIGN §6): ``/healthz`` (liveness), ``/readyz`` (readiness),
``/metrics`` (Prometheus), and the Slack (``/slack/events``, ``/slack/commands``) and Discord
(``/discord/interactions``) endpoints when those workspaces run in HTTP mode. Port from the
config or ``PORT``; host ``http.host`` (default 0.0.0.0, every interface).

- ``/healthz``: 200 while the process answers and the store is reachable (restart me if not).
- ``/readyz``: 200 only when, besides, no source is failing or paused, deliveries are not all
  being given up and no loop has died (``bot.app.health``); 503 with the reasons otherwise
  (route traffic or page someone; restarting will not help).
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.app.compose import App
from bot.app.health import HealthSnapshot, SourceHealth
from bot.core.errors import SocialopsError, UsageError

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def build_http_app(app: App, *, routes: Mapping[str, Handler] | None = None,
                   paused: Mapping[str, str] | None = None,
                   health: Callable[[], HealthSnapshot] | None = None) -> web.Application:
    """``health`` is the runtime's snapshot for /readyz; without it, readiness knows only the
    paused sources (``paused``) and the store."""
    web_app = web.Application(client_max_size=1024 * 1024)

    def snapshot() -> HealthSnapshot:
        snap = health() if health is not None else HealthSnapshot()
        if paused:
            sources = dict(snap.sources)
            for sid, why in paused.items():
                if not sources.get(sid, SourceHealth()).failing:
                    sources[sid] = SourceHealth(paused=why)
            snap = HealthSnapshot(sources=sources, deliveries_dead=snap.deliveries_dead,
                                  dead_loops=snap.dead_loops)
        return snap

    async def readyz(_: web.Request) -> web.Response:
        try:
            counts = await app.store.outbox_counts()
        except SocialopsError as exc:
            return web.json_response({"ready": False, "problems": [f"store: {exc}"]},
                                     status=503)
        snap = snapshot()
        problems = snap.problems
        return web.json_response({"ready": not problems, "problems": problems,
                                  "outbox": counts}, status=200 if not problems else 503)

    async def healthz(_: web.Request) -> web.Response:
        try:
            counts = await app.store.outbox_counts()
        except SocialopsError as exc:
            return web.json_response({"ok": False, "store": str(exc)}, status=503)
        for status, n in counts.items():
            app.metrics.set("outbox_depth", n, status=status)
        return web.json_response({"ok": True, "outbox": counts,
                                  "paused_sources": dict(paused or {})})

    async def metrics(_: web.Request) -> web.Response:
        try:
            for status, n in (await app.store.outbox_counts()).items():
                app.metrics.set("outbox_depth", n, status=status)
        except SocialopsError:
            log.warning("store unavailable while rendering metrics")
        return web.Response(body=app.metrics.render(),
                            headers={"Content-Type": CONTENT_TYPE_LATEST})

    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/readyz", readyz)
    web_app.router.add_get("/metrics", metrics)
    for path, handler in (routes or {}).items():
        web_app.router.add_post(path, handler)
    return web_app


async def start_http(web_app: web.Application, *, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        if exc.errno in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            why = {errno.EADDRINUSE: "is already in use (another socialops, or another program)",
                   errno.EACCES: "needs privileges (ports below 1024)",
                   errno.EADDRNOTAVAIL: "has an address this machine does not have"}[exc.errno]
            raise UsageError(f"cannot serve HTTP on {host}:{port}: the port {why}; set "
                             "http.port (or PORT) to a free port, or http.host") from None
        raise
    log.info("HTTP server on %s:%d", host, port, extra={"host": host, "port": port})
    return runner
