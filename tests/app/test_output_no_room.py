"""A command whose output goes to a file on a full disk: docs/storage.md's move to Redis
starts with `socialops audit --format json > audit-sqlite.jsonl`, and a backup disk fills. Each
command that prints (`audit`, `why`, `report`, `outbox list`, `check` ...) ended in a traceback
(`OSError: [Errno 28] No space left on device`), where the README says a mistake is one line and
no traceback; `fetch` exited 0 with its mentions lost. Now each says in one line that its output
could not be written, and exits 1. /dev/full answers every write with ENOSPC, as a full disk."""

from __future__ import annotations

import gc
import io
import os
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from bot.app.cli import main
from tests.app.cli_support import SOCIALOPS, clean_env
from tests.support.logstate import logging_kept

COMMANDS = (("audit", "--format", "json"), ("audit", "--format", "csv"), ("why", "T-1"),
            ("report",), ("report", "tickets"), ("outbox", "list"), ("dead", "list"),
            ("drafts",), ("check",), ("fetch", "sample"))


def here(folder: Path, *args: str) -> tuple[int, str]:
    """``socialops ARGS`` in ``folder`` through the same ``main`` in this process, as the
    ``cli`` fixture runs it (tests/app/cli_support.py's ``ran``), for a module's fixture, which
    has no ``capsys``: its exit code and stderr. What is under test here is the commands' own
    process writing to /dev/full; setting up the store is not (two interpreters were 3.6 s of
    CPU)."""
    err = io.StringIO()
    threshold = gc.get_threshold()
    with pytest.MonkeyPatch.context() as mp, logging_kept(within_a_phase=True), \
            redirect_stdout(io.StringIO()), redirect_stderr(err):
        mp.chdir(folder)
        wanted = clean_env()
        for name in set(os.environ) - set(wanted):
            mp.delenv(name)
        for name, value in wanted.items():
            mp.setenv(name, value)
        try:
            code = main(list(args))
        finally:
            gc.set_threshold(*threshold)
    return code, err.getvalue()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`socialops init`'s files and a store the sample replayed into."""
    folder = tmp_path_factory.mktemp("full")
    assert here(folder, "init", "--yes") == (0, "")
    code, err = here(folder, "replay", "mentions.jsonl")
    assert code == 0, err
    return folder


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_output_to_a_full_disk_is_one_line_and_exit_1(
        deployment: Path, command: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([SOCIALOPS, *command], cwd=deployment, env=clean_env(),
                              stdout=full, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                              text=True, timeout=120, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert lines and lines[-1].startswith("error: cannot write the output"), done.stderr
    assert "No space left on device" in lines[-1]
