"""A fourth review of where a refused Bluesky account is hosted (integrations/social/bluesky/
hosting.py) against the AT Protocol reference stack: the handle's DID from its own web host
(``https://<handle>/.well-known/atproto-did``), asked beside ``resolveHandle`` on ``pds_url``
rather than after it, then the account's DID document from the stack's PLC directory. Each
test failed on the code before its fix.

The account, its DID document and its PDS are the stack's. The PDS the source is wrongly
pointed at is a local server refusing the session as the reference PDS refuses a handle it
does not host; the handle's web host is a local server too, reached through a transport that
stands in for DNS and TLS (the last inch: no certificate for a ``.test`` handle can be had).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from aiohttp import web

from integrations.social.bluesky import hosting
from tests.interop.test_bluesky_other_pds import REFUSED, Server, _config, _hosted_on, _poll, _serve

if TYPE_CHECKING:
    from tests.interop.conftest import Account, AtprotoStack

RESOLVE = "/xrpc/com.atproto.identity.resolveHandle"
WELL_KNOWN = "/.well-known/atproto-did"


class HandleHost(httpx.AsyncBaseTransport):
    """Requests to ``https://<handle>/`` go to the local ``host``; all others as they are.
    Each request's start and end (its answer's head, or its failure) are noted in order."""

    def __init__(self, handle: str, host: Server) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.handle = handle
        self.host = httpx.URL(host.url)
        self.events: list[tuple[str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == self.handle:
            request.url = request.url.copy_with(scheme="http", host=self.host.host,
                                                port=self.host.port)
        self.events.append(("start", request.url.path))
        try:
            return await self.inner.handle_async_request(request)
        finally:
            self.events.append(("end", request.url.path))

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture
async def released() -> AsyncIterator[asyncio.Event]:
    event = asyncio.Event()
    yield event
    event.set()


async def _slow_pds(released: asyncio.Event) -> AsyncIterator[Server]:
    """A PDS that hosts none of the stack's accounts and whose ``resolveHandle`` hangs (an
    overloaded one, or one whose own lookup of a foreign handle waits on a slow host)."""

    async def create_session(_: web.Request) -> web.Response:
        return web.json_response(REFUSED, status=401)

    async def hang(_: web.Request) -> web.Response:
        await released.wait()
        return web.json_response({"error": "InvalidRequest"}, status=400)

    def routes(app: web.Application) -> None:
        app.router.add_post("/xrpc/com.atproto.server.createSession", create_session)
        app.router.add_get(RESOLVE, hang)

    async for server in _serve(routes):
        yield server


async def _handle_host(account: Account) -> AsyncIterator[Server]:
    async def atproto_did(_: web.Request) -> web.Response:
        return web.Response(text=account.did + "\n", content_type="text/plain")

    def routes(app: web.Application) -> None:
        app.router.add_get(WELL_KNOWN, atproto_did)

    async for server in _serve(routes):
        yield server


async def test_the_handles_own_host_is_asked_beside_a_slow_resolve_handle(
    atproto: AtprotoStack, tmp_path: Path, released: asyncio.Event,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """``resolveHandle`` on ``pds_url`` hanging, the handle's host answering at once: the host
    was asked only once ``resolveHandle`` gave up at its bound, and the refused session's line
    waited for it (up to 5 s a lookup, three in a row: 15 s). Both are asked at once now, the
    first DID found is taken, and the PLC directory's document names the PDS."""
    monkeypatch.setattr(hosting, "LOOKUP_SECONDS", 2.0)
    account = atproto.account("well-known-bot")
    async for pds in _slow_pds(released):
        async for host in _handle_host(account):
            path, env = _config(tmp_path, account, pds_url=pds.url, plc_url=atproto.plc)
            transport = HandleHost(account.handle, host)
            endpoint = _hosted_on(atproto)
            line = (f"bluesky bsky: {account.handle} is hosted on {endpoint}, not {pds.url}: "
                    f"set pds_url: {endpoint}")
            async with httpx.AsyncClient(transport=transport) as client:
                said = await _poll(path, env, client)
            assert said == [("paused", line), f"sources[0].pds_url: {line}"]
            assert host.asked == [WELL_KNOWN] * 2  # the supervisor's poll, the fetch
            first = transport.events[:transport.events.index(("end", RESOLVE))]
            assert ("start", WELL_KNOWN) in first, transport.events
