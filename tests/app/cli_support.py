"""Running the installed `socialops` command the way a user does: a fresh folder, a clean
environment, stdout and stderr captured; or the same ``main`` in the test's process, with the
environment the command would have (``ran``)."""

from __future__ import annotations

import argparse
import functools
import gc
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from bot.app.cli import build_parser, main
from tests.support.logstate import logging_kept

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


# ``socialops``'s and ``ran``'s shape, as the ``cli`` fixture (tests/app/conftest.py) hands it out
Cli = Callable[..., subprocess.CompletedProcess[str]]

# Through the installed command, as a user runs it, whatever the caller: `run` and `demo` (they
# set signal handlers and start a bot) and the command's own mistakes (no command, or one it
# does not have: the entry point itself).
THROUGH_THE_COMMAND = ("run", "demo")


def ran(*args: str, cwd: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``socialops(*args)``'s result from the same ``main`` run in this process: the command's
    folder and environment (``clean_env()`` or ``env``, undone by ``monkeypatch``), its stdout
    and stderr (``capsys``), ``SystemExit``'s code as the exit code. Starting an interpreter
    that imports the whole app is 1.5-3 s of CPU a command. A traceback inside ``main`` is an
    exception here, and fails the test as it would. What ``main`` sets for the process (the
    root logger's handler, the loggers' levels and ``logging.disable``, the collector's
    thresholds) is put back, so nothing leaks into the next test."""
    first = args[0] if args else ""
    if (first == "" or any(word in THROUGH_THE_COMMAND for word in args)
            or (not first.startswith("-") and first not in _commands())):
        return socialops(*args, cwd=cwd, env=dict(env) if env is not None else None)
    monkeypatch.chdir(cwd)
    wanted = clean_env() if env is None else env
    for name in list(os.environ):
        if name not in wanted:
            monkeypatch.delenv(name)
    for name, value in wanted.items():
        if os.environ.get(name) != value:
            monkeypatch.setenv(name, value)
    capsys.readouterr()
    threshold = gc.get_threshold()
    # `dead retry` silences logging for its process: logging.disable is put back too
    with logging_kept(within_a_phase=True):
        try:
            code = main(list(args))
        except SystemExit as exc:  # as the interpreter ends on it
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:
                print(exc.code, file=sys.stderr)
                code = 1
        finally:
            gc.set_threshold(*threshold)
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(["socialops", *args], code, out, err)


@functools.cache
def _commands() -> frozenset[str]:
    parser = build_parser()
    return frozenset(name for action in parser._actions
                     if isinstance(action, argparse._SubParsersAction)
                     for name in action.choices)


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


def first_run_database(path: Path) -> Path:
    """The SQLite database a first ``socialops run`` leaves at ``path`` (its folder made): the
    schema, nothing stored. The commands that read refuse a path with no file."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor
    from datetime import UTC, datetime

    from bot.store.sqlite import SqliteStore

    async def made() -> None:
        await SqliteStore(path, clock=lambda: datetime.now(UTC)).close()

    path.parent.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(1) as pool:  # beside a running loop too (an async test's fixture)
        pool.submit(asyncio.run, made()).result()
    assert path.is_file()
    return path


def init_redis(folder: Path) -> Path:
    """``socialops init`` in ``folder``, its store switched to Redis (``REDIS_URL`` names
    which); the config file."""
    assert socialops("init", "--yes", cwd=folder).returncode == 0
    cfg = folder / "socialops.yaml"
    cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
    return cfg


def run_until_polled(*args: str, cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """``socialops run --no-stdin *args`` until its first poll (or an error), then SIGTERM:
    its exit code and what it wrote to stderr. Its cards (stdout) are not kept."""
    import signal

    run = subprocess.Popen([SOCIALOPS, "run", "--no-stdin", *args], cwd=cwd, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    try:
        assert run.stderr is not None
        for line in run.stderr:
            lines.append(line)
            if "polled " in line or "error:" in line or "Traceback" in line:
                break
        run.send_signal(signal.SIGTERM)
        _, rest = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait(timeout=10)
    return run.returncode, "".join(lines) + (rest or "")


def sample_replay_delivered(stdout: str) -> int:
    """How many cards a replay of the bundled sample delivered, from its summary, when none is
    pending or dead (else 0). `socialops replay` runs on the wall clock, so the sample's
    marketing route, quiet from 19:00 to 08:00 and at weekends, adds its 29 cards only by day:
    20 at the least."""
    import re

    found = re.search(r"dead 0, pending 0, sent (\d+)", stdout)
    return int(found[1]) if found else 0
