"""A small, general local network server for adapter tests (aiohttp on 127.0.0.1, port 0).

It owns four things, so each adapter's tests do not grow their own server:

* **routes** per (method, path): a recorded fixture file (status and headers from its sibling
  ``*.meta.json`` when present, see tests/fixtures/real/README.md), a JSON or bytes body, or a
  handler coroutine for answers that depend on the request (pagination);
* **faults** queued per route and served in order before the route's normal answer: a status
  with headers (429, 500, 401, ...), a delay (for client timeouts), a truncated body (the
  connection drops mid-body), malformed JSON;
* **recording** of every request (method, path, query, headers, body);
* **streams**: a server-sent-events endpoint that plays one script of frames per connection and
  then drops the connection or holds it open, and a websocket endpoint replaying the lines of a
  JSONL file that can drop after N messages and records each connect's query string.

Usage::

    async with NetServer() as net:
        net.fixture("GET", "/api/v1/timelines/tag/python", FIXTURES / "page.json")
        net.fault("GET", "/api/v1/timelines/tag/python", Fault.status(429, {"Retry-After": "3"}))
        client.get(net.url("/api/v1/timelines/tag/python"))
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Recorded:
    """One request as the server saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def q(self, name: str) -> str | None:
        """The first value of a query parameter, or None."""
        values = self.query.get(name)
        return values[0] if values else None

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Fault:
    """One scripted misbehaviour. Build with the class methods."""

    kind: str
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    seconds: float = 0.0

    @classmethod
    def http(cls, status: int, headers: Mapping[str, str] | None = None,
             body: bytes | str | Any = b"") -> Fault:
        """An error status with headers and a body (bytes, text, or anything JSON-able)."""
        if isinstance(body, str):
            raw = body.encode()
        elif isinstance(body, bytes):
            raw = body
        else:
            raw = json.dumps(body).encode()
        return cls("status", status=status, headers=dict(headers or {}), body=raw)

    @classmethod
    def rate_limited(cls, headers: Mapping[str, str] | None = None) -> Fault:
        return cls.http(429, headers, {"error": "Too many requests"})

    @classmethod
    def server_error(cls, status: int = 500) -> Fault:
        return cls.http(status, None, "<html><body>Internal Server Error</body></html>")

    @classmethod
    def unauthorized(cls) -> Fault:
        return cls.http(401, {"WWW-Authenticate": 'Bearer error="invalid_token"'},
                        {"error": "The access token is invalid"})

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Answer normally, but only after ``seconds`` (longer than the client's timeout)."""
        return cls("delay", seconds=seconds)

    @classmethod
    def truncated(cls) -> Fault:
        """Announce the normal body's full length, send half of it, drop the connection."""
        return cls("truncated")

    @classmethod
    def malformed_json(cls, body: bytes = b'{"id": "1", "content": "<p>cut') -> Fault:
        return cls("status", status=200, headers={"Content-Type": "application/json"},
                   body=body)


@dataclass
class _Canned:
    status: int
    headers: dict[str, str]
    body: bytes


def load_fixture(path: Path) -> tuple[int, dict[str, str], bytes]:
    """A fixture's (status, headers, body), using its ``*.meta.json`` when there is one."""
    body = path.read_bytes()
    meta_path = path.with_name(path.name.split(".")[0] + ".meta.json")
    status, headers = 200, {}
    if meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        status = int(meta.get("status", 200))
        headers = {str(k): str(v) for k, v in (meta.get("headers") or {}).items()}
    if not any(k.lower() == "content-type" for k in headers):
        guessed = mimetypes.guess_type(path.name)[0]
        headers["Content-Type"] = ("application/json" if path.suffix == ".json"
                                   else guessed or "application/octet-stream")
    return status, headers, body


def sse_frames(text: str) -> list[str]:
    """Split an SSE transcript (frames parted by blank lines) into frames ending in a blank line."""
    frames = [f.strip("\n") for f in text.replace("\r\n", "\n").split("\n\n")]
    return [f + "\n\n" for f in frames if f]


@dataclass
class _SseEndpoint:
    scripts: deque[list[str]]
    hold_open: bool
    abort: bool
    connects: list[dict[str, list[str]]] = field(default_factory=list)


@dataclass
class _WsEndpoint:
    lines: list[str]
    drop_after: deque[int | None]
    select: Callable[[Mapping[str, str], list[str]], list[str]] | None
    binary: frozenset[str] = frozenset()
    connects: list[dict[str, str]] = field(default_factory=list)


class NetServer:
    """The server. ``async with NetServer() as net`` starts it; ``net.base`` is its root URL."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._routes: dict[tuple[str, str], Handler | _Canned] = {}
        self._faults: dict[tuple[str, str], deque[Fault]] = defaultdict(deque)
        self._sse: dict[str, _SseEndpoint] = {}
        self._ws: dict[str, _WsEndpoint] = {}
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()
        self.base = ""

    # --- lifecycle ---------------------------------------------------------------------------

    async def __aenter__(self) -> NetServer:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()

    def url(self, path: str = "/") -> str:
        return self.base + path

    @property
    def ws_base(self) -> str:
        return "ws" + self.base.removeprefix("http")

    # --- registration ------------------------------------------------------------------------

    def fixture(self, method: str, path: str, file: Path, *, status: int | None = None,
                headers: Mapping[str, str] | None = None) -> None:
        code, meta_headers, body = load_fixture(file)
        self._routes[(method.upper(), path)] = _Canned(
            status if status is not None else code, {**meta_headers, **(headers or {})}, body)

    def json(self, method: str, path: str, body: Any, *, status: int = 200,
             headers: Mapping[str, str] | None = None) -> None:
        self._routes[(method.upper(), path)] = _Canned(
            status, {"Content-Type": "application/json", **(headers or {})},
            json.dumps(body).encode())

    def bytes(self, method: str, path: str, body: bytes, *, status: int = 200,
              headers: Mapping[str, str] | None = None) -> None:
        self._routes[(method.upper(), path)] = _Canned(status, dict(headers or {}), body)

    def handler(self, method: str, path: str, handler: Handler) -> None:
        """A coroutine that builds the answer from the request (query-dependent pages)."""
        self._routes[(method.upper(), path)] = handler

    def fault(self, method: str, path: str, *faults: Fault) -> None:
        """Queue faults for a route; each request consumes one, in order, before normal service."""
        self._faults[(method.upper(), path)].extend(faults)

    def requests_to(self, path: str, method: str | None = None) -> list[Recorded]:
        return [r for r in self.requests
                if r.path == path and (method is None or r.method == method.upper())]

    def sse(self, path: str, scripts: Sequence[Sequence[str]], *, hold_open: bool = True,
            abort: bool = True) -> list[dict[str, list[str]]]:
        """An SSE endpoint: connection N plays ``scripts[N]`` (raw frames such as
        ``"event: update\\ndata: {...}\\n\\n"``). Every script but the last then drops the
        connection (``abort``: without the chunked terminator, as a network failure does). The
        last one holds the connection open until the client leaves when ``hold_open``. Returns
        the list the query of each connect is appended to."""
        endpoint = _SseEndpoint(deque(list(s) for s in scripts), hold_open, abort)
        self._sse[path] = endpoint
        return endpoint.connects

    def websocket(self, path: str, jsonl: Path | Sequence[str], *,
                  drop_after: Sequence[int | None] = (),
                  select: Callable[[Mapping[str, str], list[str]], list[str]] | None = None,
                  binary: Collection[str] = (),
                  ) -> list[dict[str, str]]:
        """A websocket endpoint replaying JSONL lines as text messages. Connection N drops after
        ``drop_after[N]`` messages (None or absent: send all, then hold open). ``select(query,
        lines)`` picks the lines for a connect (a resume cursor, say). Returns the list the
        query of each connect is appended to. A line in ``binary`` goes as a binary message, its
        bytes as ``surrogateescape`` writes them ("\\udcff" is the byte 0xff); another line
        holding such escapes goes as a text message of those bytes (not UTF-8)."""
        lines = (jsonl.read_text(encoding="utf-8").splitlines() if isinstance(jsonl, Path)
                 else list(jsonl))
        endpoint = _WsEndpoint([ln for ln in lines if ln.strip()], deque(drop_after), select,
                               frozenset(binary))
        self._ws[path] = endpoint
        return endpoint.connects

    # --- serving -----------------------------------------------------------------------------

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        query: dict[str, list[str]] = {}
        for k, v in request.query.items():
            query.setdefault(k, []).append(v)
        self.requests.append(Recorded(request.method, request.path, query,
                                      dict(request.headers), body))
        if request.path in self._ws and request.method == "GET":
            return await self._serve_ws(request, self._ws[request.path])
        if request.path in self._sse and request.method == "GET":
            endpoint = self._sse[request.path]
            endpoint.connects.append(query)
            return await self._serve_sse(request, endpoint)
        key = (request.method, request.path)
        faults = self._faults.get(key)
        fault = faults.popleft() if faults else None
        if fault is not None and fault.kind == "status":
            return web.Response(status=fault.status, headers=fault.headers, body=fault.body)
        if fault is not None and fault.kind == "delay":
            await asyncio.sleep(fault.seconds)
        route = self._routes.get(key)
        if route is None:
            return web.json_response({"error": f"no route {request.method} {request.path}"},
                                     status=404)
        if isinstance(route, _Canned):
            response = web.Response(status=route.status, headers=route.headers, body=route.body)
        else:
            answer = await route(request)
            if not isinstance(answer, web.Response):
                return answer
            response = answer
        if fault is not None and fault.kind == "truncated":
            return await self._truncate(request, response)
        return response

    async def _truncate(self, request: web.Request, full: web.Response) -> web.StreamResponse:
        data = full.body if isinstance(full.body, bytes) else b"{}"
        out = web.StreamResponse(status=full.status, headers=full.headers)
        out.content_length = len(data)
        await out.prepare(request)
        await out.write(data[: max(1, len(data) // 2)])
        if request.transport is not None:
            request.transport.close()
        return out

    async def _serve_sse(self, request: web.Request, ep: _SseEndpoint) -> web.StreamResponse:
        last = len(ep.scripts) <= 1
        script = ep.scripts.popleft() if ep.scripts else []
        out = web.StreamResponse(headers={"Content-Type": "text/event-stream",
                                          "Cache-Control": "no-cache"})
        await out.prepare(request)
        for frame in script:
            await out.write(frame.encode("utf-8", "surrogateescape"))  # "\udcff": 0xff
        if last and ep.hold_open:
            await self._closing.wait()
            return out
        if ep.abort and request.transport is not None:
            request.transport.close()
            return out
        await out.write_eof()
        return out

    async def _serve_ws(self, request: web.Request, ep: _WsEndpoint) -> web.StreamResponse:
        query = dict(request.query)
        ep.connects.append(query)
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        lines = ep.select(query, ep.lines) if ep.select else ep.lines
        drop = ep.drop_after.popleft() if ep.drop_after else None
        for n, line in enumerate(lines):
            if drop is not None and n >= drop:
                # an abrupt drop, not a close handshake: what a failing network looks like
                if request.transport is not None:
                    request.transport.close()
                return ws
            if line in ep.binary:
                await ws.send_bytes(line.encode("utf-8", "surrogateescape"))
            elif not line.isascii() and any("\udc80" <= ch <= "\udcff" for ch in line):
                # a text message of bytes that are not UTF-8, as a broken relay may send
                await ws.send_frame(line.encode("utf-8", "surrogateescape"), WSMsgType.TEXT)
            else:
                await ws.send_str(line)
        closing = asyncio.ensure_future(self._closing.wait())
        try:
            while True:
                receive = asyncio.ensure_future(ws.receive())
                done, _ = await asyncio.wait({receive, closing},
                                             return_when=asyncio.FIRST_COMPLETED)
                if receive not in done:
                    receive.cancel()
                    break
                msg = receive.result()
                if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.ERROR):
                    break
        finally:
            closing.cancel()
        await ws.close()
        return ws


@asynccontextmanager
async def on_loopback(routes: Mapping[str, Handler]) -> AsyncIterator[str]:
    """An aiohttp app answering POSTs to ``routes`` (path -> handler) on a free loopback port:
    its base URL, until the block ends."""
    app = web.Application()
    for path, handler in routes.items():
        app.router.add_post(path, handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()
