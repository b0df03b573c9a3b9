"""A Reddit app read without an account (no ``username``, no ``user_agent``) sends a User-Agent
naming none, and a warning says what to set. It was said by every process that built the
source, so the Procfile's web and worker each said it (twice in a deployment's log, the web
one, which polls nothing, among them) and ``socialops check`` not at all; and it named the
source's id, not the line to change. Now ``check`` warns at ``sources[N].user_agent``, and at
start the same line is said by the process that polls (``--role worker``, or ``run`` alone),
not by the web role. Real ``socialops run`` processes on a real redis-server, stopped as a
supervisor stops them (SIGTERM), against an address where nothing answers."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.app.cli_support import SOCIALOPS, clean_env, drain, socialops

CONFIG = """\
sources:
  - id: rd
    type: reddit
    client_id: cid
    client_secret: ${REDDIT_CLIENT_SECRET}
    subreddits: [acme]
    base_url: http://127.0.0.1:9/
    auth_url: http://127.0.0.1:9/
workspaces: [{name: console, type: console}]
channels: {ops: {workspace: console, id: ops}}
ops_channel: ops
store: {backend: redis}
"""
SAID = "sources[0].user_agent: its User-Agent names no Reddit account"
STARTED = {"web": "role web: interactions only", "worker": "role worker: polling and delivery only"}


def started_and_stopped(cfg: Path, role: str, env: dict[str, str]) -> str:
    proc = subprocess.Popen([SOCIALOPS, "run", "--role", role, "--no-stdin", "--config",
                             str(cfg)], cwd=cfg.parent, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    assert proc.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + 60
    for line in proc.stderr:
        seen.append(line)
        if STARTED[role] in line or time.monotonic() > deadline:
            break
    os.kill(proc.pid, signal.SIGTERM)
    _, err = drain(proc, timeout=60)
    return "".join(seen) + err


@pytest.mark.slow
def test_the_process_that_polls_says_it_once_at_its_line_and_check_says_it(
        tmp_path: Path, redis_url: str) -> None:
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(CONFIG, encoding="utf-8")
    env = clean_env(REDIS_URL=redis_url, REDDIT_CLIENT_SECRET="sec")
    checked = socialops("check", "--config", str(cfg), cwd=tmp_path, env=env)
    assert checked.returncode == 0, checked.stderr
    assert f"{cfg}:2: {SAID}" in checked.stderr, checked.stderr
    logs = {role: started_and_stopped(cfg, role, env) for role in ("web", "worker")}
    assert logs["web"].count("names no Reddit account") == 0, logs["web"]
    assert logs["worker"].count("names no Reddit account") == 1, logs["worker"]
    assert f"{cfg}:2: {SAID}" in logs["worker"], logs["worker"]
