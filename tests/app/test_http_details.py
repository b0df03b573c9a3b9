"""What ``/healthz``, ``/readyz`` and ``/metrics`` tell a request from another machine. They
share the port Slack's request URL reaches, open to anyone, and told anyone the sources,
workspaces and routes by name, the error lines of a failing source (naming its server), the
outbox's counts and the versions running. Now only this machine (a loopback peer, not
relayed by a proxy) gets the detail, unless ``http.public_details`` is set; everyone keeps the
status codes a platform's health check reads."""

from __future__ import annotations

import asyncio
import io
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from aiohttp.test_utils import TestServer

from bot.app.compose import open_app
from bot.app.http import NO_METRICS, build_http_app
from bot.core.config import load_config
from tests.app.cli_support import REPO, clean_env
from tests.app.test_http_hostile import console_config
from tests.support.processes import stopped

SECRET_NAME = "mastodon-acme"  # a source's name, and its failing server in the error line
PAUSED = {f"source:{SECRET_NAME}": "paused: credentials refused by https://masto.internal"}


def own_address() -> str:
    """An address of this machine that is not loopback (none: the test cannot be made)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("203.0.113.1", 9))  # nothing is sent: this only picks a route
            address: str = s.getsockname()[0]
        except OSError:
            address = ""
    if not address or address.startswith("127.") or address == "0.0.0.0":
        pytest.skip("this machine has no address but loopback")
    return address


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[int]:
    """The HTTP server on every interface (a free port), a source paused and counted."""
    async with open_app(load_config(console_config(tmp_path)), out=io.StringIO()) as app:
        app.metrics.inc("mentions_in_total", source=SECRET_NAME)
        server = TestServer(build_http_app(app, paused=PAUSED), host="0.0.0.0", port=0)
        await server.start_server()
        try:
            assert server.port is not None
            yield server.port
        finally:
            await server.close()


async def test_another_machine_gets_the_status_and_nothing_more(served: int) -> None:
    async with httpx.AsyncClient(base_url=f"http://{own_address()}:{served}") as client:
        health, ready, metrics = [await client.get(p) for p in ("/healthz", "/readyz",
                                                                  "/metrics")]
    assert (health.status_code, health.json()) == (200, {"ok": True})
    assert (ready.status_code, ready.json()) == (503, {"ready": False})
    assert (metrics.status_code, metrics.text) == (403, NO_METRICS)
    for answer in (health, ready, metrics):
        assert SECRET_NAME not in answer.text and "masto.internal" not in answer.text


async def test_a_proxy_on_this_machine_does_not_make_its_clients_local(served: int) -> None:
    """A reverse proxy here connects from 127.0.0.1; the header it adds says for whom."""
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{served}") as client:
        for header in ("X-Forwarded-For", "Forwarded", "X-Real-IP"):
            relayed = {header: "203.0.113.9"}
            health = await client.get("/healthz", headers=relayed)
            metrics = await client.get("/metrics", headers=relayed)
            assert health.json() == {"ok": True}
            assert metrics.status_code == 403


async def test_this_machine_gets_every_detail(served: int) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{served}") as client:
        health, ready, metrics = [await client.get(p) for p in ("/healthz", "/readyz",
                                                                  "/metrics")]
    assert health.json()["paused_sources"] == PAUSED
    assert ready.status_code == 503 and any(SECRET_NAME in p for p in ready.json()["problems"])
    assert f'socialops_mentions_in_total{{source="{SECRET_NAME}"}} 1.0' in metrics.text


async def test_http_public_details_serves_them_to_every_address(tmp_path: Path) -> None:
    """``socialops run`` with ``http: {host: 0.0.0.0, public_details: true}``: a scraper on
    another machine reads /metrics."""
    address = own_address()
    with socket.socket() as s:
        s.bind(("0.0.0.0", 0))
        port = s.getsockname()[1]
    config = tmp_path / "socialops.yaml"
    config.write_text(console_config(tmp_path).read_text(encoding="utf-8")
                      + f"http: {{host: 0.0.0.0, port: {port}, public_details: true}}\n",
                      encoding="utf-8")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.app.cli", "run", "--no-stdin", "--config", str(config),
        cwd=tmp_path, env=clean_env(PYTHONPATH=str(REPO)), stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    assert proc.stderr is not None
    seen = b""
    try:
        while b"HTTP server on" not in seen:
            line = await asyncio.wait_for(proc.stderr.readline(), 60)
            assert line, seen.decode()
            seen += line
        async with httpx.AsyncClient(base_url=f"http://{address}:{port}") as client:
            metrics = await client.get("/metrics")
            health = await client.get("/healthz")
    finally:
        err = await stopped(proc)
    assert proc.returncode == 0, (seen + err).decode()
    assert metrics.status_code == 200 and "socialops_build_info" in metrics.text
    assert "outbox" in health.json()
