"""``http.metrics_token``: a Prometheus on another machine (Kubernetes, a Grafana agent) reads
``/metrics`` and the health details with ``Authorization: Bearer <token>``, as Grafana OnCall's
exporter is read with its PROMETHEUS_EXPORTER_SECRET; without it such a scraper got 403 unless
the details were public for everyone. A wrong token is 403 (the health checks keep their
status codes), counted, and never acted on."""

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
from bot.app.http import NO_METRICS, WRONG_TOKEN, build_http_app
from bot.core.config import load_config
from bot.core.errors import ConfigError
from tests.app.cli_support import REPO, clean_env
from tests.app.test_http_details import PAUSED, SECRET_NAME, own_address
from tests.app.test_http_hostile import console_config
from tests.support.processes import stopped

TOKEN = "s3cr3t-Scrape-Token-0123456789abcdef"
REFUSED = 'socialops_http_token_refused_total{path="%s"} %s'


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[int]:
    async with open_app(load_config(console_config(tmp_path)), out=io.StringIO()) as app:
        app.metrics.inc("mentions_in_total", source=SECRET_NAME)
        server = TestServer(build_http_app(app, paused=PAUSED, metrics_token=TOKEN),
                            host="0.0.0.0", port=0)
        await server.start_server()
        try:
            assert server.port is not None
            yield server.port
        finally:
            await server.close()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_another_machine_with_the_token_gets_every_detail(served: int) -> None:
    async with httpx.AsyncClient(base_url=f"http://{own_address()}:{served}") as client:
        metrics = await client.get("/metrics", headers=bearer(TOKEN))
        health = await client.get("/healthz", headers={"authorization": f"bearer {TOKEN}"})
        ready = await client.get("/readyz", headers=bearer(TOKEN))
        anonymous = await client.get("/metrics")
    assert metrics.status_code == 200
    assert f'socialops_mentions_in_total{{source="{SECRET_NAME}"}} 1.0' in metrics.text
    assert health.json()["paused_sources"] == PAUSED
    assert any(SECRET_NAME in p for p in ready.json()["problems"])
    assert (anonymous.status_code, anonymous.text) == (403, NO_METRICS)


async def test_the_token_through_a_proxy(served: int) -> None:
    """A scraper reaching the bot through the same proxy as Slack does."""
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{served}") as client:
        relayed = {"X-Forwarded-For": "203.0.113.9"}
        metrics = await client.get("/metrics", headers={**relayed, **bearer(TOKEN)})
        without = await client.get("/metrics", headers=relayed)
    assert metrics.status_code == 200 and "socialops_build_info" in metrics.text
    assert without.status_code == 403


@pytest.mark.parametrize("wrong", [
    TOKEN[:-1], TOKEN + "f", TOKEN.upper(), "", TOKEN[:8], "Bearer " + TOKEN,
    "Ωmega-ünïcode-\u200b" + TOKEN, "x" * 4000])
async def test_a_wrong_token_is_refused_and_counted(served: int, wrong: str) -> None:
    async with httpx.AsyncClient(base_url=f"http://{own_address()}:{served}") as client:
        headers = [("Authorization", f"Bearer {wrong}".strip().encode())]
        metrics = await client.get("/metrics", headers=headers)
        health = await client.get("/healthz", headers=headers)
        basic = await client.get("/metrics", headers={"Authorization": f"Basic {TOKEN}"})
    assert (metrics.status_code, metrics.text) == (403, WRONG_TOKEN)
    assert (health.status_code, health.json()) == (200, {"ok": True})
    assert basic.status_code == 403
    for answer in (metrics, health, basic):
        assert SECRET_NAME not in answer.text and TOKEN not in answer.text
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{served}") as client:
        counted = (await client.get("/metrics")).text
    assert REFUSED % ("/metrics", "2.0") in counted  # the wrong bearer and the Basic
    assert REFUSED % ("/healthz", "1.0") in counted


def test_a_short_token_is_one_line_at_load(tmp_path: Path) -> None:
    config = tmp_path / "socialops.yaml"
    config.write_text(console_config(tmp_path).read_text(encoding="utf-8")
                      + "http: {metrics_token: \"${SCRAPE}\"}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config, env={"SCRAPE": "hunter2"})
    line = str(caught.value)
    assert "\n" not in line and "hunter2" not in line
    assert "http.metrics_token" in line and "16" in line


async def test_socialops_run_reads_the_token_from_the_environment(tmp_path: Path) -> None:
    """``http: {metrics_token: ${SOCIALOPS_METRICS_TOKEN}}``, as the docs' scrape_config."""
    address = own_address()
    with socket.socket() as s:
        s.bind(("0.0.0.0", 0))
        port = s.getsockname()[1]
    config = tmp_path / "socialops.yaml"
    config.write_text(console_config(tmp_path).read_text(encoding="utf-8")
                      + f"http: {{host: 0.0.0.0, port: {port}, "
                      "metrics_token: \"${SOCIALOPS_METRICS_TOKEN}\"}\n", encoding="utf-8")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.app.cli", "run", "--no-stdin", "--config", str(config),
        cwd=tmp_path, env=clean_env(PYTHONPATH=str(REPO), SOCIALOPS_METRICS_TOKEN=TOKEN),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE)
    assert proc.stderr is not None
    seen = b""
    try:
        while b"HTTP server on" not in seen:
            line = await asyncio.wait_for(proc.stderr.readline(), 60)
            assert line, seen.decode()
            seen += line
        async with httpx.AsyncClient(base_url=f"http://{address}:{port}") as client:
            metrics = await client.get("/metrics", headers=bearer(TOKEN))
            anonymous = await client.get("/metrics")
    finally:
        err = await stopped(proc)
    assert proc.returncode == 0, (seen + err).decode()
    assert metrics.status_code == 200 and "socialops_build_info" in metrics.text
    assert anonymous.status_code == 403
    assert TOKEN.encode() not in seen + err
