"""Running the installed `socialops` command the way a user does: a fresh folder, a clean
environment, stdout and stderr captured."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

SOCIALOPS = str(Path(sys.executable).parent / "socialops")
REPO = Path(__file__).parents[2]


def clean_env(**extra: str) -> dict[str, str]:
    """The caller's environment without anything that would steer socialops."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("REDIS_URL", "SOCIALOPS_CONFIG", "PORT") and not k.startswith(
               ("SLACK_", "DISCORD_", "MASTODON_", "BLUESKY_", "REDDIT_", "X_"))}
    env["PATH"] = f"{Path(SOCIALOPS).parent}{os.pathsep}{env.get('PATH', '')}"
    # the code of this checkout, whichever checkout the installed command was built from
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env.update(extra)
    return env


def socialops(*args: str, cwd: Path, env: dict[str, str] | None = None,
              timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SOCIALOPS, *args], cwd=cwd, env=env or clean_env(),
                          capture_output=True, text=True, timeout=timeout, check=False,
                          stdin=subprocess.DEVNULL)


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> str:
    """Non-zero exit, no traceback, and the error is one line naming what to fix."""
    assert proc.returncode != 0, proc
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def drain(proc: subprocess.Popen[str], timeout: float) -> tuple[str, str]:
    """A process's exit and the rest of its output, read through its text streams.

    ``communicate()`` after a line-by-line read reads the pipes' file descriptors under the
    text streams: what they had buffered is lost, and the read can start inside a character
    (a card's box-drawing line failed the newcomer's test with a UnicodeDecodeError under
    load). Both pipes are read at once, so neither fills while the other is read."""
    rest: dict[str, str] = {}

    def read(name: str) -> None:
        stream = getattr(proc, name)
        rest[name] = stream.read() if stream is not None else ""

    readers = [threading.Thread(target=read, args=(name,), daemon=True)
               for name in ("stdout", "stderr")]
    for reader in readers:
        reader.start()
    if proc.stdin is not None:
        proc.stdin.close()
    proc.wait(timeout=timeout)
    for reader in readers:
        reader.join(timeout)
    return rest.get("stdout", ""), rest.get("stderr", "")
