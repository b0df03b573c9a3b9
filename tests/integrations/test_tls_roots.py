"""The roots a client trusts: certifi's, or the bundle ``SSL_CERT_FILE`` / ``SSL_CERT_DIR``
names (a self-hosted or government instance behind a private certificate authority), against a
real local HTTPS server. The TLS context is made once a process (loading the roots is about
28 ms of CPU, paid by every app opened before), and still follows the environment."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web

from integrations.social.common.capped import _tls, capped_client

TLS = Path(__file__).parents[1] / "fixtures" / "tls"


@pytest.fixture
async def https() -> AsyncIterator[str]:
    async def hello(_: web.Request) -> web.Response:
        return web.Response(text="hello")

    app = web.Application()
    app.router.add_get("/", hello)
    runner = web.AppRunner(app)
    await runner.setup()
    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    served.load_cert_chain(TLS / "localhost.pem", TLS / "localhost.key")
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=served)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"https://127.0.0.1:{port}/"
    finally:
        await runner.cleanup()


async def get(url: str) -> str:
    async with capped_client(timeout=httpx.Timeout(10.0)) as client:
        response = await client.get(url)
        return response.text


async def test_a_private_authority_named_by_ssl_cert_file_is_trusted(
        https: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    monkeypatch.setenv("SSL_CERT_FILE", str(TLS / "localhost.pem"))
    assert await get(https) == "hello"


async def test_without_it_the_server_is_refused(
        https: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        await get(https)


async def test_the_roots_are_loaded_once_a_process_for_the_same_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Three clients (three apps opened in one process, as tests and `socialops` commands
    do) load the roots once; another bundle named is loaded for itself."""
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    _tls.cache_clear()
    made: list[ssl.SSLContext] = []
    create = ssl.create_default_context

    def counted(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        made.append(create(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(ssl, "create_default_context", counted)
    clients = [capped_client() for _ in range(3)]
    monkeypatch.setenv("SSL_CERT_FILE", str(TLS / "localhost.pem"))
    clients.append(capped_client())
    await asyncio.gather(*(c.aclose() for c in clients))
    assert len(made) == 2, made
