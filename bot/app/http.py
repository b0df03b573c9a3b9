"""The bot's one HTTP server (DESIGN §6): ``/healthz`` (liveness), ``/readyz`` (readiness),
``/metrics`` (Prometheus), and the Slack (``/slack/events``, ``/slack/commands``) and Discord
(``/discord/interactions``) endpoints when those workspaces run in HTTP mode. Port from the
config or ``PORT``; host ``http.host`` (default 0.0.0.0, every interface).

- ``/healthz``: 503 when a loop is dead or stuck (restart me); the store unreachable is said in
  its body, never its status: a restart cannot bring the store back (Kubernetes would restart
  every pod in a loop while Redis is down).
- ``/readyz``: 503 while the store is unreachable, while any loop is failing or paused (a
  source whose polls fail or whose credentials were refused), or while deliveries are being
  given up with none delivered since (``bot.app.health``); the body lists why. Restarting
  will not fix these: route traffic away or page someone.

The port is the one Slack's request URL reaches, so anyone can ask it. The status codes of
``/healthz`` and ``/readyz`` are for everyone (a platform's health check), but what their
bodies and ``/metrics`` tell (source, workspace and route names, error lines naming servers,
counts, versions) only a request from this machine gets (``_from_here``: a loopback peer, not
relayed by a proxy), unless ``http.public_details`` is set: elsewhere ``{"ok": ...}`` /
``{"ready": ...}``, and 403 with one line for ``/metrics``.

What anyone who can reach the port may send is bounded: the connections held at once
(``bot.app.connections``, ``http.max_connections``), the header lines of a request
(``MAX_HEADERS``; aiohttp bounds each line to 8 KB), and the bodies
(``integrations.webhook``). Request bodies are read as sent: aiohttp would inflate a
``Content-Encoding: gzip`` body (a megabyte of zeros held the event loop over a second to
inflate and discard), and neither Slack nor Discord compresses.
A request aiohttp cannot parse (a bad request line, header or chunk) is answered 400 and
logged as one INFO line, not as an error with a traceback: it is the client's mistake.
"""

from __future__ import annotations

import asyncio
import errno
import hmac
import ipaddress
import logging
import socket
from collections.abc import Awaitable, Callable, Mapping

from aiohttp import HttpVersion11, web
from aiohttp.http_exceptions import HttpProcessingError

from bot.app.compose import App
from bot.app.connections import (
    MAX_CONNECTIONS,
    MAX_HEADERS,
    ConnectionGuard,
    files_for,
    limits,
    open_file_limit,
)
from bot.app.health import DeliveryWatch, SkipCounter, readiness_problems
from bot.core.errors import SocialopsError, StoreUnavailable, UsageError

log = logging.getLogger(__name__)
# How long /readyz and /metrics wait for the store's outbox counts: a Redis that hangs
# (stopped, a network dropping packets) held each for the client's 10 s timeout, past
# Prometheus's default scrape timeout (10 s) and a platform's liveness probe, so the scrape
# failed and socialops_store_up 0 was never read
STORE_LOOK_SECONDS = 3.0
# How long /healthz waits for that look before it answers without the counts: its status does
# not depend on the store, and a liveness probe's default timeout is 1 s (Kubernetes), so a
# store that hangs must not hold it; the look goes on, for /readyz and socialops_store_up
HEALTHZ_STORE_SECONDS = 0.5
# How long a stop waits for the requests in hand once the listener is closed, then cancels
# them: aiohttp's own default is 60 s, past Heroku's 30 s and Kubernetes' default grace period,
# so a request a handler held (a body trickled in, a platform's API answering slowly) had the
# process killed mid-stop. Slack and Discord give up on an answer after 3 s anyway.
HTTP_STOP_SECONDS = 3.0


