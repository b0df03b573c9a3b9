"""A SQLite file an earlier release is running on is not upgraded under it. Every release's
``socialops run`` holds ``<db>.lock`` (``fcntl.flock``, with its pid) for its life; a command
of this release typed meanwhile (``outbox list``, ``why``, ``audit``, ``draft`` ...) opened the
file and upgraded it in place, and the running release, which inserts outbox rows by position,
then failed every write that queues a card ('table outbox has 11 columns but 10 values were
supplied', measured with the release of schema 11, a622bea): each claim answered 'that failed',
its sources retried the same batch for ever, until it was restarted. Now such a file is refused
in one line, left as it was, and upgraded once the other process has stopped; the process that
holds the lock itself (``run``, ``replay``) upgrades it as before.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app.lock import HeldElsewhere, SqliteLock
from bot.core.cards import Card, OutboxItem
from bot.core.effects import Effects
from bot.core.errors import StoreUnavailable
from bot.store import sqlite_schema
from bot.store.sqlite import SqliteStore
from bot.store.sqlite_schema import SCHEMA_VERSION, migrate
from tests.conftest import FakeClock

# What every release's ``run`` does with the lock file (bot/app/lock.py, unchanged since
# schema 7): an exclusive flock, its pid written in it, held until it ends.
HOLDER = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0)
os.pwrite(fd, f"{os.getpid()}\\n".encode(), 0)
print("held", flush=True)
sys.stdin.read()
"""


