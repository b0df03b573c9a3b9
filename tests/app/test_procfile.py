"""The Procfile as `honcho start` and `foreman start` run it: each line through `/bin/sh -c`, in
a process group of its own, stopped by a SIGTERM to that group. The supervisor only sees the
shell, so the shell must be the bot (`exec`): otherwise the shell dies of the signal at once
(exit 143, which honcho prints as `rc=-15` and reads as a crash) and is reaped while the bot is
still finishing its work in hand, which a container then kills when the supervisor exits.
Found by running the Procfile verbatim under honcho 2.0 on Debian, whose `/bin/sh` (dash) does
not replace itself with the command."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.app.cli_support import REPO, clean_env, drain, socialops
from tests.support.redis_server import free_port

STARTED = {"web": "role web: interactions only", "worker": "role worker: polling and delivery only"}


def procfile() -> dict[str, str]:
    text = (REPO / "Procfile").read_text(encoding="utf-8")
    return dict((name, cmd.strip()) for name, cmd in (
        line.split(":", 1) for line in text.splitlines() if line and not line.startswith("#")))


@pytest.mark.slow
@pytest.mark.parametrize("role", ["web", "worker"])
def test_a_procfile_process_stopped_by_its_supervisor_exits_0_once_the_bot_has_stopped(
        tmp_path: Path, redis_url: str, role: str) -> None:
    assert socialops("init", "--yes", cwd=tmp_path).returncode == 0
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
    proc = subprocess.Popen(procfile()[role], shell=True, start_new_session=True, cwd=tmp_path,
                            env=clean_env(REDIS_URL=redis_url, PORT=str(free_port())),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)
    assert proc.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + 60
    for line in proc.stderr:
        seen.append(line)
        if STARTED[role] in line or time.monotonic() > deadline:
            break
    os.killpg(proc.pid, signal.SIGTERM)  # what honcho and foreman send
    proc.wait(timeout=60)
    # the supervisor's child has ended: nothing of the process is left running behind it
    try:
        os.killpg(proc.pid, 0)
        left = True
    except ProcessLookupError:
        left = False
    if left:
        os.killpg(proc.pid, signal.SIGKILL)
    _, err = drain(proc, timeout=60)
    log = "".join(seen) + err
    assert (proc.returncode, left) == (0, False), log
    assert "stopping: finishing work in hand" in log and log.rstrip().endswith("stopped"), log