class _MalformedRequest(logging.Filter):
    """aiohttp logs every request it cannot parse as an error with the parser's traceback:
    make it one INFO line that names the problem (the parser's first line, never the bytes)."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, HttpProcessingError) and exc.code < 500:
            # "Invalid method encountered:\n\n  b'FOO / HTTP/1.1'": what precedes the bytes
            problem = str(exc.message or "").strip().split(":", 1)[0].splitlines()
            record.msg = "refused a malformed HTTP request from %s: %s"
            record.args = (record.args[0] if isinstance(record.args, tuple) and record.args
                           else "?", problem[0][:120] if problem else f"HTTP {exc.code}")
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.exc_info, record.exc_text = None, None
            return logging.getLogger(record.name).isEnabledFor(logging.INFO)
        return True


_server_log = logging.getLogger(f"{__name__}.server")
_server_log.addFilter(_MalformedRequest())

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


# a proxy relaying a request names its client (or the scheme, host or port it was asked on)
# in one of these; such a request is not this machine's even when the proxy runs here (a peer
# of 127.0.0.1): nginx, Caddy, Traefik, HAProxy, Envoy, cloudflared, ngrok, platform routers
RELAYED = ("Forwarded", "X-Forwarded-For", "X-Real-IP", "X-Forwarded-Host",
           "X-Forwarded-Proto", "X-Forwarded-Port", "X-Client-IP", "True-Client-IP",
           "CF-Connecting-IP", "Fly-Client-IP", "X-Envoy-External-Address", "Via")
NO_METRICS = ("/metrics is served to this machine only (loopback); to serve it elsewhere set "
              "http.metrics_token and send 'Authorization: Bearer <token>', or set "
              "http.public_details: true\n")
WRONG_TOKEN = "/metrics: the bearer token is not http.metrics_token\n"


def _from_here(request: web.Request) -> bool:
    """Whether the request comes from this machine itself, not through a proxy. nginx's bare
    ``proxy_pass`` adds none of ``RELAYED`` but speaks HTTP/1.0 (``proxy_http_version``'s
    default), which curl, health checkers and Prometheus do not: such a request is relayed."""
    if any(name in request.headers for name in RELAYED):
        return False
    if request.version < HttpVersion11:
        return False
    try:
        peer = ipaddress.ip_address(request.remote or "")
    except ValueError:  # a Unix socket, or no peer known
        return False
    mapped = getattr(peer, "ipv4_mapped", None)  # ::ffff:127.0.0.1
    return bool((mapped or peer).is_loopback)


def _bears(sent: str, token: str) -> bool:
    """Whether an ``Authorization`` header is ``Bearer <token>`` (the scheme in any case),
    compared in constant time."""
    scheme, _, given = sent.strip().partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode("utf-8", "surrogatepass"), token.encode("utf-8"))


def build_http_app(app: App, *, routes: Mapping[str, Handler] | None = None,
                   paused: Mapping[str, str] | Callable[[], Mapping[str, str]] | None = None,
                   public_details: bool = False,
                   metrics_token: str | None = None) -> web.Application:
    """``paused``: the loops that are not healthy now (``Runtime.paused``), with why;
    ``public_details``: ``http.public_details`` (the details for every address);
    ``metrics_token``: ``http.metrics_token`` (the details for a request bearing it)."""
    web_app = web.Application(client_max_size=1024 * 1024)
    deliveries = DeliveryWatch(app.metrics)
    skips = SkipCounter()
    looking: list[asyncio.Task[dict[str, int]]] = []  # /healthz's look in hand, at most one

    def unhealthy() -> dict[str, str]:
        return dict((paused() if callable(paused) else paused) or {})

    def detailed(request: web.Request) -> bool | None:
        """Whether the request gets the details; None when it bore a token that is not
        ``metrics_token`` (refused: counted, never logged)."""
        if public_details:
            return True
        sent = request.headers.get("Authorization")
        if sent is not None and metrics_token is not None:
            if _bears(sent, metrics_token):
                return True
            app.metrics.inc("http_token_refused_total", path=request.path)
            return None
        return _from_here(request)

    async def summed_up(request: web.Request, detail: Callable[[], Awaitable[web.Response]],
                        key: str) -> web.Response:
        """``detail``'s answer to a request that gets the details; to any other, its status
        and ``{key: ...}`` alone."""
        response = await detail()
        if detailed(request):
            return response
        return web.json_response({key: response.status == 200}, status=response.status)

    async def outbox_counts() -> dict[str, int]:
        """The store's outbox counts, within ``STORE_LOOK_SECONDS``; store_up says whether it
        answered."""
        try:
            counts = await asyncio.wait_for(app.store.outbox_counts(), STORE_LOOK_SECONDS)
        except TimeoutError:
            app.metrics.set("store_up", 0)
            raise StoreUnavailable(
                f"the store did not answer within {STORE_LOOK_SECONDS:g} s") from None
        except SocialopsError:
            app.metrics.set("store_up", 0)
            raise
        app.metrics.set("store_up", 1)
        return counts

    async def healthz(request: web.Request) -> web.Response:
        return await summed_up(request, healthz_detail, "ok")

    def healthz_look() -> asyncio.Task[dict[str, int]]:
        """The store look /healthz waits for: the one in hand while a store hangs, so probes
        every few seconds do not pile looks up; its outcome is read even if nobody waits."""
        if looking and not looking[0].done():
            return looking[0]
        look = asyncio.ensure_future(outbox_counts())
        look.add_done_callback(lambda t: t.cancelled() or t.exception())
        looking[:] = [look]
        return look

    async def healthz_detail() -> web.Response:
        body: dict[str, object] = {}
        look = healthz_look()
        within = min(HEALTHZ_STORE_SECONDS, STORE_LOOK_SECONDS)
        await asyncio.wait({look}, timeout=within)
        # the store is said, never failed on: a restart cannot bring it back (every process
        # shares it, and one started while Redis is down waits for it: store_wait), and on SQLite
        # it opens an empty file where the moved one was; /readyz is not ready meanwhile
        if not look.done():
            body["store"] = (f"the store has not answered within {within:g} s (still asked: "
                             "/readyz and socialops_store_up say what it answers)")
        elif isinstance(exc := look.exception(), SocialopsError):
            body["store"] = str(exc)
        else:
            body["outbox"] = counts = look.result()
            for status, n in counts.items():
                app.metrics.set("outbox_depth", n, status=status)
        problems = unhealthy()
        # a dead or stuck loop is a process that no longer works: say so to the platform
        broken = {k: v for k, v in problems.items() if v.startswith(("dead", "ended", "stuck"))}
        return web.json_response({"ok": not broken, **body, "tasks": broken,
                                  "paused_sources": problems},
                                 status=503 if broken else 200)

    async def readyz(request: web.Request) -> web.Response:
        return await summed_up(request, readyz_detail, "ready")

    async def readyz_detail() -> web.Response:
        try:
            counts = await outbox_counts()
        except SocialopsError as exc:
            return web.json_response({"ready": False, "problems": [f"store: {exc}"]},
                                     status=503)
        problems = readiness_problems(unhealthy(), deliveries_dead=deliveries.dead(),
                                      refused=app.outbox.refused)
        return web.json_response({"ready": not problems, "problems": problems,
                                  "outbox": counts}, status=503 if problems else 200)

    async def metrics(request: web.Request) -> web.Response:
        allowed = detailed(request)
        if not allowed:
            return web.Response(status=403, text=NO_METRICS if allowed is False else WRONG_TOKEN)
        skips.update(app.metrics, app.sources)
        for chat in app.chats:  # running counts: Metrics counts their growth
            app.metrics.set("chat_skipped", chat.skipped(), workspace=chat.name)
            app.metrics.set("chat_answer_errors", chat.broke(), workspace=chat.name)
            for reason, n in chat.refused().items():
                app.metrics.set("chat_refused", n, workspace=chat.name, reason=reason)
        # the source health check's own stored state (kind source_health) beside the store's
        health = app.health.unreadable_records() if app.health is not None else {}
        for kind, n in (app.store.unreadable_records() | health).items():
            app.metrics.set("store_records_unreadable", n, kind=kind)
        try:
            for status, n in (await outbox_counts()).items():
                app.metrics.set("outbox_depth", n, status=status)
            if app.health is not None:  # any process's polls: a web process sees the worker's
                ages = await asyncio.wait_for(app.health.poll_ages(list(app.sources)),
                                              STORE_LOOK_SECONDS)
                for source_id, age in ages.items():
                    app.metrics.set("source_last_poll_age_seconds", age, source=source_id)
        except (SocialopsError, TimeoutError) as exc:
            if isinstance(exc, TimeoutError):
                app.metrics.set("store_up", 0)
            # the gauges stay as last read: store_up says they are not the store's now
            log.warning("store unavailable while rendering metrics")
        body, content_type = app.metrics.exposition(request.headers.get("Accept"))
        return web.Response(body=body, headers={"Content-Type": content_type})

    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/readyz", readyz)
    web_app.router.add_get("/metrics", metrics)
    for path, handler in (routes or {}).items():
        web_app.router.add_post(path, handler)
    if routes:  # after them: only a path none of them is
        web_app.router.add_post("/{path:.*}", _by_ending(routes))
    return web_app


def _by_ending(routes: Mapping[str, Handler]) -> Handler:
    """The chat endpoint a path ends in, behind a reverse proxy that passes on a prefix of its
    own (``/socialops/slack/events``: nginx's ``proxy_pass`` without a URI keeps it) or adds a
    trailing slash (``/slack/events/``); 404 for any other path. Both were 404, and Slack's
    Request URL check failed with nothing said here. A request is still the platform's only
    by its signature, which covers the body and time, never the path."""
    ends = sorted(routes, key=len, reverse=True)  # /slack/acme/events before /slack/events

    async def handle(request: web.Request) -> web.StreamResponse:
        path = request.path.rstrip("/")
        for end in ends:
            if path == end or path.endswith(end):  # each starts with '/': a whole segment
                return await routes[end](request)
        raise web.HTTPNotFound()

    return handle


async def start_http(web_app: web.Application, *, host: str, port: int,
                     host_at: str | None = None, port_at: str | None = None,
                     max_connections: int | None = None) -> web.AppRunner:
    """``host_at``: where the config writes ``http.host`` (``socialops.yaml:12``), for the
    one line that says it is wrong; ``port_at``: where the port came from
    (``socialops.yaml:13: http.port``, ``PORT=8080 (the environment)``), for the one line
    that says it cannot be served. ``max_connections``: ``http.max_connections`` when the
    config sets it (one warning line if the open-file limit allows fewer); else
    ``MAX_CONNECTIONS``, or fewer, silently."""
    runner = web.AppRunner(web_app, access_log=None, logger=_server_log,
                           max_headers=MAX_HEADERS, auto_decompress=False,
                           shutdown_timeout=HTTP_STOP_SECONDS)
    await runner.setup()
    assert runner.server is not None  # set up
    open_files = open_file_limit()
    connections, backlog = limits(open_files, wanted=max_connections or MAX_CONNECTIONS)
    if max_connections is not None and connections < max_connections:
        log.warning("HTTP: http.max_connections is %d, but this process may open %s files "
                    "(ulimit -n), so it holds at most %d connections; raise the open-file "
                    "limit to %d to hold them all", max_connections, open_files, connections,
                    files_for(max_connections))
    ConnectionGuard(connections).watch(runner.server)
    site = web.TCPSite(runner, host, port, backlog=backlog)
    try:
        await site.start()
    except OSError as exc:  # every way a bind fails is the config's to fix: one line
        await runner.cleanup()
        where = f"{host_at}: " if host_at else ""
        if exc.errno == errno.EADDRNOTAVAIL:  # the host is wrong, not the port
            raise UsageError(
                f"{where}http.host: {host} is not an address of this machine, so nothing can "
                "be served on it; set http.host to 0.0.0.0 (every interface), 127.0.0.1 (this "
                "machine only) or one of this machine's addresses") from None
        if isinstance(exc, socket.gaierror):  # the host name does not resolve: the host's
            raise UsageError(
                f"{where}http.host: {host} does not resolve on this machine "
                f"({exc.strerror or exc}); set http.host to one of its addresses, 0.0.0.0 for "
                "every interface") from None
        where = f"{port_at}: " if port_at else ""
        raise UsageError(f"{where}cannot serve HTTP on {host}:{port}: {_bind_failure(exc)}"
                         ) from None
    log.info("HTTP server on %s:%d", host, port, extra={"host": host, "port": port})
    return runner


def _bind_failure(exc: OSError) -> str:
    """Why a bind failed, and what to change."""
    why = {errno.EADDRINUSE: "is already in use (another socialops, or another program)",
           errno.EACCES: "needs privileges (ports below 1024)"}.get(exc.errno or 0)
    if why is not None:
        return f"the port {why}; set http.port (or PORT) to a free port, or http.host"
    return f"{exc.strerror or exc}; check http.host and http.port (or PORT)"