def version(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


async def release_11_file(path: Path, clock: FakeClock) -> None:
    """A file as the release of schema 11 left it: a card waiting, no outbox ``lane``."""
    store = SqliteStore(path, clock=clock)
    fx = Effects()
    fx.send(OutboxItem.new(key="T-1@c", workspace="console", channel="c",
                           card=Card(kind="alert", key="T-1", title="t"), now=clock()))
    await store.apply(fx)
    await store.close()
    db = sqlite3.connect(path)
    db.execute("DROP INDEX outbox_lanes")
    db.execute("DROP INDEX outbox_card")
    db.execute("ALTER TABLE outbox DROP COLUMN lane")
    db.execute("PRAGMA user_version = 11")
    db.execute("PRAGMA application_id = 11")
    db.commit()
    db.close()


@pytest.fixture
def running(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A real process holding the lock of ``tmp_path/v11.db``, as an earlier ``run`` does."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "v11.db.lock")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "held\n"
    yield proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


async def test_a_file_an_earlier_release_runs_on_is_refused_and_upgraded_once_it_stops(
        tmp_path: Path, clock: FakeClock, running: subprocess.Popen[str]) -> None:
    path = tmp_path / "v11.db"
    await release_11_file(path, clock)
    with pytest.raises(StoreUnavailable) as refused:
        SqliteStore(path, clock=clock)
    said = str(refused.value)
    assert "\n" not in said
    assert f"another socialops process (pid {running.pid}) is using it" in said, said
    assert "schema version 11" in said and "stop that process" in said, said
    assert version(path) == 11  # left as the running release needs it
    columns = [r[1] for r in sqlite3.connect(path).execute("PRAGMA table_info(outbox)")]
    assert "lane" not in columns

    assert running.stdin is not None
    running.stdin.close()  # the earlier release stops
    running.wait(timeout=10)
    store = SqliteStore(path, clock=clock)
    try:
        [waiting] = await store.list_outbox(status="pending")
        assert (waiting.key, waiting.lane) == ("T-1@c", "")
    finally:
        await store.close()
    assert version(path) == SCHEMA_VERSION


async def test_the_process_holding_the_lock_upgrades_the_file(
        tmp_path: Path, clock: FakeClock) -> None:
    """``run`` takes the lock, then opens the store: its own lock is no other process's."""
    path = tmp_path / "v11.db"
    await release_11_file(path, clock)
    with SqliteLock(path):
        store = SqliteStore(path, clock=clock)
        await store.close()
    assert version(path) == SCHEMA_VERSION


async def test_a_file_of_this_release_opens_beside_a_run(
        tmp_path: Path, clock: FakeClock, running: subprocess.Popen[str]) -> None:
    """Nothing to upgrade: the commands typed beside a ``run`` read it as before."""
    path = tmp_path / "v11.db"
    store = SqliteStore(path, clock=clock)  # this release's, made while the other holds it
    await store.close()
    store = SqliteStore(path, clock=clock)
    await store.close()
    assert version(path) == SCHEMA_VERSION


async def test_a_run_starting_while_a_command_upgrades_the_file_is_refused(
        tmp_path: Path, clock: FakeClock) -> None:
    """The upgrade holds the lock until it commits: a ``run`` of the earlier release starting
    in the middle of it read the file at its old version (its snapshot), took the lock left
    free and ran on, then failed on every card it queued once the upgrade committed. Here it
    is refused by the lock, as beside any other process."""
    path = tmp_path / "v11.db"
    await release_11_file(path, clock)
    starts: list[str] = []

    def traced(sql: str) -> None:  # the earlier release's run starting at the commit's eve
        if sql.startswith("PRAGMA user_version = "):
            lock = SqliteLock(path)
            try:
                lock.acquire()
            except HeldElsewhere:
                starts.append("refused")
            else:
                starts.append("ran")
                lock.release()

    db = sqlite3.connect(path, isolation_level=None)
    db.set_trace_callback(traced)
    try:
        migrate(db)
    finally:
        db.close()
    assert starts == ["refused"]
    assert version(path) == SCHEMA_VERSION


def _unshare() -> list[str]:
    """A command's prefix running it in a pid namespace of its own, as a container does (its
    first process is pid 1 there); skipped where namespaces cannot be made."""
    prefix = ["unshare", "--user", "--map-root-user", "--pid", "--fork"]
    try:
        tried = subprocess.run([*prefix, "true"], capture_output=True, timeout=10, check=False)
    except FileNotFoundError:
        pytest.skip("no unshare")
    if tried.returncode != 0:
        pytest.skip(f"no pid namespaces here: {tried.stderr.decode()[:200]}")
    return prefix


def _as_another_user() -> list[str]:
    """A command's prefix running it as a user held to files' mode bits: none for a user who
    is one already; root drops its rights in a user namespace, skipped where none can be
    made."""
    if os.getuid() != 0:
        return []
    prefix = ["unshare", "--user", "--map-user=1000", "--map-group=1000"]
    if subprocess.run([*prefix, "true"], capture_output=True, check=False).returncode:
        pytest.skip("root, and no user namespace to drop its rights in")
    return prefix


# This release opening the store, in a process of its own: 'opened', or the refusal's line.
OPENER = """
import sys
from pathlib import Path
from bot.core.errors import StoreUnavailable
from bot.store.sqlite import SqliteStore
try:
    SqliteStore(Path(sys.argv[1]), clock=lambda: 0.0)
except StoreUnavailable as exc:
    print(exc)
else:
    print("opened")
"""


def _opened(path: Path, prefix: list[str]) -> str:
    """What this release says opening the store at ``path`` in a process of its own run
    behind ``prefix``: 'opened', or the refusal's one line."""
    opened = subprocess.run([*prefix, sys.executable, "-c", OPENER, str(path)],
                            capture_output=True, text=True, timeout=60, check=False,
                            cwd=Path(__file__).resolve().parents[2])
    assert opened.returncode == 0, opened.stderr[-2000:]
    [line] = opened.stdout.splitlines()
    return line


async def test_a_run_in_another_container_with_the_same_pid_is_not_taken_for_this_process(
        tmp_path: Path, clock: FakeClock) -> None:
    """Two containers sharing the database's volume, each in a pid namespace of its own: the
    earlier release's ``run`` is pid 1 in its own, and so is a command typed with ``docker
    run`` in another. The pid written in the lock was taken for this process's own, and the
    file upgraded under the running release."""
    prefix = _unshare()
    path = tmp_path / "v11.db"
    await release_11_file(path, clock)
    holder = subprocess.Popen([*prefix, sys.executable, "-c", HOLDER, f"{path}.lock"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        assert (path.parent / "v11.db.lock").read_text() == "1\n"  # pid 1 in its namespace
        line = _opened(path, prefix)
        assert "another socialops process (pid 1) is using it" in line, line
        assert version(path) == 11
    finally:
        holder.kill()
        holder.wait()


# This release's ``run`` (or replay, draft) holding the lock, before it opens the store.
THIS_RELEASE_HOLDING = """
import sys
from bot.app.lock import SqliteLock
lock = SqliteLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
sys.stdin.read()
"""


async def test_a_process_of_this_release_holding_the_lock_is_not_refused(
        tmp_path: Path, clock: FakeClock) -> None:
    """A ``run`` of this release takes the lock, then opens (and upgrades) the store: a command
    typed in between found its pid in the lock and was refused as if an earlier release held
    it ('stop that process'). That process upgrades the file itself as it opens it, so the
    command upgrades it (the run then finds it done)."""
    path = tmp_path / "v11.db"
    await release_11_file(path, clock)
    holder = subprocess.Popen([sys.executable, "-c", THIS_RELEASE_HOLDING, str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[2])
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        store = SqliteStore(path, clock=clock)
        await store.close()
        assert version(path) == SCHEMA_VERSION
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("linked", ["folder", "file"])
async def test_a_run_at_a_symlinked_path_is_seen(
        tmp_path: Path, clock: FakeClock, linked: str) -> None:
    """store.path through a symlink (a folder linked to a volume, or the file itself): the
    ``run`` holds the lock beside the path it was given, and the upgrade asked the one beside
    the file SQLite resolved, where there was none, and upgraded the file under it."""
    (tmp_path / "volume").mkdir()
    real = tmp_path / "volume" / "v11.db"
    await release_11_file(real, clock)
    if linked == "folder":
        (tmp_path / "data").symlink_to(tmp_path / "volume")
        path = tmp_path / "data" / "v11.db"
    else:
        path = tmp_path / "socialops.db"
        path.symlink_to(real)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, f"{path}.lock"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(StoreUnavailable, match=rf"\(pid {holder.pid}\) is using it"):
            SqliteStore(path, clock=clock)
        assert version(real) == 11
    finally:
        holder.kill()
        holder.wait()
    store = SqliteStore(path, clock=clock)
    await store.close()
    assert version(real) == SCHEMA_VERSION


async def test_a_lock_file_this_user_may_not_write_is_still_asked(
        tmp_path: Path, clock: FakeClock) -> None:
    """A command typed by a user who may write the database but not its lock file (the bot's
    own, 0644; a shared group, say) could not open the lock for writing, so it asked no lock
    at all and upgraded the file under the running release. The lock is then asked read-only
    (flock needs no more). Root is held to the file's mode bits in a user namespace."""
    prefix = _as_another_user()
    path = tmp_path / "v11.db"
    await release_11_file(path, clock)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, f"{path}.lock"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        Path(f"{path}.lock").chmod(0o444)
        line = _opened(path, prefix)
        assert f"another socialops process (pid {holder.pid}) is using it" in line, line
        assert version(path) == 11
    finally:
        holder.kill()
        holder.wait()


async def test_a_path_with_uri_characters_is_read_where_it_is(
        tmp_path: Path, clock: FakeClock) -> None:
    """The store's read-only connection is opened by a URI: a folder named 'ops#2' or 'a?b'
    ended the path there, and every point read went to another (empty) file made there."""
    for name in ("ops#2", "a?b", "c%41"):
        path = tmp_path / name / "s.db"
        store = SqliteStore(path, clock=clock)
        try:
            assert await store.mark_seen("done:mastodon:1", 3600.0)
            assert await store.seen_many(["done:mastodon:1"]) == {"done:mastodon:1"}, name
        finally:
            await store.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a?b", "c%41", "ops#2"]


async def test_an_upgrade_still_going_after_the_wait_is_named_as_one(
        tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another command's upgrade of a large file outlasting the wait was refused as an earlier
    release's run, 'stop that process': the line says it is upgrading, to try again later."""
    monkeypatch.setattr(sqlite_schema, "UPGRADE_WAIT", 0.2)
    path = tmp_path / "v11.db"
    await release_11_file(path, clock)
    upgrading = HOLDER.replace('f"{os.getpid()}\\n"', 'f"{os.getpid()} upgrading\\n"')
    assert upgrading != HOLDER
    holder = subprocess.Popen([sys.executable, "-c", upgrading, f"{path}.lock"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(StoreUnavailable) as refused:
            SqliteStore(path, clock=clock)
        said = str(refused.value)
        assert f"another socialops process (pid {holder.pid}) is upgrading it still" in said
        assert "try again once it is done" in said and "stop" not in said, said
        assert version(path) == 11
    finally:
        holder.kill()
        holder.wait()


# An earlier release's run: its lock taken as every release's run does, the database open (a
# WAL connection that has read, as a running bot's always has).
RUNNING = HOLDER.replace('print("held", flush=True)', '''import sqlite3
db = sqlite3.connect(sys.argv[2], isolation_level=None)
db.execute("SELECT COUNT(*) FROM outbox").fetchone()
print("held", flush=True)''')


async def test_a_run_whose_lock_file_was_deleted_is_still_seen(
        tmp_path: Path, clock: FakeClock) -> None:
    """An operator deleting socialops.db.lock while an earlier release's run holds it: the
    next command made a new lock file, found it free, and upgraded the file under the run. The
    run still has the database open and its flock on the deleted file (/proc/locks says so)."""
    if not Path("/proc/locks").exists():
        pytest.skip("no /proc/locks")
    assert RUNNING != HOLDER
    path = tmp_path / "v11.db"
    await release_11_file(path, clock)
    holder = subprocess.Popen([sys.executable, "-c", RUNNING, f"{path}.lock", str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        Path(f"{path}.lock").unlink()  # the operator's clean-up
        with pytest.raises(StoreUnavailable) as refused:
            SqliteStore(path, clock=clock)
        said = str(refused.value)
        assert f"another socialops process (pid {holder.pid}) has it open" in said, said
        assert "no longer beside it" in said and "\n" not in said, said
        assert version(path) == 11
    finally:
        holder.kill()
        holder.wait()
    store = SqliteStore(path, clock=clock)  # once it has stopped
    await store.close()
    assert version(path) == SCHEMA_VERSION


async def test_an_earlier_release_s_run_through_a_symlink_is_seen_by_a_run_given_the_file(
        tmp_path: Path, clock: FakeClock) -> None:
    """An earlier release's run given a symlink holds the lock beside the symlink only (this
    release's holds the one beside the file too, 9bc39c7); this release's run given the file
    takes the lock beside it, free, and opened the store: as the lock was its own, nothing else
    was asked, and the file was upgraded under the earlier run (which then fails on every card
    it queues). The process with the file open and a lock file other than this run's is seen
    in /proc/locks, as beside a deleted lock file."""
    if not Path("/proc/locks").exists():
        pytest.skip("no /proc/locks")
    real = tmp_path / "v11.db"
    await release_11_file(real, clock)
    link = tmp_path / "socialops.db"
    link.symlink_to(real)
    lock = SqliteLock(real)
    lock.acquire()  # this release's run, before the earlier one starts (it refuses it after)
    holder = subprocess.Popen([sys.executable, "-c", RUNNING, f"{link}.lock", str(link)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(StoreUnavailable) as refused:
            SqliteStore(real, clock=clock)
        said = str(refused.value)
        assert f"another socialops process (pid {holder.pid}) has it open" in said, said
        assert "through another name (a symlink)" in said and "\n" not in said, said
        assert version(real) == 11
    finally:
        holder.kill()
        holder.wait()
    try:  # once it has stopped
        store = SqliteStore(real, clock=clock)
        await store.close()
    finally:
        lock.release()
    assert version(real) == SCHEMA_VERSION


async def test_a_reader_with_no_lock_does_not_stop_the_upgrade(
        tmp_path: Path, clock: FakeClock) -> None:
    """A process with the file open and no lock at all (sqlite3 at a shell, a backup) is no
    run: the upgrade goes on (SQLite's own locks keep the two apart)."""
    path = tmp_path / "v11.db"
    await release_11_file(path, clock)
    reader = subprocess.Popen([sys.executable, "-c", RUNNING.replace(
        "fcntl.flock(fd, fcntl.LOCK_EX)", "pass"), f"{tmp_path}/other.lock", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout is not None and reader.stdout.readline() == "held\n"
        store = SqliteStore(path, clock=clock)
        await store.close()
        assert version(path) == SCHEMA_VERSION
    finally:
        reader.kill()
        reader.wait()


async def test_a_lock_file_this_user_may_not_read_is_refused_in_one_line(
        tmp_path: Path, clock: FakeClock) -> None:
    """Whether a run holds it cannot be told: the file is left as it is, the line says whose
    command to type."""
    prefix = _as_another_user()
    path = tmp_path / "v11.db"
    await release_11_file(path, clock)
    Path(f"{path}.lock").write_text("")
    Path(f"{path}.lock").chmod(0o000)
    line = _opened(path, prefix)
    assert f"cannot read the lock file {path}.lock (Permission denied)" in line, line
    assert "run this command as the user the bot runs as" in line, line
    assert version(path) == 11


async def test_a_backup_job_with_a_lock_of_its_own_does_not_stop_the_upgrade(
        tmp_path: Path, clock: FakeClock) -> None:
    """A process with the file open (SQLite's read lock, in /proc/locks) holding an flock on a
    file of its own, as a cron job's one-at-a-time lock: no lock beside any name of the
    database, so no run of an earlier release. This release's run (holding its lock) upgrades
    the file beside it; it was refused as '... holding a lock file that is no longer beside it
    (deleted?) or one beside it through another name'."""
    from tests.app.test_lock_names import BACKUP

    if not Path("/proc/locks").exists():
        pytest.skip("no /proc/locks")
    path = tmp_path / "v11.db"
    await release_11_file(path, clock)
    backup = subprocess.Popen([sys.executable, "-c", BACKUP, str(tmp_path / "backup.lock"),
                               str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert backup.stdout is not None and backup.stdout.readline() == "held\n"
        with SqliteLock(path):  # this release's run
            store = SqliteStore(path, clock=clock)
            await store.close()
    finally:
        backup.kill()
        backup.wait()
    assert version(path) == SCHEMA_VERSION
