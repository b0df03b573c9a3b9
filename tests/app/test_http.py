"""The bot's HTTP server on a free loopback port: /healthz and /metrics."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from aiohttp.test_utils import TestServer

from bot.app.compose import App, open_app
from bot.app.http import build_http_app
from bot.core.config import load_config
from tests.support.redis_server import RedisServer


@asynccontextmanager
async def serving(tmp_path: Path, store: str, *, paused: dict[str, str] | None = None,
                  ) -> AsyncIterator[tuple[App, httpx.AsyncClient]]:
    """The app on a console workspace and ``store`` (its YAML), its HTTP server on a free
    loopback port (``paused``: the sources it says are paused): the app, a client of it."""
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"workspaces: [{{name: console, type: console}}]\nstore: {store}\n")
    async with open_app(load_config(cfg), out=io.StringIO()) as app:
        server = TestServer(build_http_app(app, paused=paused or {}), port=0)
        await server.start_server()
        try:
            async with httpx.AsyncClient(base_url=str(server.make_url("/"))) as client:
                yield app, client
        finally:
            await server.close()


async def test_healthz_and_metrics(tmp_path: Path) -> None:
    async with serving(tmp_path, f"{{backend: sqlite, path: {tmp_path / 's.db'}}}",
                       paused={"x": "credentials refused"}) as (app, client):
        app.metrics.inc("mentions_in_total", source="m1")
        health = await client.get("/healthz")
        assert health.status_code == 200
        body = health.json()
        assert body["ok"] is True and body["paused_sources"] == {"x": "credentials refused"}
        assert body["outbox"] == {"pending": 0, "sent": 0, "dead": 0}
        metrics = await client.get("/metrics")
        assert metrics.status_code == 200
        assert metrics.headers["content-type"].startswith("text/plain")
        assert 'socialops_mentions_in_total{source="m1"} 1.0' in metrics.text
        assert 'socialops_outbox_depth{status="pending"} 0.0' in metrics.text
        await app.store.close()  # the store goes away: health says so, and stays alive
        down = await client.get("/healthz")
        assert down.status_code == 200 and down.json()["ok"] is True and down.json()["store"]
        assert (await client.get("/readyz")).status_code == 503


async def test_metrics_say_the_store_is_down(tmp_path: Path) -> None:
    """/metrics kept answering 200 while Redis was down (stopped), its outbox gauges the last
    values read and nothing saying the store was gone, so a dashboard read a healthy, empty
    outbox. Now socialops_store_up is 0 then (1 once the store answers)."""
    server = RedisServer(tmp_path / "redis").start()
    try:
        async with serving(tmp_path, f"{{backend: redis, redis_url: '{server.url}'}}") as (
                _, client):
            assert "socialops_store_up 1.0" in (await client.get("/metrics")).text
            server.stop()
            metrics = await client.get("/metrics", timeout=60)
            assert metrics.status_code == 200
            assert "socialops_store_up 0.0" in metrics.text
            assert (await client.get("/readyz", timeout=60)).status_code == 503
            assert (await client.get("/healthz", timeout=60)).status_code == 200  # alive
    finally:
        server.stop()


async def test_metrics_answer_while_the_store_hangs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Redis that hangs (the process stopped, SIGSTOP: a full host, a network that drops
    packets) held /metrics for the Redis client's timeouts and retries, over a minute, past
    Prometheus's scrape timeout (10 s by default): the scrape failed and socialops_store_up
    was never read as 0. Now /metrics answers within its bound, saying the store is down."""
    import os
    import signal

    from bot.app import http

    monkeypatch.setattr(http, "STORE_LOOK_SECONDS", 0.1)  # far from the client's 10 s
    server = RedisServer(tmp_path / "redis").start()
    assert server.proc is not None
    try:
        async with serving(tmp_path, f"{{backend: redis, redis_url: '{server.url}'}}") as (
                _, client):
            assert "socialops_store_up 1.0" in (await client.get("/metrics")).text
            os.kill(server.proc.pid, signal.SIGSTOP)
            try:
                # only the bound in /metrics (0.1 s here) answers within these 8 s: the Redis
                # client waits 10 s a read, then retries (as /metrics did before the bound)
                metrics = await client.get("/metrics", timeout=8)
                health = await client.get("/healthz", timeout=30)
                assert health.status_code == 200 and "store" in health.json()
                assert (await client.get("/readyz", timeout=30)).status_code == 503
            finally:
                os.kill(server.proc.pid, signal.SIGCONT)
            assert metrics.status_code == 200, metrics.text
            assert "socialops_store_up 0.0" in metrics.text
            # the store back: the next look says so
            assert "socialops_store_up 1.0" in (await client.get("/metrics")).text
    finally:
        server.stop()


async def test_store_up_says_a_sqlite_file_moved_away_under_the_process(tmp_path: Path) -> None:
    """The SQLite file deleted or moved away under a running bot (a clean-up job, a restore
    that puts another file in its place): the process went on reading and writing the file it
    had open, which no name leads to any more, so what it wrote was lost at the next start,
    while /healthz said 200 and socialops_store_up 1. Now both say the store is gone, and 1
    again once the file is back: /readyz is 503, /healthz 200 (a restart would open an empty
    database at store.path, losing what the process holds)."""
    db = tmp_path / "s.db"
    async with serving(tmp_path, f"{{backend: sqlite, path: {db}}}") as (_, client):
        assert "socialops_store_up 1.0" in (await client.get("/metrics")).text
        db.rename(tmp_path / "moved.db")
        assert "socialops_store_up 0.0" in (await client.get("/metrics")).text
        health = await client.get("/healthz")
        assert health.status_code == 200, health.text
        assert (await client.get("/readyz")).status_code == 503
        assert health.json()["store"] == (
            f"the SQLite database {db} is no longer the file this process opened (moved "
            "or deleted): what it writes now is lost when it stops; put the file back "
            "and restart the process")
        (tmp_path / "moved.db").rename(db)
        assert "socialops_store_up 1.0" in (await client.get("/metrics")).text
        assert (await client.get("/healthz")).status_code == 200
