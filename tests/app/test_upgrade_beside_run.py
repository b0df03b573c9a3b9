"""The commands typed beside a running bot, through the installed command, on a SQLite file an
earlier release's ``socialops run`` is using (a real process holding its lock, as every
release's ``run`` does): refused in one line, the file left at its version, so that release
keeps running on it until it is stopped; ``tests/store/test_upgrade_in_use.py`` has why. The
commands that only read leave an earlier release's file as it is whether or not a process
uses it (``tests/app/test_read_only_commands.py``); one that writes is refused beside it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.app.cli_support import clean_env, socialops
from tests.app.test_dead_letters import write_config
from tests.conftest import FakeClock
from tests.store.test_upgrade_in_use import HOLDER, release_11_file, version


async def test_commands_beside_an_earlier_release_s_run_leave_its_file_as_it_is(
        tmp_path: Path) -> None:
    cfg = write_config(tmp_path, "sqlite", "")
    path = tmp_path / "s.db"
    await release_11_file(path, FakeClock())
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "s.db.lock")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        for command in (("outbox", "list"), ("why", "T-1"), ("audit",)):  # read only
            done = socialops("-c", str(cfg), *command, cwd=tmp_path, env=clean_env())
            assert done.returncode == 1, (command, done.stdout, done.stderr)
            [line] = done.stderr.splitlines()
            assert "schema version 11 is an earlier release's" in line, line
            assert "this command only reads" in line, line
            assert version(path) == 11
        # a command that writes would upgrade it: refused, as the other process uses it
        done = socialops("-c", str(cfg), "outbox", "retry", "--all", cwd=tmp_path,
                         env=clean_env())
        assert done.returncode == 1, (done.stdout, done.stderr)
        [line] = done.stderr.splitlines()
        assert f"(pid {holder.pid}) is using it" in line, line
        assert "stop that process" in line, line
        assert version(path) == 11
        columns = [r[1] for r in sqlite3.connect(path).execute("PRAGMA table_info(outbox)")]
        assert "lane" not in columns
    finally:
        holder.kill()
        holder.wait()
    done = socialops("-c", str(cfg), "outbox", "list", "--pending", cwd=tmp_path,
                     env=clean_env())
    assert done.returncode == 1 and version(path) == 11  # a reader leaves it as it is
    socialops("-c", str(cfg), "outbox", "retry", "--all", cwd=tmp_path, env=clean_env())
    assert version(path) == 19  # the first command that writes upgrades it
    done = socialops("-c", str(cfg), "outbox", "list", "--pending", cwd=tmp_path,
                     env=clean_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "1 pending"
