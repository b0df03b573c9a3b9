"""A Reddit app read without an account (no ``username``, no ``user_agent``) sends a User-Agent
naming none, and a warning says what to set. It was said by every process that built the
source, so the Procfile's web and worker each said it (twice in a deployment's log, the web
one, which polls nothing, among them) and ``socialops check`` not at all; and it named the
source's id, not the line to change. Now ``check`` warns at ``sources[N].user_agent``, and at
start the same line is said by the process that polls (``--role worker``, or ``run`` alone),
not by the web role. Real ``socialops run`` processes on a real redis-server, stopped as a
supervisor stops them (SIGTERM), against an address where nothing answers.

Several workers each said it at start (a newcomer's and an operator's review, 2026-12-07): now
the process that takes the source's lease says it, when it first does; the others, which do
not poll it, say nothing (two in this process on one Redis: ``test_of_two_workers_...``)."""

from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from bot.app.compose import App, open_app
from bot.app.runtime import Runtime
from bot.app.serve import _run
from bot.core.config import load_config
from tests.app.cli_support import SOCIALOPS, Cli, clean_env, drain

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
# what each role is stopped after: the web role once started; the worker once it has said it
# (when it first holds the source's lease, since 2026-12-07)
STARTED = {"web": "role web: interactions only", "worker": "names no Reddit account"}


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
        tmp_path: Path, redis_url: str, cli: Cli) -> None:
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(CONFIG, encoding="utf-8")
    env = clean_env(REDIS_URL=redis_url, REDDIT_CLIENT_SECRET="sec")
    checked = cli("check", "--config", str(cfg), cwd=tmp_path, env=env)
    assert checked.returncode == 0, checked.stderr
    assert f"{cfg}:2: {SAID}" in checked.stderr, checked.stderr
    logs = {role: started_and_stopped(cfg, role, env) for role in ("web", "worker")}
    assert logs["web"].count("names no Reddit account") == 0, logs["web"]
    assert logs["worker"].count("names no Reddit account") == 1, logs["worker"]
    assert f"{cfg}:2: {SAID}" in logs["worker"], logs["worker"]


async def test_of_two_workers_the_one_that_polls_says_it_once(
        tmp_path: Path, redis_url: str, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two workers of one deployment on one Redis, as the Procfile scales them: each said the
    source's advice at start. Each is ``serve._run`` as ``socialops run --role worker`` runs
    it (on one app, each its own owner of the leases), stopped at once; then each polls twice:
only the lease holder says it, once."""
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(CONFIG.replace("store: {backend: redis}", "spikes: {enabled: false}\n"
                                  "store: {backend: redis}"), encoding="utf-8")
    env = {"REDIS_URL": redis_url, "REDDIT_CLIENT_SECRET": "sec"}
    built = []

    def runtime_kept(app: App, **kw: Any) -> Runtime:
        runtime = type(app).runtime(app, **kw)
        runtime.stop.set()  # the start, and no loop: the polls are this test's
        built.append((app, runtime))
        return runtime

    caplog.set_level(logging.WARNING)
    async with open_app(load_config(cfg, env=env), env=env, out=io.StringIO(),
                        owner="w1") as app:
        monkeypatch.setattr(app, "runtime", lambda **kw: runtime_kept(app, **kw))
        for owner in ("w1", "w2"):  # the second worker: another owner of the same leases
            await _run(app, as_person=None, stdin=False, role="worker")
            built[-1][1].owner = owner
        for _, runtime in built * 2:
            try:
                await runtime._source_step(app.sources["rd"], 60.0)()
            except Exception:  # nothing answers at 127.0.0.1:9
                pass
    said = [r.getMessage() for r in caplog.records if "names no Reddit account" in
            r.getMessage()]
    assert len(said) == 1 and said[0].endswith(SAID + said[0].split(SAID)[1]), said
    assert f"{cfg}:2: {SAID}" in said[0], said
