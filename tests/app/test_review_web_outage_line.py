"""The `web` process's start after an outage (a platform engineer's review: the Procfile's `web`
restarted while its `worker` was crash-looping, or started first after a deploy). Every start
records the span no process ran its timers, and said what that leaves to do late as being done:
"escalation steps due then fire now, once each" — from a `web` process, which fires no timer
(docs/scaling.md): an operator reading its log was told the missed steps were being fired while
no worker ran. A `web` process now says who fires them."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core import keys as K
from bot.store.redis import RedisStore
from tests.app.cli_support import Cli, clean_env, drain
from tests.app.test_procfile import STARTED, procfile
from tests.support.redis_server import free_port


async def last_beat(url: str, at: datetime) -> None:
    store = await RedisStore.connect(url, clock=lambda: datetime.now(UTC))
    try:
        await store.set_cursor(K.ALIVE, repr(at.timestamp()))
    finally:
        await store.close()


@pytest.mark.slow
def test_a_web_process_started_after_an_outage_does_not_say_it_fires_the_missed_timers(
        tmp_path: Path, redis_url: str, cli: Cli) -> None:
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0  # an escalation chain
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
    asyncio.run(last_beat(redis_url, datetime.now(UTC) - timedelta(hours=2)))  # worker gone
    proc = subprocess.Popen(procfile()["web"], shell=True, start_new_session=True, cwd=tmp_path,
                            env=clean_env(REDIS_URL=redis_url, PORT=str(free_port())),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)
    assert proc.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + 60  # a hang's end only
    for line in proc.stderr:
        seen.append(line)
        if STARTED["web"] in line or time.monotonic() > deadline:
            break
    os.killpg(proc.pid, signal.SIGTERM)
    _, err = drain(proc, timeout=60)
    log = "".join(seen) + err
    assert proc.returncode == 0, log
    said = [line for line in log.splitlines() if "no socialops process ran its timers" in line]
    assert len(said) == 1, log
    assert "fire now" not in said[0], said[0]
    assert said[0].endswith("this process (role web) fires no timer: escalation steps due then "
                            "fire once a worker runs"), said[0]
