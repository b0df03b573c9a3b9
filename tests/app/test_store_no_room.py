"""A SQLite store that cannot grow at start is one line saying why and what to change. With the
disk full (a 64 KB tmpfs) ``socialops run`` said `store unavailable: cannot open SQLite database
at data/socialops.db: database or disk is full`, and under a file size limit (``ulimit -f``, as
a systemd unit's LimitFSIZE= or a container's sets it) `...: disk I/O error`, SQLite's words,
which name neither cause nor key (tried by a newcomer filling a tmpfs). The limit is what the
test sets: a full disk needs a mount, which only root may make."""

from __future__ import annotations

import resource
import subprocess
from pathlib import Path

from tests.app.cli_support import SOCIALOPS, assert_one_line_error, clean_env, socialops


def limited_run(cwd: Path, limit: int) -> subprocess.CompletedProcess[str]:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([SOCIALOPS, "run", "--no-stdin"], cwd=cwd, env=clean_env(),
                          capture_output=True, text=True, timeout=120, check=False,
                          stdin=subprocess.DEVNULL, preexec_fn=cap)


def test_a_file_size_limit_is_named_with_its_fix(tmp_path: Path) -> None:
    assert socialops("init", "--yes", cwd=tmp_path).returncode == 0
    run = limited_run(tmp_path, 2048)
    line = assert_one_line_error(
        run, "data/socialops.db", "file size limit of 2,048 bytes (ulimit -f",
        "raise it for the user or service running socialops, or set store.path")
    assert "disk I/O error" not in line, line
