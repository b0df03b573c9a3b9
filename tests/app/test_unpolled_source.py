"""A source no process polls is said: a real ``socialops run --role worker`` polls it on a
shared store (a SQLite file, a real redis-server), is killed (SIGKILL) and not restarted; this
process, as the web role would be, reads the worker's polls from the store, so its ``status``
names the source, when it was last polled and the likely cause, and its ``/metrics`` gauge
``socialops_source_last_poll_age_seconds`` says how long ago. Before, the web process said
``brand (ok)`` with the worker dead for minutes (ops5 report, worker_down.sh) and no gauge
told it. A worker started again polls it, and both say so.

The clock of this process is injected: set from the poll times the workers stored."""

from __future__ import annotations

import asyncio
import io
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from aiohttp.test_utils import TestServer

from bot.app.compose import open_app
from bot.app.http import build_http_app
from bot.core.cards import Interaction
from bot.core.config import load_config
from bot.store import open_store
from handlers.source_health import polled_key, read_polled
from tests.app.cli_support import clean_env
from tests.support.clock import FakeClock

ROOT = Path(__file__).parents[2]
STATUS = Interaction(workspace="console", channel="ops", user="ana", via="command",
                     action="status")
CONFIG = """\
sources:
  - {{id: brand, type: replay, path: {replay}, interval: 1}}
workspaces: [{{name: console, type: console}}]
channels:
  ops: {{workspace: console, id: ops}}
ops_channel: ops
spikes: {{enabled: false}}
rules: rules.yaml
people: [{{id: ana, role: lead, identities: {{console: ana}}}}]
store: {store}
"""


def write_config(tmp: Path, backend: str, redis_url: str) -> Path:
    (tmp / "mentions.jsonl").write_text("")
    (tmp / "rules.yaml").write_text("routes:\n  - {name: all, match: {any: [acme]}, "
                                    "channel: ops}\n")
    store = (f'{{backend: redis, redis_url: "{redis_url}"}}' if backend == "redis"
             else f'{{backend: sqlite, path: "{tmp / "s.db"}"}}')
    cfg = tmp / "socialops.yaml"
    cfg.write_text(CONFIG.format(replay=tmp / "mentions.jsonl", store=store))
    return cfg


def start_worker(cfg: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as err:
        return subprocess.Popen([sys.executable, "-m", "bot.app.cli", "run", "--config",
                                 str(cfg), "--role", "worker", "--no-stdin"],
                                stdout=subprocess.DEVNULL, stderr=err, env=clean_env(),
                                cwd=cfg.parent)


async def stored_poll(cfg: Path) -> datetime | None:
    """When the store says any process last polled ``brand``."""
    store = await open_store(load_config(cfg).config.store, redis_url=None,
                             clock=FakeClock())
    try:
        raw = await store.get_cursor(polled_key("brand"))
    finally:
        await store.close()
    polled = read_polled(raw) if raw else None
    return polled.at if polled is not None else None


def polled_after(cfg: Path, worker: subprocess.Popen[bytes], log: Path,
                 after: datetime | None) -> datetime:
    """The worker's stored poll, once it is later than ``after``. The deadline only ends a
    hang: it fails the test, it never passes it."""
    deadline = time.monotonic() + 120
    while True:
        at = asyncio.run(stored_poll(cfg))
        if at is not None and (after is None or at > after):
            return at
        assert worker.poll() is None, log.read_text(errors="replace")[-3000:]
        assert time.monotonic() < deadline, "the worker wrote no poll (hung?)"
        time.sleep(0.05)


async def look(cfg: Path, now: datetime) -> tuple[str, str]:
    """What a process that polls nothing says at ``now``: its ``status`` and the gauge
    line from its ``/metrics``."""
    async with open_app(load_config(cfg), clock=FakeClock(now), out=io.StringIO()) as app:
        status = (await app.dispatcher.handle(STATUS)).text
        server = TestServer(build_http_app(app), host="127.0.0.1", port=0)
        await server.start_server()
        try:
            async with httpx.AsyncClient() as client:
                body = (await client.get(str(server.make_url("/metrics")))).text
        finally:
            await server.close()
    gauge = [line for line in body.splitlines()
             if line.startswith("socialops_source_last_poll_age_seconds{")]
    return status, "\n".join(gauge)


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_a_source_whose_worker_was_killed_is_said_unpolled_until_one_polls_it(
        tmp_path: Path, request: pytest.FixtureRequest, backend: str) -> None:
    url = request.getfixturevalue("redis_url") if backend == "redis" else ""
    cfg = write_config(tmp_path, backend, url)
    log = tmp_path / "worker.log"
    worker = start_worker(cfg, log)
    try:
        first = polled_after(cfg, worker, log, None)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        last = asyncio.run(stored_poll(cfg))  # its last write before the kill
        assert last is not None and last >= first

        # within the bound (max(3 x 1 s, 2 min)): a poll may just be late
        status, gauge = asyncio.run(look(cfg, last + timedelta(seconds=100)))
        assert "brand (ok)" in status, status
        assert gauge == 'socialops_source_last_poll_age_seconds{source="brand"} 100.0', gauge

        status, gauge = asyncio.run(look(cfg, last + timedelta(minutes=4, seconds=30)))
        said = (f"brand (not polled since {last:%H:%M} UTC (4 min): no process polls it; is "
                "a worker running?)")
        assert said in status, status
        assert gauge == 'socialops_source_last_poll_age_seconds{source="brand"} 270.0', gauge

        worker = start_worker(cfg, log)  # polling resumes
        again = polled_after(cfg, worker, log, last)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=60) == 0, log.read_text(errors="replace")[-3000:]
        again = asyncio.run(stored_poll(cfg)) or again
        status, gauge = asyncio.run(look(cfg, again + timedelta(seconds=30)))
        assert "brand (ok)" in status, status
        assert gauge == 'socialops_source_last_poll_age_seconds{source="brand"} 30.0', gauge
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
