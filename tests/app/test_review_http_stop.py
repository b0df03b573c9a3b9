"""How the HTTP server ends at a stop (an SRE's review, Kubernetes and Heroku).

The web role closed its listener the moment SIGTERM came: Kubernetes sends it while the pod is
still an endpoint of its Service (removing it is a separate, asynchronous step), and Heroku's
router may still have requests on their way, so the Slack and Discord requests routed to the
process in those seconds were refused. It now keeps serving ``http.drain_seconds`` after a
SIGTERM, ``/readyz`` saying it is stopping, then closes.

aiohttp waits up to 60 s (its ``shutdown_timeout``) for the requests in hand once the listener
is closed, so a request a handler held (a body trickled in, a store that hangs, a platform's
API that answers slowly) could push a stop past Heroku's 30 s and Kubernetes' default
``terminationGracePeriodSeconds``, where the process is killed mid-stop."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import subprocess
from pathlib import Path

import httpx
import pytest
from aiohttp import web

from bot.app.http import start_http
from tests.app.cli_support import SOCIALOPS, clean_env, drain, socialops
from tests.app.test_procfile import STARTED
from tests.support.redis_server import free_port

# a hang's end only, past the 30 s a platform gives a stop: never asserted as a duration
BEYOND_A_STOP = 40.0


async def test_a_request_a_handler_holds_does_not_hold_the_stop_past_its_bound() -> None:
    held = asyncio.Event()

    async def hold(request: web.Request) -> web.Response:
        held.set()
        await asyncio.Event().wait()  # a handler that never answers
        raise AssertionError("unreachable")

    web_app = web.Application()
    web_app.router.add_get("/held", hold)
    runner = await start_http(web_app, host="127.0.0.1", port=0)
    port = runner.addresses[0][1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(b"GET /held HTTP/1.1\r\nHost: x\r\n\r\n")
        await asyncio.wait_for(held.wait(), BEYOND_A_STOP)
        # the stop: ends within its own bound, the request cut off (aiohttp's default: 60 s)
        await asyncio.wait_for(runner.cleanup(), BEYOND_A_STOP)
        answer = await asyncio.wait_for(reader.read(), BEYOND_A_STOP)
        assert not answer.startswith(b"HTTP/1.1 200"), answer  # closed, never answered
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


@pytest.mark.slow
def test_the_web_role_serves_its_drain_after_a_sigterm_not_ready_then_exits_0(
        tmp_path: Path, redis_url: str) -> None:
    assert socialops("init", "--yes", cwd=tmp_path).returncode == 0
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
    port = free_port()
    proc = subprocess.Popen([SOCIALOPS, "run", "--role", "web", "--no-stdin"], cwd=tmp_path,
                            env=clean_env(REDIS_URL=redis_url, PORT=str(port)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)
    assert proc.stderr is not None
    seen: list[str] = []
    try:
        for line in proc.stderr:
            seen.append(line)
            if STARTED["web"] in line:
                break
        proc.send_signal(signal.SIGTERM)  # what Kubernetes sends as the endpoint is removed
        for line in proc.stderr:
            seen.append(line)
            if "stopping" in line:
                break
        # routed before the endpoint was removed: still answered, readiness failing first
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=BEYOND_A_STOP) as client:
            ready, health = client.get("/readyz"), client.get("/healthz")
        assert ready.status_code == 503, ready.text
        assert any(p.startswith("stopping: ") for p in ready.json()["problems"]), ready.text
        assert health.status_code == 200, health.text  # alive: nothing for a restart to fix
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = drain(proc, timeout=60)
    log = "".join(seen) + err
    assert proc.returncode == 0, log
    assert "Traceback" not in log and log.rstrip().endswith("stopped"), log
