"""How many connections the bot's HTTP server holds at once (``bot.app.http``).

aiohttp holds every connection it accepts: one that never sends a byte waits for its request
for an hour (aiohttp's keep-alive timeout), one that trickles its headers a byte a second as
long (slowloris), and each can hold 128 header lines of 8 KB meanwhile (aiohttp's limits;
500 such connections took 780 MB). A thousand idle ones used up the process's file
descriptors (1,024 is a common limit): accepting then failed, and Slack's requests and
``/healthz`` went unanswered until the attacker let go.

So the server holds at most ``limit`` connections (``limits``: ``http.max_connections``,
256 unless the config says otherwise, less when the open-file limit is low). A connection past it
makes room by closing the one least recently active: the one whose connecting, or whose last
request's beginning or end, lies furthest back (sent nothing yet, half its headers, a body
still trickling, idle between requests). An honest request, which arrives whole in a moment,
is then served whatever floods the port; what a flood holds is bounded by ``limit`` (file
descriptors, and memory: ``MAX_HEADERS`` lines of 8 KB at most for each).
How long a request body may take to arrive is ``integrations.webhook``'s.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

from aiohttp import web

from bot.core.config import HttpConfig

log = logging.getLogger(__name__)

MAX_CONNECTIONS: int = HttpConfig.model_fields["max_connections"].default
BACKLOG = 128  # connections the kernel queues before they are accepted (asyncio's default)
# header lines a request may carry (aiohttp's default is 128): Slack sends about ten, and two
# proxies in front add about twenty more
MAX_HEADERS = 64
WARN_EVERY = 1_000  # connections closed to make room between two warnings


def limits(open_files: int | None = None, *, wanted: int = MAX_CONNECTIONS
           ) -> tuple[int, int]:
    """(connections, backlog): ``wanted`` (``http.max_connections``) and ``BACKLOG``, less
    when the process's open-file limit is low. Under a flood asyncio accepts up to
    ``backlog`` connections each turn of the loop, and a connection reaches the guard two
    turns after it was accepted, so about three backlogs' worth are open before the guard
    closes any: those and the connections must fit, with as many descriptors again left for
    the store, the outbound clients and the rest (256 open files: 96 connections, a backlog
    of 16; ``files_for`` is the limit that leaves ``wanted`` whole)."""
    if open_files is None:
        open_files = open_file_limit()
    if open_files is None:
        return max(1, wanted), BACKLOG
    backlog = max(1, min(BACKLOG, open_files // 16))
    return max(1, min(wanted, (open_files - 4 * backlog) // 2)), backlog


def files_for(wanted: int) -> int:
    """The open-file limit under which ``limits`` gives ``wanted`` connections."""
    return 2 * wanted + 4 * BACKLOG


def open_file_limit() -> int | None:
    """The process's open-file limit (``ulimit -n``), None when there is none."""
    try:
        import resource
    except ImportError:  # not a Unix
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return None if soft == resource.RLIM_INFINITY else soft


class ConnectionGuard:
    """At most ``limit`` connections to one aiohttp ``web.Server`` (``watch``); a connection
    is aiohttp's ``RequestHandler`` for it."""

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self.closed = 0  # connections closed to make room
        # least recently active first: by when each connected, or its last request began or
        # ended. An honest request is at the end; a connection that sends nothing, trickles
        # its headers or trickles its body works its way to the front.
        self._open: OrderedDict[web.RequestHandler, asyncio.Transport] = OrderedDict()

    def watch(self, server: web.Server) -> None:
        """Follow ``server``'s connections and requests; before any connection is accepted
        (each connection's handler reads ``request_handler`` when it is made)."""
        made, lost, handle = server.connection_made, server.connection_lost, server.request_handler

        def connection_made(protocol: web.RequestHandler, transport: asyncio.Transport) -> None:
            while len(self._open) >= self.limit:
                self._make_room()
            self._open[protocol] = transport
            made(protocol, transport)

        def connection_lost(protocol: web.RequestHandler, exc: BaseException | None = None
                            ) -> None:
            self._open.pop(protocol, None)
            lost(protocol, exc)

        async def request_handler(request: web.BaseRequest) -> web.StreamResponse:
            if request.transport is None:
                # closed to make room after its headers arrived, before this ran: aiohttp
                # never told the request (its body reads would raise RuntimeError)
                return web.Response(status=503, text="connection closed to make room")
            self._active(request.protocol)
            try:
                return await handle(request)
            finally:
                self._active(request.protocol)

        # aiohttp has no hook for either; its Server calls these two on every connection
        server.connection_made = connection_made  # type: ignore[method-assign,assignment]
        server.connection_lost = connection_lost  # type: ignore[method-assign,assignment]
        server.request_handler = request_handler

    def _active(self, protocol: web.RequestHandler) -> None:
        if protocol in self._open:
            self._open.move_to_end(protocol)

    def _make_room(self) -> None:
        _, transport = self._open.popitem(last=False)
        transport.abort()  # no lingering: the descriptor is free on the loop's next turn
        self.closed += 1
        if self.closed % WARN_EVERY == 1:
            log.warning("HTTP: %d connections open, the most held at once: each new one closes "
                        "the one least recently active (%d closed so far)", self.limit,
                        self.closed)
