"""One ``socialops run`` per SQLite database FILE, whatever name each process is given for it:
a symlink to it, or another hard link of it (bot.app.lock). The lock file beside each name
was a lock per name, so a second run through a symlink or a hard link started beside the
first and delivered every card again; through a hard link SQLite keeps a WAL beside each name
too, so each process wrote its own (docs/storage.md)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.app.cli_support import SOCIALOPS, assert_one_line_error, clean_env, socialops

CONFIG = """\
workspaces: [{{name: console, type: console}}]
channels:
  support: {{workspace: console, id: support}}
store: {{backend: sqlite, path: "{path}"}}
"""


def config(home: Path, name: str, db: Path) -> Path:
    (home / "rules.yaml").write_text("routes:\n  - {name: all, channel: support}\n",
                                     encoding="utf-8")
    cfg = home / name
    cfg.write_text(CONFIG.format(path=db), encoding="utf-8")
    return cfg


def started(cfg: Path, home: Path) -> subprocess.Popen[str]:
    bot = subprocess.Popen([SOCIALOPS, "-c", str(cfg), "run", "--no-stdin"], cwd=home,
                           env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True, stdin=subprocess.DEVNULL)
    assert bot.stderr is not None
    deadline = time.monotonic() + 60  # a generous bound on start-up, not a measurement
    seen = []
    for line in bot.stderr:
        seen.append(line)
        if "socialops running" in line or time.monotonic() > deadline:
            break
    assert any("socialops running" in line for line in seen), "".join(seen)
    return bot


def stopped(bot: subprocess.Popen[str]) -> None:
    bot.send_signal(signal.SIGTERM)
    bot.wait(timeout=60)
    assert bot.returncode == 0


@pytest.mark.parametrize("first", ["real", "symlink"])
def test_a_run_through_a_symlink_is_refused_beside_one_through_the_file(
        tmp_path: Path, first: str) -> None:
    (tmp_path / "data").mkdir()
    real = tmp_path / "data" / "socialops.db"
    link = tmp_path / "bot.db"
    link.symlink_to(real)  # dangling until the first run makes the file: as deployed
    names = {"real": config(tmp_path, "real.yaml", real),
             "symlink": config(tmp_path, "link.yaml", link)}
    bot = started(names[first], tmp_path)
    try:
        other = names["symlink" if first == "real" else "real"]
        second = socialops("-c", str(other), "run", "--no-stdin", cwd=tmp_path, timeout=45)
        assert_one_line_error(second, "another socialops process", f"(pid {bot.pid})")
    finally:
        stopped(bot)


def test_a_run_through_another_hard_link_is_refused(tmp_path: Path) -> None:
    """Both names open one file; each run refuses it while it has two names, saying so."""
    real = tmp_path / "socialops.db"
    real_cfg = config(tmp_path, "real.yaml", real)
    stopped(started(real_cfg, tmp_path))  # the file made, as a run leaves it
    other = tmp_path / "copy.db"
    os.link(real, other)
    for cfg in (real_cfg, config(tmp_path, "link.yaml", other)):
        refused = socialops("-c", str(cfg), "run", "--no-stdin", cwd=tmp_path, timeout=45)
        assert_one_line_error(refused, "2 names", "hard link", "store.path")
    other.unlink()
    stopped(started(real_cfg, tmp_path))  # one name again: it runs


def test_a_run_of_an_earlier_release_given_a_symlink_is_seen_by_one_given_the_file(
        tmp_path: Path) -> None:
    """A release before 9bc39c7 holds the lock beside the name it is given only: its run
    given a symlink held the symlink's lock, and this release's given the file took the lock
    beside the file, free, and ran beside it on the same schema (every card twice). The
    earlier run has the file open and holds a lock file other than this one's: /proc/locks
    says so (as the upgrade asks), and the lock is refused, naming its pid."""
    import sqlite3
    import sys

    from bot.app.lock import HeldElsewhere, SqliteLock
    from tests.store.test_upgrade_in_use import RUNNING

    if not Path("/proc/locks").exists():
        pytest.skip("no /proc/locks")
    real = tmp_path / "data" / "socialops.db"
    real.parent.mkdir()
    db = sqlite3.connect(real)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE outbox (x)")
    db.close()
    link = tmp_path / "bot.db"
    link.symlink_to(real)
    earlier = subprocess.Popen([sys.executable, "-c", RUNNING, f"{link}.lock", str(link)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert earlier.stdout is not None and earlier.stdout.readline() == "held\n"
        with pytest.raises(HeldElsewhere) as refused:
            SqliteLock(real).acquire()
        assert refused.value.holder == str(earlier.pid)
        said = str(refused.value)
        assert f"another socialops process (pid {earlier.pid})" in said and "\n" not in said
        assert "another name" in said, said
    finally:
        earlier.kill()
        earlier.wait()
    with SqliteLock(real):  # once it has stopped
        pass


# An operator's backup job as cron jobs are written: one at a time (an flock on a lock file of
# its own, as flock(1) or the filelock package take it), copying the database while it runs.
BACKUP = """
import fcntl, os, sqlite3, sys
mine = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(mine, fcntl.LOCK_EX)
db = sqlite3.connect(sys.argv[2], isolation_level=None)
db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
print("held", flush=True)
sys.stdin.read()
"""


def test_a_process_with_the_file_open_and_a_lock_of_its_own_does_not_stop_a_run(
        tmp_path: Path) -> None:
    """Every process with the database open holds a read lock on it (SQLite's, in /proc/locks):
    a backup job, a sqlite3 shell, why. One that also holds an flock on a file of its own (a
    cron job's one-at-a-time lock) holds no lock beside any name of the database, and is no
    socialops run: the bot restarts beside it (it was refused as 'an earlier release given a
    symlink', and could not restart while the backup ran)."""
    import sys

    from bot.app.lock import SqliteLock

    if not Path("/proc/locks").exists():
        pytest.skip("no /proc/locks")
    real = tmp_path / "data" / "socialops.db"
    real.parent.mkdir()
    cfg = config(tmp_path, "real.yaml", real)
    stopped(started(cfg, tmp_path))  # the file made, as a run leaves it
    backup = subprocess.Popen([sys.executable, "-c", BACKUP, str(tmp_path / "backup.lock"),
                               str(real)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert backup.stdout is not None and backup.stdout.readline() == "held\n"
        held = Path("/proc/locks").read_text(encoding="ascii")
        assert f"POSIX  ADVISORY  READ {backup.pid} " in held  # SQLite's, on the database
        with SqliteLock(real):
            pass
        stopped(started(cfg, tmp_path))  # the bot restarts beside it
    finally:
        backup.kill()
        backup.wait()


def test_a_run_whose_lock_file_was_deleted_is_refused_in_words_that_say_so(
        tmp_path: Path) -> None:
    """An operator's clean-up deleting socialops.db.lock while the bot runs: a second run made
    a new lock file, took it, and is refused as the first has the file open and its flock on
    the deleted one (/proc/locks). The line said '... through another name (a symlink to
    it) ... (a release before 2026-12-02) ... give every process the same store.path', of a
    run of this release given the same path: it says the lock file was deleted."""
    if not Path("/proc/locks").exists():
        pytest.skip("no /proc/locks")
    real = tmp_path / "data" / "socialops.db"
    real.parent.mkdir()
    cfg = config(tmp_path, "real.yaml", real)
    bot = started(cfg, tmp_path)
    try:
        Path(f"{real}.lock").unlink()  # the clean-up
        second = socialops("-c", str(cfg), "run", "--no-stdin", cwd=tmp_path, timeout=45)
        assert_one_line_error(second, f"another socialops process (pid {bot.pid})",
                              "deleted", "stop it")
        assert "symlink" not in second.stderr and "same store.path" not in second.stderr
    finally:
        stopped(bot)


def test_an_earlier_run_given_a_symlink_in_a_mount_namespace_of_its_own_is_seen(
        tmp_path: Path) -> None:
    """The earlier release's run in a mount namespace of its own (a systemd unit's BindPaths=,
    a container sharing the host's pids) sees the database's folder at another path: /proc
    names its lock file as it sees it, a path that leads nowhere here, and is read through its
    root (/proc/<pid>/root), where it leads to the database."""
    import shutil
    import sqlite3
    import sys

    from bot.app.lock import HeldElsewhere, SqliteLock
    from tests.store.test_upgrade_in_use import RUNNING

    if not Path("/proc/locks").exists() or os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("needs /proc/locks, root and unshare")
    data = tmp_path / "data"
    data.mkdir()
    real = data / "socialops.db"
    db = sqlite3.connect(real)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE outbox (x)")
    db.close()
    (data / "bot.db").symlink_to("socialops.db")
    seen = tmp_path / "mnt"  # empty here; the folder in the earlier run's namespace
    seen.mkdir()
    earlier = subprocess.Popen(
        ["unshare", "-m", "--propagation", "private", "sh", "-c",
         'mount --bind "$1" "$2" && exec "$3" -c "$4" "$2/bot.db.lock" "$2/bot.db"', "sh",
         str(data), str(seen), sys.executable, RUNNING],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert earlier.stdout is not None and earlier.stdout.readline() == "held\n"
        assert not (seen / "bot.db").exists()  # not here
        with pytest.raises(HeldElsewhere) as refused:
            SqliteLock(real).acquire()
        assert refused.value.holder == str(earlier.pid)
        assert "another name" in str(refused.value)
    finally:
        earlier.kill()
        earlier.wait()
    with SqliteLock(real):  # once it has stopped
        pass
