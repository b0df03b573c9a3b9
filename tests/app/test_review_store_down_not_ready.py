"""A store that goes away under a running bot is a reason to be not ready, never to be
restarted (an SRE's review, Kubernetes and Heroku). `/healthz`, which docs/operations.md gives
a Kubernetes `livenessProbe`, answered 503 while Redis was down: the kubelet then restarts every
pod of the deployment at once, each restart refused at start while Redis is still down, and the
pods sit in CrashLoopBackOff (up to 5 minutes between tries) after Redis is back, where the
running process retries each loop and recovers by itself within seconds. A SQLite file moved
away under the process was 503 too: a restart opens an empty database at `store.path`, so the
restart itself loses what the process holds. `/healthz` now fails only for what a restart fixes
(a dead or stuck loop); the store is `/readyz`'s and `socialops_store_up`'s to say."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.app.cli_support import Cli, clean_env, drain
from tests.app.test_procfile import STARTED, procfile
from tests.support.redis_server import RedisServer, free_port

WITHIN = 60.0  # a hang's end only: each wait below ends as soon as its answer comes


def until(what: Callable[[], bool], proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + WITHIN
    while not what():
        assert proc.poll() is None, f"socialops ended (rc={proc.returncode})"
        assert time.monotonic() < deadline, "never"
        time.sleep(0.1)


@pytest.mark.slow
def test_redis_stopped_under_a_running_bot_is_not_ready_and_alive_until_it_is_back(
        tmp_path: Path, cli: Cli) -> None:
    redis = RedisServer(tmp_path / "redis").start()
    port = free_port()
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
    proc = subprocess.Popen(procfile()["worker"], shell=True, start_new_session=True,
                            cwd=tmp_path, env=clean_env(REDIS_URL=redis.url, PORT=str(port)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)
    assert proc.stderr is not None
    try:
        for line in proc.stderr:  # the worker's line: its HTTP server is on before it
            if STARTED["worker"] in line:
                break
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=WITHIN) as client:
            until(lambda: client.get("/readyz").status_code == 200, proc)
            assert client.get("/healthz").status_code == 200
            redis.stop()
            health, ready = client.get("/healthz"), client.get("/readyz")
            metrics = client.get("/metrics").text
            assert health.status_code == 200, health.text  # alive: a restart fixes nothing
            assert health.json()["ok"] is True
            assert health.json()["store"].startswith("Redis at "), health.text
            assert ready.status_code == 503, ready.text  # not ready: the store is down
            assert ready.json()["problems"][0].startswith("store: Redis at "), (
                ready.text)
            assert "socialops_store_up 0.0" in metrics
            redis.start()  # the same port and files: the process takes it up again itself
            until(lambda: client.get("/readyz").status_code == 200, proc)
            assert "socialops_store_up 1.0" in client.get("/metrics").text
            assert "store" not in client.get("/healthz").json()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        _, err = drain(proc, timeout=60)
        redis.stop()
    assert proc.returncode == 0, err


async def test_a_hung_store_does_not_hold_the_liveness_answer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Redis that stops answering (a partition, SIGSTOP) held `/healthz` for the store's
    look, 3 s, past the kubelet's default probe timeout (1 s): a probe left at its default
    failed, and the pods were restarted for the store after all. `/healthz` now waits for the
    store a moment only (``HEALTHZ_STORE_SECONDS``) and says it has not answered; the look
    itself goes on, `/readyz` and `socialops_store_up` saying what it finds. Here the look
    would hold an answer a minute: `/healthz` must come well before."""
    from bot.app import http
    from tests.app.test_http import serving

    monkeypatch.setattr(http, "STORE_LOOK_SECONDS", 60.0)
    redis = RedisServer(tmp_path / "redis").start()
    assert redis.proc is not None
    try:
        async with serving(tmp_path, f"{{backend: redis, redis_url: '{redis.url}'}}") as (
                _, client):
            assert "outbox" in (await client.get("/healthz")).json()
            os.kill(redis.proc.pid, signal.SIGSTOP)
            try:
                health = await client.get("/healthz", timeout=30)  # the look: 60 s
            finally:
                os.kill(redis.proc.pid, signal.SIGCONT)
            assert health.status_code == 200, health.text
            assert health.json()["store"].startswith("the store has not answered within "), (
                health.text)
            assert "outbox" not in health.json()
            # the store back: a /healthz soon has the counts again (the look in hand answers)
            deadline = time.monotonic() + WITHIN
            while "outbox" not in (answer := await client.get("/healthz", timeout=30)).json():
                assert answer.status_code == 200 and time.monotonic() < deadline, answer.text
                await asyncio.sleep(0.1)
    finally:
        redis.stop()


def answer(client: httpx.Client, path: str) -> int | None:
    """The status of ``path``, None while nothing listens."""
    try:
        return client.get(path).status_code
    except httpx.TransportError:
        return None


@pytest.mark.slow
def test_a_worker_started_while_redis_is_down_waits_not_ready_and_starts_once_it_is_back(
        tmp_path: Path, cli: Cli) -> None:
    """A pod started during a Redis outage stopped with exit 1 and was restarted in a loop
    (CrashLoopBackOff: up to 5 minutes between tries, long after Redis was back). It now
    waits, alive and not ready, asking again with backoff, says so in one line, and starts
    when Redis answers."""
    redis = RedisServer(tmp_path / "redis")  # its port chosen, nothing listening yet
    port = free_port()
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
    log = tmp_path / "stderr.log"
    with log.open("w") as err:
        proc = subprocess.Popen(procfile()["worker"], shell=True, start_new_session=True,
                                cwd=tmp_path, env=clean_env(REDIS_URL=redis.url, PORT=str(port)),
                                stdout=subprocess.DEVNULL, stderr=err, text=True,
                                stdin=subprocess.DEVNULL)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=WITHIN) as client:
            until(lambda: answer(client, "/readyz") == 503, proc)
            assert answer(client, "/healthz") == 200  # alive: a restart fixes nothing
            assert client.get("/readyz").json()["problems"][0].startswith("store: "), (
                log.read_text())
            redis.start()
            until(lambda: answer(client, "/readyz") == 200, proc)
            until(lambda: STARTED["worker"] in log.read_text(), proc)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        drain(proc, timeout=60)
        redis.stop()
    said = log.read_text()
    assert proc.returncode == 0, said
    # one line when it does not answer (not one a try), one when it does; no traceback
    assert sum("cannot reach Redis at" in line for line in said.splitlines()) == 1, said
    assert "store: answers now; starting" in said and "Traceback" not in said, said


@pytest.mark.slow
def test_a_wrong_redis_password_still_stops_the_start_at_once_in_one_line(
        tmp_path: Path, cli: Cli) -> None:
    """A mistake is not an outage: waiting would hide it behind a pod that never gets ready.
    Redis answers and refuses the password: exit 1, one line naming what to fix."""
    redis = RedisServer(tmp_path / "redis", password="the-right-one").start()
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
    url = f"redis://:a-wrong-one@127.0.0.1:{redis.port}/0"
    try:
        proc = subprocess.run(procfile()["worker"], shell=True, cwd=tmp_path,
                              env=clean_env(REDIS_URL=url, PORT=str(free_port())),
                              capture_output=True, text=True, stdin=subprocess.DEVNULL,
                              timeout=120, check=False)
    finally:
        redis.stop()
    assert proc.returncode == 1, proc.stderr
    last = proc.stderr.splitlines()[-1]
    assert last.startswith("error: store unavailable: ") and "password" in last, proc.stderr
    assert "Traceback" not in proc.stderr and "trying again" not in proc.stderr, proc.stderr


@pytest.mark.slow
def test_a_sigterm_while_waiting_for_redis_stops_the_process_with_exit_0(
        tmp_path: Path, cli: Cli) -> None:
    """Stopped while it waits (a rollout abandoned during the outage): exit 0, as a stop while
    starting is, and the port it answered on is closed."""
    redis = RedisServer(tmp_path / "redis")  # never started
    port = free_port()
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
    proc = subprocess.Popen(procfile()["web"], shell=True, start_new_session=True,
                            cwd=tmp_path, env=clean_env(REDIS_URL=redis.url, PORT=str(port)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=WITHIN) as client:
            until(lambda: answer(client, "/readyz") == 503, proc)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        _, err = drain(proc, timeout=60)
    assert proc.returncode == 0, err
    assert "stopped while starting (SIGTERM)" in err and "Traceback" not in err, err
